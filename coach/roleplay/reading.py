"""What a trainee's line to the role-played customer is.

The trained NLU gives the kind of a question, small talk and the sales moves
(intents ``roleplay_ask_*``, ``roleplay_small_talk``, ``move_<tactic id>``); small rules
are more reliable for the rest and run first: a bare acknowledgement ("ok", "got it"),
money figures and ranges, and the proposed date (``coach.roleplay.dates``, parsed by
``dateparser``). In a role-play every line is said to the customer, so the NLU's ranking
is read among the role-play intents only: "Which competitor are you talking to?" may be
a tip intent first, and a competitor question second.

Bounded for any input: at most ``MAX_CHARS`` characters are read, the regexes have no
nested quantifiers, and the date search reads a capped prefix.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Mapping, Sequence

from coach.roleplay import wordtables
from coach.roleplay.dates import find_dates
from coach.roleplay.prices import PriceMention, find_price

LINE_KINDS = ("question_situation", "question_budget", "question_timeline",
              "question_decision", "question_competitor", "price_quote", "date_proposal",
              "small_talk", "acknowledgement", "move", "other")
FACT_TOPICS = ("situation", "volumes", "budget", "timeline", "decision", "competitor",
               "past", "motivation", "needs")
MAX_CHARS = 2000

MOVE_PREFIX = "roleplay_move_"
# Intents that say what kind of line it is (the moves are read from the ranking too).
INTENT_KINDS = {
    "roleplay_ask_situation": "question_situation",
    "roleplay_move_ask_budget": "question_budget",
    "roleplay_ask_timeline": "question_timeline",
    "roleplay_ask_decision": "question_decision",
    "roleplay_ask_competitor": "question_competitor",
    "roleplay_small_talk": "small_talk",
}
# A question the NLU reads as the tip on its topic ("¿Hay partida presupuestaria?" as the
# no-budget objection's tip) asks about that topic: the tip's confidence counts for the
# role-play question (a tip never wins by itself).
TIP_QUESTIONS = {
    "tip_objection_no_budget": "roleplay_move_ask_budget",
    "tip_purchase_process_stages": "roleplay_ask_decision",
    "tip_find_decision_maker": "roleplay_ask_decision",
    "tip_buying_roles": "roleplay_ask_decision",
    # "¿Cómo va la evaluación de la propuesta?": where the decision stands (found playing)
    "tip_stalled_deal_no_info": "roleplay_ask_decision",
    "tip_objection_competitor": "roleplay_ask_competitor",
    "tip_needs_discovery": "roleplay_move_ask_needs",
}
_CUED_INTENTS = {"timeline": "roleplay_ask_timeline", "decision": "roleplay_ask_decision",
                 "competitor": "roleplay_ask_competitor", "budget": "roleplay_move_ask_budget"}
KIND_TOPICS = {"question_budget": "budget", "question_timeline": "timeline",
               "question_decision": "decision", "question_competitor": "competitor"}
# The fact topic each question cue names (the cue tables are keyed by topic).
_TOPIC_OF_CUE = {topic: intent for topic, intent in _CUED_INTENTS.items()}
SECOND_MOVE_CONFIDENCE = 0.3  # a second move in the same line counts from here
UNSURE_QUESTION = 0.12  # below this, a question's topic is not known
SURE_SMALL_TALK = 0.5  # small talk this sure names a day as chat, not as a proposal
SURE_SUMMARY = 0.3  # a summary this sure restates figures and dates, it quotes none
SUMMARY_IN_RANKING = 0.05  # a summary opener picks the summary from here in the ranking
SUMMARY_OPENING = 40  # a summary opens within these characters ("Entonces, resumiendo: ...")

_WORD = re.compile(r"[a-z0-9][a-z0-9'’]*")
# Other languages: letters with accents too ("cuánto", "año").
_WORD_ANY = re.compile(r"[^\W_][\w'’]*")
# A bare acknowledgement is a short line made only of these words ("ok", "got it, thanks",
# "alright then", "that makes sense") and starting with one of the heads.
_ACK_WORDS = frozenset([
    "ok", "okay", "k", "kk", "sure", "thanks", "thank", "you", "thx", "ty", "cheers", "i", "see",
    "got", "it", "gotcha", "right", "alright", "all", "fine", "understood", "understand", "noted",
    "makes", "sense", "that", "thats", "that's", "fair", "enough", "good", "great", "perfect",
    "cool", "yes", "yeah", "yep", "yup", "uh", "huh", "mm", "mhm", "mhmm", "hmm", "of", "course",
    "sounds", "very", "well", "nice", "excellent", "to", "know", "ah", "oh", "then", "so", "much",
    "is", "true", "indeed", "appreciate", "appreciated", "wonderful", "lovely", "brilliant",
    "interesting", "really", "certainly", "absolutely", "definitely", "no", "problem", "for",
    "sharing", "point", "clear", "hear", "get", "roger", "will", "do"
])
_ACK_HEADS = frozenset([
    "ok", "okay", "k", "kk", "sure", "thanks", "thank", "thx", "ty", "cheers", "i", "got", "gotcha",
    "right", "alright", "all", "fine", "understood", "noted", "makes", "that", "thats", "that's",
    "fair", "good", "great", "perfect", "cool", "yes", "yeah", "yep", "yup", "uh", "mm", "mhm",
    "mhmm", "hmm", "of", "sounds", "very", "nice", "excellent", "ah", "oh", "true", "indeed",
    "appreciate", "appreciated", "wonderful", "lovely", "brilliant", "interesting", "really",
    "certainly", "absolutely", "definitely", "no", "well", "clear", "roger", "will"
])
MAX_ACK_WORDS = 6

_QUESTION_START = frozenset({
    "what", "what's", "whats", "how", "how's", "who", "who's", "whom", "whose", "when",
    "where", "which", "why", "do", "does", "did", "is", "are", "was", "were", "can", "could",
    "would", "will", "have", "has", "should", "may", "might", "any", "anyone"})
# Asking without a question mark: "Walk me through how you store the parts now."
_ASKING = re.compile(r"^(?:so,? |and |ok,? |okay,? |now,? )?(?:tell me|walk me through|talk me "
                     r"through|take me through|describe|explain|help me understand|"
                     r"i'd (?:like|love) to (?:know|hear|understand)|i'm curious|i wonder|"
                     r"i was wondering|give me an idea|let me ask|may i ask|"
                     r"can i ask)\b", re.IGNORECASE)
_PROPOSAL = re.compile(r"\b(?:shall we|should we|can we|could we|let's|lets|let us|how about|"
                       r"what about|would .{0,30}work|does .{0,30}work|works for you|"
                       r"suit you|suits you|i propose|i suggest|we could|we can|"
                       r"i'll|i will|we'll|we will|meet|call|start|sign|deliver|install|"
                       r"schedule|book|set up|pencil|aim|kick off|go live|begin|trial|"
                       r"pilot|visit|come by|demo|review|send)\b", re.IGNORECASE)
_STRONG_DATE = re.compile(r"\d|(?:mon|tues|wednes|thurs|fri|satur|sun)day|tomorrow|week|fortnight|"
                          r"first|second|third|fourth|fifth|"
                          r"\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\b")
# A line that asks how things are or chats ("How do you handle faxes today?", "Nice weather
# today") names today as the present, not as a date: "today"/"tonight" is proposed only in
# a line that commits to a next step ("Can we sign today?").
_NOW_WORDS = frozenset({"today", "tonight", "now"})
_COMMIT = re.compile(r"\b(?:sign|signed|signing|signature|order|close|finali[sz]e|confirm|"
                     r"agree|decide|go ahead|start|kick off|book|schedule|meet|call|send|"
                     r"deliver|install|visit|come by|demo|trial|pilot|lock|wrap)\b", re.IGNORECASE)
# A move that closes keeps its date even when the line is more than a proposal.
_CLOSING_MOVES = frozenset({"roleplay_move_pin_down", "roleplay_move_propose_timeline"})
_CHAT_OR_ASK = frozenset({"roleplay_small_talk", "roleplay_ask_situation",
                          "roleplay_ask_decision", "roleplay_ask_competitor",
                          "roleplay_move_ask_needs", "roleplay_move_ask_budget"})
# "went live in four months", "took two weeks": a duration told, not a date proposed.
_TOLD = re.compile(r"\b(?:went|was|were|had|took|got|did|finished|completed|delivered|saved|"
                   r"cut|ran|launched|recovered|paid|switched|moved)\b", re.IGNORECASE)
# Multiplying a loss or adding up a gain: figures that are the customer's, not our price
# ("500 units a month and 120 yuan margin each, that's 60,000 a month for you").
_VALUE_WORDS = re.compile(r"\b(?:lose|losing|lost|waste|wasting|save|saves|saved|saving|savings|"
                          r"margin|margins|profit|revenue|earn|earns|extra|gain|worth|"
                          r"cost(?:s|ing)? you|add(?:s|ing)? (?:it )?up|times|multipl\w*|"
                          r"over (?:a|the|five|ten|\d+) years?|for you|which is|"
                          r"you spend|you're spending|you are spending|you pay today|"
                          r"compared (?:to|with)|instead of the|pays for itself|payback|"
                          r"wasted|do the maths?|run the numbers)\b",
                          re.IGNORECASE)
# ...and these say so whatever the NLU read ("every month you wait costs you 1,600 yuan").
_LOSS_OR_GAIN = re.compile(r"\b(?:costs? you|costing you|you(?:'re| are)? (?:lose|losing|"
                           r"waste|wasting|save|saving)|saves? you|margins?|you wait|"
                           r"you'd save|you'll save|you could save|in lost)\b", re.IGNORECASE)
_VALUE_MOVES = frozenset({"roleplay_move_quantify_value", "roleplay_move_early_benefit",
                          "roleplay_move_push_reason", "roleplay_move_share_success_case"})
# "2,000 faxes at 0.50 each, that's 1,000 a month": a result word after two figures and
# before a third is a calculation, not a price told.
_RESULT_WORDS = re.compile(r"\b(?:that's|that is|which is|which means|comes to|come to|"
                           r"adds up to|add up to|equals|works out at|works out to|makes|"
                           r"means)\b|=", re.IGNORECASE)
_FIGURE = re.compile(r"\d[\d.,]{0,15}")
# Pinning a commitment down now ("Can we sign today?", "I'll send the contract now"): the
# day is today, the line is a pin-down, not a date proposal.
_PIN_DOWN = re.compile(r"\b(?:sign|signed|signing|signature|confirm|confirmed|contract|"
                       r"paperwork|purchase order|po|the order|your order|go-ahead|go ahead|"
                       r"green light|shake on|close (?:it|this|the deal)|a deal|lock it in)\b",
                       re.IGNORECASE)
_PIN_NOW = re.compile(r"\b(?:today|now|right now|this afternoon|this morning|tonight|"
                      r"before i leave|before we hang up|on this call)\b", re.IGNORECASE)
# What a reason to act now or a benefit of acting early says with "now" in it.
_NOW_REASONS = frozenset({"roleplay_move_push_reason", "roleplay_move_early_benefit",
                          "roleplay_move_quantify_value"})
# "The offer expires on the 15th", "if we sign before Friday I can hold the price": the
# date an offer ends on, not one proposed.
_DEADLINE = re.compile(r"\b(?:ends? on|expires?|expiring|runs out|goes up|go up|going up|"
                       r"valid (?:until|till|through)|only (?:until|till)|good (?:until|till)|"
                       r"hold (?:this|the|our|that|this year's|today's) (?:price|rate|discount)|"
                       r"lock in (?:this|the|our|today's) (?:price|rate)|price (?:rise|increase)|"
                       r"before (?:the )?prices? (?:go|goes|rise)|"
                       # "if we start before the 15th, your office saves...": the date the
                       # gain depends on (2026-12-04, played), not a date proposed
                       r"if (?:we|you|your team) (?:start|sign|begin|kick off|go live|confirm|"
                       r"order|commit|decide)(?: it| this| the order)? (?:before|by))\b",
                       re.IGNORECASE)
_STEPS = re.compile(r"\b(?:first|then|after that|next|finally|followed by)\b", re.IGNORECASE)
# Not "schedule" (a verb as often: "Shall we schedule the kickoff for the 8th?") nor
# "next steps" (one meeting to agree them).
_SCHEDULE = re.compile(r"\b(?:stages|phases|phased|in phases|milestones|roadmap|timeline|"
                       r"step by step|a schedule|the schedule)\b", re.IGNORECASE)
_SUMMARY_OPENERS = re.compile(r"\b(?:to (?:sum|summari[sz]e|recap)|so to recap|in summary|"
                              r"let me (?:sum|summari[sz]e|recap|make sure)|recapping|"
                              r"if i(?:'ve| have) understood|if i understand|"
                              r"just to (?:recap|confirm what|make sure i)|"
                              r"so where we've landed|to make sure i've got)\b", re.IGNORECASE)
# Evidence: a result measured (a rate, a count of cases), a test, a report, a reference;
# not any digit (a date or a price is no evidence).
_EVIDENCE = re.compile(r"\d\s?(?:%|per ?cent|percent)|\b\d[\d,.]{0,15}\s(?:clients|customers|"
                       r"companies|firms|filings|installations|projects|sites|stores|"
                       r"hospitals|schools|factories|users|cases|applications)\b|"
                       r"\b(?:data|figures|report|reports|case study|study|studies|tested|"
                       r"test results|trial results|measured|audit|audited|certified|"
                       r"certificate|benchmark|survey|references?|proof|results showed|"
                       r"statistics|track record|approval rate|success rate|"
                       r"independent(?:ly)?|on record|documented)\b", re.IGNORECASE)
_CLAIM = re.compile(r"\b(?:will|would|'ll|can|could|going to)\s(?:\w+\s){0,2}(?:cut|save|"
                    r"reduce|lower|increase|boost|improve|double|triple|halve|pay for itself|"
                    r"solve|fix|eliminate|speed up|grow|protect|transform|guarantee|never|"
                    r"always|outperform|beat|last)\b|\bguarantee\w*|\bbest (?:in|on)\b"
                    r"|\bnumber one\b|\bno\.? ?1\b|\bleading\b|\bunbeatable\b|\bno risk\b"
                    r"|\bsaves? you\b|\bcuts? your\b|\bcompletely\b|\bfully protected\b"
                    r"|\bnobody (?:else )?(?:can|does)\b|\bthe only\b"
                    r"|\b(?:approval|success) rate\b", re.IGNORECASE)
# Another customer's success: "one of our clients", "a firm like yours went live in ...".
_SUCCESS = re.compile(r"\b(?:one of our (?:clients|customers)|a (?:client|customer) of ours|"
                      r"another (?:client|customer|company)|(?:clients|customers) like you|"
                      r"(?:company|firm|business|shop|clinic|chain|factory|agency|restaurant|"
                      r"distributor|hospital|school|office) (?:like yours|similar to yours|"
                      r"just like you)|worked with|we helped|helped (?:a|an|them)|"
                      r"last year,? (?:a|we)|case study|success stor(?:y|ies)|after switching|"
                      r"since switching|since they switched|went live)\b", re.IGNORECASE)
_OFF_SHEET = re.compile(
    r"\b(?:employees|staff|headcount|how many people work|founded|history of the company|"
    r"company's history|colou?rs?|opening hours|where are you located|your address|"
    r"your website|social media|your logo)\b", re.IGNORECASE)
_TOPIC_WORDS = (
    ("volumes", re.compile(r"\bhow (?:many|much|often|big|large)\b|\bvolumes?\b|\bquantit|"
                           r"\bper (?:day|week|month|year)\b|\ba (?:day|week|month)\b|"
                           r"\bnumber of\b|\bfigures?\b", re.IGNORECASE)),
    ("past", re.compile(r"\bbefore\b|\blast time\b|\bprevious|\bwent wrong\b|\btried\b|"
                        r"\bin the past\b|\bhappened\b|\bbad experience|\bused to\b",
                        re.IGNORECASE)),
    ("motivation", re.compile(r"\bwhy now\b|\bwhat would (?:make|it take|need to happen)|"
                              r"\bwhat made you\b|\bpriority\b|\bmove forward\b|\bconvince|"
                              r"\bmotivat|\bchange your mind\b|\bwhat would help",
                              re.IGNORECASE)),
    ("needs", re.compile(r"\bneed|\brequire|\bmust[- ]have|\bimportant to you\b|\blooking for\b|"
                         r"\bexpect", re.IGNORECASE)),
)


@dataclass(frozen=True)
class _Rules:
    """The word rules of one language: English above, others from
    data/roleplay/reading/<language>.yml (coach.roleplay.wordtables)."""
    fold: bool  # match on folded text (no accents), as the tables are written
    word: re.Pattern
    ack_words: frozenset[str]
    ack_heads: frozenset[str]
    ack_not_alone: frozenset[str]
    max_ack_words: int
    question_marks: str
    question_start: frozenset[str]
    question_start_exact: frozenset[str]  # matched on the unfolded first words ("cómo")
    asking: re.Pattern
    proposal: re.Pattern
    firm_proposal: re.Pattern | None  # asks for the date itself: any date named is proposed
    strong_date: re.Pattern
    now_words: frozenset[str]
    commit: re.Pattern
    told: re.Pattern
    in_words: frozenset[str]
    duration_context: re.Pattern | None  # "returnable within 15 days": no date proposed
    deadline: re.Pattern | None  # "the launch price ends on the 15th": the offer's date
    summary_openers: re.Pattern | None  # a summary restates the customer's figures
    result_words: re.Pattern  # "son", "that's": a calculation's result follows
    pin_down: re.Pattern  # "firmamos", "sign": a commitment pinned down
    pin_now: re.Pattern  # "hoy mismo", "right now": pinned down now
    choice: re.Pattern  # "or": two days offered as a choice
    steps: re.Pattern  # "first", "then": two of them lay out a schedule...
    schedule: re.Pattern  # ..."phases", "roadmap": one does
    # Words that name a question's topic ("¿para cuándo?", "¿quién más decide?"), by the
    # intent they cue; read when the NLU is unsure (none in English).
    question_cues: tuple[tuple[str, re.Pattern], ...]
    value_words: re.Pattern
    loss_or_gain: re.Pattern
    evidence: re.Pattern
    claim: re.Pattern
    success: re.Pattern
    topic_words: tuple[tuple[str, re.Pattern], ...]
    # What no scenario's fact sheet holds (the staff count, the company's history, its
    # address, colours): asked, the customer says honestly that they cannot answer.
    off_sheet: re.Pattern | None = None

    def text(self, line: str) -> str:
        return wordtables.fold(line) if self.fold else line


_EN_RULES = _Rules(
    fold=False, word=_WORD, ack_words=_ACK_WORDS, ack_heads=_ACK_HEADS,
    ack_not_alone=frozenset(), max_ack_words=MAX_ACK_WORDS, question_marks="?",
    question_start=_QUESTION_START, question_start_exact=frozenset(), asking=_ASKING,
    proposal=_PROPOSAL, firm_proposal=None, strong_date=_STRONG_DATE, now_words=_NOW_WORDS,
    commit=_COMMIT,
    told=_TOLD, in_words=frozenset({"in", "within"}), duration_context=None,
    deadline=_DEADLINE,
    summary_openers=_SUMMARY_OPENERS, result_words=_RESULT_WORDS, pin_down=_PIN_DOWN,
    pin_now=_PIN_NOW, choice=re.compile(r"\bor\b"), steps=_STEPS, schedule=_SCHEDULE,
    question_cues=(),
    value_words=_VALUE_WORDS,
    loss_or_gain=_LOSS_OR_GAIN, evidence=_EVIDENCE, claim=_CLAIM, success=_SUCCESS,
    topic_words=_TOPIC_WORDS, off_sheet=_OFF_SHEET)


@lru_cache(maxsize=8)
def _rules(language: str) -> _Rules:
    table = wordtables.section(language, "reading")
    if table is None:
        return _EN_RULES
    where = f"data/roleplay/reading/{language}.yml reading"
    words = lambda key: wordtables.words(table, key, where)  # noqa: E731
    pattern = lambda key, **kw: wordtables.phrases(table, key, where, **kw)  # noqa: E731
    topics = wordtables.mapping(table, "topic_words", where)
    cues = table.get("question_cues") or {}
    if not isinstance(cues, dict) or set(cues) - set(_CUED_INTENTS):
        raise wordtables.TableError(f"{where}: 'question_cues' must map some of "
                                    f"{sorted(_CUED_INTENTS)} to phrases")
    exact = frozenset(str(item).lower() for item in table.get("question_starts_accented") or ())
    return _Rules(
        fold=True, word=_WORD_ANY, ack_words=words("ack_words"), ack_heads=words("ack_heads"),
        ack_not_alone=words("ack_not_alone"), max_ack_words=int(table.get("max_ack_words", 6)),
        question_marks="?¿", question_start=words("question_starts"),
        question_start_exact=exact, asking=pattern("asking", anchored=True),
        proposal=pattern("proposal"), firm_proposal=pattern("firm_proposal"),
        strong_date=pattern("strong_date"),
        now_words=words("now_words"), commit=pattern("commit"), told=pattern("told"),
        in_words=words("in_words"), duration_context=pattern("duration_context"),
        deadline=pattern("deadline"),
        summary_openers=pattern("summary_openers"), result_words=pattern("result_words"),
        pin_down=pattern("pin_down"), pin_now=pattern("pin_now"), choice=pattern("choice"),
        steps=pattern("steps"), schedule=pattern("schedule"),
        question_cues=tuple((_CUED_INTENTS[name], wordtables.phrases(cues, name, where))
                            for name in sorted(cues)),
        value_words=pattern("value_words"),
        loss_or_gain=pattern("loss_or_gain"), evidence=pattern("evidence"),
        claim=pattern("claim"), success=pattern("success"),
        topic_words=tuple((name, wordtables.phrases(topics, name, where))
                          for name in ("volumes", "past", "motivation", "needs")),
        off_sheet=pattern("off_sheet") if table.get("off_sheet") else None)


@dataclass(frozen=True)
class Reading:
    kind: str  # the line's main kind, one of LINE_KINDS
    moves: tuple[str, ...]  # contract tactic ids the line makes
    asks: str | None  # a FACT_TOPICS topic, "unknown", or None when nothing is asked
    price: PriceMention | None
    date: datetime.date | None  # the date proposed, resolved against `today`
    date_text: str | None
    evidence: bool
    claim: bool
    success_case: bool
    small_talk: bool
    acknowledgement: bool
    words: int
    # Other fact topics the same question names ("¿Qué presupuesto tienen y para cuándo lo
    # necesitan?"): the customer answers them too.
    also_asks: tuple[str, ...] = ()

    def label(self) -> str:
        """The labelled-set kind: ``move_<first move>`` for a move, else the kind."""
        if self.kind == "move" and self.moves:
            return f"move_{self.moves[0]}"
        return self.kind


def read(text: str, intent: str | None, ranking: Sequence[Mapping], today: datetime.date,
         language: str = "en") -> Reading:
    """Read one trainee line said to the customer (see the module docstring), with the word
    rules of the session's ``language``."""
    rules = _rules(language)
    line = (text or "")[:MAX_CHARS]
    said = rules.text(line)  # what the word rules read: folded for the table languages
    words = rules.word.findall(said.lower())
    question = _is_question(line, said, words, rules)
    ranked = _roleplay_ranking(intent, ranking, question)
    if question and rules.question_cues:
        ranked = _cued(said, ranked, rules)
    best, confidence = ranked[0] if ranked else (None, 0.0)
    ack = _is_acknowledgement(words, rules)
    price = find_price(line, language)
    found = find_dates(line, today, language) if not ack else []
    date, date_text = max(found, key=lambda item: item[0]) if found else (None, None)
    if price is not None and (rules.loss_or_gain.search(said) or (
            best in _VALUE_MOVES and (rules.value_words.search(said)
                                      or _calculates(said, rules, price)))):
        price = None  # a value calculation: the figures are the customer's gain or loss
    if price is not None and best == "roleplay_move_share_success_case" and \
            rules.success.search(said):
        price = None  # another customer's result ("una empresa como la suya ahorró 8.000")
    # What the line does, when its figures or dates would say otherwise: a summary, a
    # schedule of dated steps, a commitment pinned down now.
    decided = None if ack or not words else _decided_move(said, ranked, question, found, rules)
    if decided is not None:
        ranked = [(decided, max(confidence, dict(ranked).get(decided, 0.0)))] + [
            pair for pair in ranked if pair[0] != decided]
        best, confidence = ranked[0]
    if decided == _SUMMARIZE:
        price, date, date_text = None, None, None  # the customer's own facts, restated
    evidence = not ack and bool(rules.evidence.search(said))
    claim = not ack and not question and bool(rules.claim.search(said))

    if decided is not None:
        kind, asks = "move", None
    else:
        kind, asks = _kind(said, words, ranked, question, ack, price, date, date_text, rules)
    if kind != "date_proposal" and not (
            kind == "move" and best in _CLOSING_MOVES
            and not _context_date(said, best, date_text, rules)):
        date, date_text = None, None  # named as context, not proposed
    success = not ack and kind not in ("acknowledgement", "small_talk") and (
        bool(rules.success.search(said))
        or (kind == "move" and best == "roleplay_move_share_success_case"))
    if kind == "move" and INTENT_KINDS.get(best or ""):
        best = next((name for name, _ in ranked if name.startswith(MOVE_PREFIX)), None)
    moves = _moves(kind, ranked, best)
    if kind == "question_budget":
        moves = _with(moves, "ask_budget")
    if price is not None:
        moves = tuple(m for m in moves if m != "range_quote")
        if price.is_range:
            moves = _with(moves, "range_quote")
    if date is not None and kind == "date_proposal":
        moves = _with(moves, "propose_timeline")
    if success:
        moves = _with(moves, "share_success_case") if kind == "move" else moves
    also_asks: tuple[str, ...] = ()
    if question and asks is not None and kind.startswith("question_") and rules.question_cues:
        also_asks = tuple(topic for topic, pattern in sorted(_TOPIC_OF_CUE.items())
                          if topic != asks and _cue_pattern(rules, pattern).search(said))
    return Reading(kind=kind, moves=moves, asks=asks, also_asks=also_asks[:1], price=price,
                   date=date,
                   date_text=date_text, evidence=evidence, claim=claim, success_case=success,
                   small_talk=kind == "small_talk", acknowledgement=ack, words=len(words))


