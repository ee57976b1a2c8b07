"""The progress repository on SQLite and PostgreSQL: migrations, sessions, turns, history."""

from __future__ import annotations

import subprocess
import sys

import pytest

from coach.db import TurnRecord
from coach.settings import PROJECT_ROOT

ROOT = PROJECT_ROOT


def _start(repository, sender="trainee-1", persona="hesitant"):
    return repository.start_session(sender, persona, "driver", "efax_service", 42,
                                    {"turn": 0, "taboos": []},
                                    [TurnRecord(0, "coach", "scene", [], []),
                                     TurnRecord(0, "customer", "hello", [], [])])


def test_a_session_keeps_every_turn_in_order_with_its_state(repository):
    record = _start(repository)
    repository.record_turns(record.id, [
        TurnRecord(0, "trainee", "What holds you back?\x00", ["probe_reason"], []),
        TurnRecord(0, "customer", "The budget.", [], [])], {"turn": 1, "taboos": []})
    repository.record_turns(record.id, [
        TurnRecord(0, "trainee", "You're wrong.", [], ["argue"])], {"turn": 2, "taboos": ["argue"]})
    turns = repository.transcript(record.id)
    assert [t.position for t in turns] == [0, 1, 2, 3, 4]
    assert [t.speaker for t in turns] == ["coach", "customer", "trainee", "customer", "trainee"]
    assert turns[2].text == "What holds you back?" and turns[2].moves == ["probe_reason"]
    assert turns[4].taboos == ["argue"]
    active = repository.active_session("trainee-1")
    assert active.id == record.id and (active.state.turn, active.state.taboos) == (2, ["argue"])


def test_finishing_stores_the_scorecard_and_history_lists_it(repository):
    record = _start(repository)
    repository.finish_session(record.id, "won", 81.5, {"taboos": {"points": 20}},
                              [{"text": "x", "topic": "customer_hesitant"}],
                              {"turn": 3, "taboos": [], "outcome": "won"})
    assert repository.active_session("trainee-1") is None
    history = repository.finished_sessions("trainee-1")
    assert [(h.status, h.score) for h in history] == [("won", 81.5)]
    assert repository.scorecard(record.id)["advice"][0]["topic"] == "customer_hesitant"
    with pytest.raises(ValueError):
        repository.record_turns(record.id, [], {})


def test_a_new_session_ends_the_one_left_running(repository):
    first = _start(repository)
    second = _start(repository, persona="lingering")
    assert repository.active_session("trainee-1").id == second.id != first.id
    assert repository.finished_sessions("trainee-1") == []  # ended without a scorecard


def test_trainees_are_kept_apart(repository):
    _start(repository, sender="slack:U1")
    _start(repository, sender="slack:U2")
    assert repository.trainees() == ["slack:U1", "slack:U2"]
    assert repository.active_session("slack:U3") is None


def test_migrations_run_from_the_command_line(tmp_path):
    url = f"sqlite:///{tmp_path / 'cli.db'}"
    result = subprocess.run([sys.executable, "-m", "coach", "migrate"], cwd=ROOT,
                            env={"COACH_DATABASE_URL": url, "PATH": "/usr/bin:/bin",
                                 "PYTHONPATH": str(ROOT)},
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-2000:]
    import sqlite3

    tables = {row[0] for row in sqlite3.connect(tmp_path / "cli.db").execute(
        "select name from sqlite_master where type='table'")}
    assert {"trainees", "roleplay_sessions", "turns", "scorecards", "alembic_version"} <= tables


def test_the_tip_form_is_kept_per_trainee_and_can_change(repository):
    assert repository.tip_form("trainee-1") is None
    repository.set_tip_form("trainee-1", "full")
    repository.set_tip_form("trainee-2", "short")
    assert repository.tip_form("trainee-1") == "full"
    repository.set_tip_form("trainee-1", "short")
    assert repository.tip_form("trainee-1") == repository.tip_form("trainee-2") == "short"
    assert set(repository.trainees()) == {"trainee-1", "trainee-2"}
