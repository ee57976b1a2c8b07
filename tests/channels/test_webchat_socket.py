"""The web chat's socket.io protocol with malformed input: every message gets a clear answer
(a real socket.io client over long-polling, no browser)."""

from __future__ import annotations

import queue

import pytest
import socketio

pytestmark = pytest.mark.server


@pytest.fixture
def client(coach):
    replies: queue.Queue = queue.Queue()
    sio = socketio.Client(reconnection=False)
    sio.on("bot_uttered", replies.put)
    sio.on("session_confirm", lambda session: replies.put({"session": session}))
    sio.connect(coach.url, socketio_path="/webchat/socket.io", transports=["polling"],
                wait_timeout=20)
    sio.replies = replies
    yield sio
    sio.eio.disconnect(abort=True)  # don't wait for the pending long-poll to time out


def _next(client, timeout=30):
    return client.replies.get(timeout=timeout)


@pytest.mark.parametrize("session_id", [None, "", "../../etc", "x" * 500, 42, "short"])
def test_a_bad_session_id_gets_a_fresh_one(client, session_id):
    client.emit("session_request", {"session_id": session_id})
    session = _next(client)["session"]
    assert isinstance(session, str) and len(session) == 32 and session != session_id


@pytest.mark.parametrize(("data", "answer"), [
    ("just a string", "didn't get any text"),
    ({"message": 123}, "didn't get any text"),
    ({"message": ""}, "didn't get any text"),
    ({"message": "/tip_objection_price_too_high{not json"}, ""),
    ({"message": "x" * 100_000}, ""),
    ({"message": "\x00\x01\x02 binary \xff"}, ""),
    ({"message": "客户说我们太贵了"}, "only understand English"),
])
def test_malformed_messages_get_a_clear_answer(client, data, answer):
    client.emit("session_request", {"session_id": None})
    _next(client)
    client.emit("user_uttered", data)
    reply = _next(client)
    assert reply.get("text") and answer in reply["text"], reply


def test_a_message_before_any_session_request_is_still_answered(client):
    client.emit("user_uttered", {"message": "client says we're too expensive"})
    assert "session" in _next(client)  # the server gave it a session first
    assert "Source:" in _next(client).get("text", "")
