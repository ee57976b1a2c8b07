"""Slack, end to end offline: signed events into the real Rasa server, replies read from a
fake Slack Web API (tests/fakes.py)."""

from __future__ import annotations

import html
import json
import time
import uuid
from typing import List

import pytest
import requests

from coach.db import Repository
from tests import fakes
from tests.channels.conversation import ROLEPLAY_START, Button, Reply, play, unmark

pytestmark = pytest.mark.server


def _user() -> str:
    return f"U{uuid.uuid4().hex[:9].upper()}"


def _channel(prefix: str = "D") -> str:
    return f"{prefix}{uuid.uuid4().hex[:9].upper()}"


class SlackDriver:
    """A Slack user writing to the coach in a DM (or @mentioning it in a channel)."""

    def __init__(self, coach, fake, user: str, channel: str, mention: bool = False) -> None:
        self.coach, self.fake, self.user, self.channel, self.mention = (
            coach, fake, user, channel, mention)
        self.url = f"{coach.url}/webhooks/slack/webhook"
        self.thread_ts = ""

    def post_event(self, body: dict, **signing) -> requests.Response:
        data = json.dumps(body).encode()
        return requests.post(self.url, timeout=30,
                             **fakes.slack_request(data, "application/json", **signing))

    def event(self, text: str) -> dict:
        if self.mention:
            return fakes.slack_event(f"<@{fakes.SLACK_BOT_USER}> {text}", self.user,
                                     self.channel, channel_type="channel",
                                     event_type="app_mention")
        return fakes.slack_event(text, self.user, self.channel)

    def say(self, text: str) -> List[Reply]:
        body = self.event(text)
        self.thread_ts = body["event"]["ts"]
        return self._send(lambda: self.post_event(body))

    def click(self, reply: Reply, index: int) -> List[Reply]:
        message = {"ts": f"{time.time():.6f}", "thread_ts": self.thread_ts}
        data = fakes.slack_click(self.user, self.channel, message, reply.buttons[index].handle)
        return self._send(lambda: requests.post(
            self.url, timeout=30,
            **fakes.slack_request(data, "application/x-www-form-urlencoded")))

    def open(self, reply: Reply, title: str) -> List[Reply]:
        # Slack's way: the detail's button, whose answer is posted in the thread.
        return self.click(reply, [button.title for button in reply.buttons].index(title))

    def _send(self, post) -> List[Reply]:
        before = len(self.fake.posts_in(self.channel))
        response = post()
        assert response.status_code == 200, response.text
        posts = fakes.wait_for(lambda: self.fake.posts_in(self.channel)[before:], quiet=0.8)
        for post_args in posts:
            # Every answer goes in the thread of the message that asked.
            assert post_args.get("thread_ts") == self.thread_ts, post_args
        return [_reply(post_args) for post_args in posts]


def _reply(post_args: dict) -> Reply:
    buttons = [Button(element["text"]["text"], element)
               for block in post_args.get("blocks") or [] if block["type"] == "actions"
               for element in block["elements"]]
    return Reply(html.unescape(unmark(post_args["text"])), buttons)


@pytest.fixture
def slack(coach, fake_slack):
    return SlackDriver(coach, fake_slack, _user(), _channel())


def test_whole_conversation_in_a_dm(slack, coach_db):
    seen = play(slack)
    tip_post = slack.fake.posts_in(slack.channel)[0]
    # The short answer: one mrkdwn section of three lines (bold title and gist, the line
    # to say, the source), a row of Steps / Why it works / Source, a row of related topics.
    section, details, related = tip_post["blocks"]
    assert section["text"]["type"] == "mrkdwn" and section["text"]["text"].startswith("*")
    assert len(section["text"]["text"].split("\n")) == 3 and "\n1. " not in section["text"]["text"]
    assert [e["text"]["text"] for e in details["elements"]] == ["Steps", "Why it works", "Source"]
    assert all(element["value"].startswith("/tip_") for element in related["elements"])
    # Clicking Steps posted the steps in the tip's thread (the driver checks the thread).
    steps_post = slack.fake.posts_in(slack.channel)[1]
    assert "\n1. Ask what the problem costs them" in steps_post["blocks"][0]["text"]["text"]
    assert seen["scorecard"]
    # Progress is kept under the Slack user id: that user is the trainee.
    history = Repository.from_url(coach_db).finished_sessions(slack.user)
    assert [h.status for h in history] == ["won"]


