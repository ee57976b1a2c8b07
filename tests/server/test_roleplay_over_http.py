"""Full role-plays through the real Rasa server and action server: slots and database."""

from __future__ import annotations

import json

import pytest
import requests

from coach.db import Repository
from coach.markup import plain
from tools.servers import CHANNEL_VARIABLES, CoachServers, new_sender

pytestmark = pytest.mark.server

# Trainee lines for a winning session per persona (natural language, read by the NLU).
WINNING = {
    "hesitant": ["What's really holding you back from deciding?",
                 "That's a fair point, they are a strong supplier.",
                 "Apart from that, is it the price, the results or the service that worries you?",
                 "Here are three options side by side, including theirs, so you can compare.",
                 "Could we agree a timetable: final details this week and signing next Tuesday?"],
    "lingering": ["Only the issues we put on the table can be solved, so what's still open?",
                  "What exactly would stop you signing this month?",
                  "A firm like yours cut its costs by 30% with us in the first year.",
                  "We could start with a one-month pilot in one office, so the risk stays small.",
                  "Let's fix the signing for Thursday at 10, does that work?"],
    "quick_to_agree": ["Every week you wait costs you orders you could be taking.",
                       "The launch price ends on the 30th, so starting now saves you money.",
                       "Great, let's put Tuesday at 9 in the diary to sign the contract."],
}
LOSING = ["You're wrong about that, it's simply not true.",
          "No, that's impossible, we don't do that.",
          "Honestly their machines are junk."]


def _start(coach, sender, persona, style):
    payload = {"persona": persona, "style": style, "seed": 7}
    coach.say(sender, f"/roleplay_start{json.dumps(payload)}")
    slots = coach.tracker(sender)["slots"]
    assert slots["roleplay_active"] is True
    assert (slots["roleplay_persona"], slots["roleplay_style"]) == (persona, style)
    assert slots["roleplay_outcome"] is None


def _slots(coach, sender):
    return coach.tracker(sender)["slots"]


@pytest.mark.parametrize(("persona", "style"), [("hesitant", "driver"), ("lingering", "amiable"),
                                                ("quick_to_agree", "expressive")])
def test_good_tactics_win(coach, coach_db, persona, style):
    sender = new_sender(persona)
    _start(coach, sender, persona, style)
    for line in WINNING[persona]:
        replies = coach.say(sender, line)
        assert replies[0]["text"].startswith("Customer: ")
        if _slots(coach, sender)["roleplay_outcome"]:
            break
    slots = _slots(coach, sender)
    assert slots["roleplay_outcome"] == "won", slots
    assert slots["roleplay_active"] is False
    assert 0 <= slots["roleplay_score"] <= 100
    assert set(slots["roleplay_tactics"]) & {"pin_down", "propose_timeline"}
    assert slots["roleplay_taboos"] == []
    repository = Repository.from_url(coach_db)
    history = repository.finished_sessions(sender)
    assert [(h.status, h.score) for h in history] == [("won", slots["roleplay_score"])]
    turns = repository.transcript(history[0].id)
    assert [t.speaker for t in turns[:2]] == ["coach", "customer"]
    assert sum(t.speaker == "trainee" for t in turns) == len(
        [t for t in turns if t.speaker == "customer"]) - 1


@pytest.mark.parametrize(("persona", "style"), [("hesitant", "analytical"),
                                                ("lingering", "driver"),
                                                ("quick_to_agree", "amiable")])
def test_taboos_lose_and_are_quoted(coach, persona, style):
    sender = new_sender(persona)
    _start(coach, sender, persona, style)
    replies = []
    for line in LOSING:
        replies = coach.say(sender, line)
        if _slots(coach, sender)["roleplay_outcome"]:
            break
    slots = _slots(coach, sender)
    assert slots["roleplay_outcome"] == "lost"
    assert {"argue", "refuse_on_spot"} <= set(slots["roleplay_taboos"])
    scorecard = "\n".join(r.get("text", "") for r in replies)
    assert "**Scorecard:" in scorecard and "You're wrong about that" in scorecard
    assert slots["roleplay_score"] < 50


@pytest.mark.parametrize("persona", ["hesitant", "lingering", "quick_to_agree"])
def test_stopping_early_ends_with_a_scorecard(coach, persona):
    sender = new_sender(persona)
    _start(coach, sender, persona, "expressive")
    coach.say(sender, "What would you need to see from us?")
    replies = coach.say(sender, "stop the role-play")
    slots = _slots(coach, sender)
    assert slots["roleplay_outcome"] == "ended" and slots["roleplay_active"] is False
    assert any("**Scorecard:" in r.get("text", "") for r in replies)


