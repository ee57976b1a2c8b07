"""Two coach instances as one coach: real PostgreSQL, Redis and nginx on this machine.

Two instances started the way ``./run serve`` starts them (``CoachServers``, the
generated endpoints file) share a fresh PostgreSQL database (progress and
conversations) and Redis (the lock store, the Slack duplicate filter); the second
one runs two Sanic workers. nginx (``deploy/nginx/coach.conf.template``) sends
requests round-robin. One module-wide cluster keeps this under two minutes.
"""

from __future__ import annotations

import json
import os
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Dict, List

import pytest
import requests
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from coach.db import Repository
from tests import fakes
from tests.channels.conversation import ROLEPLAY_START, WINNING_LINES
from tools.nginx import Nginx
from tools.servers import CoachServers, new_sender, sender_headers

pytestmark = pytest.mark.server

POSTGRES = os.environ.get("COACH_TEST_POSTGRES_URL", "").strip()
# The hesitant customer's own tactics and its answered concern, then a date: the role-play
# every channel test plays (tests/channels/conversation.py).
HESITANT_WIN = WINNING_LINES
# Two of the hesitant's tactics, read by the NLU as probe_reason then acknowledge_view.
TWO_TACTICS = ["What's really holding you back from deciding?",
               "That's a fair point, they are a strong supplier."]
TIPS = ["client says we're too expensive", "the customer wants 15% off",
        "my contact says his boss makes the decision", "how do I quote without scaring him off?"]


class Cluster:
    def __init__(self, replicas: List[CoachServers], database_url: str,
                 slack: fakes.FakeSlack) -> None:
        self.replicas, self.database_url, self.slack = replicas, database_url, slack
        self.front: Nginx | None = None

    def say(self, sender: str, message: str) -> List[Dict[str, Any]]:
        response = requests.post(f"{self.front.url}/webhooks/rest/webhook",
                                 json={"sender": sender, "message": message},
                                 headers=sender_headers(sender), timeout=60)
        assert response.status_code == 200, (response.status_code, response.text[:300])
        return response.json()

    def tracker(self, sender: str) -> Dict[str, Any]:
        return self.replicas[0].tracker(sender)

    def user_texts(self, sender: str) -> List[str]:
        return [event["text"] for event in self.tracker(sender)["events"]
                if event["event"] == "user"]

    def start(self) -> None:
        # Both at once, as a process manager starts replicas: the migrations must not race.
        errors: List[BaseException] = []

        def start(replica: CoachServers) -> None:
            try:
                replica.start()
            except BaseException as error:  # noqa: BLE001 (reported below)
                errors.append(error)

        threads = [threading.Thread(target=start, args=(r,)) for r in self.replicas]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        if errors:
            raise errors[0]

    def stop(self) -> None:
        for replica in self.replicas:
            replica.stop()


@pytest.fixture(scope="module")
def cluster(model_path, redis_url, tmp_path_factory):
    if not POSTGRES:
        pytest.skip("COACH_TEST_POSTGRES_URL not set (./run test sets it in CI)")
    admin = create_engine(POSTGRES, future=True, isolation_level="AUTOCOMMIT")
    name = f"coach_replicas_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    database_url = make_url(POSTGRES).set(database=name).render_as_string(hide_password=False)
    slack = fakes.FakeSlack()
    work: Path = tmp_path_factory.mktemp("replicas")
    secret = uuid.uuid4().hex
    replicas = []
    for index, workers in enumerate((1, 2)):
        replicas.append(CoachServers(
            model=model_path, log_dir=work / f"replica-{index}",
            tracker_store_url=database_url, env={
                "COACH_DATABASE_URL": database_url,
                "COACH_REDIS_URL": redis_url,
                "SANIC_WORKERS": str(workers),
                "COACH_SECRET_KEY": secret,
                "SLACK_BOT_TOKEN": fakes.SLACK_BOT_TOKEN,
                "SLACK_SIGNING_SECRET": fakes.SLACK_SIGNING_SECRET,
                "SLACK_API_URL": slack.api_url,
            }))
    previous_secret = os.environ.get("COACH_SECRET_KEY")
    os.environ["COACH_SECRET_KEY"] = secret  # this process computes the trainees' tokens
    cluster = Cluster(replicas, database_url, slack)
    try:
        cluster.start()
        cluster.front = Nginx([f"127.0.0.1:{r.rasa_port}" for r in replicas],
                              work / "nginx").start()
        yield cluster
    finally:
        if cluster.front is not None:
            cluster.front.stop()
        cluster.stop()
        slack.close()
        if previous_secret is None:
            os.environ.pop("COACH_SECRET_KEY", None)
        else:
            os.environ["COACH_SECRET_KEY"] = previous_secret
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def _workers_up(replica: CoachServers) -> int:
    """Each Sanic worker loads the model and says so once."""
    log = next(p for p in replica.processes if p.name == "rasa").log
    return log.read_text(errors="replace").count("Rasa server is up and running")


