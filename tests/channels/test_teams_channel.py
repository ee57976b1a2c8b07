"""Microsoft Teams, end to end offline: activities signed with a test key whose OpenID
metadata and keys are served locally; replies captured at the activity's serviceUrl."""

from __future__ import annotations

import html
import json
import time
import uuid
from typing import List

import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa

from coach.db import Repository
from tests import fakes
from tests.channels.conversation import Button, Reply, play, unmark
from tools.servers import ROOT

pytestmark = pytest.mark.server


class TeamsDriver:
    def __init__(self, coach, fake, conversation_type: str = "personal") -> None:
        self.coach, self.fake = coach, fake
        self.user = fakes.TeamsUser(f"29:{uuid.uuid4().hex}", f"a:{uuid.uuid4().hex}",
                                    conversation_type)
        self.url = f"{coach.url}/webhooks/botframework/webhook"

    def post(self, activity: dict, token: str | None = "") -> requests.Response:
        token = self.fake.activity_token() if token == "" else token
        headers = {"Authorization": f"Bearer {token}"} if token is not None else {}
        return requests.post(self.url, json=activity, headers=headers, timeout=30)

    def say(self, text: str) -> List[Reply]:
        return self._send(self.user.message(self.fake.service_url, text))

    def click(self, reply: Reply, index: int) -> List[Reply]:
        # Teams sends a messageBack click as an empty message carrying the button's value.
        button = reply.buttons[index].handle
        value = button["data"]["msteams"]["value"] if "data" in button else button["value"]
        return self._send(self.user.message(self.fake.service_url, "", value=value))

    def open(self, reply: Reply, title: str) -> List[Reply]:
        # Teams' way: an Action.ShowCard opens its card inside the tip, with no message sent.
        action = next(b.handle for b in reply.buttons if b.title == title)
        assert action["type"] == "Action.ShowCard", action
        before = len(self.fake.replies_to(self.user.conversation_id))
        text = "\n".join(block["text"] for block in action["card"]["body"])
        assert len(self.fake.replies_to(self.user.conversation_id)) == before
        return [Reply(unmark(text))]

    def _send(self, activity: dict) -> List[Reply]:
        before = len(self.fake.replies_to(self.user.conversation_id))
        response = self.post(activity)
        assert response.status_code == 200, response.text
        # The connector answers inside the request, so the replies are already there.
        captured = self.fake.replies_to(self.user.conversation_id)[before:]
        assert captured, "no reply posted to the serviceUrl"
        for reply in captured:
            assert reply.authorization == f"Bearer {self.fake.access_token}"
            assert reply.path.endswith(f"/activities/{activity['id']}")  # a reply to it
            assert reply.activity["textFormat"] == "markdown"
        return [_reply(reply.activity) for reply in captured]


def _reply(activity: dict) -> Reply:
    """What the trainee sees: the text, or an Adaptive Card's text blocks; its buttons
    (hero card buttons, card actions, action sets) in the order they are drawn."""
    buttons, texts = [], [html.unescape(unmark(activity.get("text", "")))]
    for attachment in activity.get("attachments") or []:
        content = attachment["content"]
        buttons += [Button(button["title"], button) for button in content.get("buttons", [])]
        for element in content.get("body", []):
            if element["type"] == "TextBlock":
                texts.append(unmark(element["text"]))
            elif element["type"] == "ActionSet":
                buttons += [Button(action["title"], action) for action in element["actions"]]
        buttons += [Button(action["title"], action) for action in content.get("actions", [])]
    text = "\n".join(part for part in texts if part)
    return Reply(text.replace("\n\n", "\n"), buttons)


@pytest.fixture
def teams(coach, fake_microsoft):
    return TeamsDriver(coach, fake_microsoft)


