"""coach.language: which language a trainee writes in, and which one they ask for.

What a line does to the conversation is `requested(text) or detect(text)`: a language, or
None to keep the current one (docs/languages.md). The first blind set
(tests/data/es/language_lines.yml, measured blind three times, dev data since 2026-12-02)
labels every line, the ambiguous ones too ("ok", "1500", "Madrid", marked by a comment); it
is measured three ways:

- precision: of the lines the coach decides, how many it decides right (a wrong switch);
- strict: None counts as a miss, on the lines that are not marked ambiguous;
- in conversation: an ambiguous line arrives in a conversation in its writer's language
  (as its comment says), so keeping the language is right; any other line is taken to
  arrive in a conversation in the other language (the worst case), so None is a miss.
"""

from __future__ import annotations

import re
import time
from pathlib import Path

import pytest
import yaml

from coach import language
from coach.language import LanguageDataError, LanguageReader, load_lexicon, load_profiles

DATA = Path(__file__).resolve().parents[1] / "data"
BLIND = DATA / "es" / "language_lines.yml"


@pytest.fixture(scope="module")
def reader() -> LanguageReader:
    return language.reader()


def decided(reader: LanguageReader, text: str) -> str | None:
    return reader.requested(text) or reader.detect(text)


def blind_items() -> tuple[list[dict], set[int]]:
    """The blind lines, and the positions of those a comment marks ambiguous."""
    raw = BLIND.read_text(encoding="utf-8").splitlines()
    ambiguous_texts: list[str] = []
    for number, line in enumerate(raw):
        if line.strip().startswith("# ambiguous") and number + 1 < len(raw):
            match = re.search(r'text: "(.*)"', raw[number + 1])
            assert match, f"line {number + 2} should be the ambiguous item"
            ambiguous_texts.append(match.group(1))
    items = yaml.safe_load(raw and "\n".join(raw))["items"]
    ambiguous = {index for index, item in enumerate(items) if item["text"] in ambiguous_texts}
    assert len(ambiguous) == len(set(ambiguous_texts))
    return items, ambiguous


@pytest.mark.parametrize("name, strict_floor, precision_floor", [
    ("language_lines_dev.yml", 0.995, 0.995),  # measured 0.997 and 0.997
    # Short chat lines written for issue 10 (interjections, chat spellings, loanwords).
    ("language_lines_chat_dev.yml", 0.995, 0.995),  # measured 0.996 and 0.997
])
def test_dev_lines(reader, name, strict_floor, precision_floor):
    """lang null marks a line either language could have written: it must stay undecided,
    so deciding it counts against precision, like a wrong language."""
    items = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))["items"]
    results = [(item["text"], item["lang"], decided(reader, item["text"])) for item in items]
    clear = [(text, lang, got) for text, lang, got in results if lang]
    said = [(text, lang, got) for text, lang, got in results if got]
    strict = sum(got == lang for _, lang, got in clear) / len(clear)
    precision = sum(got == lang for _, lang, got in said) / len(said)
    print(f"\n{name}: strict {strict:.3f} of {len(clear)} unambiguous lines, precision "
          f"{precision:.3f} of {len(said)} decided; misses: "
          f"{[result for result in results if result[1] != result[2]]}")
    assert strict >= strict_floor
    assert precision >= precision_floor


def test_blind_language_lines(reader):
    items, ambiguous = blind_items()
    assert len(items) == 400 and len(ambiguous) >= 15
    results = [(item, decided(reader, item["text"]), index in ambiguous)
               for index, item in enumerate(items)]
    said = [(item, got) for item, got, _ in results if got is not None]
    precision = sum(got == item["lang"] for item, got in said) / len(said)
    clear = [(item, got) for item, got, is_ambiguous in results if not is_ambiguous]
    strict_clear = sum(got == item["lang"] for item, got in clear) / len(clear)
    strict_all = sum(got == item["lang"] for item, got, _ in results) / len(results)
    in_conversation = sum(
        got == item["lang"] or (is_ambiguous and got is None)
        for item, got, is_ambiguous in results) / len(results)
    print(f"\nblind language lines ({len(items)}, {len(ambiguous)} marked ambiguous):"
          f"\n  precision {precision:.3f} ({len(said)} decided)"
          f"\n  strict, unambiguous lines {strict_clear:.3f}; strict, all lines {strict_all:.3f}"
          f"\n  in conversation {in_conversation:.3f}")
    for item, got, is_ambiguous in results:
        if got != item["lang"]:
            print(f"  {'ambiguous ' if is_ambiguous else ''}{item['lang']} -> {got}: "
                  f"{item['text']!r}")
    # Never switching wrongly is what matters most: a None keeps the current language.
    # Measured 2026-12-02 after the leaning words (the set is dev data since): precision
    # 1.000 (381 decided), strict 0.997 / 0.953, in conversation 0.998.
    assert precision >= 0.995
    assert in_conversation >= 0.99
    assert strict_clear >= 0.99
    assert strict_all >= 0.95


