"""The web chat's socket.io protocol with malformed and hostile input, over a real
socket.io client on websocket (the only transport the server speaks), no browser.

Sessions are credentials the server issues: forged, altered or foreign ones get a new,
empty session; a socket is in one room only."""

from __future__ import annotations

import queue
import time
from typing import Any, List

import pytest
import socketio

from coach.secret import new_session

pytestmark = pytest.mark.server


class Client:
    """One browser tab: a socket.io client (websocket) collecting what the server sends."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.sio = socketio.Client(reconnection=False)
        self.events: queue.Queue = queue.Queue()
        self.skipped: List[Any] = []
        for name in ("bot_uttered", "session_confirm", "history"):
            self.sio.on(name, lambda data, name=name: self.events.put((name, data)))

    def __enter__(self) -> Client:
        self.sio.connect(self.url, socketio_path="/webchat/socket.io", transports=["websocket"],
                         wait_timeout=20)
        return self

    def __exit__(self, *_: Any) -> None:
        self.sio.disconnect()

    def next(self, name: str, timeout: float = 30) -> Any:
        """The next event of that name (others that came first are kept for later)."""
        for index, (event, data) in enumerate(self.skipped):
            if event == name:
                del self.skipped[index]
                return data
        deadline = time.monotonic() + timeout
        while True:
            event, data = self.events.get(timeout=max(deadline - time.monotonic(), 0.01))
            if event == name:
                return data
            self.skipped.append((event, data))

    def session(self, offered: Any) -> str:
        self.sio.emit("session_request", {"session_id": offered})
        return self.next("session_confirm")

    def say(self, text: str) -> dict:
        self.sio.emit("user_uttered", {"message": text})
        return self.next("bot_uttered")

    def quiet(self, seconds: float = 1.5) -> List[Any]:
        """Everything that arrives within a few seconds (to show that nothing does)."""
        time.sleep(seconds)
        received, self.skipped = self.skipped, []
        while not self.events.empty():
            received.append(self.events.get_nowait())
        return received


@pytest.mark.parametrize("offered", [
    None, "", "../../etc", "x" * 500, 42, "short", "a" * 32,
    # the shape of an issued session, but not signed by this coach
    "A" * 32 + "." + "B" * 43,
])
def test_a_bad_or_forged_session_gets_a_fresh_one(coach, offered):
    def scenario():
        with Client(coach.url) as tab:
            issued = tab.session(offered)
            assert isinstance(issued, str) and issued != offered
            assert issued.count(".") == 1 and len(issued) == 32 + 1 + 43
    scenario()


def test_an_issued_session_with_a_trailing_newline_or_edit_is_refused(coach):
    def scenario():
        with Client(coach.url) as tab:
            issued = tab.session(None)
            for altered in (issued + "\n", issued[:-1] + ("A" if issued[-1] != "A" else "B"),
                            issued.split(".")[0] + "." + new_session().split(".")[1]):
                assert tab.session(altered) not in (issued, altered)
            assert tab.session(issued) == issued  # the real one still works
    scenario()


def test_a_forged_session_never_sees_another_trainees_history(coach):
    draft = "check my reply: Our secret margin is 40 percent, the price is $9,999."

    def scenario():
        with Client(coach.url) as owner:
            issued = owner.session(None)
            assert "to fix" in (owner.say(draft))["text"]
        session_part = issued.split(".")[0]
        with Client(coach.url) as intruder:
            # the session id alone, a guessed signature, or the old unsigned form
            for forged in (session_part, session_part + "." + "A" * 43, f"web-{session_part}"):
                got = intruder.session(forged)
                assert got != issued
            received = intruder.quiet()
            assert not [data for event, data in received if event == "history"], received
        with Client(coach.url) as owner_again:  # the owner gets it all back
            assert owner_again.session(issued) == issued
            history = owner_again.next("history")
            assert any("secret margin" in (item.get("text") or "") for item in history)
    scenario()


def test_a_socket_that_switches_session_leaves_the_old_room(coach):
    def scenario():
        with Client(coach.url) as first, Client(coach.url) as second:
            a = first.session(None)
            assert second.session(a) == a  # two tabs of one trainee
            second.session(None)  # the second tab becomes a new trainee
            first.say("client says we're too expensive")
            received = second.quiet(3)
            assert not [d for e, d in received if e == "bot_uttered"], received
    scenario()


def test_the_session_named_in_a_message_is_ignored(coach):
    def scenario():
        with Client(coach.url) as victim, Client(coach.url) as attacker:
            issued = victim.session(None)
            attacker.session(None)
            attacker.sio.emit("user_uttered", {"message": "how am I doing?",
                                                     "session_id": issued})
            attacker.next("bot_uttered")
            received = victim.quiet(2)
            assert not [d for e, d in received if e == "bot_uttered"], received
    scenario()


@pytest.mark.parametrize(("data", "answer"), [
    ("just a string", "didn't get any text"),
    ({"message": 123}, "didn't get any text"),
    ({"message": ""}, "didn't get any text"),
    ({"message": "/tip_objection_price_too_high{not json"}, ""),
    ({"message": "\x00\x01\x02 binary \xff"}, ""),
    ({"message": "客户说我们太贵了"}, "only understand English"),
])
def test_malformed_messages_get_a_clear_answer(coach, data, answer):
    def scenario():
        with Client(coach.url) as tab:
            tab.session(None)
            tab.sio.emit("user_uttered", data)  # as it comes, not wrapped in {"message": ...}
            reply = tab.next("bot_uttered")
            assert reply.get("text") and answer in reply["text"], reply
    scenario()


def test_a_long_message_is_cut_and_the_reply_says_so(coach):
    def scenario():
        with Client(coach.url) as tab:
            tab.session(None)
            tab.sio.emit("user_uttered", {"message": "x " * 10_000})
            texts = [(tab.next("bot_uttered")).get("text", "") for _ in range(2)]
            assert any("I read the first 2,000" in text for text in texts), texts
    scenario()


def test_an_oversized_packet_is_refused_and_the_server_stays_up(coach):
    def scenario():
        with Client(coach.url) as tab:
            tab.session(None)
            tab.sio.emit("user_uttered", {"message": "x" * 400_000})
            time.sleep(1)
        with Client(coach.url) as tab:  # still serving everyone else
            tab.session(None)
            assert "Source:" in (tab.say("client says we're too expensive"))["text"]
    scenario()


def test_a_message_before_any_session_request_is_still_answered(coach):
    def scenario():
        with Client(coach.url) as tab:
            tab.sio.emit("user_uttered", {"message": "client says we're too expensive"})
            assert (tab.next("session_confirm")).count(".") == 1
            assert "Source:" in (tab.next("bot_uttered")).get("text", "")
    scenario()
