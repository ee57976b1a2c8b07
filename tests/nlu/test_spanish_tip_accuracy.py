"""Spanish tip questions on the blind held-out set (tests/data/es/tips_heldout.yml, written
by someone who saw no rules or training data; never trained on): the model names the right
topic for at least 90%, and out-of-scope questions (topic null) get no topic.

The goal is that none of the 40 out-of-scope questions gets a topic; measured 2026-12-02,
one still does (a sales-adjacent ask), so the test holds that line at one and says so.

The 0.9 goal is not met yet: measured 0.897 (2026-12-02), 10 questions taken for draft
reviews by the request detector. The floor below is the measured figure; the goal is kept as
a strict expected failure that fails loudly the day it is met (then make it the floor)."""

import json

import pytest

from coach.settings import PROJECT_ROOT
from tools.topic_eval import evaluate, print_report

REQUIRED_ACCURACY = 0.89  # measured floor; goal 0.90 (below)
GOAL_ACCURACY = 0.90
MAX_OUT_OF_SCOPE_WITH_A_TOPIC = 1  # goal: 0 (not met yet; docs/tips.md)
HELDOUT = PROJECT_ROOT / "tests" / "data" / "es" / "tips_heldout.yml"


def test_spanish_heldout_topic_accuracy_holds_its_measured_floor(model_path):
    report = evaluate(model_path, HELDOUT)
    out = PROJECT_ROOT / "results" / "es_tips_heldout.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print()
    print_report(report)  # every miss, by topic
    print(f"report in {out}")
    given = report["out_of_scope_given_a_topic"]
    assert len(given) <= MAX_OUT_OF_SCOPE_WITH_A_TOPIC, given
    assert report["accuracy"] >= REQUIRED_ACCURACY, (
        f"accuracy {report['accuracy']:.3f} < {REQUIRED_ACCURACY}")


@pytest.mark.xfail(strict=True, reason="goal not met yet: 0.897 measured on 2026-12-02")
def test_spanish_heldout_topic_accuracy_reaches_the_goal(model_path):
    assert evaluate(model_path, HELDOUT)["accuracy"] >= GOAL_ACCURACY