def _cue_pattern(rules: _Rules, intent: str) -> re.Pattern:
    return next(pattern for name, pattern in rules.question_cues if name == intent)


def _roleplay_ranking(intent: str | None, ranking: Sequence[Mapping],
                      question: bool = False) -> list[tuple[str, float]]:
    """The role-play intents of the NLU's ranking, best first (in a question, with the
    confidence of the tips on their topic: TIP_QUESTIONS). ``review_request`` (the
    draft detector's, first at full confidence) is no role-play intent: the classifier's
    ranking under it is read."""
    scores: dict[str, float] = {}
    for item in ranking or ():
        name = str(item.get("name") or "")
        if question and name in TIP_QUESTIONS:
            name = TIP_QUESTIONS[name]
        elif not (name.startswith(MOVE_PREFIX) or name in INTENT_KINDS):
            continue
        try:
            scores[name] = scores.get(name, 0.0) + float(item.get("confidence") or 0.0)
        except (TypeError, ValueError):
            continue
    ranked = list(scores.items())
    if not ranked and intent and (intent.startswith(MOVE_PREFIX) or intent in INTENT_KINDS):
        ranked.append((intent, 1.0))
    ranked.sort(key=lambda pair: -pair[1])
    return ranked


_SUMMARIZE = "roleplay_move_summarize"
_TIMELINE = "roleplay_move_propose_timeline"
_PIN = "roleplay_move_pin_down"
SURE_ASK = 0.3  # a question the NLU is this sure of stays a question
SURE_CUED = 0.5  # ...and one this sure of, whatever topic its words name