def test_the_second_replica_runs_two_workers_on_redis(cluster):
    fakes.wait_for(lambda: _workers_up(cluster.replicas[1]) == 2, timeout=60)
    assert _workers_up(cluster.replicas[0]) == 1


def test_a_role_play_alternating_between_replicas_loses_nothing(cluster):
    sender = new_sender("replicas-roleplay")
    before = len(cluster.front.upstreams())
    cluster.say(sender, ROLEPLAY_START)
    for line in HESITANT_WIN:
        replies = cluster.say(sender, line)
        assert replies[0]["text"].startswith("Customer: "), replies
        if cluster.tracker(sender)["slots"]["roleplay_outcome"]:
            break
    # nginx spread this trainee's turns over both replicas.
    assert len(set(cluster.front.upstreams()[before:])) == 2
    slots = cluster.tracker(sender)["slots"]
    assert slots["roleplay_outcome"] == "won" and slots["roleplay_active"] is False
    repository = Repository.from_url(cluster.database_url)
    try:
        [session] = repository.finished_sessions(sender)
        turns = repository.transcript(session.id)
    finally:
        repository.dispose()
    lines_sent = [t for t in cluster.user_texts(sender) if not t.startswith("/")]
    assert [t.text for t in turns if t.speaker == "trainee"] == lines_sent
    assert [t.position for t in turns] == list(range(len(turns)))
    assert (session.status, session.score) == ("won", slots["roleplay_score"])


def test_twenty_simultaneous_messages_from_one_trainee_are_all_answered(cluster):
    sender = new_sender("replicas-burst")
    messages = [f"{TIPS[i % len(TIPS)]} ({i})" for i in range(20)]
    with ThreadPoolExecutor(max_workers=20) as pool:
        replies = list(pool.map(lambda message: cluster.say(sender, message), messages))
    assert all(reply and reply[0].get("text") for reply in replies)
    assert sorted(cluster.user_texts(sender)) == sorted(messages)


def test_simultaneous_role_play_lines_are_both_answered_and_recorded(cluster):
    sender = new_sender("replicas-pair")
    cluster.say(sender, '/roleplay_start{"persona": "lingering", "style": "amiable", "seed": 3}')
    lines = ["What exactly would stop you signing this month?",
             "Only the issues we put on the table can be solved, so what's still open?"]
    with ThreadPoolExecutor(max_workers=2) as pool:
        replies = list(pool.map(lambda line: cluster.say(sender, line), lines))
    assert all(reply[0]["text"].startswith("Customer: ") for reply in replies)
    repository = Repository.from_url(cluster.database_url)
    try:
        turns = repository.transcript(repository.active_session(sender).id)
    finally:
        repository.dispose()
    assert sorted(t.text for t in turns if t.speaker == "trainee") == sorted(lines)
    assert [t.position for t in turns] == list(range(len(turns)))
    assert sorted(cluster.user_texts(sender)[1:]) == sorted(lines)


