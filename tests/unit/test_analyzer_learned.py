"""The analyzer's learned second opinion on drafts (coach/analyzer/learned.py): what it adds,
where it stays out, and its data checked at load time."""

from __future__ import annotations

import dataclasses

import pytest
import yaml

from coach.analyzer import AnalyzerError, analyzer_for
from coach.analyzer.learned import LearnedOpinion, LearnedSettings, load_examples, parse_learned
from coach.analyzer.rules import load_rules
from coach.settings import load_settings


@pytest.fixture(scope="module")
def spanish():
    return analyzer_for("es")


# Written for this test (not in any labelled set): a wording of each taboo the rules do not
# list, in an otherwise polite draft.
MISSED_BY_THE_RULES = [
    ("Buenas tardes, Lorena. Con nuestro sistema no vas a volver a tener una sola incidencia, "
     "te lo firmo. Le paso la ficha técnica.", "exaggerate", "una sola incidencia"),
]


@pytest.mark.parametrize(("draft", "taboo", "words"), MISSED_BY_THE_RULES)
def test_it_adds_what_the_rules_miss_and_quotes_the_likeliest_sentence(spanish, rules_only_es,
                                                                      draft, taboo, words):
    assert taboo not in rules_only_es.analyze(draft, draft=True).taboos
    analysis = spanish.analyze(draft, draft=True)
    assert taboo in analysis.taboos
    found = next(finding for finding in analysis.findings if finding.taboo == taboo)
    assert words in found.quote and found.quote in draft and "ficha" not in found.quote
    assert draft[found.start:found.end].strip() == found.quote


def test_it_stays_out_of_role_play_turns_and_english(spanish):
    line = MISSED_BY_THE_RULES[0][0]
    assert spanish.analyze(line).taboos == []  # a role-play turn: the rules' score alone
    assert analyzer_for("en").learned is None


@pytest.mark.parametrize("draft", [
    "Hola Lorena, te confirmo la visita del martes a las 10. Llevo la ficha técnica impresa.",
    "Entiendo que Ferrovial Tec tenga buen precio; le cuento en qué nos diferenciamos nosotros.",
    "Le pido disculpas por el retraso, fue un error nuestro: mañana a primera hora lo tiene.",
    "", "   ", "🙂🙂🙂", "\x00\x01", "/review{\"x\": [}", "x" * 5000, "sí " * 2000,
])
def test_clean_close_calls_and_odd_input_stay_clean(spanish, draft):
    assert not spanish.learned.flagged(draft)
    if len(draft) < 200:
        assert spanish.analyze(draft, draft=True).taboos == []


def test_a_sure_no_withdraws_the_rules_finding_on_drafts_only(spanish, rules_only_es):
    # Written for this test: a plain refusal the rules flag, as draft and as role-play turn.
    line = "No, eso no lo hacemos, no insista."
    assert "refuse_on_spot" in rules_only_es.analyze(line, draft=True).taboos
    probability = spanish.learned.verdicts(line)["refuse_on_spot"]
    strict = dataclasses.replace(spanish.learned.settings, withdraw_below=probability + 1e-6,
                                 threshold=1.1)  # and adds nothing
    saved, spanish.learned.settings = spanish.learned.settings, strict
    try:
        assert "refuse_on_spot" not in spanish.analyze(line, draft=True).taboos
        assert "refuse_on_spot" in spanish.analyze(line).taboos  # the rules' score alone
    finally:
        spanish.learned.settings = saved
    assert "refuse_on_spot" in spanish.analyze(line, draft=True).taboos


def test_beside_a_rules_finding_an_added_taboo_needs_the_higher_bar(spanish, rules_only_es):
    # Written for this test: the rules find the excuse; whatever the model says of the others,
    # it adds one only from threshold_beside_findings, not from the lower threshold.
    draft = "El retraso fue culpa del transportista y de mi compañero, que estaba de baja."
    assert rules_only_es.analyze(draft, draft=True).taboos == ["make_excuses"]
    verdicts = spanish.learned.verdicts(draft)
    others = {taboo: p for taboo, p in verdicts.items() if taboo != "make_excuses"}
    settings = spanish.learned.settings
    assert settings.beside_findings > settings.threshold
    top = max(others, key=others.get)
    lenient = dataclasses.replace(settings, threshold_beside_findings=0.0,
                                  threshold=others[top] - 1e-6)
    saved, spanish.learned.settings = settings, lenient
    try:
        assert top in spanish.analyze(draft, draft=True).taboos  # at the lower bar: added
        spanish.learned.settings = dataclasses.replace(
            lenient, threshold_beside_findings=min(0.999, others[top] + 1e-6))
        assert top not in spanish.analyze(draft, draft=True).taboos
    finally:
        spanish.learned.settings = saved


def test_the_same_examples_always_give_the_same_verdicts():
    settings = load_settings()
    examples = load_examples(settings.taboo_examples_dir("es"))
    learned = parse_learned(load_rules(settings.taboo_rules_file("es")))
    texts = [text for text, _ in examples[:40]]
    first = LearnedOpinion(examples, learned, str.lower).probabilities(texts)
    again = LearnedOpinion(list(examples), learned, str.lower).probabilities(texts)
    assert first == again


@pytest.mark.parametrize(("section", "message"), [
    ("nope", "learned: expected a mapping"),
    ({"taboos": []}, "learned.taboos"),
    ({"taboos": ["shouting"]}, "learned.taboos"),
    ({"taboos": ["argue"], "threshold": 0.2}, "learned.threshold"),
    ({"taboos": ["argue"], "threshold": "high"}, "learned.threshold"),
    ({"taboos": ["argue"], "c": 0}, "learned.c"),
    ({"taboos": ["argue"], "threshold": 0.45, "withdraw_below": 0.5}, "learned.withdraw_below"),
    ({"taboos": ["argue"], "withdraw_below": -0.1}, "learned.withdraw_below"),
    ({"taboos": ["argue"], "threshold": 0.6, "threshold_beside_findings": 0.5},
     "learned.threshold_beside_findings"),
    ({"taboos": ["argue"], "threshold_beside_findings": 1.0}, "learned.threshold_beside_findings"),
])
def test_a_bad_learned_section_is_a_clear_error(section, message):
    with pytest.raises(AnalyzerError, match=message):
        parse_learned({"learned": section})


def test_bad_examples_are_clear_errors(tmp_path):
    with pytest.raises(AnalyzerError, match="no taboo examples"):
        load_examples(tmp_path)
    (tmp_path / "a.yml").write_text(yaml.safe_dump({"items": [{"text": "hola", "taboos": ["x"]}]}))
    with pytest.raises(AnalyzerError, match="item 1: unknown taboo ids"):
        load_examples(tmp_path)
    (tmp_path / "a.yml").write_text("items: [{text: hola}]")
    with pytest.raises(AnalyzerError, match="item 1: expected a text and a taboos list"):
        load_examples(tmp_path)
    (tmp_path / "a.yml").write_text("items: [unclosed")
    with pytest.raises(AnalyzerError, match="cannot load taboo examples"):
        load_examples(tmp_path)
    few = [("hola", frozenset({"argue"}))] * 3 + [("adiós", frozenset())] * 20
    with pytest.raises(AnalyzerError, match="too few examples of 'argue'"):
        LearnedOpinion(few, LearnedSettings(("argue",)), str.lower)
