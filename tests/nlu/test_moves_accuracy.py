"""Sales moves read from held-out trainee lines (tests/data/moves_heldout.yml), the way a
role-play reads them: among the move intents only."""

import asyncio
import json

from coach.roleplay_requests import read_moves
from coach.settings import PROJECT_ROOT
from tools.nlu_eval import _quiet_logs, load_examples

ROOT = PROJECT_ROOT
REQUIRED = 0.85


def test_moves_are_read_right_at_least_85_percent_of_the_time(model_path):
    from rasa.core.agent import Agent

    _quiet_logs()
    pairs = [(t, e) for t, e in load_examples(ROOT / "tests" / "data" / "moves_heldout.yml")
             if e.startswith("move_")]

    async def read_all():
        agent = Agent.load(str(model_path))
        results = []
        for text, _ in pairs:
            parsed = await agent.parse_message(text)
            results.append(read_moves(parsed["intent"]["name"], parsed["intent_ranking"]))
        return results

    results = asyncio.run(read_all())
    right = sum(bool(moves) and moves[0] == expected[len("move_"):]
                for (_, expected), moves in zip(pairs, results))
    accuracy = right / len(pairs)
    errors = [{"text": t, "expected": e, "read": m} for (t, e), m in zip(pairs, results)
              if not m or m[0] != e[len("move_"):]]
    (ROOT / "results").mkdir(exist_ok=True)
    (ROOT / "results" / "moves_heldout.json").write_text(
        json.dumps({"accuracy": round(accuracy, 4), "examples": len(pairs), "errors": errors},
                   indent=2))
    print(f"\nheld-out move accuracy (role-play reading): {accuracy:.3f} on {len(pairs)}")
    assert accuracy >= REQUIRED, errors[:10]