def test_natural_language_start_picks_and_says_what_was_unspecified(coach):
    sender = new_sender()
    replies = coach.say(sender, "let's role-play a lingering buyer for moisture-proof cabinets")
    slots = _slots(coach, sender)
    assert slots["roleplay_persona"] == "lingering" and slots["roleplay_style"] in (
        "analytical", "amiable", "expressive", "driver")
    assert "I picked the style" in replies[0]["text"]
    assert "moisture-proof cabinets" in replies[0]["text"].lower()
    sender = new_sender()
    coach.say(sender, "practice with a driver who agrees too fast")
    slots = _slots(coach, sender)
    assert (slots["roleplay_persona"], slots["roleplay_style"]) == ("quick_to_agree", "driver")


def test_unknown_persona_or_style_starts_nothing(coach):
    sender = new_sender()
    replies = coach.say(sender, '/roleplay_start{"persona": "grumpy"}')
    assert "hesitant, lingering, quick_to_agree" in replies[0]["text"]
    assert not _slots(coach, sender)["roleplay_active"]
    replies = coach.say(sender, '/roleplay_start{"persona": "hesitant", "style": "shouty"}')
    assert "analytical, amiable, expressive, driver" in replies[0]["text"]
    assert not _slots(coach, sender)["roleplay_active"]


def test_hint_tip_and_review_mid_session_keep_the_role_play(coach):
    sender = new_sender()
    _start(coach, sender, "hesitant", "driver")
    assert "out of character" in coach.say(sender, "hint")[0]["text"]
    replies = coach.say(sender, "coach, how do I handle a customer who keeps finding excuses?")
    assert "out of character" in replies[0]["text"]
    assert _slots(coach, sender)["tip_topic"] == "customer_hesitant"
    coach.say(sender, "check my reply: That's impossible.")
    slots = _slots(coach, sender)
    assert slots["review_taboos"] == ["refuse_on_spot"]
    assert slots["roleplay_active"] is True and slots["roleplay_taboos"] == []
    assert coach.say(sender, "What's holding you back?")[0]["text"].startswith("Customer: ")
    assert _slots(coach, sender)["roleplay_tactics"] == ["probe_reason"]


def test_how_am_i_doing_reports_the_history(coach):
    sender = new_sender()
    _start(coach, sender, "quick_to_agree", "driver")
    coach.say(sender, "stop")
    text = plain(coach.say(sender, "how am I doing?")[0]["text"])
    assert "Sessions: 1" in text and "Average score" in text


def _channels_without_settings_are_off(servers):
    for channel in ("slack", "botframework"):
        reply = requests.post(f"{servers.url}/webhooks/{channel}/webhook", json={}, timeout=10)
        assert reply.status_code == 503 and "not configured" in reply.text
    assert requests.get(f"{servers.url}/webhooks/webchat/", timeout=10).status_code == 200


def test_a_role_play_survives_a_restart_of_both_servers(model_path, tmp_path):
    url = f"sqlite:///{tmp_path / 'restart.db'}"
    # The embedded default: no Slack or Teams settings at all.
    servers = CoachServers(model=model_path, log_dir=tmp_path / "logs",
                           env={"COACH_DATABASE_URL": url,
                                **{name: "" for name in CHANNEL_VARIABLES}})
    sender = new_sender("restart")
    try:
        servers.start()
        _channels_without_settings_are_off(servers)
        _start(servers, sender, "hesitant", "amiable")
        servers.say(sender, "What's really holding you back from deciding?")
        servers.stop()
        servers.processes.clear()
        # Conversations survive a restart in the tracker store; a new, empty one here
        # checks that the role-play itself comes back from the progress database.
        servers.tracker_store_url = f"sqlite:///{tmp_path / 'fresh-tracker.db'}"
        servers.start()  # same ports, same database, empty trackers
        servers.say(sender, "That's a fair point, they are a strong supplier.")
        slots = servers.tracker(sender)["slots"]
        assert slots["roleplay_active"] is True and slots["roleplay_persona"] == "hesitant"
        assert slots["roleplay_tactics"] == ["probe_reason", "acknowledge_view"]
    finally:
        servers.stop()
    repository = Repository.from_url(url)
    turns = repository.transcript(repository.active_session(sender).id)
    assert [t.speaker for t in turns] == ["coach", "customer", "trainee", "customer",
                                          "trainee", "customer"]
