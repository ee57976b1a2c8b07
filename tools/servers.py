"""Start, wait for and stop the coach's servers: written once, used by every command.

``./run start``, ``./run serve``, ``./run bench`` and the tests all start the
action server and the Rasa server through ``CoachServers``. This module also
holds what every child process gets in its environment (``environment()``), the
deployment settings of ``docs/contract/deploy.md`` (``ServeSettings``), the
generated endpoints file of each instance, and Rasa's HTTP API token.

Each instance writes its runtime files (endpoints, logs) under its own folder,
``var/run/<RASA_PORT>/`` for ``./run serve``, so two instances in one checkout
never read each other's.
"""

from __future__ import annotations

import os
import secrets
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
import yaml
from sqlalchemy.engine import make_url

from actions.caller_check import TOKEN_HEADER as ACTION_TOKEN_HEADER
from coach.settings import PROJECT_ROOT, load_settings, var_dir

ROOT = PROJECT_ROOT
VENV_BIN = Path(sys.executable).parent
AUTH_TOKEN = "test-token"  # the tests' and the benchmark's token (their servers are private)
LOCK_STORE_CLASS = "stores.redis_lock_store.AtomicRedisLockStore"
# credentials.yml reads these; empty keeps a channel off.
CHANNEL_VARIABLES = ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "TEAMS_APP_ID",
                     "TEAMS_APP_PASSWORD", "TEAMS_TENANT_ID")
# Rasa's public side (every channel, the HTTP API) takes at most 1 MB a request
# (Sanic's default is 100 MB). The action server only hears Rasa on loopback and
# gets the whole tracker of a session with each call, so it keeps a roomier cap.
RASA_REQUEST_MAX_SIZE = 1_000_000
ACTIONS_REQUEST_MAX_SIZE = 16_000_000


class SettingsError(ValueError):
    """A deployment setting that cannot work; the message says which and why."""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def environment(extra: Dict[str, str] | None = None) -> Dict[str, str]:
    """The environment of every process the coach starts (servers, training, tests)."""
    env = {name: "" for name in CHANNEL_VARIABLES}
    env.update(os.environ)
    env.update({
        "RASA_TELEMETRY_ENABLED": "false",
        "TF_CPP_MIN_LOG_LEVEL": "2",
        "SQLALCHEMY_SILENCE_UBER_WARNING": "1",
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), env.get("PYTHONPATH")])),
    })
    # rasa_sdk binds the action server to SANIC_HOST (its default is 0.0.0.0).
    env.setdefault("SANIC_HOST", "127.0.0.1")
    env.update(extra or {})
    return env


# -- deployment settings (docs/contract/deploy.md) ------------------------------------------------


