"""Issue 10's Spanish goals on the blind sets (tips and role-play lines) written on
2026-12-02 by people who saw no rules, no training data and no earlier labelled set:

- ``*_blind2``: written in the morning, measured on the morning's main, after the day's work
  and in the evening (docs/languages.md, "The second blind sets"); their errors were printed
  once in the evening and never used to change the coach.
- ``*_blind4``: written in the evening, measured on the session's starting commit (e36a099),
  after the third sets' tuning and after two more writers' training data, never read.
- ``*_blind5``: measured on e36a099, after one more round of writers' data and at the end.
- ``*_blind6``: written last, measured once on e36a099 and once at the end, never read:
  the estimate for new text (docs/languages.md, "The third to sixth blind sets").
- ``tips_blind8`` and ``tips_blind9`` (2026-12-03): blind8 measured once and read (dev data
  now), blind9 measured at the session's start and end and never read, until its one
  out-of-scope message given a topic was printed that afternoon (dev data now).
- ``tips_blind10`` to ``tips_blind15`` (2026-12-03, afternoon; 95 to 140 out-of-scope messages
  each, most with sales words): 10, 11, 13 and 14 measured and then read (dev data); 15
  measured on the session's starting model, once more, and at the end, never read: the
  estimate, until its one out-of-scope message given a topic was printed on 2026-12-04 (dev
  data now).
- ``tips_blind16`` and ``tips_blind18`` (2026-12-04; 140 out-of-scope messages each, about
  50 with sales words): 16 measured on the session's starting model and read (dev data);
  18 measured on the starting model and at the end, never read, until its one miss was
  printed in the evening (dev data now).
- ``tips_blind19`` (2026-12-04, evening; 140 out-of-scope messages, about half of them
  naming a customer, a price or a visit): measured on the evening's starting model (2aadc31)
  and at the end, never read: the estimate. ``tips_blind20`` (same day; 200 out of scope):
  dev data from the start.

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
    # after the evening's training lines, 0.959 and 0.970 with more writers' training data;
    # out of scope given a topic: 4, 2, 0, 1, 1.
    "tips_blind2": (0.98, 0),  # 0.986 and 0 after dev8/dev10's data (their errors read)
    # 350 (50 out of scope): 0.880 on e36a099, 0.883, 0.917, 0.940; given a topic 2, 2, 1, 1.
    "tips_blind4": (0.945, 0),  # 0.951 and 1 on 2026-12-02 evening (errors read); 0.954, 0;
    # 0.951, 0 after 2026-12-03 afternoon's out-of-scope lines
    # 350 (50): 0.831 on e36a099 (4 given a topic), 0.889 (3), 0.923 (1).
    "tips_blind5": (0.925, 0),  # 0.929 and 0 (errors read)
    # 350 (50), written last: measured once on e36a099 (0.803, 4) and once at the end (0.937, 4).
    "tips_blind6": (0.945, 0),  # 0.946 and 1 (errors read: dev data now); 0.951, 0
    # 350 (50), written last by a writer who saw none of the others: 0.949 (1) on 95f24fa,
    # 0.963 (0) at the end; never read. 0.966 (0) on 2026-12-03.
    "tips_blind7": (0.96, 0),
    # 2026-12-03, 360 each (60 out of scope, 44 and 45 of them with sales words), written blind
    # by two more writers. blind8: 0.961 (3 given a topic) on 054beac, then read (dev data):
    # 0.972 (1). blind9: 0.958 (1) on 054beac and 0.972 (1) at the end, never read.
    # 2026-12-03 afternoon, after out-of-scope lines for the classes blind9 to 13 showed:
    # blind8 0.975 (0), blind9 0.975 (0).
    "tips_blind8": (0.97, 0),
    "tips_blind9": (0.97, 0),
    # 360 each (95 out of scope, 76 and 73 with sales words): blind10 0.992 (1 given a topic)
    # and blind11 0.994 (1) at first, then read: 1.000 (0) and 1.000 (0).
    "tips_blind10": (0.995, 0),
    "tips_blind11": (0.995, 0),
    # 299 (140 out of scope, 116 with sales words): 0.980 (4) on the session's starting model,
    # 0.987 (2) when first measured, then read: 0.997 (1: a pasted "mándame la factura en XML",
    # read as the quick-to-agree customer's "mándame el contrato").
    # 2026-12-04, after the day's lines: 0.993 (2: the XML one, and "estoy muy estresado con
    # los objetivos... ¿qué puedo hacer?", read as needs discovery at 0.19).
    # 2026-12-04 evening, after 790 more out-of-scope lines and the near-tie rule: 0.993 (1).
    "tips_blind13": (0.99, 1),
    # 246 (140 out of scope, 114 with sales words): 0.996 (1) on the session's starting model
    # and 0.996 (1) later, then read ("Zoom me corta la reunión...": video-call tools): 1.000 (0).
    "tips_blind14": (0.995, 0),
    # 246 (140 out of scope, 116 with sales words): 0.976 (4 given a topic) on the
    # session's starting model, 0.988 (1) at the end; 0.988 (1) on 2026-12-04's start, then
    # read (a margin sum: "si compro a 70 y vendo a 100 el margen es 30% o 42%?"): 0.996 (0).
    "tips_blind15": (0.99, 0),
    # 250 (140 out of scope, 49 with sales words): 0.968 (8 given a topic, all at 0.17-0.44)
    # on 2026-12-04's starting model (8b4fc0a), then read: 0.988 (3); 1.000 (0) in the
    # evening (790 more out-of-scope lines by two writers, the near-tie rule).
    "tips_blind16": (0.995, 0),
    # 250 (140 out of scope, about 50 with sales words), never read: 0.996 (1) on 8b4fc0a and
    # 0.996 (1) at the end; 1.000 (0) in the evening, when its one miss was printed (dev data).
    "tips_blind18": (0.995, 0),
    # 250 (140 out of scope, written to deceive: about half name a customer, a price or a
    # visit), never read: 0.968 (8 given a topic) on 2026-12-04's evening start (2aadc31),
    # 0.984 (4) after 790 more out-of-scope lines by two other writers and the near-tie rule.
    # 0.988 (3) after the 25 lines that blind20 asked for (the coach asked about itself, the
    # rep's symptoms before meetings).
    "tips_blind19": (0.985, 3),
    # 260 (200 out of scope, 126 naming a customer, a price or a visit), a dev set from the
    # start: 0.965 (9 given a topic) on 2aadc31, 0.992 (2) after the 790 lines, read ("¿tienes
    # sentimientos?" as the driver style, "palpitaciones... antes de las reuniones" as rambling),
    # then 1.000 (0).
    "tips_blind20": (0.995, 0),
}
# Lines: blind2 (198) 0.753, 0.889, 0.899, 0.919, 0.924; blind4 (200) 0.835, 0.865, 0.915,
# 0.915; blind5 (200) 0.850, 0.915, 0.910; blind6 (200) 0.865 on e36a099, 0.945 at the end.
# blind2 0.909 on 2026-12-04's evening: "Si mañana tuviera que elegir, ¿con quién se quedaría?"
# is out of scope at the top after 790 more out-of-scope lines (blind6 0.945 -> 0.940, heldout
# 0.955 -> 0.964 the same evening).
READING = {"roleplay_lines_blind2": 0.905,  # 0.914 after the out-of-scope data
            "roleplay_lines_blind4": 0.91,
           "roleplay_lines_blind5": 0.905, "roleplay_lines_blind6": 0.94}


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


@pytest.mark.parametrize("name", sorted(TIPS))
def test_spanish_tips_reach_the_accuracy_goal(tips_reports, name):
    assert tips_reports[name]["accuracy"] >= GOAL


_STILL_GIVEN = pytest.mark.xfail(strict=True, reason="issue 10's goal not met here: an "
                                 "out-of-scope message or a few of 140 still get a topic "
                                 "(2026-12-04)")


@pytest.mark.parametrize("name", [
    pytest.param(name, marks=_STILL_GIVEN) if TIPS[name][1] else name for name in sorted(TIPS)])
def test_no_spanish_out_of_scope_message_gets_a_topic(tips_reports, name):
    assert not tips_reports[name]["out_of_scope_given_a_topic"]


@pytest.mark.parametrize("name", sorted(READING))
def test_spanish_roleplay_lines_hold_their_measured_level(parse, name):  # noqa: F811
    accuracy, _, _, errors = measure(parse, f"es/{name}", "es")
    assert accuracy >= READING[name], errors[:10]


@pytest.mark.parametrize("name", sorted(READING))
def test_spanish_roleplay_lines_reach_the_goal(parse, name):  # noqa: F811
    accuracy, _, _, _ = measure(parse, f"es/{name}", "es")
    assert accuracy >= GOAL