def test_mention_in_a_channel_answers_in_its_thread(coach, fake_slack):
    driver = SlackDriver(coach, fake_slack, _user(), _channel("C"), mention=True)
    replies = driver.say("client says we're too expensive")
    assert "Source:" in replies[0].text


def test_roleplay_follows_the_user_not_the_channel(coach, fake_slack):
    user = _user()
    dm = SlackDriver(coach, fake_slack, user, _channel())
    assert dm.say(ROLEPLAY_START)[-1].text.startswith("Customer:")
    # The same person answers from a channel, by mention: still their role-play.
    in_channel = SlackDriver(coach, fake_slack, user, _channel("C"), mention=True)
    assert in_channel.say("What's really holding you back from deciding?")[0].text.startswith(
        "Customer:")
    # Someone else in that channel is not in a role-play.
    other = SlackDriver(coach, fake_slack, _user(), in_channel.channel, mention=True)
    assert not other.say("client says we're too expensive")[0].text.startswith("Customer:")
    assert coach.slot(user, "roleplay_active") is True


def test_persona_buttons_start_a_role_play_when_clicked(slack):
    # A sales line outside a role-play: the coach offers to play a customer.
    invite = slack.say("What's really holding you back from deciding?")
    personas = invite[0].buttons
    assert len(personas) == 3
    assert all(b.handle["value"].startswith("/roleplay_start{") for b in personas)
    started = slack.click(invite[0], 0)
    assert started[-1].text.startswith("Customer:")
    assert slack.coach.slot(slack.user, "roleplay_active") is True


def test_a_retried_event_is_answered_once(slack):
    body = slack.event("client says we're too expensive")
    slack.thread_ts = body["event"]["ts"]
    first = slack._send(lambda: slack.post_event(body))
    assert len(first) == 1
    for retry in (1, 2):
        response = slack.post_event(body, retry=retry)
        assert response.status_code == 200
    # The same message again through the other subscription (app_mention), new event id.
    echo = dict(body, event_id="EvOTHER" + uuid.uuid4().hex[:6],
                event=dict(body["event"], type="app_mention"))
    assert slack.post_event(echo).status_code == 200
    time.sleep(2.0)
    assert len(slack.fake.posts_in(slack.channel)) == 1


def test_a_repeated_button_click_is_answered_once(slack):
    tip = slack.say("client says we're too expensive")
    button = tip[0].buttons[0].handle
    message = {"ts": f"{time.time():.6f}", "thread_ts": slack.thread_ts}
    data = fakes.slack_click(slack.user, slack.channel, message, button)
    sent = [requests.post(slack.url, timeout=30,
                          **fakes.slack_request(data, "application/x-www-form-urlencoded"))
            for _ in range(2)]
    assert [r.status_code for r in sent] == [200, 200]
    time.sleep(2.0)
    assert len(slack.fake.posts_in(slack.channel)) == 2  # the tip, then one answer to the click


@pytest.mark.parametrize("signing", [
    {"secret": None},                              # unsigned
    {"secret": "not-the-signing-secret"},          # wrongly signed
    {"timestamp": time.time() - 600},              # stale: replayed after 10 minutes
])
def test_forged_requests_are_rejected(slack, signing):
    response = slack.post_event(slack.event("client says we're too expensive"), **signing)
    assert response.status_code == 401
    time.sleep(1.0)
    assert slack.fake.posts_in(slack.channel) == []


def test_url_verification_challenge(slack):
    response = slack.post_event({"type": "url_verification", "challenge": "abc123",
                                 "token": "legacy"})
    assert response.status_code == 200 and response.json() == {"challenge": "abc123"}


