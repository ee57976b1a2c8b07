"""The language a trainee writes in, and the one they ask for (docs/languages.md).

The coach answers in the trainee's language: a message that is clearly Spanish switches
the conversation to Spanish, one that is clearly English back to English, and one that
says nothing ("ok", "420", an emoji, a name) keeps the language it had. A trainee can also
ask ("in Spanish please", "háblame en español", "en inglés"); a request wins over what the
message is written in.

Detection weighs three kinds of evidence: the chat words and phrases of each language and the
letters only Spanish uses (data/language/<code>.yml, hand-written; words both chats spell
alike but one uses far more, "okay", "fatal", lean and decide only lines of such words), a
lexicon of words far likelier
in one language than the other (data/language/lexicon.tsv, generated from the word
probabilities spacy-lookups-data ships: coach/language_lexicon.py), and lingua's n-gram
models (offline, restricted to our languages), which need a few words to be sure.
What a language is called and how trainees ask for it is data too, so adding a language
(Chinese is next) is a new file and a new entry in LANGUAGES, not new code.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from coach.language_files import read_language_file

LANGUAGES = ("en", "es")
DEFAULT_LANGUAGE = "en"
LANGUAGE_DIR = Path(__file__).resolve().parent.parent / "data" / "language"
LEXICON_FILE = LANGUAGE_DIR / "lexicon.tsv"

# Only the start of a long message is read: the language shows in the first lines, and a
# 20,000-character paste must cost no more than a short one.
MAX_CHARS = 1000
# How the evidence is weighed (tuned on tests/data/language_lines_dev.yml, not on the
# held-out set): a chat word or a Spanish-only letter counts WORD_WEIGHT, the n-gram
# models' log-probability counts up to NGRAM_WEIGHT, fully once a line has NGRAM_FULL_AT
# letters (a three-letter word's n-grams say little); a language wins by MARGIN or not at all.
WORD_WEIGHT = 1.0
# A lexicon word counts LEXICON_WEIGHT per unit of its log ratio, at most LEXICON_CAP.
LEXICON_WEIGHT = 0.5
LEXICON_CAP = 4.0
LETTER_WEIGHT = 1.5
LETTERS_COUNTED = 2
# A leaning word ("okay", "fatal": spelled alike, but one chat uses it far more) decides a
# line made only of leaning and shared words; beside any other evidence it counts for nothing,
# so "oh vale" stays Spanish. Above MARGIN, so one leaning word alone is enough.
LEAN_WEIGHT = 0.7
# Chat phrases are short ("no idea", "see ya"); longer word runs are never compared.
PHRASE_MAX_WORDS = 3
NGRAM_WEIGHT = 1.0
NGRAM_FULL_AT = 12
MARGIN = 0.6
# Quoted passages are someone else's words ('he said "es muy caro"'): the trainee's own
# language is read from the rest when the rest has this many letters.
OWN_WORDS_MIN_LETTERS = 8
# A request is short: longer clauses are never compared with the request phrases.
REQUEST_MAX_WORDS = 12

# Letters glued to digits are units or ordinals ("50k", "4pm", "2x1"), not words.
_WORD = re.compile(r"(?<![^\W_])[^\W\d_]+(?:['’][^\W\d_]+)?(?![^\W_])")
_URL = re.compile(r"(?:https?://|www\.)\S{1,300}|\S{1,64}@\S{1,64}")
_QUOTED = re.compile(
    r"\"[^\"\n]{1,500}\"|“[^”\n]{1,500}”|«[^»\n]{1,500}»|„[^“”\n]{1,500}[“”]"
    r"|(?<!\w)'[^'\n]{1,500}'(?!\w)"
)
_CLAUSE_BREAK = re.compile(r"[,.;:!?¿¡()\[\]{}\"“”«»\n—–]+")
_TEMPLATE_GROUP = re.compile(r"\(([^()\[\]]*)\)|\[([^()\[\]]*)\]")


class LanguageDataError(ValueError):
    """A data/language file is missing, malformed or contradicts another one."""


def fold(text: str) -> str:
    """Lower case without accents: how trainees' words are compared ("Cómo" == "como")."""
    decomposed = unicodedata.normalize("NFD", text.lower().replace("’", "'"))
    # ñ folds to n as well: trainees without a Spanish keyboard write "senor", "manana".
    return "".join(char for char in decomposed if unicodedata.category(char) != "Mn")


