"""Issue 10's Spanish goals on the SECOND blind sets (tips and role-play lines), written on
2026-12-02 by people who saw no rules, no training data and no earlier labelled set, and
read by nobody who changed the coach. Measured on the morning's main and once after the
day's work (docs/languages.md, "The second blind sets"): the honest estimate for new text.
Never tune on them; the day their errors are read to change the coach they become dev data.

A goal not met is a strict expected failure (it fails loudly the day it is met); the floor
asserted is the measured figure less one line, so a regression fails.
"""

from __future__ import annotations

import pytest

from coach.settings import PROJECT_ROOT
from tests.nlu.test_roleplay_reading_accuracy import measure, parse  # noqa: F401 (fixture)
from tools.topic_eval import evaluate, print_report

TIPS = PROJECT_ROOT / "tests" / "data" / "es" / "tips_blind2.yml"
GOAL = 0.9
# 439 questions (52 out of scope): 0.843 before the day's work, 0.920 after, 0.941 after the
# evening's training lines (from the third blind set's errors, never from these); out-of-scope
# messages given a topic: 4, 2, then none (the goal).
TIPS_FLOOR = 0.935
# 198 lines, 27 kinds: 0.753 before, 0.889 after, 0.899 in the evening (goal 0.9, not met).
READING_FLOOR = 0.89


@pytest.fixture(scope="module")
def tips_report(model_path):
    report = evaluate(model_path, TIPS)
    print()
    print_report(report)
    return report


def test_spanish_tips_hold_their_measured_level(tips_report):
    assert tips_report["accuracy"] >= TIPS_FLOOR, tips_report["accuracy"]
    assert tips_report["accuracy"] >= GOAL  # the goal is met on this set


def test_no_spanish_out_of_scope_message_gets_a_topic(tips_report):
    assert not tips_report["out_of_scope_given_a_topic"]


def test_spanish_roleplay_lines_hold_their_measured_level(parse):  # noqa: F811
    accuracy, _, _, errors = measure(parse, "es/roleplay_lines_blind2", "es")
    assert accuracy >= READING_FLOOR, errors[:10]


@pytest.mark.xfail(strict=True, reason="issue 10's goal not met yet: 0.899 (2026-12-02)")
def test_spanish_roleplay_lines_reach_the_goal(parse):  # noqa: F811
    accuracy, _, _, _ = measure(parse, "es/roleplay_lines_blind2", "es")
    assert accuracy >= GOAL