def test_whole_conversation_in_a_personal_chat(teams, coach_db):
    play(teams)
    tip = teams.fake.replies_to(teams.user.conversation_id)[0].activity
    # One Adaptive Card: three text blocks (bold title and gist, the line to say, the
    # source), the related topics as messageBack buttons, the details as ShowCards.
    (attachment,) = tip["attachments"]
    card = attachment["content"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    texts = [b["text"] for b in card["body"] if b["type"] == "TextBlock"]
    assert len(texts) == 3 and texts[0].startswith("**")
    assert all(a["data"]["msteams"]["value"]["payload"].startswith("/tip_")
               for a in card["body"][-1]["actions"])
    assert [a["title"] for a in card["actions"]] == ["Steps", "Why it works", "Source"]
    assert tip["summary"].startswith("Customer says it's too expensive")
    # The bot asked for its token from its own tenant, with its app id and password.
    assert teams.fake.token_requests[-1]["path"] == "/test-tenant/oauth2/v2.0/token"
    history = Repository.from_url(coach_db).finished_sessions(teams.user.user_id)
    assert [h.status for h in history] == ["won"]


def test_mentions_are_stripped_in_a_channel(coach, fake_microsoft):
    driver = TeamsDriver(coach, fake_microsoft, conversation_type="channel")
    replies = driver.say("<at>Sales Coach</at> client says we&#39;re too expensive")
    assert "Source:" in replies[0].text
    tracker = coach.tracker(driver.user.user_id)
    assert tracker["latest_message"]["text"] == "client says we're too expensive"


def test_a_redelivered_activity_is_answered_once(teams):
    activity = teams.user.message(teams.fake.service_url, "client says we're too expensive")
    assert teams.post(activity).status_code == 200
    assert teams.post(activity).status_code == 200
    assert len(teams.fake.replies_to(teams.user.conversation_id)) == 1


def _other_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.mark.parametrize("make_token", [
    lambda fake: None,                                               # no Authorization
    lambda fake: "not-a-jwt",
    lambda fake: fake.activity_token(key=_other_key()),              # forged signature
    lambda fake: fake.activity_token(audience="someone-else"),       # for another bot
    lambda fake: fake.activity_token(issuer="https://evil.example"),
    lambda fake: fake.activity_token(expires_in=-3600),              # expired
    lambda fake: fake.activity_token(key_id="unknown-key"),
    lambda fake: fake.activity_token(service_url="https://evil.example/"),  # redirects replies
], ids=["none", "garbage", "forged", "audience", "issuer", "expired", "kid", "serviceurl"])
def test_forged_activities_are_rejected(teams, make_token):
    activity = teams.user.message(teams.fake.service_url, "client says we're too expensive")
    response = teams.post(activity, token=make_token(teams.fake))
    assert response.status_code == 401, response.text
    time.sleep(0.3)
    assert teams.fake.replies_to(teams.user.conversation_id) == []


def test_non_message_activities_are_acknowledged(teams):
    activity = teams.user.message(teams.fake.service_url)
    activity.update(type="conversationUpdate", membersAdded=[{"id": "28:bot"}])
    assert teams.post(activity).status_code == 200
    assert teams.fake.replies_to(teams.user.conversation_id) == []


# What each command of teams/manifest.json must trigger when a user picks it in Teams.
COMMAND_INTENTS = {"help": "core_help", "start a role play": "roleplay_start",
                   "hint": "roleplay_hint", "stop": "roleplay_end",
                   "check my reply": "review_request", "how am I doing?": "roleplay_progress"}


def test_every_command_in_the_teams_manifest_is_understood(coach, fake_microsoft):
    manifest = json.loads((ROOT / "teams" / "manifest.json").read_text())
    titles = {command["title"] for commands in manifest["bots"][0]["commandLists"]
              for command in commands["commands"]}
    assert titles <= set(COMMAND_INTENTS), titles - set(COMMAND_INTENTS)
    for title in sorted(titles):
        driver = TeamsDriver(coach, fake_microsoft)
        driver.say(title)
        intent = coach.tracker(driver.user.user_id)["latest_message"]["intent"]["name"]
        assert intent == COMMAND_INTENTS[title], (title, intent)


def test_installing_the_bot_in_a_personal_chat_gets_a_welcome(teams):
    activity = teams.user.message(teams.fake.service_url)
    activity.update(type="conversationUpdate", membersAdded=[activity["recipient"]])
    assert teams.post(activity).status_code == 200
    welcome = teams.fake.replies_to(teams.user.conversation_id)
    assert len(welcome) == 1 and "I coach salespeople" in welcome[0].activity["text"]


def test_an_empty_click_without_value_gets_the_fallback(teams):
    replies = teams.say("")
    assert "didn't get any text" in replies[0].text


# -- issue 12: tenant, privacy in shared conversations, caps, links ---------------------------


@pytest.mark.parametrize("where", ["channelData", "conversation", "both"])
def test_activities_from_another_tenant_are_refused(teams, where):
    activity = teams.user.message(teams.fake.service_url, "how am I doing?")
    if where in ("channelData", "both"):
        activity["channelData"] = {"tenant": {"id": "attacker-tenant"}}
    if where in ("conversation", "both"):
        activity["conversation"]["tenantId"] = "attacker-tenant"
    before = len(teams.fake.replies)
    response = teams.post(activity)
    assert response.status_code == 403
    assert len(teams.fake.replies) == before


def test_an_activity_without_a_tenant_is_refused_when_one_is_set(teams):
    activity = teams.user.message(teams.fake.service_url, "hi")
    del activity["channelData"]
    del activity["conversation"]["tenantId"]
    assert teams.post(activity).status_code == 403


@pytest.mark.parametrize("conversation_type", ["channel", "groupChat"])
@pytest.mark.parametrize(("question", "private_words"), [
    ("how am I doing?", "Your role-play progress"),
    ("check my reply: You're wrong, our price is $4,999 and that's final.", "to fix"),
])
def test_progress_and_reviews_in_a_shared_conversation_go_to_the_personal_chat(
        coach, fake_microsoft, conversation_type, question, private_words):
    driver = TeamsDriver(coach, fake_microsoft, conversation_type)
    public = driver.say(question)
    assert public and not any(private_words in reply.text for reply in public)
    assert any("personal chat" in reply.text for reply in public)
    personal = fake_microsoft.replies_to(f"a:personal-{driver.user.user_id}")
    assert any(private_words in html.unescape(r.activity["text"]) for r in personal)
    created = [c for c in fake_microsoft.created_conversations
               if c["members"] == [{"id": driver.user.user_id}]]
    assert created and created[-1]["tenantId"] == fakes.TEAMS_TENANT_ID
    assert created[-1]["channelData"] == {"tenant": {"id": fakes.TEAMS_TENANT_ID}}


def test_in_the_personal_chat_progress_is_answered_there(teams, fake_microsoft):
    replies = teams.say("how am I doing?")
    assert "Your role-play progress" in replies[0].text
    assert not [c for c in fake_microsoft.created_conversations
                if c["members"] == [{"id": teams.user.user_id}]]


def test_quoted_markdown_links_are_not_links(teams):
    teams.say("check my reply: You're wrong, see [your invoice](https://evil.example/login) "
              "or www.evil.example")
    text = teams.fake.replies_to(teams.user.conversation_id)[-1].activity["text"]
    assert "](" not in text and "[your invoice]" not in text
    assert "https://" not in text and "www.evil" not in text


def test_a_long_message_is_cut_and_the_reply_says_so(teams):
    replies = teams.say("client says we're too expensive " * 200)
    assert any("I read the first 2,000" in reply.text for reply in replies)


def test_an_oversized_body_gets_413(teams):
    activity = teams.user.message(teams.fake.service_url, "x" * 1_100_000)
    assert teams.post(activity).status_code == 413
