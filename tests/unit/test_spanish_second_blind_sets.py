"""Issue 10's Spanish goals on the blind drafts and one-line messages, written on 2026-12-02
by people who saw no rules and no earlier set: the second sets (morning), the fourth to
sixth drafts (evening, measured on e36a099 and at the end), read by nobody who changed
the coach (docs/languages.md, "The second blind sets", "The fourth blind sets"). Never tune
on them.

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


# (precision, recall) floors: the measured figures less about one item.
DRAFTS = {
    # 318 drafts: P 0.841 / R 0.624 in the morning, 0.902 / 0.751 after the day's rules,
    # 0.903 / 0.882 with the learned second opinion (never trained on them), 0.896 / 0.896
    # at its 0.6 threshold, 0.896 / 0.900 with more writers' examples.
    "drafts_blind2.yml": (0.89, 0.895),
    # 300: 0.811 / 0.652 on e36a099, 0.835 / 0.811, 0.833 / 0.861, 0.828 / 0.869.
    "drafts_blind4.yml": (0.82, 0.865),
    # 300: 0.800 / 0.677 on e36a099, 0.826 / 0.839, 0.824 / 0.850.
    "drafts_blind5.yml": (0.82, 0.845),
    # 300, written last: 0.797 / 0.595 on e36a099, 0.839 / 0.848 at the end.
    "drafts_blind6.yml": (0.835, 0.845),
}


@pytest.fixture(scope="module")
def taboo_reports():
    reports = {}
    for name in DRAFTS:
        reports[name] = evaluate(analyzer_for("es"), _load(name), draft=True)
        overall = reports[name]["overall"]
        print(f"\n{name}: P {overall['precision']:.3f} R {overall['recall']:.3f}")
    return reports


@pytest.mark.parametrize("name", sorted(DRAFTS))
def test_spanish_drafts_hold_their_measured_level(taboo_reports, name):
    precision, recall = DRAFTS[name]
    overall = taboo_reports[name]["overall"]
    assert overall["precision"] >= precision and overall["recall"] >= recall, overall


@pytest.mark.xfail(strict=True, reason="issue 10's goal not met yet: precision 0.82-0.90 and "
                   "recall 0.85-0.90 on the blind drafts (2026-12-02)")
@pytest.mark.parametrize("name", sorted(DRAFTS))
def test_spanish_drafts_reach_the_goal(taboo_reports, name):
    overall = taboo_reports[name]["overall"]
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
