"""Planning a role-play from the trainee's start request.

``/roleplay_start{"persona": ..., "style": ..., "difficulty": ..., "scenario": ..., "seed": ...}``
gives the choices as entities; in words ("a buyer who can't make up his mind, the
impatient type", "a hard role-play with a lingering buyer") the phrase tables below name
them. How the words are read:

- every table phrase found counts, longest first: "easy-going" is a style, not the
  difficulty "easy"; "says yes to everything" is quick-to-agree, not "yes";
- a phrase after a negation ("not the chatty type", "rather than analytical", "no hard
  mode") does not count, nor one the trainee says of themselves ("I'm impatient to start");
- when two personas (or styles) are named, the first one counts.

Whatever is still missing is picked from the seed (difficulty: the contract's default,
``normal``); an unknown id gives a problem naming the valid ones, and nothing starts.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Mapping

from coach.roleplay import wordtables

PERSONA_IDS = ("hesitant", "lingering", "quick_to_agree")
STYLE_IDS = ("analytical", "amiable", "expressive", "driver")
DIFFICULTY_IDS = ("easy", "normal", "hard")
DEFAULT_DIFFICULTY = "normal"
MAX_CHARS = 500  # a start request is one sentence or two
MAX_SEED = 2**31 - 1

# Phrases, lower case; "*" ends a phrase with any word ending ("hesitat*": hesitates).
PERSONA_PHRASES = {
    "hesitant": [
        "hesitant", "hesitat*", "indecisive", "undecided", "waver*", "fence sitter",
        "fence-sitter", "on the fence", "sitting on the fence", "always has an excuse",
        "always has excuses", "full of excuses", "keeps finding excuses", "makes excuses",
        "excuses", "can't decide", "cant decide", "cannot decide", "can't make up his mind",
        "can't make up her mind", "can't make up their mind", "can't make up his mind",
        "cant make up his mind", "cant make up her mind", "can't make his mind up",
        "can't make her mind up", "can't make their mind up", "never makes up his mind",
        "never makes up her mind", "unable to decide", "second-guess*", "second guess*",
        "swayed by every", "swayed by each", "easily swayed", "changes his mind",
        "changes her mind", "keeps changing", "procrastinat*", "dithers", "dithering",
        "doubter", "full of doubts", "unsure", "hard time deciding", "flip-flop*",
        "flip flop*", "wishy-washy", "torn between", "excuse*", "excuse-maker", "uncertain",
        "irresolute", "dither*", "cold feet", "gets cold feet", "waffler", "waffles",
        "waffling", "can't decide", "cant decide", "on the fence",
    ],
    "lingering": [
        "linger*", "neither yes nor no", "won't say yes or no", "wont say yes or no",
        "never says yes or no", "won't say yes or no", "doesn't say yes or no",
        "won't commit", "wont commit", "never commits", "noncommittal", "non-committal",
        "won't sign", "wont sign", "won't discuss signing", "avoids signing",
        "won't walk away", "never walks away", "won't leave", "drags it out", "drags things out",
        "dragging it out", "drag it out", "strings me along", "strings you along",
        "strings us along", "string me along", "stringing me along", "keeps me hanging",
        "leaves me hanging", "keeps you hanging", "stalls", "staller", "stalling",
        "time waster", "time-waster", "keeps it open", "beats around the bush",
        "never closes", "tyre kicker", "tire kicker", "tyre-kicker", "tire-kicker",
        "keeps talking but", "all talk", "never decides", "never moves forward",
        "neither agrees nor refuses", "in limbo", "drags on", "dragging on", "drawn-out",
        "strings things out", "string things out", "never says no", "leads me on",
        "keeps the door open", "won't give me a straight answer", "except signing",
    ],
    "quick_to_agree": [
        "quick to agree", "quick-to-agree", "quick agreer", "agrees too fast",
        "agrees too quickly", "agrees too easily", "agrees quickly", "agrees fast",
        "agrees easily", "agrees readily", "agrees to everything", "agree to everything",
        "agrees with everything", "says yes to everything", "say yes to everything",
        "says yes too fast", "says yes too quickly", "says yes too easily", "says yes easily",
        "says yes quickly", "yes to everything", "yes-man", "yes man", "easy yes",
        "readily agree*", "agreeable buyer", "agreeable customer", "nods along",
        "agrees then", "agrees but", "says yes but", "says yes then", "yes then dodges",
        "dodges at signing", "dodges signing", "ducks the signature", "backs off at signing",
        "agrees to anything", "too agreeable", "agreeable", "agrees far too quickly",
        "agrees too readily", "agrees instantly", "agrees straight away", "quick-agreeing",
        "quick agreeing", "over-eager", "overeager", "all yes", "yes, yes", "jumps on board",
    ],
}
STYLE_PHRASES = {
    "analytical": [
        "analytical", "analytic", "analyst", "data-driven", "data driven", "numbers person",
        "numbers guy", "numbers type", "numbers man", "numbers woman", "numbers-driven",
        "numbers kind", "by the numbers", "loves numbers", "wants numbers", "wants data",
        "loves data", "data person", "data guy", "detail-oriented", "detail oriented",
        "details person", "detail person", "wants details", "precise", "methodical",
        "engineer type", "spreadsheet", "wants evidence", "wants proof", "facts and figures",
        "logical", "cautious and precise", "technical buyer", "numbers-oriented",
        "wants every detail", "lots of data", "wants the facts", "facts person",
        "facts first", "wants figures",
    ],
    "amiable": [
        "amiable", "friendly", "cordial", "easy-going", "easygoing", "easy going",
        "people person", "people-person", "people pleaser", "people-pleaser", "warm",
        "calm", "gentle soul", "hates pressure", "dislikes pressure", "doesn't like pressure",
        "relationship person", "relationship-driven", "relationship type", "nice guy",
        "kind", "laid-back", "laid back", "steady", "supportive", "team player",
        "consensus", "harmony",
    ],
    "expressive": [
        "expressive", "chatty", "talkative", "extrovert*", "enthusiastic", "storyteller",
        "story-teller", "loves stories", "loves to talk", "likes to talk", "talker",
        "animated", "lively", "outgoing", "bubbly", "flamboyant", "wants recognition",
        "likes recognition", "loves attention", "social butterfly", "excitable",
        "big personality", "visionary", "charismatic",
    ],
    "driver": [
        "driver", "impatient", "bottom-line", "bottom line", "bottom-line kind",
        "results-driven", "results driven", "results-oriented", "results oriented",
        "wants results", "decisive", "no-nonsense", "no nonsense", "straight to the point",
        "to the point", "gets to the point", "straight-talking", "blunt", "direct",
        "aggressive", "dominant", "busy executive", "in a hurry", "short on time",
        "hates small talk", "no small talk", "demanding", "type a", "type-a", "brisk",
        "curt", "terse", "cut to the chase", "cuts to the chase", "time is money",
    ],
}
DIFFICULTY_PHRASES = {
    "easy": ["easy", "easy mode", "easy level", "beginner", "beginners", "for a beginner",
             "go easy", "simple", "light", "warm-up", "warm up", "starter level",
             "low difficulty", "not too hard", "not too difficult"],
    "normal": ["normal", "normal mode", "normal difficulty", "medium", "medium difficulty",
               "intermediate", "standard difficulty", "moderate", "average difficulty",
               "regular difficulty", "mid-level", "standard level"],
    "hard": ["hard", "hard mode", "hardest", "harder", "difficult", "tough", "tougher",
             "toughest", "challenging", "challenge me", "advanced", "expert", "brutal",
             "high difficulty", "max difficulty", "maximum difficulty", "nightmare",
             "hard level", "difficult level", "really hard"],
}
# A phrase right after one of these does not describe the customer the trainee wants.
_NEGATIONS = ("not", "no", "never", "isn't", "isnt", "wasn't", "without", "rather than",
              "instead of", "other than", "except", "don't want", "dont want", "nor", "not a",
              "not the", "not an", "not too", "not very", "not so", "less", "anything but",
              "but not", "avoid", "no longer")
_SELF = ("i'm", "im", "i am", "i feel", "i'm a bit", "i am a bit", "i'm getting", "i'm so",
         "i'm very", "i'm quite", "i'm really")
_NEGATION_WINDOW = 3  # words between a negation and the phrase it negates
_TOKEN = re.compile(r"[a-z0-9][a-z0-9'’-]*")
_TOKEN_ANY = re.compile(r"[^\W_][\w'’-]*")
_CLAUSE_BREAK = re.compile(r"[,;.:!?¿¡()]| but | and | with | pero | y | con ")


@dataclass(frozen=True)
class StartPlan:
    persona: str | None
    style: str | None
    difficulty: str
    scenario: str | None
    seed: int
    picked: tuple[str, ...]  # what was picked for the trainee ("style: driver")
    problems: tuple[str, ...]  # unknown ids, each naming the valid ones; nothing starts

    @property
    def ok(self) -> bool:
        return not self.problems


class _Table:
    """Phrases compiled to one alternation per id, longest phrases first."""

    def __init__(self, phrases: Mapping[str, list[str]]):
        items = sorted(((p, key) for key, ps in phrases.items() for p in ps),
                       key=lambda item: -len(item[0]))
        self._ids = {}
        # Grouped by first letter behind a lookahead: only one group is tried at a position
        # (the same matches; hundreds of phrases made long lines slow).
        groups: dict[str, list[str]] = {}
        for number, (phrase, key) in enumerate(items):
            group = f"p{number}"
            self._ids[group] = key
            body = re.escape(phrase.rstrip("*")).replace(r"\ ", r"[\s-]+").replace(r"\-", r"[\s-]?")
            body = body.replace("'", "['’]?")
            tail = r"\w{0,12}" if phrase.endswith("*") else ""
            groups.setdefault(phrase[:1], []).append(f"(?P<{group}>{body}{tail})")
        parts = [f"(?={re.escape(first)})(?:{'|'.join(bodies)})"
                 for first, bodies in groups.items()]
        self._pattern = re.compile(r"(?<![\w'])(?:" + "|".join(parts) + r")(?![\w'])")

    def find(self, text: str) -> list[tuple[int, int, str]]:
        return [(m.start(), m.end(), self._ids[m.lastgroup]) for m in self._pattern.finditer(text)
                if m.lastgroup]


_PERSONAS = _Table(PERSONA_PHRASES)
_STYLES = _Table(STYLE_PHRASES)
_DIFFICULTIES = _Table(DIFFICULTY_PHRASES)


@dataclass(frozen=True)
class _StartWords:
    """The phrase tables of one language; other languages than English also read the
    English phrases (a Spanish trainee may still say "hesitant")."""
    fold: bool
    personas: _Table
    styles: _Table
    difficulties: _Table
    negations: tuple[str, ...]
    self_words: tuple[str, ...]
    stop: frozenset[str]
    messages: Mapping[str, Any] | None
    negation_window: int = _NEGATION_WINDOW


_EN_WORDS = _StartWords(False, _PERSONAS, _STYLES, _DIFFICULTIES, _NEGATIONS, _SELF,
                        frozenset(), None)
_EN_MESSAGES: dict[str, Any] = {
    "unknown_choice": "I don't know the {label} '{value}'. The {label}s are: {valid}.",
    "unknown_scenario": "I don't know the scenario '{value}'. The scenarios are: {valid}.",
    "bad_seed": "The seed must be a whole number from 0 to {max}.",
    "labels": {"persona": "customer type", "style": "style", "difficulty": "difficulty"},
    "picked": {"persona": "customer type", "style": "style", "scenario": "scenario"},
}


@lru_cache(maxsize=8)
def _start_words(language: str) -> _StartWords:
    table = wordtables.section(language, "start")
    if table is None:
        return _EN_WORDS
    where = f"data/roleplay/reading/{language}.yml start"

    def merged(key: str, ids: tuple[str, ...], english: Mapping[str, list[str]]) -> _Table:
        own = wordtables.mapping(table, key, where)
        unknown = sorted(set(own) - set(ids))
        if unknown:
            raise wordtables.TableError(f"{where}: {key} has unknown ids {unknown}; "
                                        f"the ids are {', '.join(ids)}")
        return _Table({i: list(english.get(i, [])) + [wordtables.fold(str(p)) for p in
                                                      own.get(i) or []] for i in ids})

    words = lambda key: wordtables.words(table, key, where)  # noqa: E731
    messages = wordtables.mapping(table, "messages", where)
    for key in _EN_MESSAGES:
        if key not in messages:
            raise wordtables.TableError(f"{where}: messages.{key} is missing")
    return _StartWords(
        True, merged("personas", PERSONA_IDS, PERSONA_PHRASES),
        merged("styles", STYLE_IDS, STYLE_PHRASES),
        merged("difficulties", DIFFICULTY_IDS, DIFFICULTY_PHRASES),
        tuple(_NEGATIONS) + tuple(sorted(words("negations"))),
        tuple(_SELF) + tuple(sorted(words("self"))), words("stop_words"), messages,
        int(table.get("negation_window", _NEGATION_WINDOW)))


def read_choices(text: str, language: str = "en") -> tuple[str | None, str | None, str | None]:
    """(persona, style, difficulty) named in words, or None for each one not named."""
    tables = _start_words(language)
    lowered = (text or "")[:MAX_CHARS].lower().replace("’", "'").replace("_", " ")
    if tables.fold:
        lowered = wordtables.fold(lowered)
    hits = {name: table.find(lowered) for name, table in
            (("persona", tables.personas), ("style", tables.styles),
             ("difficulty", tables.difficulties))}
    # A span claimed by a longer phrase of another table is not read again ("easy-going").
    spans = sorted((end - start, start, end, name, key) for name, found in hits.items()
                   for start, end, key in found)
    taken: list[tuple[int, int]] = []
    chosen: dict[str, list[tuple[int, str]]] = {"persona": [], "style": [], "difficulty": []}
    for _, start, end, name, key in sorted(spans, key=lambda s: (-s[0], s[1])):
        if any(start < t_end and t_start < end for t_start, t_end in taken):
            continue
        taken.append((start, end))
        if _negated(lowered, start, tables):
            continue
        chosen[name].append((start, key))
    first = {name: min(found)[1] if found else None for name, found in chosen.items()}
    return first["persona"], first["style"], first["difficulty"]


def _negated(text: str, start: int, tables: _StartWords = _EN_WORDS) -> bool:
    # Only the same clause counts: "not the chatty type, a numbers person" is analytical.
    clause = _CLAUSE_BREAK.split(text[max(0, start - 60):start])[-1]
    words = (_TOKEN_ANY if tables.fold else _TOKEN).findall(clause)
    window = f" {' '.join(words[-tables.negation_window:])} "
    if any(f" {negation} " in window for negation in tables.negations):
        return True
    return any(" ".join(words[-len(s.split()):]) == s for s in tables.self_words)


def find_scenario(text: str, scenarios: Mapping[str, str], language: str = "en") -> str | None:
    """The scenario id whose words the trainee named ("...for moisture-proof cabinets");
    ``scenarios`` may describe each one in the trainee's language."""
    tables = _start_words(language)
    stop = _STOP | tables.stop
    token = _TOKEN_ANY if tables.fold else _TOKEN
    fold = wordtables.fold if tables.fold else str.lower
    words = {_stem(w) for w in token.findall(fold((text or "")[:MAX_CHARS]))} - stop
    best, best_score = None, 0
    for scenario_id, description in sorted(scenarios.items()):
        keys = {_stem(w) for w in token.findall(fold(f"{scenario_id.replace('_', ' ')} "
                                                     f"{description}"))} - stop
        score = len(keys & words)
        if score > best_score:
            best, best_score = scenario_id, score
    return best


