"""The tip actions: Tracker in, events and messages out."""

import pytest
from rasa_sdk.events import SlotSet

from actions.tips import ActionHelp, ActionTip, ActionTipFallback
from tests.actions.conftest import make_tracker, run_action


def test_a_tip_intent_answers_with_its_entry_and_sets_tip_topic():
    events, messages = run_action(
        ActionTip(), make_tracker("tip_objection_price_too_high", "client says we're too pricey"))
    assert events == [SlotSet("tip_topic", "objection_price_too_high")]
    assert len(messages) == 1
    text = messages[0]["text"]
    assert text.lower().startswith("**customer says it's too expensive")
    assert "**Source:** " in text and "000_5c399f6207d61895.txt" in text
    payloads = [button["payload"] for button in messages[0]["buttons"]]
    assert payloads and all(p.startswith("/tip_") for p in payloads)


def test_every_contract_topic_can_be_answered(topic_ids):
    for topic in topic_ids:
        events, messages = run_action(ActionTip(), make_tracker(f"tip_{topic}"))
        assert events == [SlotSet("tip_topic", topic)]
        assert "Source:" in messages[0]["text"]


@pytest.mark.parametrize("intent", ["tip_no_such_topic", "greet", "", None])
def test_an_unknown_tip_intent_falls_back_and_clears_tip_topic(intent):
    events, messages = run_action(ActionTip(), make_tracker(intent, "/tip_no_such_topic"))
    assert events == [SlotSet("tip_topic", None)]
    assert "sales coach" in messages[0]["text"]


@pytest.mark.parametrize("text", ["what's the weather", "", "你好", "\x00\x01"])
def test_fallback_clears_tip_topic_and_offers_buttons(text):
    events, messages = run_action(
        ActionTipFallback(), make_tracker("nlu_fallback", text, slots={"tip_topic": "negotiation"}))
    assert events == [SlotSet("tip_topic", None)]
    assert len(messages[0]["buttons"]) == 4


def test_help_offers_suggestions_and_changes_no_slot():
    events, messages = run_action(ActionHelp(), make_tracker("help", "what can you do"))
    assert events == []
    assert "playbook" in messages[0]["text"] and messages[0]["buttons"]