def _decided_move(said: str, ranked: list[tuple[str, float]], question: bool,
                  found: list[tuple[datetime.date, str]], rules: _Rules) -> str | None:
    """The move a line makes whatever figures or dates it names, or None: a summary
    ("Resumiendo: 40 puestos, 20.000 euros, decisión en enero"), several dated steps ("demo
    el martes 8, propuesta el 11, decisión el 18": a timeline, not one date), a commitment
    pinned down now ("¿Le envío el contrato hoy mismo?")."""
    best, confidence = ranked[0] if ranked else (None, 0.0)
    scores = dict(ranked)
    if best == _SUMMARIZE and confidence >= SURE_SUMMARY:
        return _SUMMARIZE
    if scores.get(_SUMMARIZE, 0.0) >= SUMMARY_IN_RANKING and rules.summary_openers is not None \
            and rules.summary_openers.search(said[:SUMMARY_OPENING]):
        return _SUMMARIZE
    asked = question and best in INTENT_KINDS and best != "roleplay_small_talk"
    # Steps laid out with a date are a schedule too, unless the line asks for that date
    # ("¿Le viene bien el lunes 14? Primero la demo y luego las dudas").
    scheduled = bool(found) and (len({m.group(0) for m in rules.steps.finditer(said)}) >= 2
                                 or bool(rules.schedule.search(said))) and not (
        question and rules.firm_proposal is not None and rules.firm_proposal.search(said))
    if (len(_dated_steps(said, found, rules)) >= 2 or scheduled) and not (
            asked and confidence >= SURE_ASK) and not (
                rules.deadline is not None and rules.deadline.search(said)):
        return _TIMELINE
    # ...unless the NLU is sure of something else ("What is stopping you from signing
    # today?" asks the essential question).
    if rules.pin_down.search(said) and rules.pin_now.search(said) and \
            best not in _NOW_REASONS and (best == _PIN or confidence < SURE_ASK):
        return _PIN
    return None


