"""A title's dot ends no sentence: "Estimado Sr. Ruiz, la competencia no sabe lo que hace."
is one sentence, and a finding quotes it whole, not from "Ruiz, ..." (both languages; the
abbreviations are data, ``text.abbreviations`` in data/taboo_rules/<language>.yml)."""

from __future__ import annotations

import pytest

from coach.analyzer import analyzer_for
from tests.unit.language_cases import by_language

QUOTED_WHOLE = {"es": [
    ("Estimado Sr. Ruiz, la competencia no sabe lo que hace.", "badmouth_competitor"),
    ("Hable con la Sra. Vidal: su producto es una chapuza.", "badmouth_competitor"),
    ("Como le dijo el Dr. Gómez, está usted equivocado.", "argue"),
    ("Sres. de Apex, su producto es una chapuza.", "badmouth_competitor"),
    ("Ud. está equivocado, y se lo demuestro.", "argue"),
    ("Uds. deberían saber que la competencia no sabe lo que hace.", "badmouth_competitor"),
], "en": [
    ("Dear Mr. Chen, your competitor's product is junk.", "badmouth_competitor"),
    ("Hi Mrs. Li, you're wrong about our price.", "argue"),
    ("As Dr. Smith told you, you're wrong about our price.", "argue"),
    ("Ms. Fang, you're wrong about the delivery times.", "argue"),
]}


@pytest.mark.parametrize(("language", "text", "taboo"),
                         by_language(QUOTED_WHOLE, with_language=True))
def test_an_abbreviation_does_not_end_the_quoted_sentence(language, text, taboo):
    analysis = analyzer_for(language).analyze(text)
    quotes = {finding.taboo: finding.quote for finding in analysis.findings}
    assert quotes.get(taboo) == text, analysis.findings


@pytest.mark.parametrize(("language", "text", "quote"), by_language({
    "es": [("Hablé con el Sr. Ruiz. Su producto es una chapuza.",
            "Su producto es una chapuza."),
           ("Llame al Dr. Gómez.\nSu producto es una chapuza.", "Su producto es una chapuza.")],
    "en": [("I spoke to Mr. Chen. Their product is junk.", "Their product is junk."),
           ("Call Dr. Smith.\nTheir product is junk.", "Their product is junk.")],
}, with_language=True))
def test_a_full_stop_after_the_name_still_ends_the_sentence(language, text, quote):
    findings = analyzer_for(language).analyze(text).findings
    assert [finding.quote for finding in findings] == [quote], findings


def test_abbreviations_must_be_a_list_of_words():
    from coach.analyzer import AnalyzerError, TabooAnalyzer
    from coach.analyzer.rules import load_rules
    from coach.nlp import build_pipeline
    from coach.settings import load_settings

    rules = load_rules(load_settings().taboo_rules_file("en"))
    rules["text"] = {"abbreviations": "mr"}
    with pytest.raises(AnalyzerError, match="text.abbreviations"):
        TabooAnalyzer(build_pipeline("en"), rules)
