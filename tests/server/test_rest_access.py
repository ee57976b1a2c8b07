"""The REST channel answers the local terminal only, or a request carrying the sender's
token (channels/rest.py); everything else gets a clear 4xx, never another trainee's data."""

from __future__ import annotations

import pytest
import requests

from channels.access import PROXY_HEADERS
from coach.secret import sender_token
from tools.servers import new_sender

pytestmark = pytest.mark.server


def _post(coach, body, headers=None, **kwargs):
    return requests.post(f"{coach.url}/webhooks/rest/webhook", json=body,
                         headers=headers or {}, timeout=30, **kwargs)


def test_a_local_client_without_headers_is_answered(coach):
    replies = coach.say(new_sender("local"), "client says we're too expensive")
    assert "Source:" in replies[0]["text"]


@pytest.mark.parametrize("header", sorted(PROXY_HEADERS))
def test_a_request_through_a_proxy_or_tunnel_is_refused(coach, header):
    victim = new_sender("victim")
    coach.say(victim, "check my reply: our secret price is $9,999")
    response = _post(coach, {"sender": victim, "message": "how am I doing?"},
                     {header: "203.0.113.7"})
    assert response.status_code == 403
    assert "local terminal" in response.json()["message"]
    assert "9,999" not in response.text


def test_the_senders_token_lets_a_remote_client_in_and_only_as_that_sender(coach):
    alice, bob = new_sender("alice"), new_sender("bob")
    proxied = {"X-Forwarded-For": "203.0.113.7"}
    ok = _post(coach, {"sender": alice, "message": "hi"},
               {**proxied, "X-Coach-Sender-Token": sender_token(alice)})
    assert ok.status_code == 200 and ok.json()
    as_bob = _post(coach, {"sender": bob, "message": "how am I doing?"},
                   {**proxied, "X-Coach-Sender-Token": sender_token(alice)})
    assert as_bob.status_code == 403
    in_query = _post(coach, {"sender": alice, "message": "hi"}, proxied,
                     params={"sender_token": sender_token(alice)})
    assert in_query.status_code == 200
    # A wrong token is refused even from this machine.
    wrong = _post(coach, {"sender": alice, "message": "hi"}, {"X-Coach-Sender-Token": "x" * 43})
    assert wrong.status_code == 403


@pytest.mark.parametrize(("body", "status"), [
    (b"{not json", 400), (b"[]", 400), (b'"text"', 400), (b"\x00\xff\xfe", 400),
    (b'{"message": "hi"}', 400), (b'{"sender": 42, "message": "hi"}', 400),
    (b'{"sender": "", "message": "hi"}', 400),
    (('{"sender": "' + "s" * 500 + '", "message": "hi"}').encode(), 400),
])
def test_malformed_bodies_get_a_clear_4xx(coach, body, status):
    response = requests.post(f"{coach.url}/webhooks/rest/webhook", data=body, timeout=30,
                             headers={"Content-Type": "application/json"})
    assert response.status_code == status and response.json()["message"]


def test_an_oversized_body_gets_413(coach):
    body = b'{"sender": "big", "message": "' + b"x" * 1_100_000 + b'"}'
    response = requests.post(f"{coach.url}/webhooks/rest/webhook", data=body, timeout=30,
                             headers={"Content-Type": "application/json"})
    assert response.status_code == 413
    coach.say(new_sender(), "hello")  # and the server goes on


def test_a_long_message_is_cut_and_the_reply_says_so(coach):
    replies = coach.say(new_sender("long"), "client says we're too expensive " * 200)
    assert "I read the first 2,000" in replies[-1]["text"]
    review = coach.say(new_sender("long-draft"), "check my reply: " + "We can do it. " * 700)
    assert "I read the first 5,200" in review[-1]["text"]


def test_the_body_cannot_choose_the_channel_or_its_metadata(coach):
    sender = new_sender("spoof")
    coach.say(sender, "hello")
    _post(coach, {"sender": sender, "message": "hi", "input_channel": "slack",
                  "metadata": {"out_channel": "C123"}})
    tracker = coach.tracker(sender)
    assert tracker["latest_input_channel"] == "rest"
    assert all((event.get("metadata") or {}).get("out_channel") is None
               for event in tracker["events"] if event["event"] == "user")