def _cued(said: str, ranked: list[tuple[str, float]], rules: _Rules) -> list[tuple[str, float]]:
    """A question the NLU is unsure of, with words that name its topic ("¿hay prisa?",
    "¿quién más tiene que aprobarlo?"): the cued topic first (of several, the NLU's best)."""
    best, confidence = ranked[0] if ranked else (None, 0.0)
    # A pin-down asks who signs and when, as the commitment itself.
    if confidence >= SURE_CUED or best == _PIN:
        return ranked
    cued = {intent for intent, pattern in rules.question_cues if pattern.search(said)}
    if not cued or best in cued:
        return ranked
    # Fairly sure of a move or small talk: that stays; of another topic's question: the
    # topic named wins ("¿Con qué proveedor trabajan ahora?" asks about a competitor).
    if confidence >= SURE_ASK and best not in INTENT_KINDS:
        return ranked
    scores = dict(ranked)
    chosen = max(sorted(cued), key=lambda name: scores.get(name, 0.0))
    lifted = max(confidence, UNSURE_QUESTION, scores.get(chosen, 0.0))
    return [(chosen, lifted)] + [pair for pair in ranked if pair[0] != chosen]


def _dated_steps(said: str, found: list[tuple[datetime.date, str]],
                 rules: _Rules) -> set[datetime.date]:
    """The distinct days named as days (a weekday, a day number, "tomorrow"; not a bare
    month); a weekday naming another date's weekday ("the 22nd? That's a Tuesday") is the
    same day, and two days offered as a choice ("¿martes o jueves?") are one proposal."""
    days = {day for day, phrase in found if rules.strong_date.search(phrase)}
    for day, phrase in found:
        if day in days and not any(ch.isdigit() for ch in phrase) and any(
                other != day and other.weekday() == day.weekday() for other in days):
            days.discard(day)
    if len(days) == 2 and len(found) == 2:
        first, second = (phrase.split()[0] for _, phrase in found)
        start = said.lower().find(first)
        end = said.lower().find(second, start + len(first)) if start >= 0 else -1
        if end > start and rules.choice.search(said.lower()[start + len(first):end]):
            return set()
    return days


