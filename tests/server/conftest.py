"""One pair of real servers (Rasa + action server) for all HTTP tests of a run, on a fresh
progress database."""

from pathlib import Path

import pytest

from tools.servers import CoachServers

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def coach_db(tmp_path_factory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'coach.db'}"


@pytest.fixture(scope="session")
def coach(model_path, coach_db):
    servers = CoachServers(model=model_path, log_dir=ROOT / "results" / "server-logs",
                           env={"COACH_DATABASE_URL": coach_db})
    try:
        servers.start()
        yield servers
    finally:
        servers.stop()