def test_a_slack_retry_reaching_the_other_replica_is_answered_once(cluster):
    channel = f"D{uuid.uuid4().hex[:9].upper()}"
    body = fakes.slack_event("client says we're too expensive", "U" + uuid.uuid4().hex[:8],
                             channel)
    data = json.dumps(body).encode()
    first, other = cluster.replicas
    for replica, retry in ((first, 0), (other, 1), (other, 2)):
        response = requests.post(f"{replica.url}/webhooks/slack/webhook", timeout=30,
                                 **fakes.slack_request(data, "application/json", retry=retry))
        assert response.status_code == 200
    fakes.wait_for(lambda: cluster.slack.posts_in(channel), timeout=30)
    time.sleep(2.0)  # a duplicate answer would come within this
    assert len(cluster.slack.posts_in(channel)) == 1


def test_a_restart_of_both_replicas_keeps_every_conversation_and_progress(cluster):
    sender = new_sender("replicas-restart")
    cluster.say(sender, '/roleplay_start{"persona": "hesitant", "style": "amiable", "seed": 7}')
    cluster.say(sender, TWO_TACTICS[0])
    before = cluster.tracker(sender)
    cluster.stop()
    cluster.start()
    after = cluster.tracker(sender)
    assert [e["event"] for e in after["events"]][:len(before["events"])] == [
        e["event"] for e in before["events"]]
    assert cluster.user_texts(sender)[-1] == TWO_TACTICS[0]
    replies = cluster.say(sender, TWO_TACTICS[1])
    assert replies[0]["text"].startswith("Customer: ")
    slots = cluster.tracker(sender)["slots"]
    assert slots["roleplay_active"] is True
    assert slots["roleplay_tactics"] == ["probe_reason", "acknowledge_view"]
    repository = Repository.from_url(cluster.database_url)
    try:
        assert repository.finished_sessions(sender) == []
        assert len(repository.transcript(repository.active_session(sender).id)) == 6
    finally:
        repository.dispose()


class _Tab:
    """A browser tab on the web chat, through nginx (websocket, as the page connects)."""

    def __init__(self, url: str) -> None:
        import queue

        import socketio

        self.events: queue.Queue = queue.Queue()
        self.sio = socketio.Client(reconnection=False)
        for name in ("bot_uttered", "session_confirm"):
            self.sio.on(name, lambda data, name=name: self.events.put((name, data)))
        self.sio.connect(url, socketio_path="/webchat/socket.io", transports=["websocket"],
                         wait_timeout=20)

    def next(self, name: str, timeout: float = 30) -> Any:
        deadline = time.monotonic() + timeout
        while True:
            event, data = self.events.get(timeout=max(deadline - time.monotonic(), 0.01))
            if event == name:
                return data

    def close(self) -> None:
        self.sio.disconnect()


def test_the_web_chat_works_through_nginx_on_either_replica(cluster):
    before = len(cluster.front.upstreams())
    first = _Tab(cluster.front.url)
    try:
        first.sio.emit("session_request", {"session_id": None})
        session = first.next("session_confirm")
        first.sio.emit("user_uttered", {"message": "client says we're too expensive"})
        assert "Source:" in first.next("bot_uttered").get("text", "")
    finally:
        first.close()
    # A reload: a new socket, most likely on the other replica, with the kept session.
    again = _Tab(cluster.front.url)
    try:
        again.sio.emit("session_request", {"session_id": session})
        assert again.next("session_confirm") == session
        again.sio.emit("user_uttered", {"message": "the customer wants 15% off"})
        assert again.next("bot_uttered").get("text")
    finally:
        again.close()

    def sockets() -> List[str]:
        # nginx logs an upgraded request when its connection closes, a moment after ours.
        return [line.rsplit("upstream=", 1)[-1] for line in cluster.front.requests()[before:]
                if "/webchat/socket.io/" in line]

    fakes.wait_for(lambda: len(sockets()) == 2, timeout=20)
    assert len(set(sockets())) == 2  # the two sockets were upgraded on different replicas
