"""Is a line typed during a role-play for the coach, or for the customer?

Only the contract's explicit signals leave the role (docs/contract/roleplay.md, "In
character"): "hint", "stop" / "end" / "stop the role-play", "check my reply: ...",
"coach: ..." or "/tip ...", and the ``/roleplay_*`` shortcuts. Everything else, including
a question that sounds like one for the coach ("how do I handle the price?") and a bare
"ok", is said to the customer. The words are matched on the whole line (a signal is the
line, or opens it with a colon), never by what the NLU guesses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from coach.roleplay import wordtables

ROUTE_KINDS = ("customer", "hint", "stop", "review", "coach_question")
MAX_CHARS = 20000

_HINT = re.compile(r"(?:/roleplay_hint\b.*|hint|a hint|hint please|give me a hint|/hint)",
                   re.IGNORECASE | re.DOTALL)
_STOP = re.compile(r"(?:/roleplay_end\b.*|/stop|stop|end|quit|exit|stop the role-?play|"
                   r"end the role-?play|stop role-?play|end role-?play|stop the session|"
                   r"end the session|stop roleplaying|stop role-playing)",
                   re.IGNORECASE | re.DOTALL)
# "check my reply: <draft>" and the phrasings the draft review takes outside a role-play.
_REVIEW = re.compile(r"(?:check|review) (?:my|this) (?:reply|draft|message|email|e-mail|answer)"
                     r"|is this ok to send|is this okay to send",
                     re.IGNORECASE)
_COACH = re.compile(r"coach\b|/tip\b", re.IGNORECASE)
_TRAILING = " \t\r\n.!"


@dataclass(frozen=True)
class Route:
    kind: str  # one of ROUTE_KINDS
    text: str  # the draft for "review", the question for "coach_question", else the line


@dataclass(frozen=True)
class _Signals:
    fold: bool
    hint: re.Pattern
    stop: re.Pattern
    review: re.Pattern
    coach: re.Pattern


_EN = _Signals(False, _HINT, _STOP, _REVIEW, _COACH)


@lru_cache(maxsize=8)
def _signals(language: str) -> tuple[_Signals, ...]:
    """The signals of ``language`` (data/roleplay/reading/<language>.yml, section
    ``routing``) and the contract's English ones, which work in every session."""
    table = wordtables.section(language, "routing")
    if table is None:
        return (_EN,)
    where = f"data/roleplay/reading/{language}.yml routing"

    def whole(key: str) -> re.Pattern:  # the line itself, nothing around it
        return re.compile("(?:" + "|".join(wordtables.phrase_body(str(p)) for p in
                                           wordtables.words(table, key, where)) + ")")

    own = _Signals(True, whole("hint"), whole("stop"),
                   wordtables.phrases(table, "review", where, anchored=True),
                   wordtables.phrases(table, "coach", where, anchored=True))
    return (own, _EN)


def route(text: str, language: str = "en") -> Route:
    """Where a line typed during a role-play goes, and the text that goes there: the
    signals of the session's ``language``, and the English ones in every language."""
    line = (text or "")[:MAX_CHARS]
    stripped = line.lstrip()
    # The spoken signals fold accents and case; the text handed on is the line's own.
    for signals in _signals(language):
        said = wordtables.fold(line) if signals.fold else line
        bare = said.strip().strip(_TRAILING.strip() + "¡¿").strip()
        if signals.hint.fullmatch(bare):
            return Route("hint", "")
        if signals.stop.fullmatch(bare):
            return Route("stop", "")
    for signals in _signals(language):
        opening = wordtables.fold(stripped) if signals.fold else stripped
        review = signals.review.match(opening.lstrip("¿¡"))
        if review:
            end = review.end() + len(opening) - len(opening.lstrip("¿¡"))
            rest = stripped[end:]
            rest = rest[1:] if rest[:1] in (":", "?", "-") else rest
            return Route("review", rest.lstrip(" :?-\t").strip() if rest.strip() else "")
        coach = signals.coach.match(opening)
        if coach:
            rest = stripped[coach.end():]
            if coach.group(0).lower() == "/tip" or rest.lstrip()[:1] in (":", ",", "-"):
                return Route("coach_question", rest.lstrip(" \t:,-").strip())
    return Route("customer", line)