def _calculates(said: str, rules: _Rules, price: PriceMention | None = None) -> bool:
    """Two figures (or a money figure: a rate), a result word, a figure: "2.000 faxes a 0,50
    son 1.000 al mes", "a 20 euros la hora son 160 al día"."""
    for match in rules.result_words.finditer(said):
        before = _FIGURE.findall(said[:match.start()])
        rate = price is not None and bool(before) and price.text[:1].isdigit() and \
            said.find(price.text) < match.start()
        if (len(before) >= 2 or rate) and _FIGURE.search(said, match.end()):
            return True
    return False


def _is_question(line: str, said: str, words: list[str], rules: _Rules) -> bool:
    if any(mark in line for mark in rules.question_marks):
        return True
    if words and words[0] in rules.question_start:
        return True
    opening = line.lstrip(" \t\r\n¡¿").lower()
    if any(opening.startswith(start) and not opening[len(start):len(start) + 1].isalnum()
           for start in rules.question_start_exact):
        return True
    return bool(rules.asking.match(said.lstrip(" \t\r\n¡¿")))


def _is_acknowledgement(words: list[str], rules: _Rules) -> bool:
    """A line made only of acknowledgement words: "ok", "got it, thanks", "vale, gracias"."""
    if not words or len(words) > rules.max_ack_words or words[0] not in rules.ack_heads:
        return False
    if len(words) == 1 and words[0] in rules.ack_not_alone:
        return False
    return all(word in rules.ack_words for word in words)


