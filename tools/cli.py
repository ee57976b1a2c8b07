"""The coach's one command line: ``./run <command>`` (or ``python -m tools.cli <command>``).

``./run`` is bash only for what must happen before Python exists (find Python
3.10, create ``.venv``, install ``requirements.lock``, read ``.env``); then it
runs this module. Every command sets up what it needs first (the spaCy pipeline,
a model trained on the current data), so any one of them works on a fresh clone.

  start          chat with the coach in this terminal (the web chat runs too)
  serve          the servers for every channel, in the foreground (docs/deployment.md)
  test           the whole test suite: ruff, mypy, then pytest (what CI runs)
  bench          the benchmark against a stock `rasa init` assistant (docs/quality.md)
  measure        NLU accuracy and the taboo analyzer's precision/recall (docs/quality.md)
  train          train the model, only if the data changed
  setup          build the spaCy pipeline (the bootstrap did the rest)
  lock           re-resolve pyproject.toml's dependencies into requirements.lock
  teams-package  build the Teams app zip (needs TEAMS_APP_ID)
  migrate, report, check-playbook, build-spacy, sender-token
                 the coaching library's own tools (`python -m coach --help`)
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable, Dict, List, Sequence

from coach.settings import DOMAIN, MODELS_DIR, PROJECT_ROOT, SPACY_PIPELINES, TRAINING_DATA, var_dir
from tools.servers import (
    VENV_BIN,
    CoachServers,
    ServeSettings,
    SettingsError,
    auth_token_file,
    environment,
)

# Everything that shapes the trained model: a change to any of these retrains.
MODEL_INPUTS = ("config.yml", "requirements.lock", "coach/nlp.py", "coach/text.py")
MODEL_INPUT_GLOBS = ("domain/*.yml", "nlu_components/*.py", "policies/*.py")
LOCAL_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"
LOCAL_REDIS = "redis://127.0.0.1:6379/1"


def log(message: str) -> None:
    print(f"\033[1m[run]\033[0m {message}", file=sys.stderr, flush=True)


def _shown(path: Path) -> str:
    """A path as the reader types it: relative to the checkout when inside it."""
    try:
        return str(path.relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


class CommandError(RuntimeError):
    """A step that failed; the message says what and where its log is."""


def _run_logged(args: Sequence[str], log_file: Path, what: str,
                env: Dict[str, str] | None = None) -> None:
    log_file.parent.mkdir(parents=True, exist_ok=True)
    with open(log_file, "ab") as handle:
        result = subprocess.run(list(args), cwd=PROJECT_ROOT, stdout=handle,
                                stderr=subprocess.STDOUT, env=env or environment())
    if result.returncode != 0:
        tail = log_file.read_text(errors="replace")[-3000:]
        raise CommandError(f"{what} failed ({_shown(log_file)}):\n{tail}")


# -- set-up steps ---------------------------------------------------------------------------------


def setup_spacy() -> None:
    """Build each language's spaCy pipeline when missing or older than coach/nlp.py."""
    definition = PROJECT_ROOT / "coach" / "nlp.py"
    for language, pipeline in SPACY_PIPELINES.items():
        config = PROJECT_ROOT / pipeline / "config.cfg"
        if config.exists() and config.stat().st_mtime >= definition.stat().st_mtime:
            continue
        log(f"building the {language} spaCy pipeline in {pipeline}")
        from coach.nlp import save_pipeline

        save_pipeline(PROJECT_ROOT / pipeline, language)


def model_fingerprint() -> str:
    """A hash of everything that shapes the model: "trained on the current data" is a file check."""
    digest = hashlib.sha256()
    files = [PROJECT_ROOT / name for name in MODEL_INPUTS]
    for pattern in MODEL_INPUT_GLOBS:
        files += sorted(PROJECT_ROOT.glob(pattern))
    training = [path for folder in TRAINING_DATA for path in (PROJECT_ROOT / folder).rglob("*.yml")]
    files += sorted(training, key=lambda path: str(path.relative_to(PROJECT_ROOT)).encode())
    for path in files:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def model_path() -> Path:
    return MODELS_DIR / f"coach-{model_fingerprint()}.tar.gz"


def train() -> Path:
    model = model_path()
    if model.exists():
        log(f"model up to date: {_shown(model)}")
        return model
    log(f"training {_shown(model)}")
    started = time.monotonic()
    train_log = var_dir() / "log" / "train.log"
    train_log.unlink(missing_ok=True)
    _run_logged([str(VENV_BIN / "rasa"), "train", "--domain", str(DOMAIN),
                 "--data", *map(str, TRAINING_DATA), "--out", str(MODELS_DIR),
                 "--fixed-model-name", model.name[:-len(".tar.gz")]],
                train_log, "training")
    log(f"trained in {time.monotonic() - started:.0f} s")
    return model


def _as_root(args: List[str]) -> List[str]:
    if os.geteuid() == 0:
        return args
    if shutil.which("sudo"):
        return ["sudo", *args]
    raise CommandError(f"need root to run: {' '.join(args)}")


