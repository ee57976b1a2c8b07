"""One pair of real servers (Rasa + action server) for all HTTP tests of a run."""

from pathlib import Path

import pytest

from tools.servers import CoachServers

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="session")
def coach(model_path):
    servers = CoachServers(model=model_path, log_dir=ROOT / "results" / "server-logs")
    try:
        servers.start()
        yield servers
    finally:
        servers.stop()
