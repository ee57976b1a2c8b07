"""The taboo analyzer on the labelled sets: precision and recall per taboo and overall.

Four labelled sets per kind, each written by someone who had not seen the rules:
*_dev (the rules were written from it), *_test and *_holdout (each measured blind
first, then used to broaden the rules), *_blind (measured blind, never used to
change a rule: its figures, printed by tools/taboo_eval.py, are the honest estimate for
new text; docs/quality.md, "Taboo analyzer").
Role-play lines also have *_round5: lines written by the rules' author while
broadening them for new wording (one or more per category of wording, and clean
close calls), so its figures are not an estimate for new text.
Every file is reported; the 0.9 thresholds apply to the union of all sets, per
taboo and overall.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.analyzer import TABOO_IDS, Context, TabooAnalyzer, expand, strip_quoted
from coach.settings import load_settings
from tools.taboo_eval import evaluate, load_items

DATA = Path(__file__).resolve().parents[1] / "data"
THRESHOLD = 0.90
SPLITS = ("dev", "test", "holdout", "blind")
SPLITS_OF = {"taboo_lines": SPLITS + ("round5",), "drafts": SPLITS}


@pytest.fixture(scope="module")
def analyzer() -> TabooAnalyzer:
    settings = load_settings()
    return TabooAnalyzer.from_files(settings.spacy_model_dir, settings.taboos_file)


def _report(name: str, report: dict) -> None:
    print(f"\n{name}: {report['items']} items, overall P {report['overall']['precision']:.3f}"
          f" R {report['overall']['recall']:.3f}")
    for taboo, scores in report["per_taboo"].items():
        print(f"  {taboo:<24} P {scores['precision']:.2f} R {scores['recall']:.2f}")


@pytest.mark.parametrize(("kind", "draft"), [("taboo_lines", False), ("drafts", True)])
def test_precision_and_recall_are_at_least_90_percent(analyzer, kind, draft):
    items = []
    for split in SPLITS_OF[kind]:
        path = DATA / f"{kind}_{split}.yml"
        split_items = load_items(path)
        _report(path.name, evaluate(analyzer, split_items, draft))
        items += split_items
    report = evaluate(analyzer, items, draft)
    _report(f"{kind} (all sets)", report)
    overall = report["overall"]
    assert overall["precision"] >= THRESHOLD and overall["recall"] >= THRESHOLD, overall
    for taboo in TABOO_IDS:
        scores = report["per_taboo"][taboo]
        assert scores["precision"] >= THRESHOLD and scores["recall"] >= THRESHOLD, (
            taboo, scores, [e for e in report["errors"] if taboo in e["expected"] + e["found"]])


def test_labelled_sets_are_big_enough_and_cover_every_taboo():
    lines = sum((load_items(DATA / f"taboo_lines_{s}.yml") for s in SPLITS_OF["taboo_lines"]), [])
    drafts = sum((load_items(DATA / f"drafts_{s}.yml") for s in SPLITS), [])
    assert len(lines) >= 150 and len(drafts) >= 80
    for items in (lines, drafts):
        clean = [i for i in items if not i["taboos"]]
        assert len(clean) >= 0.4 * len(items)
        assert {t for i in items for t in i["taboos"]} == set(TABOO_IDS)


def test_quoted_customer_text_is_not_the_salespersons():
    draft = ("Thanks, I'll check with logistics and reply by 4 pm.\n\n"
             "On Tue, 4 Jun 2024 at 10:12, Wang Lei <wang@example.com> wrote:\n"
             "> That's impossible. Your competitor is garbage too.")
    assert strip_quoted(draft) == "Thanks, I'll check with logistics and reply by 4 pm."
    assert strip_quoted("ok\n> you're wrong") == "ok"
    assert strip_quoted("ok\n-----Original Message-----\nFrom: x\nno way") == "ok"


def test_findings_quote_the_salespersons_own_sentence(analyzer):
    analysis = analyzer.analyze("Thanks for asking. That's out of the question, sorry.")
    assert analysis.taboos == ["refuse_on_spot"]
    assert analysis.findings[0].quote == "That's out of the question, sorry."
    assert "out of the question" in analysis.findings[0].evidence


def test_an_exact_price_is_fine_once_the_customer_is_qualified(analyzer):
    line = "It comes to 96,000 yuan including delivery."
    assert analyzer.analyze(line).taboos == ["premature_exact_price"]
    assert analyzer.analyze(line, context=Context(customer_qualified=True)).taboos == []


@pytest.mark.parametrize("text", ["", "   ", "🤝👍", "客户说太贵了", "\x00\x01", "a" * 20000,
                                  "$$$ 1,2,3 yuan yuan k k"])
def test_odd_input_never_crashes(analyzer, text):
    analysis = analyzer.analyze(text, draft=True)
    assert isinstance(analysis.taboos, list)


def test_phrase_expansion():
    assert expand("a {b|c d} e") == ["a b e", "a c d e"]
    assert expand("{|really} need") == ["need", "really need"]


@pytest.mark.parametrize(("draft", "taboos"), [
    # issue 15's own examples
    ("Our competitor is a joke, honestly.", ["badmouth_competitor"]),
    ("Dear Ms Li, the price is 4,850 per unit.", ["premature_exact_price"]),
    ("It's 280,000 and that's the final price.", ["premature_exact_price"]),
    # a figure with no currency that is a count, a time, a share or a phone number
    ("We have 3 price tiers and 2 years of support.", []),
    ("Our costs went down 5% last year.", []),
    ("We produce 500 units per month.", []),
    ("Shall we go through the quote on Thursday at 11?", []),
    ("Best,\nDarren Price\nM 07700 900456", []),
    # "at no cost" names no price; a price said is still one
    ("Your replacement arrives at 17.30 at no cost.", []),
    ("The price is 17.50.", ["premature_exact_price"]),
])
def test_competitors_and_bare_prices_are_read_by_what_the_sentence_says(analyzer, draft, taboos):
    assert analyzer.analyze(draft, draft=True).taboos == taboos


@pytest.mark.parametrize(("line", "taboos"), [
    # the season as a reason to start before it is a push, not an excuse
    ("Starting this month means your team stops losing orders before the busy season.", []),
    ("Our busy season starts in March, so starting now gives you time.", []),
    ("Sorry for the delay, it is our busy season.", ["make_excuses"]),
    ("Sorry, with the busy season we fell behind.", ["make_excuses"]),
])
def test_the_season_is_an_excuse_only_when_it_is_the_reason(analyzer, line, taboos):
    assert analyzer.analyze(line).taboos == taboos
