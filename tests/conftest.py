"""Shared fixtures: project paths, the contract files, the trained model, and one pair of
real servers (Rasa + action server) for every HTTP and channel test of a run, on a fresh
progress database, with every channel on and Slack's and Microsoft's side played by
local fakes (tests/fakes.py)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

from coach.settings import PROJECT_ROOT
from tests import fakes
from tools.servers import CoachServers

ROOT = PROJECT_ROOT
# The project's own copy of the contract (docs/contract/, copied from ../shared/spec).
MANAGER_TOKEN = "manager-token-for-tests-7f3a"
SPEC_DIR = Path(os.environ.get("COACH_SPEC_DIR", ROOT / "docs" / "contract"))


@pytest.fixture(scope="session")
def topic_ids() -> list:
    path = SPEC_DIR / "topics.yml"
    assert path.exists(), f"the contract {path} is missing (set COACH_SPEC_DIR)"
    return [topic["id"] for topic in yaml.safe_load(path.read_text())["topics"]]


@pytest.fixture(scope="session")
def model_path() -> Path:
    """The trained model: $COACH_MODEL (set by ./run test) or the newest in models/."""
    configured = os.environ.get("COACH_MODEL")
    if configured:
        path = Path(configured)
    else:
        candidates = sorted((ROOT / "models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
        assert candidates, "no trained model in models/: run ./run train (or ./run test)"
        path = candidates[-1]
    assert path.exists(), f"model {path} not found: run ./run train"
    return path


@pytest.fixture(scope="session")
def fake_slack():
    server = fakes.FakeSlack()
    yield server
    server.close()


@pytest.fixture(scope="session")
def fake_microsoft():
    server = fakes.FakeMicrosoft()
    yield server
    server.close()


@pytest.fixture(scope="session")
def coach_db(tmp_path_factory) -> str:
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'coach.db'}"


@pytest.fixture(scope="session")
def coach(model_path, coach_db, fake_slack, fake_microsoft):
    servers = CoachServers(model=model_path, log_dir=ROOT / "results" / "server-logs", env={
        "COACH_DATABASE_URL": coach_db,
        "SLACK_BOT_TOKEN": fakes.SLACK_BOT_TOKEN,
        "SLACK_SIGNING_SECRET": fakes.SLACK_SIGNING_SECRET,
        "SLACK_API_URL": fake_slack.api_url,
        "TEAMS_APP_ID": fakes.TEAMS_APP_ID,
        "TEAMS_APP_PASSWORD": fakes.TEAMS_APP_PASSWORD,
        "TEAMS_TENANT_ID": fakes.TEAMS_TENANT_ID,
        "TEAMS_LOGIN_URL": fake_microsoft.url,
        "TEAMS_OPENID_METADATA_URL": fake_microsoft.metadata_url,
        # The manager pages (tests/manager/): a short failure window, so the rate-limit test
        # can show a 429 and then wait it out.
        "COACH_MANAGER_TOKEN": MANAGER_TOKEN,
        "COACH_MANAGER_MAX_FAILURES": "30",
        "COACH_MANAGER_FAILURE_WINDOW": "3",
    })
    try:
        servers.start()
        yield servers
    finally:
        servers.stop()


@pytest.fixture(scope="session")
def rules_only_es():
    """The Spanish taboo rules without the learned second opinion (coach/analyzer/learned.py)."""
    from coach.analyzer import TabooAnalyzer
    from coach.settings import load_settings

    settings = load_settings()
    return TabooAnalyzer.from_files(settings.spacy_pipeline_dir("es"),
                                    settings.taboo_rules_file("es"))