def _int_setting(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError:
        raise SettingsError(f"{name}={value!r} is not a whole number") from None


def check_workers(workers: int, redis_url: str) -> None:
    if workers < 1:
        raise SettingsError(f"SANIC_WORKERS={workers}: at least 1 worker is needed")
    if workers > 1 and not redis_url:
        raise SettingsError(
            f"SANIC_WORKERS={workers} needs COACH_REDIS_URL: without Redis each worker keeps "
            "its own lock store, and two messages of one trainee would run at once "
            "(Rasa would silently fall back to 1 worker). Set COACH_REDIS_URL=redis://host:6379/0 "
            "or SANIC_WORKERS=1.")


@dataclass(frozen=True)
class ServeSettings:
    """What one ``./run serve`` instance listens on and shares with other instances."""

    rasa_port: int
    actions_port: int
    bind_host: str
    database_url: str
    tracker_store_url: str
    redis_url: str
    workers: int
    auth_token: str | None  # None: generate or read the one kept under var/

    @classmethod
    def from_environment(cls) -> ServeSettings:
        coach = load_settings()
        settings = cls(
            rasa_port=_int_setting("RASA_PORT", 5005),
            actions_port=_int_setting("ACTIONS_PORT", 5055),
            bind_host=os.environ.get("COACH_BIND_HOST", "").strip() or "127.0.0.1",
            database_url=coach.database_url,
            tracker_store_url=coach.tracker_store_url,
            redis_url=coach.redis_url,
            workers=_int_setting("SANIC_WORKERS", 1),
            auth_token=os.environ.get("RASA_AUTH_TOKEN", "").strip() or None,
        )
        check_workers(settings.workers, settings.redis_url)
        return settings

    @property
    def run_dir(self) -> Path:
        return var_dir() / "run" / str(self.rasa_port)


def kept_secret(path: Path) -> str:
    """A secret kept in ``path`` (made once, readable by its owner only).

    Created with O_EXCL, so two instances starting together agree on one value.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        for _ in range(50):  # the other instance may be writing it right now
            token = path.read_text().strip()
            if token:
                return token
            time.sleep(0.05)
        raise SettingsError(f"{path} is empty: delete it and start again") from None
    token = secrets.token_urlsafe(32)
    with os.fdopen(fd, "w") as handle:
        handle.write(token + "\n")
    return token


def auth_token_file() -> Path:
    return var_dir() / "auth-token"


def action_token_file() -> Path:
    """The action server's shared secret (actions/caller_check.py checks it on every call)."""
    return var_dir() / "action-token"


def kept_auth_token() -> str:
    return kept_secret(auth_token_file())


def tracker_store_config(url: str) -> Dict[str, Any]:
    """Rasa's SQLTrackerStore for a SQLAlchemy URL (Rasa takes a full URL as ``url``)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database:
        # SQLTrackerStore retries forever when the file's folder is missing.
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    return {"type": "SQL", "url": url}


def write_endpoints(path: Path, actions_port: int, tracker_store_url: str,
                    redis_url: str) -> Path:
    """The endpoints file of one instance: its action server, tracker and lock store.

    The action server's secret is named, not written: Rasa expands
    ``${COACH_ACTION_TOKEN}`` from its environment when it reads the file.
    """
    config: Dict[str, Any] = {
        "action_endpoint": {"url": f"http://127.0.0.1:{actions_port}/webhook",
                            "headers": {ACTION_TOKEN_HEADER: "${COACH_ACTION_TOKEN}"}},
        "tracker_store": tracker_store_config(tracker_store_url),
    }
    if redis_url:
        config["lock_store"] = {"type": LOCK_STORE_CLASS, "url": redis_url}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("# Written by tools/servers.py for this instance; do not edit.\n"
                    + yaml.safe_dump(config, sort_keys=False))
    return path


# -- processes ------------------------------------------------------------------------------------


@dataclass
class Process:
    name: str
    popen: subprocess.Popen
    log: Path | None

    def stop(self) -> None:
        if self.popen.poll() is None:
            try:
                os.killpg(self.popen.pid, signal.SIGTERM)
                self.popen.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.popen.pid, signal.SIGKILL)
                self.popen.wait(timeout=10)
            except ProcessLookupError:
                pass

    def tail(self, characters: int = 3000) -> str:
        if self.log is None or not self.log.exists():
            return "(output on the terminal)"
        return self.log.read_text(errors="replace")[-characters:]


def start_process(name: str, args: List[str], log_dir: Path | None,
                  env: Dict[str, str] | None = None) -> Process:
    """Start a child in its own process group; its output goes to ``log_dir/name.log``
    (or to this terminal when ``log_dir`` is None)."""
    log = None
    handle = None
    if log_dir is not None:
        log_dir.mkdir(parents=True, exist_ok=True)
        log = log_dir / f"{name}.log"
        handle = open(log, "wb")  # noqa: SIM115 (stays open for the child; closed on exit)
    popen = subprocess.Popen(args, cwd=ROOT, stdout=handle, stderr=subprocess.STDOUT,
                             env=environment(env), start_new_session=True)
    return Process(name, popen, log)


def wait_until_up(url: str, process: Process, timeout: float = 180.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.popen.poll() is not None:
            raise RuntimeError(f"{process.name} exited early; see {process.log}:\n"
                               + process.tail())
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{process.name} did not answer {url} within {timeout:.0f} s")


@dataclass
class CoachServers:
    """A running Rasa server (every channel + the HTTP API) with its action server.

    ``run_dir`` holds this instance's endpoints file, its logs and, unless a URL
    is given, its SQLite tracker store. ``env`` is added to every process's
    environment (``COACH_DATABASE_URL``, ``COACH_REDIS_URL``, ``SANIC_WORKERS``...).
    """

    model: Path
    log_dir: Path
    rasa_args: List[str] = field(default_factory=list)
    env: Dict[str, str] = field(default_factory=dict)
    rasa_port: int = 0
    actions_port: int = 0
    bind_host: str = "127.0.0.1"
    auth_token: str = AUTH_TOKEN
    action_token: str = field(default_factory=lambda: secrets.token_urlsafe(32))
    tracker_store_url: str | None = None
    # Loading a model takes 20-30 s here, minutes for a DIET/TED model on a busy machine.
    startup_timeout: float = 180.0
    processes: List[Process] = field(default_factory=list)

    @classmethod
    def for_settings(cls, model: Path, settings: ServeSettings,
                     rasa_args: List[str] | None = None) -> CoachServers:
        return cls(model=model, log_dir=settings.run_dir, rasa_args=list(rasa_args or []),
                   env={"COACH_DATABASE_URL": settings.database_url,
                        "COACH_REDIS_URL": settings.redis_url,
                        "SANIC_WORKERS": str(settings.workers)},
                   rasa_port=settings.rasa_port, actions_port=settings.actions_port,
                   bind_host=settings.bind_host,
                   auth_token=settings.auth_token or kept_auth_token(),
                   action_token=os.environ.get("COACH_ACTION_TOKEN", "").strip()
                   or kept_secret(action_token_file()),
                   tracker_store_url=settings.tracker_store_url)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    @property
    def redis_url(self) -> str:
        return self.env.get("COACH_REDIS_URL", os.environ.get("COACH_REDIS_URL", "")).strip()

    def start(self) -> CoachServers:
        self.start_actions()
        self.start_rasa()
        return self

    def migrate(self) -> None:
        """The progress database's schema, once, before any server uses it."""
        from coach.db import migrate

        url = self.env.get("COACH_DATABASE_URL") or load_settings().database_url
        migrate(url)

    def start_actions(self) -> None:
        self.migrate()
        self.actions_port = self.actions_port or free_port()
        env = {"SANIC_REQUEST_MAX_SIZE": str(ACTIONS_REQUEST_MAX_SIZE), **self.env,
               "COACH_ACTION_TOKEN": self.action_token}
        env.pop("SANIC_WORKERS", None)  # Rasa's workers; rasa_sdk has its own variable
        actions = start_process(
            "actions",
            [str(VENV_BIN / "rasa"), "run", "actions", "--actions", "actions",
             "--port", str(self.actions_port)],
            self.log_dir, env)
        self.processes.append(actions)
        wait_until_up(f"http://127.0.0.1:{self.actions_port}/health", actions)

    def rasa_command(self) -> List[str]:
        self.rasa_port = self.rasa_port or free_port()
        workers = int(self.env.get("SANIC_WORKERS", os.environ.get("SANIC_WORKERS", "1")) or 1)
        check_workers(workers, self.redis_url)
        tracker_url = self.tracker_store_url or f"sqlite:///{self.log_dir / 'tracker.db'}"
        endpoints = write_endpoints(self.log_dir / "endpoints.yml", self.actions_port,
                                    tracker_url, self.redis_url)
        return [str(VENV_BIN / "rasa"), "run", "--model", str(self.model),
                # "=" form: a generated token may start with "-", which argparse would
                # take for an option
                "--enable-api", f"--auth-token={self.auth_token}",
                "--endpoints", str(endpoints), "--credentials", str(ROOT / "credentials.yml"),
                "--interface", self.bind_host, "--port", str(self.rasa_port), *self.rasa_args]

    def start_rasa(self, log_to_terminal: bool = False) -> Process:
        env = {"SANIC_REQUEST_MAX_SIZE": os.environ.get("SANIC_REQUEST_MAX_SIZE")
               or str(RASA_REQUEST_MAX_SIZE), **self.env, "COACH_ACTION_TOKEN": self.action_token}
        rasa = start_process("rasa", self.rasa_command(),
                             None if log_to_terminal else self.log_dir, env)
        self.processes.append(rasa)
        wait_until_up(f"{self.url}/status?token={self.auth_token}", rasa, self.startup_timeout)
        return rasa

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
                                params={"token": self.auth_token}, timeout=30)
        response.raise_for_status()
        return response.json()

    def slot(self, sender: str, name: str) -> Any:
        return self.tracker(sender)["slots"].get(name)


def sender_headers(sender: str) -> Dict[str, str]:
    """What a REST client behind a proxy (nginx) sends to speak as ``sender`` (channels/rest.py)."""
    from channels.rest import TOKEN_HEADER
    from coach.secret import sender_token

    return {TOKEN_HEADER: sender_token(sender)}


def new_sender(prefix: str = "trainee") -> str:
    return f"{prefix}-{uuid.uuid4().hex[:12]}"
