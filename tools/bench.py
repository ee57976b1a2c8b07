"""Benchmark: the coach against a stock `rasa init` assistant, in the same run.

    ./run bench [--seconds 20] [--users 10 50]

For each assistant and each deployment (one process; one process with two Sanic
workers; two replicas behind nginx, the last two on PostgreSQL and Redis as
docs/deployment.md describes) it starts the servers with ``tools/servers.py``
and measures over the REST channel: per-turn latency (p50, p95) and throughput
at 10 and 50 concurrent users, one user on the single process, HTTP errors,
turns answered with no message, and lost or duplicated turns (every sender's
tracker read back and compared with what was sent), the servers' memory (RSS)
and the time `rasa train` takes; on the single process, the latency of a role-play turn
(p50, p95) in each language, the English and the Spanish customer. Each simulated user has
five-turn conversations with a fresh sender id, the way trainees use the coach between calls.

Results: results/bench.json, and the section of docs/quality.md between the
``bench`` markers (rewritten with the date and the command; never edit it by hand).
Everything runs on 127.0.0.1, each load run is bounded in time and in turns.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Callable, Dict, Iterator, List, Sequence

import aiohttp

from coach.settings import BUILD_DIR, DOMAIN, PROJECT_ROOT, RESULTS_DIR, TRAINING_DATA
from tools.nginx import Nginx
from tools.quality_doc import QUALITY_FILE, replace_section
from tools.servers import VENV_BIN, CoachServers, environment, new_sender, sender_headers

MESSAGES = [
    "hi",
    "client says we're too expensive, what do I do?",
    "he said 'I need to think about it' again",
    "how do I quote without scaring him off?",
    "my contact says his boss makes the decision",
    "she agreed on the call but now she's too busy to sign",
    "thanks!",
    "what's the weather like tomorrow",
    "the customer wants 15% off",
    "bye",
]
TURNS_PER_CONVERSATION = 5
# A role-play turn (issue 13): what a trainee says to the customer (a question, small talk,
# an acknowledgement, a move, a price, a date), each session restarted before the customer
# would walk away, so every timed request is an in-character turn.
ROLEPLAY_START = '/roleplay_start{"persona": "%s", "style": "%s", "seed": %d}'


@dataclass(frozen=True)
class RoleplayLanguage:
    """What a trainee of one language says in the timed role-play turns."""

    code: str
    choose: str | None  # the message that sets the conversation's language, before the start
    customer: str  # how an in-character reply begins (docs/contract/language.md)
    lines: tuple

    @property
    def result_key(self) -> str:
        """Its entry in results/bench.json (English's is the older "roleplay_turn")."""
        return "roleplay_turn" if self.code == "en" else f"roleplay_turn_{self.code}"


ROLEPLAY_LANGUAGES = (
    RoleplayLanguage("en", None, "Customer:", (
        "What budget have you set aside for this?",
        "Who else is involved in the decision?",
        "Nice to see you again, how was your weekend?",
        "ok",
        "What's really holding you back?",
        "The plans range from 3,000 to 5,000 a year depending on volume.",
        "Could we meet again on Thursday the 10th to go through the contract?",
    )),
    # The same seven kinds of turn, in a Spanish salesperson's words (usted to the customer).
    RoleplayLanguage("es", '/language{"lang": "es"}', "Cliente:", (
        "¿Con qué presupuesto cuentan para esto?",
        "¿Quién más participa en la decisión?",
        "Qué gusto volver a verle, ¿qué tal el fin de semana?",
        "vale",
        "¿Qué es lo que de verdad le frena?",
        "Los planes van de 3.000 a 5.000 al año, según el volumen.",
        "¿Nos vemos el jueves 10 para repasar el contrato?",
    )),
)
ROLEPLAY_TURNS_PER_SESSION = 3
ROLEPLAY_TURNS = 150
SECTION_START = "<!-- bench:start (written by tools/bench.py) -->"
SECTION_END = "<!-- bench:end -->"
LOCAL_POSTGRES = "postgresql://postgres@127.0.0.1:5432/postgres"
LOCAL_REDIS = "redis://127.0.0.1:6379/1"


# -- load -----------------------------------------------------------------------------------------


@dataclass
class Load:
    latencies: List[float]
    errors: List[str]
    silent: List[str]
    sent: Dict[str, List[str]]  # sender -> messages answered with HTTP 200


async def _user(session: aiohttp.ClientSession, url: str, deadline: float, turns: int,
                load: Load) -> None:
    sent = 0
    while sent < turns and time.monotonic() < deadline:
        sender = new_sender("bench")
        for index in range(TURNS_PER_CONVERSATION):
            text = MESSAGES[(sent + index) % len(MESSAGES)]
            started = time.perf_counter()
            try:
                async with session.post(url, json={"sender": sender, "message": text},
                                        headers=sender_headers(sender)) as resp:
                    body = await resp.json(content_type=None)
                    if resp.status != 200:
                        load.errors.append(f"HTTP {resp.status}: {str(body)[:100]}")
                    else:
                        load.sent.setdefault(sender, []).append(text)
                        if not body:
                            load.silent.append(text)  # answered with no message
            except (aiohttp.ClientError, asyncio.TimeoutError, ValueError) as error:
                load.errors.append(repr(error))
            load.latencies.append((time.perf_counter() - started) * 1000)
            sent += 1
            if sent >= turns:
                break


async def _run_load(url: str, users: int, turns_per_user: int, max_seconds: float) -> Load:
    load = Load([], [], [], {})
    timeout = aiohttp.ClientTimeout(total=60)
    connector = aiohttp.TCPConnector(limit=users + 5)
    async with aiohttp.ClientSession(timeout=timeout, connector=connector) as session:
        deadline = time.monotonic() + max_seconds
        await asyncio.gather(*[_user(session, url, deadline, turns_per_user, load)
                               for _ in range(users)])
    return load


def _lost_and_duplicated(tracker_of: Callable[[str], Dict[str, Any]],
                         sent: Dict[str, List[str]]) -> Dict[str, int]:
    """Compare each sender's tracker with what was sent: turns missing or recorded twice."""
    lost = duplicated = 0
    for sender, texts in sent.items():
        recorded = Counter(event.get("text") for event in tracker_of(sender)["events"]
                           if event.get("event") == "user")
        wanted = Counter(texts)
        lost += sum((wanted - recorded).values())
        duplicated += sum((recorded - wanted).values())
    return {"lost_turns": lost, "duplicated_turns": duplicated}


# The role-play helper's turn-latency row goes here: a measure_roleplay() whose result is
# stored as loads["roleplay_turn"] is printed by table() like the tip conversations.
def measure(url: str, tracker_of: Callable[[str], Dict[str, Any]], users: int, turns: int,
            max_seconds: float) -> Dict[str, Any]:
    # Warm-up: first turns load lazy resources on every server.
    asyncio.run(_run_load(url, min(users, 4), 5, 20))
    started = time.perf_counter()
    load = asyncio.run(_run_load(url, users, max(5, turns // users), max_seconds))
    elapsed = time.perf_counter() - started
    ordered = sorted(load.latencies)
    return {
        "users": users,
        "turns": len(ordered),
        "errors": len(load.errors),
        "error_samples": load.errors[:3],
        "turns_without_reply": len(load.silent),
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 1),
        "throughput_per_s": round(len(ordered) / elapsed, 1),
        **_lost_and_duplicated(tracker_of, load.sent),
    }


def roleplay_turns(rest: str, turns: int = ROLEPLAY_TURNS,
                   language: RoleplayLanguage = ROLEPLAY_LANGUAGES[0]) -> Dict[str, Any]:
    """Latency of role-play turns over REST (``rest``: the REST webhook, as ``measure``
    gets it), one user, the language choice and the starts not counted."""
    import requests  # only here: the load runs above use aiohttp

    personas = ("hesitant", "lingering", "quick_to_agree")
    styles = ("analytical", "amiable", "expressive", "driver")
    latencies: List[float] = []
    errors = in_character = session = 0
    with requests.Session() as http:
        while len(latencies) < turns:
            sender = new_sender("bench-roleplay")
            start = ROLEPLAY_START % (personas[session % 3], styles[session % 4], session)
            for untimed in filter(None, (language.choose, start)):
                http.post(rest, json={"sender": sender, "message": untimed},
                          headers=sender_headers(sender), timeout=60)
            for index in range(ROLEPLAY_TURNS_PER_SESSION):
                text = language.lines[(session + index) % len(language.lines)]
                started = time.perf_counter()
                response = http.post(rest, json={"sender": sender, "message": text},
                                     headers=sender_headers(sender), timeout=60)
                elapsed = (time.perf_counter() - started) * 1000
                if session > 0:  # the first session warms the lazy resources up
                    latencies.append(elapsed)
                    errors += response.status_code != 200
                    in_character += response.status_code == 200 and str(
                        (response.json() or [{}])[0].get("text", "")).startswith(language.customer)
            session += 1
    ordered = sorted(latencies)
    return {"language": language.code, "turns": len(ordered), "errors": errors,
            "in_character": in_character,
            "p50_ms": round(statistics.median(ordered), 1),
            "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 1)}


# -- deployments ----------------------------------------------------------------------------------


def _rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, in MB."""
    total = 0
    pending = [pid]
    while pending:
        one = pending.pop()
        children = Path(f"/proc/{one}/task/{one}/children")
        try:
            pending += [int(p) for p in children.read_text().split()]
            for line in Path(f"/proc/{one}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except (FileNotFoundError, ProcessLookupError):
            pass
    return round(total / 1024, 1)


@contextmanager
def _postgres_database() -> Iterator[str]:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    admin = create_engine(LOCAL_POSTGRES, future=True, isolation_level="AUTOCOMMIT")
    name = f"coach_bench_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(LOCAL_POSTGRES).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@dataclass
class Deployment:
    name: str
    label: str
    replicas: int
    workers: int

    @property
    def shared(self) -> bool:  # needs PostgreSQL and Redis
        return self.replicas > 1 or self.workers > 1


DEPLOYMENTS = [
    Deployment("one_process", "1 process", 1, 1),
    Deployment("two_workers", "2 workers (SANIC_WORKERS=2)", 1, 2),
    Deployment("two_replicas", "2 replicas behind nginx", 2, 1),
]


@contextmanager
def _running(model: Path, deployment: Deployment, work: Path) -> Iterator[Dict[str, Any]]:
    """The servers of one deployment; yields the URL to load and how to read a tracker."""
    with _shared_services(deployment) as (database_url, redis_url):
        replicas = []
        for index in range(deployment.replicas):
            env = {"SANIC_WORKERS": str(deployment.workers)}
            if database_url:
                env.update(COACH_DATABASE_URL=database_url, COACH_REDIS_URL=redis_url)
            else:
                env["COACH_DATABASE_URL"] = f"sqlite:///{work / 'coach.db'}"
                env["COACH_REDIS_URL"] = ""
            replicas.append(CoachServers(model=model, log_dir=work / f"replica-{index}",
                                         env=env, tracker_store_url=database_url or None,
                                         startup_timeout=900))
        front = None
        try:
            for replica in replicas:
                replica.start()
            url = replicas[0].url
            if deployment.replicas > 1:
                front = Nginx([f"127.0.0.1:{r.rasa_port}" for r in replicas],
                              work / "nginx").start()
                url = front.url
            yield {"url": f"{url}/webhooks/rest/webhook", "tracker_of": replicas[0].tracker,
                   "rss_mb": lambda: {
                       f"{p.name}-{i}": _rss_mb(p.popen.pid)
                       for i, r in enumerate(replicas) for p in r.processes}}
        finally:
            if front is not None:
                front.stop()
            for replica in replicas:
                replica.stop()


@contextmanager
def _shared_services(deployment: Deployment) -> Iterator[tuple]:
    if not deployment.shared:
        yield "", ""
        return
    with _postgres_database() as database_url:
        yield database_url, LOCAL_REDIS


def _train(project: Path, out: Path, extra: List[str]) -> float:
    """Seconds for a full `rasa train`: an empty training cache, so nothing is reused."""
    with tempfile.TemporaryDirectory() as cache:
        started = time.perf_counter()
        subprocess.run([str(VENV_BIN / "rasa"), "train", "--out", str(out), *extra],
                       cwd=project, env=environment({"RASA_CACHE_DIRECTORY": cache}),
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return round(time.perf_counter() - started, 1)


def _stock_assistant(work: Path) -> Path:
    """`rasa init --no-prompt` in work/stock (kept between runs)."""
    project = work / "stock"
    if not (project / "domain.yml").exists():
        project.mkdir(parents=True, exist_ok=True)
        subprocess.run([str(VENV_BIN / "rasa"), "init", "--no-prompt", "--init-dir",
                        str(project)], cwd=project, env=environment(), check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return project


# -- report ---------------------------------------------------------------------------------------


def _cell(run: Dict[str, Any]) -> str:
    return (f"{run['p50_ms']} / {run['p95_ms']} ms, {run['throughput_per_s']}/s, "
            f"{run['errors']} err, {run['lost_turns']} lost, {run['duplicated_turns']} dup")


def table(results: Dict[str, Any]) -> str:
    rows = ["| deployment, users | coach: p50 / p95, turns/s, errors, lost, duplicated "
            "| stock `rasa init`: same |", "|---|---|---|"]
    coach, stock = results["assistants"]["coach"], results["assistants"]["stock"]
    for deployment in DEPLOYMENTS:
        if deployment.name not in coach["deployments"]:
            continue
        for key, run in coach["deployments"][deployment.name]["loads"].items():
            other = stock["deployments"].get(deployment.name, {}).get("loads", {}).get(key)
            rows.append(f"| {deployment.label}, {run['users']} user(s) | {_cell(run)} "
                        f"| {_cell(other) if other else '-'} |")
    rows.append("")
    rows.append("| | coach | stock `rasa init` |")
    rows.append("|---|---|---|")
    for deployment in DEPLOYMENTS:
        if deployment.name in coach["deployments"]:
            name = deployment.name
            rows.append(f"| memory RSS, {deployment.label} (MB) "
                        f"| {_memory(coach, name)} | {_memory(stock, name)} |")
    rows.append(f"| `rasa train`, empty cache (s) | {coach['train_seconds']} "
                f"| {stock['train_seconds']} |")
    stock_one = stock["deployments"].get("one_process", {}).get("loads", {}).get("1_users")
    for language in ROLEPLAY_LANGUAGES:
        roleplay = coach.get(language.result_key)
        if not (roleplay and stock_one):
            continue
        rows.append(f"| role-play turn ({language.code}), 1 process, 1 user: p50 / p95 (ms) "
                    f"| {roleplay['p50_ms']} / {roleplay['p95_ms']} ({roleplay['in_character']}/"
                    f"{roleplay['turns']} in character; "
                    f"{roleplay['p50_ms'] / stock_one['p50_ms']:.2f} x the stock "
                    f"REST turn, goal at most 0.5) | {stock_one['p50_ms']} / "
                    f"{stock_one['p95_ms']} (its REST turn) |")
    return "\n".join(rows)


def _memory(assistant: Dict[str, Any], name: str) -> str:
    rss = assistant["deployments"].get(name, {}).get("rss_mb")
    if not rss:
        return "-"
    rasa = sum(v for k, v in rss.items() if k.startswith("rasa"))
    actions = sum(v for k, v in rss.items() if k.startswith("actions"))
    return f"{round(rasa, 1)} Rasa + {round(actions, 1)} actions"


def write_quality_section(results: Dict[str, Any], command: str) -> None:
    body = (f"{SECTION_START}\n"
            f"Measured {results['date']} on this machine ({results['cores']} cores) with "
            f"`{command}`; full figures in `results/bench.json`. Each cell: per-turn latency "
            f"p50 / p95, turns per second, HTTP errors, turns lost and duplicated (every "
            f"sender's tracker read back). Load runs are capped at {results['max_seconds']} s "
            f"each. Load average (1 min) {results.get('load_average_start', '?')} at the start, "
            f"{results.get('load_average_end', '?')} at the end."
            f"\n\n{table(results)}\n{SECTION_END}")
    replace_section(QUALITY_FILE, SECTION_START, SECTION_END, body)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, required=True, help="the coach's trained model")
    parser.add_argument("--users", type=int, nargs="+", default=[10, 50])
    parser.add_argument("--turns", type=int, default=1000, help="turns per load run (cap)")
    parser.add_argument("--max-seconds", type=float, default=20.0, help="cap per load run")
    parser.add_argument("--deployments", nargs="+", default=[d.name for d in DEPLOYMENTS],
                        choices=[d.name for d in DEPLOYMENTS])
    parser.add_argument("--work", type=Path, default=BUILD_DIR / "bench")
    parser.add_argument("--no-docs", action="store_true", help="do not rewrite docs/quality.md")
    args = parser.parse_args(argv)
    work = args.work
    results: Dict[str, Any] = {"date": date.today().isoformat(), "cores": os.cpu_count(),
                               "max_seconds": args.max_seconds, "assistants": {},
                               "load_average_start": round(os.getloadavg()[0], 1)}

    print("timing `rasa train` for the coach (fresh output directory)...", flush=True)
    scratch = work / "train-coach"
    shutil.rmtree(scratch, ignore_errors=True)
    coach_train = _train(PROJECT_ROOT, scratch, ["--domain", str(DOMAIN), "--data",
                                                  *map(str, TRAINING_DATA)])
    shutil.rmtree(scratch, ignore_errors=True)
    print("preparing the stock `rasa init` assistant...", flush=True)
    stock_project = _stock_assistant(work)
    shutil.rmtree(stock_project / "models", ignore_errors=True)
    stock_train = _train(stock_project, stock_project / "models", [])
    stock_model = next((stock_project / "models").glob("*.tar.gz"))

    failed = False
    for assistant, model, train_seconds in [("coach", args.model, coach_train),
                                            ("stock", stock_model, stock_train)]:
        entry: Dict[str, Any] = {"train_seconds": train_seconds, "deployments": {}}
        results["assistants"][assistant] = entry
        for deployment in (d for d in DEPLOYMENTS if d.name in args.deployments):
            print(f"measuring {assistant}, {deployment.label}...", flush=True)
            folder = work / f"{assistant}-{deployment.name}"
            shutil.rmtree(folder, ignore_errors=True)
            # The stock assistant has no custom actions, but both start the same processes
            # with the same tracker store, so the figures compare like with like.
            with _running(model, deployment, folder) as servers:
                loads = {}
                users = list(args.users)
                if deployment.name == "one_process":
                    users = [1, *users]
                for count in users:
                    run = measure(servers["url"], servers["tracker_of"], count, args.turns,
                                  args.max_seconds)
                    loads[f"{count}_users"] = run
                    print(f"  {count} users: {_cell(run)}", flush=True)
                    failed |= assistant == "coach" and bool(
                        run["errors"] or run["lost_turns"] or run["duplicated_turns"])
                if assistant == "coach" and deployment.name == "one_process":
                    for language in ROLEPLAY_LANGUAGES:
                        entry[language.result_key] = run = roleplay_turns(servers["url"],
                                                                           language=language)
                        print(f"  role-play turn ({language.code}): {run['p50_ms']} / "
                              f"{run['p95_ms']} ms, {run['in_character']}/{run['turns']} in "
                              f"character", flush=True)
                        failed |= bool(run["errors"])
                entry["deployments"][deployment.name] = {"loads": loads,
                                                         "rss_mb": servers["rss_mb"]()}
    results["load_average_end"] = round(os.getloadavg()[0], 1)
    out = RESULTS_DIR / "bench.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    print(table(results))
    print(f"\n(full results in {out})")
    if not args.no_docs:
        given = list(argv or [])
        if "--model" in given:  # ./run bench adds it; the reader types ./run bench
            at = given.index("--model")
            del given[at:at + 2]
        write_quality_section(results, " ".join(["./run bench", *given]))
        print(f"(figures written to {QUALITY_FILE.relative_to(PROJECT_ROOT)})")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