_STOP = {"a", "an", "the", "for", "of", "and", "to", "in", "on", "with", "your", "our", "my",
         "new", "service", "system", "customer", "client", "buyer", "company", "role-play",
         "roleplay", "play", "practice", "practise", "let", "let's", "lets", "me", "i", "who",
         "want", "like", "please", "some", "sales", "sale", "that", "is", "be", "can", "at",
         "by", "from", "regional", "head", "manager", "hesitant", "lingering", "quick",
         "agree", "driver", "style", "hard", "easy", "normal"}


def _stem(word: str) -> str:
    word = word.strip("'’-")
    return word[:-1] if len(word) > 3 and word.endswith("s") else word


def normalise(value: Any) -> str | None:
    """'Quick to agree' -> 'quick_to_agree'; None and '' stay None."""
    if value is None or str(value).strip() == "":
        return None
    return re.sub(r"[\s-]+", "_", str(value).strip().lower())[:60]


def plan_start(text: str, entities: Mapping[str, Any], scenarios: Mapping[str, str],
               seed: int | None = None, language: str = "en",
               names: Mapping[str, str] | None = None) -> StartPlan:
    """The role-play to start: from the shortcut's entities first, then the words, then
    picked from the seed. ``scenarios`` maps each scenario id to words that name it
    (title and product). Problems and picks are worded in ``language``; a pick is named
    by ``names`` (persona, style and scenario id -> the name the scene gives it), so the
    trainee reads one name for it."""
    problems = []
    messages = _start_words(language).messages or _EN_MESSAGES
    labels, picks = messages["labels"], messages["picked"]
    persona, style, difficulty = read_choices(text, language)
    named = {"persona": normalise(entities.get("persona")),
             "style": normalise(entities.get("style")),
             "difficulty": normalise(entities.get("difficulty"))}
    for name, valid, label in (("persona", PERSONA_IDS, "customer type"),
                               ("style", STYLE_IDS, "style"),
                               ("difficulty", DIFFICULTY_IDS, "difficulty")):
        value = named[name]
        if value is not None and value not in valid:
            problems.append(messages["unknown_choice"].format(
                label=labels.get(name, label), value=value[:40], valid=", ".join(valid)))
    persona = named["persona"] if named["persona"] in PERSONA_IDS else persona
    style = named["style"] if named["style"] in STYLE_IDS else style
    difficulty = named["difficulty"] if named["difficulty"] in DIFFICULTY_IDS else difficulty
    scenario = normalise(entities.get("scenario"))
    if scenario is not None and scenario not in scenarios:
        problems.append(messages["unknown_scenario"].format(
            value=scenario[:40], valid=", ".join(sorted(scenarios))))
    seed_value = entities.get("seed")
    if seed_value not in (None, ""):
        try:
            seed = int(str(seed_value).strip())
            if not 0 <= seed <= MAX_SEED:
                raise ValueError
        except ValueError:
            problems.append(messages["bad_seed"].format(max=MAX_SEED))
            seed = None
    if seed is None:
        seed = random.SystemRandom().randrange(MAX_SEED)
    if scenario is None:
        scenario = find_scenario(text, scenarios, language)
    chooser = random.Random(seed)
    picked = []
    if persona is None:
        persona = chooser.choice(PERSONA_IDS)
        picked.append(f"{picks['persona']}: {_name(persona, names)}")
    if style is None:
        style = chooser.choice(STYLE_IDS)
        picked.append(f"{picks['style']}: {_name(style, names)}")
    if scenario is None and scenarios:
        scenario = chooser.choice(sorted(scenarios))
        picked.append(f"{picks['scenario']}: {_name(scenario, names)}")
    return StartPlan(persona=persona, style=style, difficulty=difficulty or DEFAULT_DIFFICULTY,
                     scenario=scenario, seed=seed, picked=tuple(picked), problems=tuple(problems))


def _name(value: str, names: Mapping[str, str] | None) -> str:
    """A persona, style or scenario id as the trainee reads it: the caller's name for it
    (the content's, so the note and the scene agree), else the id in words."""
    return str((names or {}).get(value) or value.replace("_", " "))
