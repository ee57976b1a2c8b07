"""Benchmark: the coach against a stock `rasa init` assistant, in the same run.

    ./run bench            (or: python -m tools.bench --model models/coach-....tar.gz)

For each assistant it starts the servers, then measures over the REST channel:
per-turn latency (p50, p95) and throughput with 1 user and with 10 concurrent
users, errors, the servers' memory (RSS) and the time `rasa train` takes.
Each simulated user has five-turn conversations with a fresh sender id, the way
trainees use the coach between calls. Results: results/bench.json and a
Markdown table on stdout (copied into the README).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Dict, List

import aiohttp

from tools.servers import ROOT, VENV_BIN, CoachServers, _environment, new_sender

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
# A role-play turn: what a trainee says to the customer (a question, a price, small talk,
# an acknowledgement, a move, a date), each session restarted before the customer would
# walk away, so every timed request is an in-character turn.
ROLEPLAY_START = '/roleplay_start{"persona": "%s", "style": "%s", "seed": %d}'
ROLEPLAY_LINES = [
    "What budget have you set aside for this?",
    "Who else is involved in the decision?",
    "Nice to see you again, how was your weekend?",
    "ok",
    "What's really holding you back?",
    "The plans range from 3,000 to 5,000 a year depending on volume.",
    "Could we meet again on Thursday the 10th to go through the contract?",
]
ROLEPLAY_TURNS_PER_SESSION = 3


def _rss_mb(pid: int) -> float:
    """Resident memory of a process and its children, in MB."""
    total = 0
    pids = [pid]
    children = Path(f"/proc/{pid}/task/{pid}/children")
    if children.exists():
        pids += [int(p) for p in children.read_text().split()]
    for one in pids:
        try:
            for line in Path(f"/proc/{one}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            pass
    return round(total / 1024, 1)


async def _user(session: aiohttp.ClientSession, url: str, deadline: float, turns: int,
                latencies: List[float], errors: List[str], silent: List[str]) -> None:
    sent = 0
    while sent < turns and time.monotonic() < deadline:
        sender = new_sender("bench")
        for index in range(TURNS_PER_CONVERSATION):
            text = MESSAGES[(sent + index) % len(MESSAGES)]
            started = time.perf_counter()
            try:
                async with session.post(url, json={"sender": sender, "message": text}) as resp:
                    body = await resp.json(content_type=None)
                    if resp.status != 200:
                        errors.append(f"HTTP {resp.status}: {str(body)[:100]}")
                    elif not body:
                        silent.append(text)  # answered with no message
            except (aiohttp.ClientError, asyncio.TimeoutError) as error:
                errors.append(repr(error))
            latencies.append((time.perf_counter() - started) * 1000)
            sent += 1
            if sent >= turns:
                break


async def _load(url: str, users: int, turns_per_user: int, max_seconds: float) -> Dict:
    latencies: List[float] = []
    errors: List[str] = []
    silent: List[str] = []
    timeout = aiohttp.ClientTimeout(total=60)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        # Warm-up: first turns load lazy resources on both servers.
        await _user(session, url, time.monotonic() + 30, 10, [], [], [])
        started = time.perf_counter()
        deadline = time.monotonic() + max_seconds
        await asyncio.gather(*[
            _user(session, url, deadline, turns_per_user, latencies, errors, silent)
            for _ in range(users)
        ])
        elapsed = time.perf_counter() - started
    ordered = sorted(latencies)
    return {
        "users": users,
        "turns": len(latencies),
        "errors": len(errors),
        "error_samples": errors[:3],
        "turns_without_reply": len(silent),
        "p50_ms": round(statistics.median(ordered), 1),
        "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 1),
        "throughput_per_s": round(len(latencies) / elapsed, 1),
    }


def _measure(servers: CoachServers, turns: int, max_seconds: float) -> Dict:
    url = f"{servers.url}/webhooks/rest/webhook"
    single = asyncio.run(_load(url, 1, turns, max_seconds))
    concurrent = asyncio.run(_load(url, 10, turns // 5, max_seconds))
    memory = {process.name: _rss_mb(process.popen.pid) for process in servers.processes}
    return {"one_user": single, "ten_users": concurrent, "rss_mb": memory}


def _roleplay_turns(servers: CoachServers, turns: int) -> Dict:
    """Latency of role-play turns over REST (one user), the starts not counted."""
    import requests  # only here: the load runs above use aiohttp

    url = f"{servers.url}/webhooks/rest/webhook"
    personas = ("hesitant", "lingering", "quick_to_agree")
    styles = ("analytical", "amiable", "expressive", "driver")
    latencies: List[float] = []
    errors = in_character = 0
    session_number = 0
    with requests.Session() as http:
        while len(latencies) < turns:
            sender = new_sender("bench-roleplay")
            start = ROLEPLAY_START % (personas[session_number % 3],
                                      styles[session_number % 4], session_number)
            http.post(url, json={"sender": sender, "message": start}, timeout=60)
            for index in range(ROLEPLAY_TURNS_PER_SESSION):
                text = ROLEPLAY_LINES[(session_number + index) % len(ROLEPLAY_LINES)]
                started = time.perf_counter()
                response = http.post(url, json={"sender": sender, "message": text}, timeout=60)
                elapsed = (time.perf_counter() - started) * 1000
                if session_number > 0:  # the first session warms the lazy resources up
                    latencies.append(elapsed)
                    errors += response.status_code != 200
                    in_character += response.status_code == 200 and str(
                        (response.json() or [{}])[0].get("text", "")).startswith("Customer:")
            session_number += 1
    ordered = sorted(latencies)
    return {"turns": len(ordered), "errors": errors, "in_character": in_character,
            "p50_ms": round(statistics.median(ordered), 1),
            "p95_ms": round(ordered[int(0.95 * (len(ordered) - 1))], 1)}


def _train(project: Path, out: Path, extra: List[str]) -> float:
    """Seconds for a full `rasa train`: an empty training cache, so nothing is reused."""
    with tempfile.TemporaryDirectory() as cache:
        started = time.perf_counter()
        subprocess.run([str(VENV_BIN / "rasa"), "train", "--out", str(out), *extra],
                       cwd=project, env=_environment({"RASA_CACHE_DIRECTORY": cache}),
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return round(time.perf_counter() - started, 1)


def _stock_assistant(work: Path) -> Path:
    """`rasa init --no-prompt` in work/stock (kept between runs), trained once."""
    project = work / "stock"
    if not (project / "domain.yml").exists():
        project.mkdir(parents=True, exist_ok=True)
        subprocess.run([str(VENV_BIN / "rasa"), "init", "--no-prompt", "--init-dir",
                        str(project)], cwd=project, env=_environment(), check=True,
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return project


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, required=True, help="the coach's trained model")
    parser.add_argument("--turns", type=int, default=300, help="turns for the 1-user run")
    parser.add_argument("--max-seconds", type=float, default=60.0, help="cap per load run")
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "bench")
    args = parser.parse_args()
    work = args.work
    results: Dict = {}

    print("timing `rasa train` for the coach (fresh output directory)...", flush=True)
    scratch = work / "train-coach"
    shutil.rmtree(scratch, ignore_errors=True)
    coach_train = _train(ROOT, scratch, ["--data", "data/nlu", "data/rules"])
    shutil.rmtree(scratch, ignore_errors=True)

    print("preparing the stock `rasa init` assistant...", flush=True)
    stock_project = _stock_assistant(work)
    shutil.rmtree(stock_project / "models", ignore_errors=True)
    stock_train = _train(stock_project, stock_project / "models", [])
    stock_model = next((stock_project / "models").glob("*.tar.gz"))

    for name, model, train_seconds in [("coach", args.model, coach_train),
                                       ("stock", stock_model, stock_train)]:
        print(f"measuring {name}...", flush=True)
        # The stock assistant has no custom actions, but both runs start the same two
        # processes, so memory figures compare like with like.
        servers = CoachServers(model=model, log_dir=work / f"logs-{name}")
        try:
            servers.start()
            results[name] = _measure(servers, args.turns, args.max_seconds)
            if name == "coach":
                results[name]["roleplay_turn"] = _roleplay_turns(servers, args.turns // 2)
        finally:
            servers.stop()
        results[name]["train_seconds"] = train_seconds

    coach, stock = results["coach"], results["stock"]
    results["ratios"] = {
        "p50_one_user_coach_over_stock": round(
            coach["one_user"]["p50_ms"] / stock["one_user"]["p50_ms"], 3),
        "throughput_ten_users_coach_over_stock": round(
            coach["ten_users"]["throughput_per_s"] / stock["ten_users"]["throughput_per_s"], 2),
        # goal (issue 13): a role-play turn at most half the stock assistant's REST turn
        "roleplay_p50_over_stock_p50": round(
            coach["roleplay_turn"]["p50_ms"] / stock["one_user"]["p50_ms"], 3),
    }
    out = ROOT / "results" / "bench.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2))
    print(_table(results))
    print(f"\n(full results in {out})")
    sys.exit(1 if coach["one_user"]["errors"] or coach["ten_users"]["errors"]
             or coach["roleplay_turn"]["errors"] else 0)


def _table(results: Dict) -> str:
    rows = ["| | coach | stock `rasa init` |", "|---|---|---|"]

    def row(label: str, get) -> None:
        rows.append(f"| {label} | {get(results['coach'])} | {get(results['stock'])} |")

    row("1 user: p50 / p95 latency (ms)",
        lambda r: f"{r['one_user']['p50_ms']} / {r['one_user']['p95_ms']}")
    row("1 user: turns/s", lambda r: r["one_user"]["throughput_per_s"])
    row("10 users: p50 / p95 latency (ms)",
        lambda r: f"{r['ten_users']['p50_ms']} / {r['ten_users']['p95_ms']}")
    row("10 users: turns/s", lambda r: r["ten_users"]["throughput_per_s"])
    row("HTTP errors (1 user + 10 users)",
        lambda r: r["one_user"]["errors"] + r["ten_users"]["errors"])
    row("turns answered with no message",
        lambda r: r["one_user"]["turns_without_reply"] + r["ten_users"]["turns_without_reply"])
    row("memory RSS, Rasa + action server (MB)",
        lambda r: f"{r['rss_mb'].get('rasa')} + {r['rss_mb'].get('actions')}")
    row("`rasa train` (s)", lambda r: r["train_seconds"])
    roleplay = results["coach"]["roleplay_turn"]
    rows.append(f"| role-play turn, 1 user: p50 / p95 latency (ms) | {roleplay['p50_ms']} / "
                f"{roleplay['p95_ms']} ({roleplay['in_character']}/{roleplay['turns']} in "
                f"character) | (no role-play) |")
    ratios = results["ratios"]
    rows.append(f"\nCoach p50 at 1 user = {ratios['p50_one_user_coach_over_stock']} x stock; "
                f"coach throughput at 10 users = "
                f"{ratios['throughput_ten_users_coach_over_stock']} x stock; role-play turn "
                f"p50 = {ratios['roleplay_p50_over_stock_p50']} x the stock REST turn "
                f"(goal: at most 0.5).")
    return "\n".join(rows)


if __name__ == "__main__":
    main()