def _kind(line, words, ranked, question, ack, price, date, date_text, rules: _Rules):
    """(kind, asked topic) of the line."""
    best, confidence = ranked[0] if ranked else (None, 0.0)
    if not words:
        return "other", None
    if ack:
        return "acknowledgement", None
    # "¿Qué tal el fin de semana?": a day named in what the NLU is sure is small talk is
    # chat, unless the line commits to something.
    chat = best == "roleplay_small_talk" and confidence >= SURE_SMALL_TALK \
        and not rules.commit.search(line)
    # "¿Qué le impide firmar hoy?": today in a line the NLU is sure makes another move.
    other = confidence >= SURE_ASK and best not in (_PIN, _TIMELINE, "roleplay_ask_timeline")
    if date is not None and not chat and not (other and date_text in rules.now_words) and \
            _proposes(line, words, best, date_text or "", rules):
        return "date_proposal", None
    if price is not None and not (question and best in INTENT_KINDS) and not (
            best == "roleplay_move_quantify_value" and rules.value_words.search(line)):
        return "price_quote", None
    if question and rules.off_sheet is not None and rules.off_sheet.search(line) and \
            best not in (_PIN, "roleplay_small_talk"):
        return "question_situation", "unknown"  # nothing on the sheet to answer it from
    kind = INTENT_KINDS.get(best or "")
    if kind in KIND_TOPICS or kind == "question_situation":
        if not question:  # a statement read as a question: its best move instead
            kind, best = None, next((name for name, _ in ranked if name.startswith(MOVE_PREFIX)),
                                    None)
        elif confidence < UNSURE_QUESTION:
            return "question_situation", "unknown"
    if kind is None:
        if best is not None:
            if not question:
                return "move", None
            if best == "roleplay_move_ask_needs":
                return "move", "needs"
            return "move", next((name for name, pattern in rules.topic_words
                                 if pattern.search(line)), None)
        return ("question_situation", "unknown") if question else ("other", None)
    if kind == "small_talk":
        return kind, None
    if kind == "question_situation":
        topic = next((name for name, pattern in rules.topic_words if pattern.search(line)),
                     None)
        if topic is None:
            topic = "situation" if confidence >= UNSURE_QUESTION else "unknown"
        return kind, topic
    return kind, KIND_TOPICS[kind]


