"""Issue 10's Spanish goals on the blind sets (tips and role-play lines) written on
2026-12-02 by people who saw no rules, no training data and no earlier labelled set:

- ``*_blind2``: written in the morning, measured on the morning's main, after the day's work
  and in the evening (docs/languages.md, "The second blind sets"); their errors were printed
  once in the evening and never used to change the coach.
- ``*_blind4``: written in the evening, measured once on the session's starting commit
  (e36a099) and once on its end: the freshest estimate for new text ("The fourth blind sets").

Never tune on them; the day their errors are read to change the coach they become dev data.
A goal not met is a strict expected failure (it fails loudly the day it is met); the floor
asserted is the measured figure less about one item, so a regression fails.
"""

from __future__ import annotations

import pytest

from coach.settings import PROJECT_ROOT
from tests.nlu.test_roleplay_reading_accuracy import measure, parse  # noqa: F401 (fixture)
from tools.topic_eval import evaluate, print_report

DATA = PROJECT_ROOT / "tests" / "data" / "es"
GOAL = 0.9
# (accuracy floor, most out-of-scope messages that may get a topic)
TIPS = {
    # 439 questions (52 out of scope): 0.843 in the morning, 0.920 after the day's work, 0.941
    # after the evening's training lines; out of scope given a topic: 4, 2, then none.
    "tips_blind2": (0.935, 0),
    # 350 questions (50 out of scope): 0.880 on e36a099, 0.883 at the end; 2 and 2 given one.
    "tips_blind4": (0.877, 2),
}
TIPS_GOAL_MET = {"tips_blind2"}
# 198 lines, 27 kinds: 0.753, 0.889, 0.899. 200 lines, 24 kinds: 0.835, then 0.865.
READING = {"roleplay_lines_blind2": 0.89, "roleplay_lines_blind4": 0.86}


@pytest.fixture(scope="module")
def tips_reports(model_path):
    reports = {}
    for name in TIPS:
        reports[name] = evaluate(model_path, DATA / f"{name}.yml")
        print(f"\n{name}:")
        print_report(reports[name])
    return reports


@pytest.mark.parametrize("name", sorted(TIPS))
def test_spanish_tips_hold_their_measured_level(tips_reports, name):
    floor, most_given = TIPS[name]
    report = tips_reports[name]
    assert report["accuracy"] >= floor, report["accuracy"]
    given = report["out_of_scope_given_a_topic"]
    assert len(given) <= most_given, given


@pytest.mark.parametrize("name", [
    pytest.param(name, marks=[] if name in TIPS_GOAL_MET else pytest.mark.xfail(
        strict=True, reason="issue 10's goal not met yet on the fourth blind tips: 0.883, "
        "2 of 50 out-of-scope messages given a topic (2026-12-02)"))
    for name in sorted(TIPS)])
def test_spanish_tips_reach_the_goal(tips_reports, name):
    report = tips_reports[name]
    assert report["accuracy"] >= GOAL and not report["out_of_scope_given_a_topic"]


@pytest.mark.parametrize("name", sorted(READING))
def test_spanish_roleplay_lines_hold_their_measured_level(parse, name):  # noqa: F811
    accuracy, _, _, errors = measure(parse, f"es/{name}", "es")
    assert accuracy >= READING[name], errors[:10]


@pytest.mark.xfail(strict=True, reason="issue 10's goal not met yet: 0.899 and 0.865 on the "
                   "second and fourth blind lines (2026-12-02)")
@pytest.mark.parametrize("name", sorted(READING))
def test_spanish_roleplay_lines_reach_the_goal(parse, name):  # noqa: F811
    accuracy, _, _, _ = measure(parse, f"es/{name}", "es")
    assert accuracy >= GOAL
