"""Quick tips through the real Rasa server and action server (REST channel)."""

import pytest

from tools.servers import new_sender

pytestmark = pytest.mark.server


def test_a_question_gets_the_topic_advice_and_sets_tip_topic(coach):
    sender = new_sender()
    replies = coach.say(sender, "my client keeps saying he'll think about it, what now?")
    assert replies and "Source:" in replies[0]["text"]
    assert replies[0].get("buttons"), "related topics come as buttons"
    assert coach.slot(sender, "tip_topic") == "customer_hesitant"


def test_a_related_topic_button_answers_that_topic(coach):
    sender = new_sender()
    replies = coach.say(sender, "customer wants a 20% discount before signing")
    assert coach.slot(sender, "tip_topic") == "objection_discount"
    button = replies[0]["buttons"][3]  # after Steps, Why it works and Source
    coach.say(sender, button["payload"])
    assert coach.slot(sender, "tip_topic") == button["payload"].lstrip("/").removeprefix("tip_")


def test_words_after_a_tip_refer_to_it_and_keep_tip_topic(coach):
    sender = new_sender()
    first = coach.say(sender, "customer wants a 20% discount before signing")
    assert len(first) == 1 and len(first[0]["text"].split("\n")) == 3
    for word, expected in [("steps", "what to do**\n1. "), ("why?", "why it works**"),
                           ("source", "001_eca97677d1fa34d5.txt"), ("more", "**What to do:**")]:
        replies = coach.say(sender, word)
        assert len(replies) == 1 and expected in replies[0]["text"], (word, replies)
        assert replies[0]["text"].startswith("**Customer pushes for a discount")
        assert coach.slot(sender, "tip_topic") == "objection_discount"
    # An older tip's button still answers about its own tip.
    coach.say(sender, "how do I quote a price without scaring him off?")
    steps = first[0]["buttons"][0]
    assert steps["title"] == "Steps"
    assert "Customer pushes for a discount" in coach.say(sender, steps["payload"])[0]["text"]
    assert coach.slot(sender, "tip_topic") == "objection_discount"


def test_steps_before_any_tip_says_so(coach):
    sender = new_sender()
    replies = coach.say(sender, "steps")
    assert "haven't given you a tip yet" in replies[0]["text"]
    assert coach.slot(sender, "tip_topic") is None
    replies = coach.say(sender, '/tip_why{"tip_topic": "no_such_topic"}')
    assert "don't know that topic" in replies[0]["text"]


def test_the_full_answer_preference_lasts_across_conversations_and_goes_back(coach):
    sender = new_sender()
    assert "full answer" in coach.say(sender, "always give me the full answer")[0]["text"]
    full = coach.say(sender, "client says we're too expensive")[0]
    assert "**What to do:**" in full["text"] and full["buttons"][-1]["title"] == "Short answers"
    # A restart of the conversation (new session) keeps the preference: it is stored.
    coach.say(sender, "/session_start")
    assert "**What to do:**" in coach.say(sender, "my client wants a discount")[0]["text"]
    coach.say(sender, full["buttons"][-1]["payload"])  # "Short answers"
    short = coach.say(sender, "client says we're too expensive")[0]["text"]
    assert "**What to do:**" not in short and "**Say:**" in short


def test_a_tip_during_a_role_play_is_short_even_for_a_full_answer_trainee(coach):
    sender = new_sender()
    coach.say(sender, "always give me the full answer")
    coach.say(sender, '/roleplay_start{"persona": "hesitant", "seed": 3}')
    replies = coach.say(sender, "coach: how do I handle a customer who says it's too expensive?")
    tip = next(r["text"] for r in replies if "out of character" in r["text"])
    assert "**Say:**" in tip and "**What to do:**" not in tip, tip
    assert coach.slot(sender, "roleplay_active") is True


def test_off_topic_gets_suggestions_and_clears_tip_topic(coach):
    sender = new_sender()
    coach.say(sender, "how do I quote a price without scaring him off?")
    assert coach.slot(sender, "tip_topic") == "pricing_quoting"
    replies = coach.say(sender, "what's the weather in Lisbon tomorrow?")
    assert "sales coach" in replies[0]["text"]
    assert len(replies[0]["buttons"]) == 4
    assert coach.slot(sender, "tip_topic") is None


def test_greeting_help_thanks_and_goodbye(coach):
    sender = new_sender()
    assert "sales coach" in coach.say(sender, "hi there")[0]["text"]
    assert "playbook" in coach.say(sender, "what can you do?")[0]["text"]
    assert coach.say(sender, "thanks, that helps")[0]["text"]
    assert "Good luck" in coach.say(sender, "bye")[0]["text"]