def _proposes(line: str, words: list[str], best: str | None, date_text: str,
              rules: _Rules) -> bool:
    """A date in a line that proposes it: "Shall we sign on the 10th?", "Thursday 3pm?";
    not "the offer ends at the end of the month" or "let's put it on the table today"."""
    if _context_date(line, best, date_text, rules):
        return False
    if len(words) <= 6:
        return True
    if rules.firm_proposal is not None and rules.firm_proposal.search(line):
        return True
    if not rules.proposal.search(line):
        return False
    # A day named ("the 5th of January", "Friday", "tomorrow", "in two weeks") is proposed
    # whatever else the line does; "today", a month or "end of the month" only in a line
    # about the next step.
    if rules.strong_date.search(date_text):
        return True
    return best in ("roleplay_move_propose_timeline", "roleplay_move_pin_down",
                    "roleplay_ask_timeline")


def _context_date(line: str, best: str | None, date_text: str | None, rules: _Rules) -> bool:
    """A date named as the present ("how do you do it today?") or a duration told ("went
    live in four months"), never a proposal."""
    if not date_text:
        return True
    if date_text in rules.now_words and (not rules.commit.search(line) or (
            best in _CHAT_OR_ASK and not (
                rules.firm_proposal is not None and rules.firm_proposal.search(line)))):
        return True
    # "El precio de lanzamiento acaba el día 15": the offer's deadline, unless the line also
    # asks for the date ("¿firmamos antes del 15, que acaba la oferta?"; not "si lo cerramos
    # antes del viernes, le mantengo el precio").
    asks = rules.firm_proposal if rules.firm_proposal is not None else rules.proposal
    if rules.deadline is not None and rules.deadline.search(line) and not (
            asks.search(line) and any(mark in line for mark in rules.question_marks)):
        return True
    return date_text.split()[0] in rules.in_words and bool(
        rules.told.search(line) or rules.success.search(line) or (
            rules.duration_context is not None and rules.duration_context.search(line)))


def _moves(kind: str, ranked: list[tuple[str, float]], best: str | None) -> tuple[str, ...]:
    """The tactic ids the line makes: the best move for a move line, and any move the NLU
    is fairly sure of besides."""
    chosen: list[str] = []
    for name, confidence in ranked:
        if not name.startswith(MOVE_PREFIX):
            continue
        if (kind == "move" and name == best) or confidence >= SECOND_MOVE_CONFIDENCE:
            chosen.append(name[len(MOVE_PREFIX):])
    if kind == "move" and best and best.startswith(MOVE_PREFIX):
        top = best[len(MOVE_PREFIX):]
        chosen = [top] + [m for m in chosen if m != top]
    return tuple(dict.fromkeys(chosen))


def _with(moves: tuple[str, ...], move: str) -> tuple[str, ...]:
    return moves if move in moves else moves + (move,)


def warm_up() -> None:
    """Load and compile every language's word tables now (the action server imports this
    module when it starts), so no trainee line pays for it and a bad table fails early."""
    from coach.roleplay import planning, prices, routing

    for language in ("en",) + wordtables.languages():
        _rules(language)
        prices._words(language)
        routing._signals(language)
        planning._start_words(language)


warm_up()