def _nlu_texts(path: Path) -> list[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [line.strip()[2:] for block in data["nlu"]
            for line in block["examples"].splitlines() if line.strip().startswith("- ")]


@pytest.mark.parametrize("path, expected, key", [
    ("nlu_heldout.yml", "en", None),
    ("moves_heldout.yml", "en", None),
    ("roleplay_lines_heldout.yml", "en", "lines"),
    ("es/tips_heldout.yml", "es", "items"),
    ("es/roleplay_lines_heldout.yml", "es", "lines"),
])
def test_blind_sets_read_as_their_language(reader, path, expected, key):
    """Other blind sets, in one language each: every line reads as it, or as nothing."""
    if key is None:
        texts = _nlu_texts(DATA / path)
    else:
        texts = [item["text"] for item in yaml.safe_load((DATA / path).read_text())[key]]
    wrong = [(text, decided(reader, text)) for text in texts
             if decided(reader, text) not in (expected, None)]
    unsure = sum(reader.detect(text) is None for text in texts)
    print(f"\n{path}: {len(texts)} lines, {len(wrong)} read as another language, "
          f"{unsure} unsure: {wrong}")
    assert not wrong


@pytest.mark.parametrize("text, expected", [
    ("in Spanish please", "es"),
    ("Spanish please!", "es"),
    ("español", "es"),
    ("háblame en español", "es"),
    ("hablame en espanol porfa", "es"),
    ("¿Podemos seguir en español?", "es"),
    ("can we continue in spanish?", "es"),
    ("I'd prefer Spanish", "es"),
    ("switch to Spanish", "es"),
    ("english please", "en"),
    ("en inglés", "en"),
    ("en ingles por favor", "en"),
    ("can we speak English", "en"),
    ("Can you answer in English from now on?", "en"),
    ("prefiero inglés", "en"),
    ("mejor en inglés, gracias", "en"),
    ("Hola, ¿puedes hablarme en inglés?", "en"),
    ("ok, back to English", "en"),
])
def test_explicit_requests(reader, text, expected):
    assert reader.requested(text) == expected
    assert reader.is_request(text)
    assert language.next_language(text, current="es" if expected == "en" else "en") == expected


@pytest.mark.parametrize("text, expected", [
    ("In Spanish please, how do I answer a price objection?", "es"),
    ("how do I answer a price objection? in spanish please", "es"),
    ("Necesito ayuda con un cliente. En inglés, por favor.", "en"),
])
def test_request_inside_a_longer_message(reader, text, expected):
    assert reader.requested(text) == expected
    assert not reader.is_request(text)


@pytest.mark.parametrize("text", [
    "how do I say discount in Spanish?",
    "our brochure is only in English",
    "the customer speaks Spanish, how do I open the call?",
    "el cliente solo habla inglés, ¿qué hago?",
    "is the spanish market different?",
])
def test_naming_a_language_is_not_asking_for_it(reader, text):
    assert reader.requested(text) is None
    assert not reader.is_request(text)


def test_mentioned_language(reader):
    assert reader.mentioned("can u do spanish 4 me") == "es"
    assert reader.mentioned("english or spanish?") is None
    assert reader.mentioned("how do I close") is None


@pytest.mark.parametrize("current", ["en", "es"])
@pytest.mark.parametrize("text", ["ok", "420", "👍", "", "   ", "???", "Madrid", "no"])
def test_an_unsure_line_keeps_the_language(text, current):
    assert language.detect(text) is None
    assert language.next_language(text, current) == current


def test_clear_lines_switch():
    assert language.next_language("¿cómo respondo a un cliente que dice que es caro?", "en") == "es"
    assert language.next_language("how do I answer a customer who says it's expensive?",
                                  "es") == "en"
    assert language.next_language("gracias", "en") == "es"
    assert language.next_language("thanks", "es") == "en"
    assert language.next_language("ok", None) == "en"  # nothing known yet: the default


@pytest.mark.parametrize("text, expected", [
    # Leaning words decide a line of leaning and shared words alone...
    ("okay", "en"), ("hey", "en"), ("Hey!", "en"), ("stop", "en"), ("continue", "en"),
    ("k", "en"), ("hmm ok", "en"), ("fatal", "es"), ("ups", "es"),
    # ...and count for nothing beside any other evidence.
    ("hey, ¿qué tal?", "es"), ("okay, gracias", "es"), ("stop porfa", "es"), ("oh vale", "es"),
    ("fatal, thanks", "en"),
    # Leaning the other way: no decision.
    ("okay fatal", None), ("ok", None), ("oh", None),
    # Phrases of shared words, and "me" at the end of a line.
    ("no idea", "en"), ("ni idea", "es"), ("see ya", "en"), ("no idea, la verdad", "es"),
    ("email me", "en"), ("whatsapp me", "en"), ("me", None), ("me interesa", "es"),
    # Stretched chat words.
    ("siii", "es"), ("holaaa", "es"), ("sisi", "es"), ("jajajajaja", "es"), ("heyyy", "en"),
    ("thanksss", "en"), ("okkk", None), ("nooo", None), ("Google", None),
    # Spanish punctuation says Spanish even around shared words.
    ("¿ok?", "es"), ("¡ok!", "es"),
    # English words Spanish sales chat borrows tell nothing; the rest of the line does.
    ("feedback", None), ("dame feedback", "es"), ("feedback please", "en"),
    # English words Spanish chat borrows lean English alone, and yield to any other word.
    ("sorry", "en"), ("meeting", "en"), ("sorry pero no", "es"), ("no hay budget", "es"),
    ("el meeting", "es"), ("mi manager", "es"), ("my manager", "en"), ("team meeting", "en"),
    # A name after the first word is not read by the n-gram models (they read "Carlos" as
    # Spanish): the rest of the line decides.
    ("sorry Carlos", "en"), ("hey Carlos", "en"), ("hola Carlos", "es"), ("ok Juan", None),
    ("via email", None),
    # Month names are nearly always capitalised, so the lexicon left them out as names.
    ("June", "en"), ("junio", "es"),
    # Cognates a corpus leans one way name a thing, not a language.
    ("hotel", None), ("PDF", None),
])
def test_short_chat_lines(reader, text, expected):
    assert decided(reader, text) == expected


def test_a_quote_is_someone_elses_language(reader):
    assert reader.detect('the client told me "es demasiado caro para nosotros" and I froze') == "en"
    quoted = 'el cliente me dijo "that is way too expensive for us" y no supe qué decir'
    assert reader.detect(quoted) == "es"


@pytest.mark.parametrize("text", [
    "a" * 20000, "¿" * 20000, "hola " * 4000, "\x00\x01\x02" * 3000, "中文" * 5000,
    "你好，我想练习销售", "🙂" * 5000, "'" * 10000, '"' * 10000, "(" * 5000 + ")" * 5000,
    "en " * 7000, "in spanish " * 2000,
])
def test_bad_input_is_fast_and_safe(reader, text):
    start = time.perf_counter()
    result = decided(reader, text)
    reader.is_request(text)
    assert result in (None, *language.LANGUAGES)
    assert time.perf_counter() - start < 0.25


def test_non_text_is_nothing(reader):
    assert reader.detect(None) is None  # type: ignore[arg-type]
    assert reader.requested(None) is None  # type: ignore[arg-type]
    assert language.supported(" ES ") == "es" and language.supported("zh") is None
    assert language.supported(3) is None


def test_speed(reader):
    items, _ = blind_items()
    texts = [item["text"] for item in items]
    # CPU time: the machine is shared, and wall time would measure the other processes.
    start = time.process_time()
    for text in texts:
        decided(reader, text)
    per_line = (time.process_time() - start) / len(texts) * 1e6
    print(f"\n{per_line:.0f} µs CPU per line (request and detection), {len(texts)} blind lines")
    assert per_line < 2000  # generous: the machine is shared; measured ~60 µs quiet


def test_profiles_must_not_share_words(tmp_path):
    for code, words in (("en", "hello, vale"), ("es", "hola, vale")):
        (tmp_path / f"{code}.yml").write_text(
            f"language: {code}\nnames: [x{code}]\nwords: {words}\nrequests: ['in {{name}}']\n"
            "confirm: ok\nchoose: which?\nbutton: x\n")
    with pytest.raises(LanguageDataError, match="vale"):
        load_profiles(tmp_path)


@pytest.mark.parametrize("extra, match", [
    ("leaning: the\n", "leaning"),  # a chat word of its own file
    ("leaning: hola\n", "leaning"),  # a chat word of the other file
    ("shared: okay\nleaning: okay\n", "leaning"),
    ("phrases: no idea, idea\n", "2 to"),  # one word is a word, not a phrase
    ("phrases: 3\n", "phrases"),
])
def test_leaning_words_and_phrases_are_checked(tmp_path, extra, match):
    for code, words in (("en", "the"), ("es", "hola")):
        (tmp_path / f"{code}.yml").write_text(
            f"language: {code}\nnames: [x{code}]\nwords: {words}\nrequests: ['in {{name}}']\n"
            "confirm: ok\nchoose: which?\nbutton: x\n" + (extra if code == "en" else ""))
    with pytest.raises(LanguageDataError, match=match):
        load_profiles(tmp_path)


def test_profile_errors_are_named(tmp_path):
    (tmp_path / "en.yml").write_text("language: en\nnames: [english]\nwords: the\n"
                                     "requests: ['in (english']\n")
    with pytest.raises(LanguageDataError, match="en.yml"):
        load_profiles(tmp_path, ["en"])
    with pytest.raises(LanguageDataError, match="missing"):
        load_profiles(tmp_path, ["es"])


def test_lexicon_matches_the_installed_lookups():
    """The lexicon is generated (coach/language_lexicon.py); it names the data it came from."""
    from importlib import metadata

    header = (language.LEXICON_FILE.read_text(encoding="utf-8").splitlines() or [""])[0]
    assert f"spacy-lookups-data {metadata.version('spacy-lookups-data')}" in header
    lexicon = load_lexicon()
    assert len(lexicon) > 50000
    assert lexicon["presupuesto"][0] == "es" and lexicon["invoice"][0] == "en"
    assert "madrid" not in lexicon  # a name tells nothing about the writer