def supported(value: Any) -> str | None:
    """`value` as one of LANGUAGES ("ES", " es " -> "es"), or None."""
    if not isinstance(value, str):
        return None
    code = value.strip().lower()
    return code if code in LANGUAGES else None


@dataclass(frozen=True)
class LanguageProfile:
    """What data/language/<code>.yml says about one language."""

    language: str
    names: frozenset[str]
    words: frozenset[str]
    letters: frozenset[str]
    shared: frozenset[str]
    leaning: frozenset[str]
    phrases: frozenset[str]
    last_words: frozenset[str]
    negations: frozenset[str]
    requests: tuple[str, ...]
    fillers: tuple[str, ...]
    confirm: str  # the coach's reply when a trainee switches to this language
    choose: str  # the coach's question when a trainee asks for a language but names none
    button: str  # this language's name on a button


def load_profiles(directory: Path = LANGUAGE_DIR,
                  languages: Iterable[str] = LANGUAGES) -> dict[str, LanguageProfile]:
    """Read and check one file per language; every problem is named with its file."""
    profiles = {code: _load_profile(directory / f"{code}.yml", code) for code in languages}
    seen_words: dict[str, str] = {}
    seen_names: dict[str, str] = {}
    for code, profile in profiles.items():
        for kind, seen, values in (("word", seen_words, profile.words),
                                   ("name", seen_names, profile.names)):
            for value in values:
                other = seen.setdefault(value, code)
                if other != code:
                    raise LanguageDataError(
                        f"{directory}/{code}.yml: the {kind} {value!r} is also in {other}.yml "
                        f"(a {kind} must tell one language)")
    shared = frozenset().union(*(profile.shared for profile in profiles.values()))
    for code, profile in profiles.items():
        both = sorted(profile.words & shared)
        if both:
            raise LanguageDataError(f"{directory}/{code}.yml: {both} are listed as shared too")
        for neighbour in profiles.values():
            # A leaning word leans one way: not both, and not a chat word or a shared one.
            clash = sorted(profile.leaning & (neighbour.words | shared
                                              | (neighbour.leaning if neighbour is not profile
                                                 else frozenset())))
            if clash:
                raise LanguageDataError(
                    f"{directory}/{code}.yml: the leaning words {clash} are also chat words, "
                    f"shared or leaning in {neighbour.language}.yml")
            clash = (sorted(profile.phrases & neighbour.phrases) if neighbour is not profile
                     else [])
            if clash:
                raise LanguageDataError(f"{directory}/{code}.yml: the phrases {clash} are also "
                                        f"in {neighbour.language}.yml")
    return profiles


