"""The launcher's settings, files and secrets (tools/servers.py, tools/cli.py)."""

from __future__ import annotations

import stat

import pytest
import yaml
from rasa.core.lock_store import InMemoryLockStore, LockStore
from rasa.core.tracker_store import SQLTrackerStore, TrackerStore
from rasa.core.utils import AvailableEndpoints

from coach.settings import PROJECT_ROOT, SPACY_PIPELINE
from tools import cli
from tools.servers import (
    ACTION_TOKEN_HEADER,
    LOCK_STORE_CLASS,
    ServeSettings,
    SettingsError,
    kept_secret,
    write_endpoints,
)


def test_settings_follow_the_deploy_contract(monkeypatch):
    for name in ("RASA_PORT", "ACTIONS_PORT", "COACH_BIND_HOST", "RASA_AUTH_TOKEN",
                 "COACH_REDIS_URL", "SANIC_WORKERS", "COACH_TRACKER_STORE_URL"):
        monkeypatch.delenv(name, raising=False)
    settings = ServeSettings.from_environment()
    assert (settings.rasa_port, settings.actions_port, settings.workers) == (5005, 5055, 1)
    assert settings.bind_host == "127.0.0.1" and settings.auth_token is None
    assert settings.tracker_store_url == f"sqlite:///{PROJECT_ROOT / 'var' / 'tracker.db'}"
    monkeypatch.setenv("RASA_PORT", "6001")
    assert ServeSettings.from_environment().run_dir == PROJECT_ROOT / "var" / "run" / "6001"


@pytest.mark.parametrize(("variables", "message"), [
    ({"SANIC_WORKERS": "2"}, "COACH_REDIS_URL"),
    ({"SANIC_WORKERS": "0", "COACH_REDIS_URL": "redis://x"}, "at least 1"),
    ({"RASA_PORT": "fifty"}, "RASA_PORT"),
])
def test_settings_that_cannot_work_are_refused(monkeypatch, variables, message):
    monkeypatch.delenv("COACH_REDIS_URL", raising=False)
    for name, value in variables.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError, match=message):
        ServeSettings.from_environment()


def test_a_kept_secret_is_private_and_stable(tmp_path):
    path = tmp_path / "var" / "auth-token"
    token = kept_secret(path)
    assert len(token) >= 40 and kept_secret(path) == token
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_each_instance_gets_its_own_endpoints_file(tmp_path):
    first = write_endpoints(tmp_path / "6001" / "endpoints.yml", 6101,
                            f"sqlite:///{tmp_path}/t.db", "")
    second = write_endpoints(tmp_path / "6002" / "endpoints.yml", 6102,
                             "postgresql://coach@db/coach", "redis://r:6379/0")
    one, two = (yaml.safe_load(p.read_text()) for p in (first, second))
    assert one["action_endpoint"]["url"] == "http://127.0.0.1:6101/webhook"
    assert one["action_endpoint"]["headers"] == {ACTION_TOKEN_HEADER: "${COACH_ACTION_TOKEN}"}
    assert "lock_store" not in one  # one process: Rasa's in-memory lock store
    assert two["lock_store"] == {"type": LOCK_STORE_CLASS, "url": "redis://r:6379/0"}
    assert two["tracker_store"] == {"type": "SQL", "url": "postgresql://coach@db/coach"}


def test_plain_rasa_run_reads_the_committed_endpoints(tmp_path, monkeypatch):
    # From the project root, as Rasa's docs say; var/ exists in every clone (var/.gitignore).
    assert (PROJECT_ROOT / "var" / ".gitignore").exists()
    (tmp_path / "var").mkdir()
    monkeypatch.chdir(tmp_path)
    endpoints = AvailableEndpoints.read_endpoints(str(PROJECT_ROOT / "endpoints.yml"))
    assert endpoints.action.url == "http://127.0.0.1:5055/webhook"
    assert isinstance(LockStore.create(endpoints.lock_store), InMemoryLockStore)
    store = TrackerStore.create(endpoints.tracker_store)
    assert isinstance(store, SQLTrackerStore)
    assert (tmp_path / "var" / "tracker.db").exists()


def test_config_yml_names_the_pipeline_the_launcher_builds():
    config = yaml.safe_load((PROJECT_ROOT / "config.yml").read_text())
    spacy = next(step for step in config["pipeline"] if step["name"] == "SpacyNLP")
    assert spacy["model"] == str(SPACY_PIPELINE)


def test_the_model_name_changes_with_the_training_data(tmp_path, monkeypatch):
    before = cli.model_fingerprint()
    assert before == cli.model_fingerprint() and len(before) == 16
    monkeypatch.setattr(cli, "MODEL_INPUTS", (*cli.MODEL_INPUTS, "README.md"))
    assert cli.model_fingerprint() != before


def test_pass_through_commands_keep_their_arguments(monkeypatch):
    seen = {}
    monkeypatch.setitem(cli.COMMANDS, "test", lambda args: seen.setdefault("rest", args.rest)
                        and 0)
    cli.main(["test", "-k", "replicas", "-x"])
    assert seen["rest"] == ["-k", "replicas", "-x"]


def test_a_token_that_starts_with_a_dash_reaches_rasa_intact(tmp_path):
    """secrets.token_urlsafe() starts with "-" about once in 64 tokens."""
    from rasa.__main__ import create_argument_parser

    from tools.servers import CoachServers

    servers = CoachServers(model=tmp_path / "model.tar.gz", log_dir=tmp_path,
                           auth_token="-Yy3token", rasa_port=6001, actions_port=6002)
    args = create_argument_parser().parse_args(servers.rasa_command()[1:])
    assert args.auth_token == "-Yy3token"
