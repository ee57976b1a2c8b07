"""Issue 10's Spanish goals on the blind drafts and one-line messages, written on 2026-12-02
by people who saw no rules and no earlier set.

The second, fourth, fifth and sixth drafts sets were measured, then (as the third before
them) added to the learned second opinion's examples (data/taboo_rules/examples/es/):
more writers' drafts moved the fresh sets more than any rule did. ``drafts_blind7`` was
written last, by a writer who saw none of them, and measured once at the session's start
and once at its end (docs/taboos.md): never tune on it. On 2026-12-03 two more writers wrote
``drafts_blind8`` (measured once, then read and added to the examples: dev data now) and
``drafts_blind9`` (measured on the session's start and end, never read: the estimate). That
afternoon a third writer's ``drafts_blind12`` (260, weighted to the weakest ids) was measured
once (P 0.868 / R 0.917), read and added to the examples as well. On 2026-12-04 two more
writers wrote ``drafts_blind10`` (measured on the session's start, P 0.919 / R 0.912, then
read and added to the examples) and ``drafts_blind11`` (measured on the session's start and
end, never read: the estimate).

The floor is the measured figure less about one item, so a regression fails.
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
    # 300 drafts: P 0.858 / R 0.835 on 95f24fa, 0.929 / 0.912 at the end.
    # 0.945 / 0.927 after the rules' fixes and blind8's examples (2026-12-03).
    # 0.941 / 0.927 with blind12's examples (2026-12-03, afternoon); 0.938 / 0.938 with
    # blind10's (2026-12-04).
    "drafts_blind7.yml": (0.935, 0.92),
    # 300 drafts written 2026-12-03: P 0.859 / R 0.892 on 054beac, 0.903 / 0.900 at the end,
    # 0.908 / 0.912 with blind12's examples; 0.908 / 0.915 with blind10's (2026-12-04).
    "drafts_blind9.yml": (0.90, 0.905),
    # 300 drafts written 2026-12-04, never read: P 0.918 / R 0.946 on the session's start
    # (8b4fc0a), 0.922 / 0.958 with blind10's examples and the rules' fixes.
    "drafts_blind11.yml": (0.915, 0.95),
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
