"""Issue 10's Spanish goals on the SECOND blind sets (drafts and one-line messages), written
on 2026-12-02 by people who saw no rules and no earlier set, read by nobody who changed the
coach (docs/languages.md, "The second blind sets"). Never tune on them.

A goal not met is a strict expected failure; the floor is the measured figure, so a
regression fails.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from coach import language
from coach.analyzer import analyzer_for
from tools.taboo_eval import evaluate

DATA = Path(__file__).resolve().parents[1] / "data" / "es"
GOAL = 0.9


def _load(name: str) -> list[dict]:
    return yaml.safe_load((DATA / name).read_text(encoding="utf-8"))["items"]


@pytest.fixture(scope="module")
def taboo_report():
    report = evaluate(analyzer_for("es"), _load("drafts_blind2.yml"), draft=True)
    overall = report["overall"]
    print(f"\ndrafts_blind2: P {overall['precision']:.3f} R {overall['recall']:.3f}")
    return report


def test_spanish_drafts_hold_their_measured_level(taboo_report):
    # 318 drafts: P 0.841 / R 0.624 before the day's work, P 0.902 / R 0.751 after; with the
    # learned second opinion (trained without them, 2026-12-02 evening) P 0.898 / R 0.878.
    overall = taboo_report["overall"]
    assert overall["precision"] >= 0.89 and overall["recall"] >= 0.87, overall


@pytest.mark.xfail(strict=True, reason="issue 10's goal not met yet: P 0.898 / R 0.878 on "
                   "the second blind drafts (2026-12-02)")
def test_spanish_drafts_reach_the_goal(taboo_report):
    overall = taboo_report["overall"]
    assert overall["precision"] >= GOAL and overall["recall"] >= GOAL, overall


def test_language_detection_on_one_line_messages():
    # 420 lines (22 marked ambiguous by the writer): strict 0.977 before, 0.992 after;
    # precision 0.995 on the 402 decided (2 wrong switches).
    reader = language.reader()
    items = _load("language_lines_blind2.yml")
    results = [(item, reader.requested(item["text"]) or reader.detect(item["text"]))
               for item in items]
    said = [(item, got) for item, got in results if got is not None]
    precision = sum(got == item["lang"] for item, got in said) / len(said)
    clear = [(item, got) for item, got in results if not item.get("ambiguous")]
    strict = sum(got == item["lang"] for item, got in clear) / len(clear)
    print(f"\nlanguage_lines_blind2: strict {strict:.3f}, precision {precision:.3f}")
    assert strict >= 0.98 and precision >= 0.99