def _load_profile(path: Path, code: str) -> LanguageProfile:
    if not path.is_file():
        raise LanguageDataError(f"{path}: missing (every language in LANGUAGES needs one)")
    data = read_language_file(path, code, LanguageDataError)
    unknown = set(data) - {"language", "names", "words", "shared", "leaning", "phrases",
                           "last_words", "negations", "letters", "requests", "fillers",
                           "confirm", "choose", "button"}
    if unknown:
        raise LanguageDataError(f"{path}: unknown keys {sorted(unknown)}")

    def strings(key: str, required: bool = True) -> list[str]:
        values = data.get(key, [] if not required else None)
        if not isinstance(values, list) or (required and not values) or not all(
                isinstance(value, str) and value.strip() for value in values):
            raise LanguageDataError(f"{path}: '{key}' must be a non-empty list of strings")
        return [value.strip() for value in values]

    def word_text(key: str, required: bool = True) -> frozenset[str]:
        # Words are one text, not a YAML list: a list would read "no", "yes", "on" as booleans.
        value = data.get(key, None if required else "")
        if not isinstance(value, str) or (required and not value.strip()):
            raise LanguageDataError(f"{path}: '{key}' must be a text of words separated by commas")
        return frozenset(fold(word) for word in re.split(r"[,\s]+", value) if word)

    def phrase_text(key: str) -> frozenset[str]:
        value = data.get(key, "")
        if not isinstance(value, str):
            raise LanguageDataError(
                f"{path}: '{key}' must be a text of phrases separated by commas")
        phrases = frozenset(" ".join(_words(phrase)) for phrase in value.split(",")
                            if phrase.strip())
        wrong = sorted(phrase for phrase in phrases
                       if not 2 <= len(phrase.split()) <= PHRASE_MAX_WORDS)
        if wrong:
            raise LanguageDataError(f"{path}: the phrases {wrong} must have 2 to "
                                    f"{PHRASE_MAX_WORDS} words (one word belongs in 'words')")
        return phrases

    requests = strings("requests")
    for template in requests:
        if "{name}" not in template:
            raise LanguageDataError(f"{path}: the request {template!r} has no {{name}}")
        _expand(template, path)  # raises on a malformed template
    for key in ("confirm", "choose", "button"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise LanguageDataError(f"{path}: '{key}' must be a text")
    letters = data.get("letters", "")
    if not isinstance(letters, str):
        raise LanguageDataError(f"{path}: 'letters' must be a string")
    return LanguageProfile(
        language=code,
        names=frozenset(fold(name) for name in strings("names")),
        words=word_text("words"),
        letters=frozenset(letters),
        shared=word_text("shared", required=False),
        leaning=word_text("leaning", required=False),
        phrases=phrase_text("phrases"),
        last_words=word_text("last_words", required=False),
        negations=word_text("negations", required=False),
        requests=tuple(requests),
        fillers=tuple(fold(filler) for filler in strings("fillers", required=False)),
        confirm=data["confirm"].strip(),
        choose=data["choose"].strip(),
        button=data["button"].strip(),
    )


def _expand(template: str, path: Path | str = "") -> list[str]:
    """All phrasings of a request template: (a|b) is one of them, [a|b] one or none."""
    if template.count("(") != template.count(")") or template.count("[") != template.count("]"):
        raise LanguageDataError(f"{path}: unbalanced brackets in {template!r}")
    parts: list[list[str]] = []
    position = 0
    for match in _TEMPLATE_GROUP.finditer(template):
        parts.append([template[position:match.start()]])
        required, optional = match.group(1), match.group(2)
        choices = (required if required is not None else optional).split("|")
        parts.append(choices + ([""] if optional is not None else []))
        position = match.end()
    parts.append([template[position:]])
    if any(char in piece for part in parts for piece in part for char in "()[]"):
        raise LanguageDataError(f"{path}: nested brackets in {template!r}")
    return [" ".join("".join(choice).split()) for choice in itertools.product(*parts)]


def load_lexicon(path: Path = LEXICON_FILE,
                 languages: Iterable[str] = LANGUAGES) -> dict[str, tuple[str, float]]:
    """word -> (the language it points to, log ratio); rows of other languages are skipped."""
    wanted = set(languages)
    lexicon: dict[str, tuple[str, float]] = {}
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as error:
        raise LanguageDataError(f"{path}: cannot read it ({error}); rebuild it with "
                                "`python -m coach.language_lexicon`") from error
    for number, line in enumerate(lines, 1):
        if not line or line.startswith("#"):
            continue
        fields = line.split("\t")
        try:
            word, code, strength = fields[0], fields[1], float(fields[2])
        except (IndexError, ValueError) as error:
            raise LanguageDataError(
                f"{path}:{number}: expected word, language, strength") from error
        if code in wanted:
            lexicon[word] = (code, strength)
    return lexicon


def _words(text: str) -> list[str]:
    return [word.strip("'") for word in _WORD.findall(fold(text))]


_RUN3 = re.compile(r"(.)\1{2,}")
_RUN2 = re.compile(r"(.)\1+$")  # only at the end: "graciass", not "Google"
_SYLLABLES = re.compile(r"^(..)\1+(.?)$")
_TWICE = re.compile(r"^(..)\1$")
_STRETCHY = re.compile(r"(.)\1$|(.)\2\2|^(..)\3$")


def _stretched(word: str) -> list[str]:
    """What a stretched chat word may stand for: "siii" -> "si", "graciass" -> "gracias",
    "jajajaja" -> "jaja", "heyyy" -> "hey", "sisi" -> "si"."""
    forms = [_SYLLABLES.sub(r"\1\1", word), _RUN3.sub(r"\1\1", word), _RUN3.sub(r"\1", word),
             _RUN2.sub(r"\1", word), _TWICE.sub(r"\1", word)]
    return [form for form in dict.fromkeys(forms) if form != word]


class LanguageReader:
    """Reads which language a line is written in and which one it asks for."""

    def __init__(self, profiles: Mapping[str, LanguageProfile],
                 lexicon: Mapping[str, tuple[str, float]] | None = None,
                 ngrams: Any = None) -> None:
        self.profiles = dict(profiles)
        self._ngrams = ngrams
        # Chat words decide before the lexicon; words every language uses ("ok") decide nothing.
        self._chat = {word: code for code, profile in self.profiles.items()
                      for word in profile.words}
        self._shared = frozenset().union(*(profile.shared for profile in self.profiles.values()))
        self._leaning = {word: code for code, profile in self.profiles.items()
                         for word in profile.leaning}
        self._phrases = {phrase: code for code, profile in self.profiles.items()
                         for phrase in profile.phrases}
        self._phrase_starts = frozenset(phrase.split()[0] for phrase in self._phrases)
        self._last = {word: code for code, profile in self.profiles.items()
                      for word in profile.last_words}
        self._lexicon = {word: value for word, value in (lexicon or {}).items()
                         if word not in self._chat and word not in self._shared
                         and word not in self._leaning}
        # What a stretched word is compared with: the hand-written lists first, since the
        # corpus holds stretched spellings of the other language ("byee" is likelier in the
        # Spanish one); the lexicon only when no list knows any form.
        self._listed = set(self._chat) | self._shared | set(self._leaning) | set(self._last)
        self._names = {name: code for code, profile in self.profiles.items()
                       for name in profile.names}
        # Every language's request phrases with every language's names: a Spanish
        # speaker asks for English in Spanish ("en inglés").
        self._requests: dict[str, str] = {}
        for profile in self.profiles.values():
            for template in profile.requests:
                for phrase in _expand(fold(template)):
                    for name, code in self._names.items():
                        self._requests[phrase.replace("{name}", name)] = code
        self._negations = frozenset().union(*(profile.negations
                                              for profile in self.profiles.values()))
        self._fillers = sorted({filler for profile in self.profiles.values()
                                for filler in profile.fillers}, key=len, reverse=True)

    # -- which language a line is written in ----------------------------------------
    def detect(self, text: str) -> str | None:
        """The language `text` is written in, or None when it does not say."""
        if not isinstance(text, str):
            return None
        text = _URL.sub(" ", text[:MAX_CHARS])
        own = _QUOTED.sub(" ", text)
        if sum(char.isalpha() for char in own) >= OWN_WORDS_MIN_LETTERS:
            text = own
        scores = self.scores(text)
        if not scores:
            return None
        ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
        (best, top), (_, second) = ranked[0], ranked[1] if len(ranked) > 1 else ("", -math.inf)
        return best if top - second >= MARGIN else None

    def _unstretched(self, word: str) -> str:
        if word in self._listed or (word in self._lexicon and not _STRETCHY.search(word)):
            return word
        forms = _stretched(word)
        return next((form for form in forms if form in self._listed), None) or (
            word if word in self._lexicon
            else next((form for form in forms if form in self._lexicon), word))

    def _tokens(self, text: str) -> list[str]:
        """The line's words, stretched ones unstretched, a known phrase as one token."""
        words = [self._unstretched(word) for word in _words(text)]
        if len(words) < 2:
            return words
        tokens: list[str] = []
        position = 0
        while position < len(words):
            longest = 1 if words[position] not in self._phrase_starts else min(
                PHRASE_MAX_WORDS, len(words) - position)
            for size in range(longest, 1, -1):
                phrase = " ".join(words[position:position + size])
                if phrase in self._phrases:
                    tokens.append(phrase)
                    position += size
                    break
            else:
                tokens.append(words[position])
                position += 1
        return tokens

    def _names_in(self, text: str) -> set[str]:
        """Unknown words capitalised after the first ("sorry Carlos"): names, which the n-gram
        models would read as the language the name comes from."""
        return {word for word in (fold(raw).strip("'") for index, raw in
                                  enumerate(_WORD.findall(text))
                                  if index and raw[:1].isupper() and raw[1:].islower())
                if word not in self._listed and word not in self._lexicon}

    def scores(self, text: str) -> dict[str, float]:
        """Evidence for each language (higher is likelier); empty when there is none."""
        text = text[:MAX_CHARS]
        words = self._tokens(text)
        letters = sum(char.isalpha() for char in text)
        if not words or not letters:
            return {}
        lowered = text.lower()
        scores = {code: 0.0 for code in self.profiles}
        leaning = {code: 0.0 for code in self.profiles}
        evidence = False
        for position, word in enumerate(words):
            if word in self._phrases:
                scores[self._phrases[word]] += WORD_WEIGHT
                evidence = True
            elif word in self._chat:
                scores[self._chat[word]] += WORD_WEIGHT
                evidence = True
            elif word in self._last and position == len(words) - 1 and position > 0:
                # "email me": Spanish puts "me" before its verb or on it ("mándame").
                scores[self._last[word]] += WORD_WEIGHT
                evidence = True
            elif word in self._lexicon:
                code, strength = self._lexicon[word]
                scores[code] += LEXICON_WEIGHT * min(strength, LEXICON_CAP)
                evidence = True
            elif word in self._leaning:
                leaning[self._leaning[word]] += LEAN_WEIGHT
        for code, profile in self.profiles.items():
            marks = min(LETTERS_COUNTED, sum(char in profile.letters for char in lowered))
            scores[code] += LETTER_WEIGHT * marks
            evidence = evidence or bool(marks)
        quiet = self._shared | set(self._leaning) | set(self._last) | self._names_in(text)
        telling = [word for word in words if word not in quiet]
        if not evidence and not telling:
            # Only words both chats use: the leaning ones decide, if they agree.
            return leaning if any(leaning.values()) else {}
        # One word's n-grams say little ("hello" reads as Spanish): a line with one telling
        # word ("holaaa coach") is read from the lists alone, and an unknown one (a name, a
        # product, a cognate) says nothing.
        if len(telling) == 1:
            return scores if evidence else {}
        # Words every language uses carry no sign of the language: the models read the rest
        # ("por WhatsApp" is read as "por").
        ngrams = self._ngram_log_probabilities(text if len(telling) == len(words)
                                               else " ".join(telling))
        if ngrams:
            weight = NGRAM_WEIGHT * min(1.0, letters / NGRAM_FULL_AT)
            for code, value in ngrams.items():
                # Only the models read the rest ("sorry Carlos"): the leaning words count.
                scores[code] += weight * value + (0.0 if evidence else leaning[code])
        elif not evidence:
            return {}
        return scores

    def _ngram_log_probabilities(self, text: str) -> dict[str, float]:
        if self._ngrams is False:
            return {}  # a light reader (light_reader()): words and letters only
        detector = self._ngrams if self._ngrams is not None else _ngram_detector(
            tuple(self.profiles))
        values = {value.language.iso_code_639_1.name.lower(): value.value
                  for value in detector.compute_language_confidence_values(text)}
        if not any(values.values()):
            return {}  # no letter the models know (digits, emoji, another script)
        # A floor keeps one sure model from outvoting every chat word.
        return {code: math.log(max(values.get(code, 0.0), 0.02)) for code in self.profiles}

    # -- which language a line asks for ---------------------------------------------
    def requested(self, text: str) -> str | None:
        """The language a clause of `text` asks for ("in Spanish please, how do I..."), if any."""
        found = [code for code in self._clause_requests(text) if code]
        return found[-1] if found else None

    def is_request(self, text: str) -> bool:
        """True when the whole message asks for a language (and says nothing else)."""
        clauses = self._clause_requests(text)
        return bool(clauses) and all(clauses) and len(set(clauses)) == 1

    def mentioned(self, text: str) -> str | None:
        """The one language `text` names ("can u do spanish"), or None: for none, several,
        or a negation ("I don't speak Spanish", "stop speaking English")."""
        if self.negates(text):
            return None
        named = {self._names[word] for word in _words(text[:MAX_CHARS]) if word in self._names}
        return named.pop() if len(named) == 1 else None

    def negates(self, text: str) -> bool:
        """True when `text` holds a negation of data/language's lists ("don't", "no")."""
        return any(word in self._negations for word in _words(text[:MAX_CHARS]))

    def follow(self, text: str, current: str | None) -> str:
        """The conversation's language after `text`: asked for, else written in, else kept."""
        return (self.requested(text) or self.detect(text) or supported(current)
                or DEFAULT_LANGUAGE)

    def _clause_requests(self, text: str) -> list[str]:
        """Per non-empty clause: the language it asks for, or "" (fillers-only clauses skipped)."""
        if not isinstance(text, str):
            return []
        results: list[str] = []
        for clause in _CLAUSE_BREAK.split(fold(text[:MAX_CHARS])):
            words = _words(clause)
            if not words:
                continue
            if len(words) > REQUEST_MAX_WORDS:
                results.append("")
                continue
            phrase = self._trim_fillers(" ".join(words))
            if phrase:
                results.append(self._requests.get(phrase, ""))
        return results

    def _trim_fillers(self, phrase: str) -> str:
        changed = True
        while phrase and changed:
            changed = False
            for filler in self._fillers:
                if phrase == filler:
                    return ""
                if phrase.startswith(filler + " "):
                    phrase, changed = phrase[len(filler) + 1:], True
                elif phrase.endswith(" " + filler):
                    phrase, changed = phrase[:-len(filler) - 1], True
        return phrase


@cache
def _ngram_detector(languages: tuple[str, ...]) -> Any:
    """lingua's models for our languages only, loaded once (about 60 MB, see the doc)."""
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [IsoCode639_1.from_str(code) for code in languages]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes) \
        .with_preloaded_language_models().build()


