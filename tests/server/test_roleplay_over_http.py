"""Full role-plays through the real Rasa server and action server: slots and database."""

from __future__ import annotations

import datetime
import json

import pytest
import requests

from coach.db import Repository
from coach.markup import plain
from coach.roleplay.content import load_content
from coach.roleplay.reading import read
from coach.settings import load_settings
from tools.servers import CHANNEL_VARIABLES, CoachServers, new_sender

pytestmark = pytest.mark.server

# Trainee lines for a winning session per persona on the e-fax scenario (natural language,
# read by the NLU): the persona's own tactics, the hidden concern (service) surfaced and
# answered where the persona has one, then a dated next step.
WINNING = {
    "hesitant": ["What's really holding you back?",
                 "Is it the price, the results or the service that worries you?",
                 "We could start with a one-month pilot in one office, with our engineer on "
                 "call, so the risk stays small.",
                 "Fair point, they are a strong supplier.",
                 "Shall we sign next Tuesday?"],
    "lingering": ["Only the issues we put on the table can be solved, so what's still open "
                  "for you?",
                  "What exactly would stop you signing this month?",
                  "We could start with a one-month pilot in one office, with our engineer on "
                  "call, so the risk stays small.",
                  "A company like yours, Huaxin Logistics, cut its fax costs by 70% in the "
                  "first year.",
                  "Shall we sign next Tuesday?"],
    "quick_to_agree": ["Let's pin it down: who signs, and on which day?",
                       "The launch price ends on the 30th, so starting now saves you money.",
                       "Shall we sign next Tuesday?"],
}
LOSING = ["You're wrong about that, it's simply not true.",
          "No, that's impossible, we don't do that.",
          "Honestly their machines are junk."]
NEXT_TUESDAY = "Shall we sign next Tuesday?"


def _start(coach, sender, persona, style, **more):
    payload = {"persona": persona, "style": style, "seed": 7, "scenario": "efax_service",
               **more}
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
    # The customer agreed to the date the trainee proposed ("next Tuesday").
    proposed = read(NEXT_TUESDAY, None, [], datetime.date.today()).date
    assert slots["roleplay_next_step"] == proposed.isoformat()
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


def _customer(replies):
    assert replies and replies[0]["text"].startswith("Customer: "), replies
    assert len(replies) == 1, replies  # nothing out of character came with it
    return replies[0]["text"]


def test_the_customer_answers_the_question_asked(coach):
    facts = load_content(load_settings().roleplay_dir).scenarios["efax_service"].facts
    sender = new_sender("answers")
    _start(coach, sender, "hesitant", "analytical")
    for question, topic in [("What budget have you set aside for this?", "budget"),
                            ("Who else is involved in the decision?", "decision"),
                            ("Which competitor are you talking to, and what do they offer "
                             "that we don't?", "competitor")]:
        assert facts[topic].text in _customer(coach.say(sender, question)), topic
    slots = _slots(coach, sender)
    assert slots["roleplay_active"] is True and slots["tip_topic"] is None


def test_small_talk_and_ok_stay_in_character_and_never_open_the_review_form(coach):
    sender = new_sender("chat")
    _start(coach, sender, "lingering", "driver")
    seen = set()
    for line in ("ok", "How was your weekend?", "sure", "thanks", "I see", "ok"):
        text = _customer(coach.say(sender, line))
        assert "paste the message" not in text.lower() and text not in seen
        seen.add(text)
        assert _slots(coach, sender)["roleplay_active"] is True
    tracker = coach.tracker(sender)
    assert tracker.get("active_loop", {}).get("name") in (None, "")
    # The line after an "ok" is said to the customer too, not reviewed as a draft.
    assert "Good to send" not in _customer(coach.say(sender, "What's still open for you?"))


def test_a_hard_start_in_words_is_shown_and_stored(coach, coach_db):
    sender = new_sender("hard")
    replies = coach.say(sender, "let's do a hard role-play with a lingering buyer, a numbers "
                                "person")
    slots = _slots(coach, sender)
    assert (slots["roleplay_persona"], slots["roleplay_style"], slots["roleplay_difficulty"]) \
        == ("lingering", "analytical", "hard")
    assert "difficulty: hard" in replies[0]["text"]
    assert Repository.from_url(coach_db).active_session(sender).difficulty == "hard"


@pytest.mark.parametrize(("words", "persona", "style", "difficulty"), [
    ("role-play please: a buyer who can't make up his mind, the impatient type", "hesitant",
     "driver", "normal"),
    ("let's practise with a customer who says yes to everything, people person, easy mode",
     "quick_to_agree", "amiable", "easy"),
    ("practice with a client who won't say yes or no, hard mode", "lingering", None, "hard"),
])
def test_natural_language_starts_understand_synonyms(coach, words, persona, style, difficulty):
    sender = new_sender("synonyms")
    coach.say(sender, words)
    slots = _slots(coach, sender)
    assert slots["roleplay_persona"] == persona and slots["roleplay_difficulty"] == difficulty
    if style:
        assert slots["roleplay_style"] == style


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
    replies = coach.say(sender, '/roleplay_start{"persona": "hesitant", "scenario": "moon"}')
    assert "efax_service" in replies[0]["text"] and "moon" in replies[0]["text"]
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
    replies = coach.say(sender, "/tip how do I quote without scaring him off?")
    assert "out of character" in replies[0]["text"]
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