@pytest.mark.parametrize("body", [b"{not json", b"[]", b'{"event": "text"}'])
def test_malformed_but_signed_bodies_get_a_clear_answer(slack, body):
    response = requests.post(slack.url, timeout=30,
                             **fakes.slack_request(body, "application/json"))
    assert response.status_code in (200, 400), response.text
    assert response.text


@pytest.mark.parametrize("extra", [{"bot_id": "BCOACH"}, {"subtype": "message_changed"},
                                   {"subtype": "channel_join"}])
def test_bot_posts_and_edits_are_not_answered(slack, extra):
    body = slack.event("client says we're too expensive")
    body["event"].update(extra)
    assert slack.post_event(body).status_code == 200
    time.sleep(1.0)
    assert slack.fake.posts_in(slack.channel) == []


def test_a_message_with_a_file_attached_is_answered(slack):
    body = slack.event("client says we're too expensive")
    body["event"]["subtype"] = "file_share"
    slack.thread_ts = body["event"]["ts"]
    assert "Source:" in slack._send(lambda: slack.post_event(body))[0].text


# -- issue 12: privacy in shared channels, caps, links ---------------------------------------


def _posts_after(fake, channel: str, before: int) -> List[dict]:
    return fakes.wait_for(lambda: fake.posts_in(channel)[before:], quiet=0.8)


@pytest.mark.parametrize(("question", "private_words"), [
    ("how am I doing?", "Your role-play progress"),
    ("check my reply: You're wrong, our price is $4,999 and that's final.", "to fix"),
])
def test_progress_and_reviews_asked_in_a_channel_are_answered_privately(
        coach, fake_slack, question, private_words):
    driver = SlackDriver(coach, fake_slack, _user(), _channel("C"), mention=True)
    body = driver.event(question)
    before = len(fake_slack.posts_in(driver.channel))
    assert driver.post_event(body).status_code == 200
    posts = _posts_after(fake_slack, driver.channel, before)
    private = [p for p in posts if p.get("ephemeral")]
    public = [p for p in posts if not p.get("ephemeral")]
    assert private and all(p["user"] == driver.user for p in private)
    assert any(private_words in p["text"] for p in private)
    assert public and not any(private_words in p["text"] for p in public), public
    assert any("privately" in p["text"] for p in public)
    assert all(p.get("thread_ts") == body["event"]["ts"] for p in posts)


def test_in_a_dm_the_progress_is_an_ordinary_message(slack):
    replies = slack.say("how am I doing?")
    assert "Your role-play progress" in replies[0].text
    assert not any(p.get("ephemeral") for p in slack.fake.posts_in(slack.channel))


def test_quoted_links_and_mentions_cannot_become_clickable(slack):
    slack.say("check my reply: You're wrong, see <https://evil.example|your invoice> "
              "and <!channel> https://evil.example/login")
    post = slack.fake.posts_in(slack.channel)[-1]
    sections = [b["text"] for b in post["blocks"] if b["type"] == "section"]
    assert sections and all(t["verbatim"] is True for t in sections)
    assert not any("<http" in t["text"] or "<!channel>" in t["text"] for t in sections)
    assert post.get("unfurl_links") is False and "<http" not in post["text"]


def test_a_long_message_is_cut_and_the_reply_says_so(slack):
    replies = slack.say("client says we're too expensive " * 200)
    assert any("I read the first 2,000" in reply.text for reply in replies)


def test_an_oversized_body_gets_413(slack):
    body = slack.event("x" * 1_100_000)
    assert slack.post_event(body).status_code == 413


def test_the_trainee_is_the_signed_user_not_a_name_in_the_text(slack, coach):
    replies = slack.say('/roleplay_start{"persona": "hesitant", "sender": "UVICTIM"}')
    assert replies[-1].text.startswith("Customer:")
    assert coach.slot(slack.user, "roleplay_active") is True
    assert coach.slot("UVICTIM", "roleplay_active") in (None, False)
