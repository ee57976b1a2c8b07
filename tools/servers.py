"""Start the action server and the Rasa HTTP server as child processes, and talk to them.

Used by the HTTP tests and the benchmark. Each server gets a free port on
127.0.0.1, its own log file, and is stopped (the whole process group) on exit.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Dict, List

import requests

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
AUTH_TOKEN = "test-token"
# credentials.yml reads these; empty keeps a channel off (as ./run does by default).
CHANNEL_VARIABLES = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "TEAMS_APP_ID",
                     "TEAMS_APP_PASSWORD", "TEAMS_TENANT_ID")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _environment(extra: Dict[str, str] | None = None) -> Dict[str, str]:
    env = {name: "" for name in CHANNEL_VARIABLES}
    env.update(os.environ)
    env.update({
        "RASA_TELEMETRY_ENABLED": "false",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
    })
    env.update(extra or {})
    return env


@dataclass
class Process:
    name: str
    popen: subprocess.Popen
    log: Path

    def stop(self) -> None:
        if self.popen.poll() is None:
            try:
                os.killpg(self.popen.pid, signal.SIGTERM)
                self.popen.wait(timeout=20)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait(timeout=10)


def start_process(name: str, args: List[str], log_dir: Path,
                  env: Dict[str, str] | None = None) -> Process:
    log_dir.mkdir(parents=True, exist_ok=True)
    log = log_dir / f"{name}.log"
    handle = open(log, "wb")  # noqa: SIM115 (stays open for the child; closed on exit)
    popen = subprocess.Popen(args, cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT,
                             env=_environment(env), start_new_session=True)
    return Process(name, popen, log)


def wait_until_up(url: str, process: Process, timeout: float = 180.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.popen.poll() is not None:
            raise RuntimeError(f"{process.name} exited early; see {process.log}:\n"
                               + process.log.read_text(errors="replace")[-3000:])
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{process.name} did not answer {url} within {timeout:.0f} s")


@dataclass
class CoachServers:
    """A running Rasa server (REST channel + HTTP API) with its action server."""

    model: Path
    log_dir: Path
    rasa_args: List[str] = field(default_factory=list)
    env: Dict[str, str] = field(default_factory=dict)
    rasa_port: int = 0
    actions_port: int = 0
    processes: List[Process] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    def start(self) -> CoachServers:
        self.start_actions()
        self.start_rasa()
        return self

    def start_actions(self) -> None:
        self.actions_port = self.actions_port or free_port()
        actions = start_process(
            "actions",
            [str(VENV_BIN / "rasa"), "run", "actions", "--actions", "actions",
             "--port", str(self.actions_port)],
            self.log_dir, self.env)
        self.processes.append(actions)
        wait_until_up(f"http://127.0.0.1:{self.actions_port}/health", actions)

    def start_rasa(self) -> None:
        self.rasa_port = self.rasa_port or free_port()
        endpoints = self.log_dir / "endpoints.yml"
        endpoints.write_text(
            f'action_endpoint:\n  url: "http://127.0.0.1:{self.actions_port}/webhook"\n')
        rasa = start_process(
            "rasa",
            [str(VENV_BIN / "rasa"), "run", "--model", str(self.model), "--enable-api",
             "--auth-token", AUTH_TOKEN, "--endpoints", str(endpoints),
             "--credentials", str(ROOT / "credentials.yml"), "--port", str(self.rasa_port),
             *self.rasa_args],
            self.log_dir, self.env)
        self.processes.append(rasa)
        wait_until_up(f"{self.url}/status?token={AUTH_TOKEN}", rasa)

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.stop()
        self.processes.clear()

    # -- talking to the coach ---------------------------------------------------------------

    def send(self, sender: str, text: str, timeout: float = 30.0) -> requests.Response:
        return requests.post(f"{self.url}/webhooks/rest/webhook",
                             json={"sender": sender, "message": text}, timeout=timeout)

    def say(self, sender: str, text: str) -> List[Dict[str, Any]]:
        response = self.send(sender, text)
        assert response.status_code == 200, (response.status_code, response.text[:500])
        return response.json()

    def tracker(self, sender: str) -> Dict[str, Any]:
        response = requests.get(f"{self.url}/conversations/{sender}/tracker",
                                params={"token": AUTH_TOKEN}, timeout=30)
        response.raise_for_status()
        return response.json()

    def slot(self, sender: str, name: str) -> Any:
        return self.tracker(sender)["slots"].get(name)


def new_sender(prefix: str = "trainee") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"