@cache
def reader() -> LanguageReader:
    """The reader over data/language/, built once per process."""
    return LanguageReader(profiles(), load_lexicon())


@cache
def profiles() -> dict[str, LanguageProfile]:
    """data/language/'s profiles, read once (what the actions need: no lexicon, no models)."""
    return load_profiles()


@cache
def light_reader() -> LanguageReader:
    """Without the n-gram models (no 60 MB, no 3 s to load): enough for whole paragraphs,
    such as the coach's own replies, which a client reads to follow the conversation."""
    return LanguageReader(profiles(), load_lexicon(), ngrams=False)


def warm_up() -> None:
    """Load the models now (at server start) rather than on a trainee's first message."""
    reader().detect("warm up")


def detect(text: str) -> str | None:
    """The language `text` is written in ("en", "es"), or None when it does not say."""
    return reader().detect(text)


def requested_language(text: str) -> str | None:
    """The language `text` asks for ("háblame en español" -> "es"), or None."""
    return reader().requested(text)


def is_language_request(text: str) -> bool:
    """True when the whole message is a request for a language."""
    return reader().is_request(text)


def next_language(text: str, current: str | None = DEFAULT_LANGUAGE) -> str:
    """The conversation's language after the trainee writes `text`."""
    return reader().follow(text, current)
