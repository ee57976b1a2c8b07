"""The Spanish customer lines (data/roleplay/lines/es.yml): they load, keep every English bank
with room to spare, use the same placeholders, are written in Spanish (not copied, no English
left over) and are punctuated and built so that filling a placeholder reads as Spanish."""

from __future__ import annotations

import re
import string
from pathlib import Path

import pytest
import yaml

from coach.roleplay.content import (
    BANK_SPECS,
    PERSONA_IDS,
    STYLE_IDS,
    check_lines_file,
    load_content,
)
from tests.unit.test_roleplay_engine import random_session

ROOT = Path(__file__).resolve().parents[2]
LINES = ROOT / "data" / "roleplay" / "lines"

# Placeholders filled with a Spanish noun phrase that starts with an article or a possessive
# ("el servicio de fax electrónico", "la señora Wu", "mi duda sobre...", "el jueves 10 de
# diciembre"): after "a" or "de" they would give "a el" / "de el" instead of "al" / "del".
ARTICLE_LED = ("product", "competitor", "colleague", "concern", "case", "date", "proposed")
# {figure} may be a range, "de 3.000 a 5.000": after "de" it would read "de de 3.000".
NO_DE_BEFORE = ARTICLE_LED + ("figure",)
ENGLISH_LEAKS = (" the ", " you ", "i'm", "customer")


def _banks(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    banks = {}
    for dotted in BANK_SPECS:
        node = data
        for key in dotted.split("."):
            node = node.get(key) if isinstance(node, dict) else None
        banks[dotted] = node
    return banks


@pytest.fixture(scope="module")
def english():
    return _banks(LINES / "en.yml")


@pytest.fixture(scope="module")
def spanish():
    return _banks(LINES / "es.yml")


def _all_lines(banks):
    return [(path, line) for path, lines in banks.items() for line in lines or ()]


def _placeholders(line: str) -> set:
    return {name for _, name, _, _ in string.Formatter().parse(line) if name}


def _text(line: str) -> str:
    """The line without its placeholders: what was actually written in Spanish."""
    return re.sub(r"\{\w+\}", "", line)


def test_the_file_checks_clean_and_loads_as_spanish():
    assert check_lines_file(LINES / "es.yml") == []
    content = load_content(ROOT / "data" / "roleplay", "es")
    assert content.lines.language == "es"
    assert len(content.lines.bank("persona.lingering.drifts")) >= 10


def test_every_english_bank_exists_with_room_to_spare(english, spanish):
    for path, spec in BANK_SPECS.items():
        assert isinstance(english[path], list), path
        assert isinstance(spanish[path], list), f"{path}: missing in es.yml"
        # Two above the minimum: a session never runs a bank dry sooner than in English.
        assert len(spanish[path]) >= spec.minimum + 2, (path, len(spanish[path]))
        assert len(spanish[path]) >= len(english[path]) - 2, (path, len(spanish[path]))


def test_same_placeholder_sets_per_bank(english, spanish):
    for path in BANK_SPECS:
        used_en = set().union(*map(_placeholders, english[path]))
        used_es = set().union(*map(_placeholders, spanish[path]))
        assert used_es == used_en, path


def test_no_line_is_copied_from_english(english, spanish):
    english_lines = {line for _, line in _all_lines(english)}
    for path, line in _all_lines(spanish):
        if _text(line).strip():  # "{fact}" alone is the driver's bare answer in both
            assert line not in english_lines, (path, line)


def test_no_english_left_over(spanish):
    for path, line in _all_lines(spanish):
        padded = f" {_text(line).lower()} "
        for leak in ENGLISH_LEAKS:
            assert leak not in padded, (path, line, leak)


def test_lines_start_with_a_capital_or_an_opening_mark(spanish):
    for path, line in _all_lines(spanish):
        if line.startswith("{fact}"):
            continue  # the fact is a sentence of its own, capitalised in the scenario
        assert line[0].isupper() or line[0] in "¿¡", (path, line)
        # "¿el jueves?": the engine capitalises the first character only, so the word after
        # an opening mark must already be a capital.
        if line[0] in "¿¡":
            assert line[1].isupper() or line[1].isdigit() or line[1] == "{", (path, line)


@pytest.mark.parametrize("opening, closing", [("¿", "?"), ("¡", "!")])
def test_question_and_exclamation_marks_are_balanced(spanish, opening, closing):
    for path, line in _all_lines(spanish):
        depth = 0
        for char in line:
            depth += char == opening
            depth -= char == closing
            assert depth >= 0, (path, line)  # a "?" with no "¿" before it
        assert depth == 0, (path, line)


def test_article_led_placeholders_never_open_a_line_nor_follow_a_or_de(spanish):
    article_led = "|".join(ARTICLE_LED + ("offer",))
    opening = re.compile(rf"^[¿¡]?\{{(?:{article_led})\}}")
    no_de = "|".join(NO_DE_BEFORE)
    contraction = re.compile(rf"\b(?:a|de)\s+\{{(?:{no_de})\}}", re.IGNORECASE)
    # A placeholder after a full stop would start a sentence in lower case ("... . el jueves").
    mid_sentence = re.compile(r"[.!?]\s+\{(?!fact\})\w+\}")
    for path, line in _all_lines(spanish):
        assert not opening.search(line), (path, line)
        assert not contraction.search(line), (path, line)
        assert not mid_sentence.search(line), (path, line)


def test_no_two_lines_of_a_bank_start_alike(spanish):
    """A session never sounds like a template (the rule the English banks follow)."""
    for path, lines in spanish.items():
        starts = [" ".join(re.findall(r"\{\w+\}|\w+", line.lower())[:2]) for line in lines]
        repeated = {start for start in starts if starts.count(start) > 1}
        assert not repeated, (path, repeated)


def test_lines_are_short_spoken_turns(spanish):
    for path, line in _all_lines(spanish):
        sentences = re.findall(r"[.!?…]+(?=\s|$)", _text(line).replace("...", "…"))
        assert len(sentences) <= 3, (path, line)
        assert len(line) <= 200, (path, line)


def test_long_sessions_on_the_spanish_banks_never_repeat_a_line():
    """The Spanish banks are deep enough for the engine's never-twice rule, in every persona."""
    content = load_content(ROOT / "data" / "roleplay", "es")
    openings = [line.split("{")[0] for persona in PERSONA_IDS
                for line in content.lines.bank(f"openings.{persona}")]
    scenarios = sorted(content.scenarios)
    for seed in range(60):
        state = random_session(content, seed, PERSONA_IDS[seed % 3], STYLE_IDS[seed % 4],
                               scenarios[seed % len(scenarios)], turns=24, difficulty="easy")
        said = " ".join(state.said)
        assert len(state.said) == len(set(state.said)), seed
        assert "{" not in said and "}" not in said, seed
        assert any(opening in said for opening in openings), seed  # spoken from es.yml