def apt_install(package: str, present: Callable[[], bool], why: str) -> None:
    """Install a Debian package when missing (``apt-get update`` first if the install fails)."""
    if present():
        return
    log(f"installing Debian's {package} ({why})")
    apt_log = var_dir() / "log" / "apt.log"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = _as_root(["apt-get", "install", "-y", "-qq", package])
    try:
        _run_logged(install, apt_log, f"apt-get install {package}", env)
    except CommandError:
        _run_logged(_as_root(["apt-get", "update", "-qq"]), apt_log, "apt-get update", env)
        _run_logged(install, apt_log, f"apt-get install {package}", env)


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next(
        (path for path in ("/usr/sbin/nginx", "/usr/local/sbin/nginx") if Path(path).exists()),
        None)


def setup_test_tools() -> None:
    # The web chat tests drive Debian's Chromium (Playwright's own browser download needs
    # the internet); the replica tests put Debian's nginx in front of two instances.
    chromium = os.environ.get("COACH_CHROMIUM", "/usr/bin/chromium")
    apt_install("chromium", lambda: os.access(chromium, os.X_OK), "for the web chat tests")
    apt_install("nginx", lambda: nginx_binary() is not None, "for the replica tests")
    # Microsoft's Teams manifest schema comes from its npm package (tools/js).
    if not shutil.which("npm"):
        raise CommandError("npm not found; install Node.js 18+ to run the tests")
    lock = PROJECT_ROOT / "tools/js/package-lock.json"
    stamp = (PROJECT_ROOT / "tools/js/node_modules"
             / f".installed-{hashlib.sha256(lock.read_bytes()).hexdigest()[:16]}")
    if not stamp.exists():
        log("installing tools/js (npm ci)")
        _run_logged(["npm", "ci", "--prefix", "tools/js", "--no-audit", "--no-fund",
                     "--loglevel=error"], var_dir() / "log" / "npm.log", "npm ci")
        stamp.touch()


def _redis_reachable(url: str) -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(url, socket_connect_timeout=3).ping())
    except Exception:  # noqa: BLE001 (any failure means "not here")
        return False


def _postgres_reachable(url: str) -> bool:
    try:
        import psycopg2

        psycopg2.connect(url, connect_timeout=3).close()
        return True
    except Exception:  # noqa: BLE001 (any failure means "not here")
        return False


# -- commands -------------------------------------------------------------------------------------


def cmd_setup(args: argparse.Namespace) -> int:
    setup_spacy()
    return 0


def cmd_train(args: argparse.Namespace) -> int:
    setup_spacy()
    train()
    return 0


def _channel_urls(servers: CoachServers) -> None:
    base = f"http://{servers.bind_host}:{servers.rasa_port}/webhooks"
    log(f"web chat:  {base}/webchat/")
    log(f"terminal:  ./run start (REST channel: {base}/rest/webhook, loopback only)")
    off = {"Slack": "SLACK_BOT_TOKEN", "Teams": "TEAMS_APP_ID"}
    for name, path in (("Slack", "slack"), ("Teams", "botframework")):
        state = "" if os.environ.get(off[name]) else f" (off: {off[name]} not set)"
        log(f"{name + ':':10} {base}/{path}/webhook{state}")


def cmd_start(args: argparse.Namespace) -> int:
    settings = ServeSettings.from_environment()  # refuse bad settings before training
    setup_spacy()
    model = train()
    servers = CoachServers.for_settings(model, settings)
    try:
        log(f"starting the action server and the coach on :{servers.rasa_port} "
            f"(logs: {_shown(servers.log_dir)}/)")
        servers.start()
        _channel_urls(servers)
        return subprocess.call([sys.executable, "-m", "channels.terminal",
                                "--url", servers.url, *args.rest], env=environment())
    finally:
        servers.stop()


def cmd_serve(args: argparse.Namespace) -> int:
    settings = ServeSettings.from_environment()  # refuse bad settings before training
    setup_spacy()
    model = train()
    servers = CoachServers.for_settings(model, settings, args.rest)
    try:
        log(f"starting the action server on 127.0.0.1:{servers.actions_port}")
        servers.start_actions()
        token_from = ("RASA_AUTH_TOKEN" if settings.auth_token
                      else f"{auth_token_file()} (made once, mode 0600)")
        log(f"Rasa on {servers.bind_host}:{servers.rasa_port}, {settings.workers} worker(s); "
            f"HTTP API token: {token_from}; runtime files: "
            f"{_shown(servers.log_dir)}/")
        _channel_urls(servers)
        rasa = servers.start_rasa(log_to_terminal=True)
        log("ready (Ctrl-C stops both servers)")
        return rasa.popen.wait()
    except KeyboardInterrupt:
        return 130
    finally:
        servers.stop()


