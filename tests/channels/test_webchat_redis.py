"""The web chat across processes: with COACH_REDIS_URL set, the socket.io server relays
through Redis (socket.io's AsyncRedisManager), so a reply emitted by any replica or worker
reaches the session's tabs wherever they are connected. Needs the machine's Redis."""

from __future__ import annotations

import os

import pytest
import redis
import socketio

from channels.webchat import REDIS_CHANNEL
from tests.channels.test_webchat_socket import Client
from tools.servers import ROOT, CoachServers

pytestmark = pytest.mark.server

REDIS_URL = os.environ.get("COACH_TEST_REDIS_URL", "redis://127.0.0.1:6379/4")


@pytest.fixture(scope="module")
def coach_with_redis(model_path, tmp_path_factory):
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=3).ping()
    except redis.RedisError as error:
        pytest.fail(f"Redis at {REDIS_URL} is not reachable ({error}); start it or set "
                    "COACH_TEST_REDIS_URL")
    database = tmp_path_factory.mktemp("redis-db") / "coach.db"
    servers = CoachServers(model=model_path, log_dir=ROOT / "results" / "server-logs-redis",
                           env={"COACH_REDIS_URL": REDIS_URL,
                                "COACH_DATABASE_URL": f"sqlite:///{database}"})
    try:
        servers.start()
        yield servers
    finally:
        servers.stop()


def test_an_emit_from_another_process_reaches_the_sessions_tab(coach_with_redis):
    with Client(coach_with_redis.url) as tab:
        session = tab.session(None).split(".")[0]
        # What another replica does when it answers this trainee: emit to the room via Redis.
        other_replica = socketio.RedisManager(REDIS_URL, channel=REDIS_CHANNEL, write_only=True)
        other_replica.emit("bot_uttered", {"text": "from the other replica"},
                           room=f"web-{session}", namespace="/")
        assert tab.next("bot_uttered", timeout=20) == {"text": "from the other replica"}
        # and only there: a tab of another trainee gets nothing
        with Client(coach_with_redis.url) as stranger:
            stranger.session(None)
            other_replica.emit("bot_uttered", {"text": "private"}, room=f"web-{session}",
                               namespace="/")
            assert tab.next("bot_uttered", timeout=20) == {"text": "private"}
            assert not [d for e, d in stranger.quiet(1.5) if e == "bot_uttered"]


def test_the_coach_answers_through_redis(coach_with_redis):
    with Client(coach_with_redis.url) as tab:
        tab.session(None)
        assert "Source:" in tab.say("client says we're too expensive").get("text", "")
