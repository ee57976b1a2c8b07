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
    button = replies[0]["buttons"][0]
    coach.say(sender, button["payload"])
    assert coach.slot(sender, "tip_topic") == button["payload"].lstrip("/").removeprefix("tip_")


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