def cmd_test(args: argparse.Namespace) -> int:
    setup_spacy()
    model = train()
    setup_test_tools()
    os.environ["COACH_MODEL"] = str(model)
    # Repository tests also run on a real PostgreSQL server when one is reachable.
    if not os.environ.get("COACH_TEST_POSTGRES_URL") and _postgres_reachable(LOCAL_POSTGRES):
        os.environ["COACH_TEST_POSTGRES_URL"] = LOCAL_POSTGRES
    # ...and the replica tests on Redis (tests/deploy/), one database number of its own.
    if not os.environ.get("COACH_TEST_REDIS_URL") and _redis_reachable(LOCAL_REDIS):
        os.environ["COACH_TEST_REDIS_URL"] = LOCAL_REDIS
    env = environment()
    log("ruff")
    if subprocess.call([str(VENV_BIN / "ruff"), "check", "."], cwd=PROJECT_ROOT, env=env):
        return 1
    # coach/ and actions/ (pyproject.toml's [tool.mypy]); incremental, cache in .mypy_cache/.
    log("mypy")
    if subprocess.call([str(VENV_BIN / "mypy")], cwd=PROJECT_ROOT, env=env):
        return 1
    log("pytest")
    return subprocess.call([sys.executable, "-m", "pytest", *args.rest], cwd=PROJECT_ROOT,
                           env=env)


def cmd_bench(args: argparse.Namespace) -> int:
    setup_spacy()
    model = train()
    from tools import bench

    return bench.main(["--model", str(model), *args.rest])


def cmd_measure(args: argparse.Namespace) -> int:
    setup_spacy()
    model = train()
    from tools import measure

    return measure.main(["--model", str(model), *args.rest])


def cmd_lock(args: argparse.Namespace) -> int:
    import tomli

    project = tomli.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    wanted = project["dependencies"] + project["optional-dependencies"]["dev"]
    with tempfile.TemporaryDirectory() as scratch:
        venv = Path(scratch) / "venv"
        # A fresh interpreter environment from the same Python 3.10 as .venv's.
        subprocess.run([getattr(sys, "_base_executable", sys.executable), "-m", "venv",
                        str(venv)], check=True)
        pip = [str(venv / "bin" / "python"), "-m", "pip", "--disable-pip-version-check"]
        subprocess.run([*pip, "install", "--quiet", "--upgrade", "pip==24.0"], check=True)
        subprocess.run([*pip, "install", "--quiet", *wanted], check=True)
        frozen = subprocess.run([*pip, "freeze", "--exclude-editable"], check=True,
                                capture_output=True, text=True).stdout
    lines = [line for line in frozen.splitlines() if not line.startswith("sales-coach")]
    (PROJECT_ROOT / "requirements.lock").write_text("\n".join(lines) + "\n")
    log("requirements.lock updated")
    return 0


def cmd_teams_package(args: argparse.Namespace) -> int:
    return subprocess.call([sys.executable, str(PROJECT_ROOT / "teams" / "package.py"),
                            *args.rest], env=environment())


def cmd_coach_tool(args: argparse.Namespace) -> int:
    """The coaching library's own tools (``python -m coach``), reached through ./run too."""
    from coach.__main__ import main as coach_main

    return coach_main([args.command, *args.rest])


COMMANDS: Dict[str, Callable[[argparse.Namespace], int]] = {
    "start": cmd_start, "serve": cmd_serve, "test": cmd_test, "bench": cmd_bench,
    "measure": cmd_measure, "train": cmd_train, "setup": cmd_setup, "lock": cmd_lock,
    "teams-package": cmd_teams_package,
}
# The coaching library's data tools: `python -m coach` is their home (they need no servers
# and no set-up); ./run hands them over so there is one door to knock on.
COACH_TOOLS = ("migrate", "report", "check-playbook", "build-spacy", "sender-token")
COMMANDS.update({name: cmd_coach_tool for name in COACH_TOOLS})
# These hand the rest of the line to the program they run (pytest, rasa run, the terminal...).
PASS_THROUGH = {"start", "serve", "test", "bench", "measure", "teams-package", *COACH_TOOLS}


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(prog="./run", description=__doc__,
                                  formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = top.add_subparsers(dest="command", metavar="command")
    for name in COMMANDS:
        sub = commands.add_parser(name)
        if name in PASS_THROUGH:
            sub.add_argument("rest", nargs=argparse.REMAINDER)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv) or ["start"]
    # This process (training, the spaCy build) and its children share one environment.
    os.environ.update(environment())
    # SIGTERM (systemd, a process manager, `timeout`) unwinds like Ctrl-C, so the
    # servers started in their own process groups are stopped too.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    # Pass-through commands take any arguments (pytest's -k, -x...), unparsed.
    if argv[0] in PASS_THROUGH:
        args = argparse.Namespace(command=argv[0], rest=argv[1:])
    else:
        args = parser().parse_args(argv)
        if args.command is None:
            parser().print_help()
            return 2
    try:
        return COMMANDS[args.command](args)
    except (CommandError, SettingsError) as error:
        print(f"[run] error: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
