"""The role-play reading measured on lines labelled by someone who saw no rules and no
training data (tests/data/roleplay_lines_*.yml; never trained on), and the sales moves of
the older held-out set (tests/data/moves_heldout.yml), read the way a role-play reads them.

Per-kind figures are printed and written to results/roleplay_reading_<set>.json.
"""

from __future__ import annotations

import asyncio
import datetime
import json
from collections import Counter
from pathlib import Path

import pytest
import yaml

from coach.roleplay.reading import MOVE_PREFIX, read
from tools.nlu_eval import _quiet_logs, load_examples

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
# The target: 0.9 overall on the held-out lines. Measured: 0.721 first, 0.867 after
# the first round, 0.918 after more varied training lines and the rule fixes (dates 22/26,
# exact/range 19/20). Dates and the price split are floors under those.
REQUIRED = 0.9
REQUIRED_DATES = 0.8
REQUIRED_PRICE_SPLIT = 0.9
# tests/data/moves_heldout.yml: 0.933 with the old move reading (coach/roleplay_requests);
# 0.958 now. At least as well as before.
REQUIRED_MOVES = 0.933


@pytest.fixture(scope="module")
def parse(model_path):
    from rasa.core.agent import Agent

    _quiet_logs()
    agent = Agent.load(str(model_path))

    def parse_all(texts):
        async def run():
            return [await agent.parse_message(text) for text in texts]

        return asyncio.run(run())

    return parse_all


def measure(parse, name: str, language: str = "en"):
    """Accuracy per kind on tests/data/roleplay_lines_<name>.yml (``name`` may be a path
    under tests/data, "es/roleplay_lines_heldout"), read in ``language``."""
    path = DATA / (f"{name}.yml" if "/" in name else f"roleplay_lines_{name}.yml")
    labelled = yaml.safe_load(path.read_text())
    today = labelled["today"]
    lines = labelled["lines"]
    parsed = parse([line["text"] for line in lines])
    totals, right, errors = Counter(), Counter(), []
    dates = [0, 0]
    prices = [0, 0]
    for line, nlu in zip(lines, parsed):
        reading = read(line["text"], nlu["intent"]["name"], nlu["intent_ranking"], today,
                       language)
        totals[line["kind"]] += 1
        if reading.label() == line["kind"]:
            right[line["kind"]] += 1
        else:
            errors.append({"text": line["text"], "expected": line["kind"],
                           "read": reading.label(), "intent": nlu["intent"]["name"]})
        if "date" in line:
            dates[1] += 1
            meant = line["date"] if isinstance(line["date"], datetime.date) \
                else datetime.date.fromisoformat(str(line["date"]))
            if reading.date == meant:
                dates[0] += 1
            else:
                errors.append({"text": line["text"], "expected_date": str(meant),
                               "read_date": str(reading.date)})
        if "price" in line:
            prices[1] += 1
            split = None if reading.price is None else (
                "range" if reading.price.is_range else "exact")
            if split == line["price"]:
                prices[0] += 1
            else:
                errors.append({"text": line["text"], "expected_price": line["price"],
                               "read_price": split})
    accuracy = sum(right.values()) / len(lines)
    per_kind = {kind: round(right[kind] / totals[kind], 3) for kind in sorted(totals)}
    report = {"accuracy": round(accuracy, 4), "lines": len(lines), "per_kind": per_kind,
              "dates": f"{dates[0]}/{dates[1]}", "prices": f"{prices[0]}/{prices[1]}",
              "errors": errors}
    (ROOT / "results").mkdir(exist_ok=True)
    stem = name.replace("/", "_")
    (ROOT / "results" / f"roleplay_reading_{stem}.json").write_text(json.dumps(report, indent=2))
    print(f"\nrole-play reading ({name}): {accuracy:.3f} on {len(lines)} lines; "
          f"dates {dates[0]}/{dates[1]}; exact/range {prices[0]}/{prices[1]}")
    for kind, value in per_kind.items():
        print(f"  {kind:30} {value:.3f}  ({right[kind]}/{totals[kind]})")
    return accuracy, dates, prices, errors


def test_heldout_lines_are_read_right_per_kind(parse):
    accuracy, dates, prices, errors = measure(parse, "heldout")
    assert accuracy >= REQUIRED, errors[:15]
    assert dates[0] >= REQUIRED_DATES * dates[1], [e for e in errors if "expected_date" in e]
    assert prices[0] >= REQUIRED_PRICE_SPLIT * prices[1], \
        [e for e in errors if "expected_price" in e]


def test_older_heldout_moves_are_read_at_least_as_well_as_before(parse):
    pairs = [(t, e) for t, e in load_examples(DATA / "moves_heldout.yml")
             if e.startswith(MOVE_PREFIX)]
    parsed = parse([text for text, _ in pairs])
    today = datetime.date(2026, 12, 1)
    readings = [read(text, nlu["intent"]["name"], nlu["intent_ranking"], today)
                for (text, _), nlu in zip(pairs, parsed)]
    # The set labels each line by its move; a line that is also a price or a date still
    # makes the move.
    right = sum(expected[len(MOVE_PREFIX):] in reading.moves[:1] or (
        expected in ("roleplay_move_range_quote", "roleplay_move_propose_timeline",
                     "roleplay_move_ask_budget")
        and expected[len(MOVE_PREFIX):] in reading.moves)
        for (_, expected), reading in zip(pairs, readings))
    accuracy = right / len(pairs)
    print(f"\nheld-out moves (role-play reading): {accuracy:.3f} on {len(pairs)}")
    assert accuracy >= REQUIRED_MOVES
