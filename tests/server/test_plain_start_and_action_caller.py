"""Plain `rasa run actions` and `rasa run` start with nothing exported (Rasa's own docs way),
channels without secrets stay off, and the action server checks who calls it
(actions/caller_check.py through rasa_sdk_plugins/)."""

from __future__ import annotations

import asyncio
import subprocess
from pathlib import Path

import pytest
import requests
from rasa.utils.endpoints import read_endpoint_config

from actions.caller_check import TOKEN_HEADER
from tools.servers import ROOT, VENV_BIN, Process, free_port, wait_until_up

pytestmark = pytest.mark.server

TRACKER_CALL = {"next_action": "action_roleplay_progress", "sender_id": "someone-else",
                "tracker": {"sender_id": "someone-else", "slots": {}, "latest_message": {},
                            "events": []}, "domain": {}, "version": "3.6.21"}
# The block the launcher writes into each instance's endpoints file (unquoted: Rasa expands
# ${...} only in plain YAML scalars).
ACTION_ENDPOINT = """action_endpoint:
  url: "http://127.0.0.1:{port}/webhook"
  headers:
    X-Coach-Action-Token: ${{COACH_ACTION_TOKEN}}
"""


def _start(args, home: Path, log: Path, extra_env=None) -> Process:
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), **(extra_env or {})}  # nothing else
    popen = subprocess.Popen(args, cwd=ROOT, env=env, stdout=log.open("wb"),
                             stderr=subprocess.STDOUT, start_new_session=True)
    return Process(log.stem, popen, log)


def test_plain_rasa_run_with_nothing_exported(model_path, tmp_path):
    actions_port, rasa_port = free_port(), free_port()
    endpoints = tmp_path / "endpoints.yml"  # the repo's file, on a free port
    endpoints.write_text((ROOT / "endpoints.yml").read_text().replace("5055", str(actions_port)))
    actions = _start([str(VENV_BIN / "rasa"), "run", "actions", "--actions", "actions",
                      "--port", str(actions_port)], tmp_path, tmp_path / "actions.log")
    rasa = _start([str(VENV_BIN / "rasa"), "run", "--model", str(model_path), "--credentials",
                   "credentials.yml", "--endpoints", str(endpoints), "--port", str(rasa_port)],
                  tmp_path, tmp_path / "rasa.log")
    try:
        wait_until_up(f"http://127.0.0.1:{actions_port}/health", actions)
        wait_until_up(f"http://127.0.0.1:{rasa_port}/", rasa)
        base = f"http://127.0.0.1:{rasa_port}/webhooks"
        # The REST channel answers, through the action server (a progress report).
        replies = requests.post(f"{base}/rest/webhook", timeout=60,
                                json={"sender": "plain-run", "message": "how am I doing?"})
        assert replies.status_code == 200 and "role-play progress" in replies.json()[0]["text"]
        # Slack and Teams are off, and say which variables to set.
        slack = requests.post(f"{base}/slack/webhook", json={}, timeout=30)
        teams = requests.post(f"{base}/botframework/webhook", json={}, timeout=30)
        assert slack.status_code == 503 and "SLACK_BOT_TOKEN" in slack.text
        assert teams.status_code == 503 and "TEAMS_APP_ID" in teams.text
        # Without a token the action server only answers this machine, directly.
        webhook = f"http://127.0.0.1:{actions_port}/webhook"
        assert requests.post(webhook, json=TRACKER_CALL, timeout=30).status_code == 200
        proxied = requests.post(webhook, json=TRACKER_CALL, timeout=30,
                                headers={"X-Forwarded-For": "203.0.113.7"})
        assert proxied.status_code == 403 and "progress" not in proxied.text
    finally:
        rasa.stop()
        actions.stop()


def test_with_a_token_the_action_server_wants_what_rasa_sends(tmp_path, monkeypatch):
    port = free_port()
    actions = _start([str(VENV_BIN / "rasa"), "run", "actions", "--actions", "actions",
                      "--port", str(port)], tmp_path, tmp_path / "actions.log",
                     {"COACH_ACTION_TOKEN": "the-shared-secret"})
    try:
        wait_until_up(f"http://127.0.0.1:{port}/health", actions)
        webhook = f"http://127.0.0.1:{port}/webhook"
        for headers in ({}, {TOKEN_HEADER: "wrong"}, {TOKEN_HEADER: "the-shared-secre"}):
            refused = requests.post(webhook, json=TRACKER_CALL, headers=headers, timeout=30)
            assert refused.status_code == 403, headers
        assert requests.get(f"http://127.0.0.1:{port}/actions", timeout=30).status_code == 403
        # What Rasa reads from the endpoints block and sends with every action call.
        endpoints = tmp_path / "endpoints.yml"
        endpoints.write_text(ACTION_ENDPOINT.format(port=port))
        monkeypatch.setenv("COACH_ACTION_TOKEN", "the-shared-secret")
        endpoint = read_endpoint_config(str(endpoints), "action_endpoint")
        assert endpoint.headers == {TOKEN_HEADER: "the-shared-secret"}
        reply = asyncio.run(endpoint.request(json=TRACKER_CALL, method="post"))
        assert "role-play progress" in str(reply)
    finally:
        actions.stop()