# -- the topic of a coach question asked inside a role-play ------------------------------------

# The playbook topic of each persona: "how do I close this customer?" asked while playing one.
PERSONA_TOPICS = {"hesitant": "customer_hesitant", "lingering": "customer_lingering",
                  "quick_to_agree": "customer_quick_to_agree"}
# Topics the NLU gives a general question ("how do I close?" is closing_buying_signals): in a
# role-play such a question about this customer means the persona's own playbook.
GENERIC_TOPICS = frozenset({"closing_buying_signals", "sales_process_overview",
                            "customer_analysis"})
# English words, as regexes on folded text (other languages: reading/<language>.yml,
# routing.coach_this_customer and routing.coach_general, in the phrase syntax of wordtables).
_EN_THIS_CUSTOMER = re.compile(
    r"\b(?:(?:with|to|for|about) )?(?:this|the|my) (?:customer|client|guy|person|buyer|"
    r"prospect|one|lady|man)\b|\b(?:(?:with|to|for|about) )?(?:him|her|them)\b|"
    r"\b(?:he|she|they)\b")
_EN_GENERAL = re.compile(
    r"(?:(?:so|ok|okay|hey|and) )?(?:"
    r"(?:how|what) (?:do|should|can|could|would) i (?:do|try|say)(?: now| next| here)?"
    r"|(?:how|what) (?:do|should|can|could|would) i (?:close|convince|persuade|handle|win|"
    r"approach|move|push|tackle|sell|get)(?: the deal| the sale| it| over| forward| this)?"
    r"|how (?:do|should|can|could|would) i (?:deal|cope|work)(?: with)?"
    r"|how (?:do|should|can|could|would) i get (?:to )?(?:sign|commit|buy|decide|say yes|agree)"
    r"|how (?:to|do you) (?:close|convince|persuade|handle|win|deal with)(?: the deal| the sale)?"
    r"|what now|now what|what next|any (?:advice|tips|ideas)|help(?: me)?"
    r"|help me (?:close|convince)|what am i doing wrong|what (?:works|would work))")


@dataclass(frozen=True)
class _AsideWords:
    this_customer: re.Pattern
    general: re.Pattern


@lru_cache(maxsize=8)
def _aside_words(language: str) -> _AsideWords:
    table = wordtables.section(language, "routing")
    if table is None or "coach_general" not in table:
        return _AsideWords(_EN_THIS_CUSTOMER, _EN_GENERAL)
    where = f"data/roleplay/reading/{language}.yml routing"
    return _AsideWords(wordtables.phrases(table, "coach_this_customer", where),
                       wordtables.phrases(table, "coach_general", where))


def aside_topic(question: str, language: str, persona: str, nlu_topic: str | None) -> str | None:
    """The playbook topic that answers a coach question asked while playing ``persona``.

    A general question ("how do I close?", "¿qué hago?", "¿cómo lo convenzo?") or one about
    this customer ("how do I close this customer?", "¿cómo cierro con este cliente?") gets
    the persona's playbook, not the generic topic the NLU reads in it; a question naming
    another topic ("what if he asks for a discount?") keeps the NLU's (``nlu_topic``, None
    when it read none)."""
    own = PERSONA_TOPICS.get(persona)
    if own is None:
        return nlu_topic
    words = _aside_words(language)
    said = " ".join(re.sub(r"[^\w\s]", " ", wordtables.fold(question or "")[:500]).split())
    rest = " ".join(words.this_customer.sub(" ", said).split())
    if not rest or words.general.fullmatch(rest):
        return own  # nothing but a general question, about this customer or not
    if nlu_topic is None or nlu_topic in GENERIC_TOPICS:
        return own if rest != said or words.general.match(rest) else nlu_topic
    # Another customer type, named ("a hesitant customer"), stays; read into a question
    # about this customer, it is the one being played.
    return own if nlu_topic in PERSONA_TOPICS.values() and rest != said else nlu_topic
