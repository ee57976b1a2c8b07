"""Role-play writes on SQLite and PostgreSQL: a turn and the finish in one unit of work, the
optimistic check on the turn position, concurrent writers, the 0002_roleplay migration."""

from __future__ import annotations

import threading

import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import create_engine, text

from coach.db import PROJECT_ROOT, Finish, SessionClosed, StaleSession, TurnRecord
from coach.roleplay.state import SessionState


def _start(repository, sender="t1"):
    state = SessionState("hesitant", "driver", "efax_service", 42, difficulty="hard")
    return repository.start_session(sender, "hesitant", "driver", "efax_service", 42, state,
                                    [TurnRecord(0, "coach", "scene", [], []),
                                     TurnRecord(0, "customer", "hello", [], [])],
                                    difficulty="hard")


def _line(text):
    return [TurnRecord(0, "trainee", text, [], []), TurnRecord(0, "customer", "Hm.", [], [])]


def test_the_last_turn_and_the_finish_are_written_together(repository):
    record = _start(repository)
    assert record.next_position == 2 and record.difficulty == "hard"
    state = SessionState.from_json({**record.state.to_json(), "outcome": "won",
                                    "next_step": "2026-12-10"})
    with pytest.raises(Exception):  # noqa: B017 (whatever the driver raises: nothing written)
        repository.play_turn(record.id, 2, _line("Thursday?"), state,
                             Finish("won", 80.0, {"bad": object()}, []))
    active = repository.active_session("t1")
    assert active is not None and active.next_position == 2 and active.state.outcome is None
    repository.play_turn(record.id, 2, _line("Thursday?"), state,
                         Finish("won", 80.0, {"taboos": {"points": 20}}, []))
    assert repository.active_session("t1") is None
    finished = repository.finished_sessions("t1")[0]
    assert (finished.status, finished.score, finished.next_step) == ("won", 80.0, "2026-12-10")
    assert finished.state.outcome == "won" and repository.scorecard(record.id)["score"] == 80.0
    assert len(repository.transcript(record.id)) == 4
    with pytest.raises(SessionClosed):
        repository.play_turn(record.id, 4, _line("again"), state)


def test_a_turn_read_at_an_old_position_is_refused_and_nothing_is_lost(repository):
    record = _start(repository)
    repository.play_turn(record.id, 2, _line("first"), record.state)
    with pytest.raises(StaleSession):
        repository.play_turn(record.id, 2, _line("second"), record.state)
    assert [t.text for t in repository.transcript(record.id)][2:] == ["first", "Hm."]


def test_concurrent_writers_of_one_position_one_wins_the_other_is_told(repository):
    record = _start(repository)
    barrier = threading.Barrier(2)
    outcomes = []

    def write(text):
        barrier.wait()
        try:
            repository.play_turn(record.id, 2, _line(text), record.state)
            outcomes.append("written")
        except StaleSession:
            outcomes.append("stale")

    threads = [threading.Thread(target=write, args=(t,)) for t in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["stale", "written"]
    assert len(repository.transcript(record.id)) == 4


def test_the_migration_gives_old_sessions_the_normal_difficulty(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    config = Config(str(PROJECT_ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_ROOT / "migrations"))
    config.set_main_option("sqlalchemy.url", url)
    config.attributes["configure_logger"] = False
    command.upgrade(config, "0001")
    engine = create_engine(url, future=True)
    with engine.begin() as connection:
        connection.execute(text("insert into trainees (id, sender_id, created_at) values "
                                "(1, 'old', '2026-11-01')"))
        connection.execute(text(
            "insert into roleplay_sessions (id, trainee_id, persona, style, scenario_id, seed, "
            "status, state, started_at) values (1, 1, 'hesitant', null, 'efax_service', 3, "
            "'active', '{\"persona\": \"hesitant\", \"turn\": 2}', '2026-11-01')"))
    command.upgrade(config, "heads")
    with engine.connect() as connection:
        row = connection.execute(text("select difficulty, next_step from roleplay_sessions"))
        assert row.one() == ("normal", None)
    engine.dispose()
