"""The tip actions: Tracker in, events and messages out, on a fresh SQLite database."""

import pytest
from rasa_sdk.events import SlotSet

from actions import resources
from actions.core import ActionCoreFallback, ActionCoreHelp
from actions.tips import ActionTip, ActionTipForm, ActionTipPart
from tests.actions.conftest import make_tracker, run_action


def test_a_tip_intent_answers_short_in_one_message_and_sets_tip_topic():
    events, messages = run_action(
        ActionTip(), make_tracker("tip_objection_price_too_high", "client says we're too pricey"))
    assert events == [SlotSet("tip_topic", "objection_price_too_high")]
    assert len(messages) == 1
    text = messages[0]["text"]
    assert text.lower().startswith("**customer says it's too expensive**")
    assert len(text.split("\n")) == 3 and "**Source:** " in text and "(000)" in text
    payloads = [button["payload"] for button in messages[0]["buttons"]]
    assert payloads[:3] == [f'/tip_{part}{{"tip_topic": "objection_price_too_high"}}'
                            for part in ("steps", "why", "source")]
    assert all(p.startswith("/tip_") for p in payloads[3:])
    assert [d["title"] for d in messages[0]["tip"]["details"]] == [
        "Steps", "Why it works", "Source"]


def test_every_contract_topic_can_be_answered(topic_ids):
    for topic in topic_ids:
        events, messages = run_action(ActionTip(), make_tracker(f"tip_{topic}"))
        assert events == [SlotSet("tip_topic", topic)]
        assert "Source:" in messages[0]["text"]


@pytest.mark.parametrize("intent", ["tip_no_such_topic", "tip_steps", "core_greet", "", None])
def test_an_unknown_tip_intent_falls_back_and_clears_tip_topic(intent):
    events, messages = run_action(ActionTip(), make_tracker(intent, "/tip_no_such_topic"))
    assert events == [SlotSet("tip_topic", None)]
    assert "sales coach" in messages[0]["text"]


@pytest.mark.parametrize(("intent", "expected"), [
    ("tip_steps", "what to do**\n1. "), ("tip_why", "why it works**\n"),
    ("tip_source", "sources**\n- "), ("tip_more", "**What to do:**")])
def test_a_word_after_a_tip_answers_about_the_last_tip(intent, expected):
    events, messages = run_action(ActionTipPart(), make_tracker(
        intent, intent.split("_")[1], slots={"tip_topic": "objection_discount"}))
    assert events == [SlotSet("tip_topic", "objection_discount")]
    assert len(messages) == 1 and expected in messages[0]["text"]
    assert messages[0]["text"].startswith("**Customer pushes for a discount")


def test_a_button_names_its_tip_even_after_another_tip():
    tracker = make_tracker("tip_source", '/tip_source{"tip_topic": "negotiation"}',
                           slots={"tip_topic": "objection_discount"})
    tracker.latest_message["entities"] = [{"entity": "tip_topic", "value": "negotiation"}]
    events, messages = run_action(ActionTipPart(), tracker)
    assert events == [SlotSet("tip_topic", "negotiation")]
    assert "001_eca97677d1fa34d5.txt" in messages[0]["text"]


def test_more_offers_to_make_full_answers_the_default():
    _, messages = run_action(ActionTipPart(), make_tracker(
        "tip_more", "more", slots={"tip_topic": "negotiation"}))
    assert messages[0]["buttons"][-1] == {"title": "Always full answers",
                                          "payload": "/tip_prefer_full"}


@pytest.mark.parametrize(("text", "ranking", "topic"), [
    ("what are the steps of a typical corporate purchase",
     [("tip_steps", 0.21), ("tip_purchase_process_stages", 0.15)], "purchase_process_stages"),
    ("why would the customer respond to that",
     [("tip_why", 0.35), ("tip_conversation_efficiency", 0.16)], "negotiation"),
    ("steps", [("tip_steps", 0.4), ("tip_negotiation", 0.39)], "negotiation"),
    ("/tip_steps", [("tip_steps", 1.0)], "negotiation"),
])
def test_a_longer_follow_up_that_names_a_topic_is_about_that_topic(text, ranking, topic):
    tracker = make_tracker(ranking[0][0], text, slots={"tip_topic": "negotiation"})
    tracker.latest_message["intent_ranking"] = [{"name": n, "confidence": c}
                                                for n, c in ranking]
    events, _ = run_action(ActionTipPart(), tracker)
    assert events == [SlotSet("tip_topic", topic)]


@pytest.mark.parametrize("named", [None, "no_such_topic", "x" * 5000])
def test_a_part_without_a_tip_to_refer_to_says_so(named):
    tracker = make_tracker("tip_why", "why")
    if named:
        tracker.latest_message["entities"] = [{"entity": "tip_topic", "value": named}]
    events, messages = run_action(ActionTipPart(), tracker)
    assert events == []
    assert ("don't know that topic" if named else "haven't given you a tip yet") in (
        messages[0]["text"])
    assert "x" * 50 not in messages[0]["text"] and len(messages[0]["buttons"]) == 4


def test_the_full_answer_preference_is_stored_used_and_can_be_changed_back():
    sender = "trainee-full"
    events, messages = run_action(ActionTipForm(), make_tracker(
        "tip_prefer_full", "always give me the full answer", sender=sender))
    assert events == [] and "full answer" in messages[0]["text"]
    assert resources.repository().tip_form(sender) == "full"
    _, messages = run_action(ActionTip(), make_tracker("tip_negotiation", sender=sender))
    assert "**What to do:**" in messages[0]["text"] and "tip" in messages[0]
    assert messages[0]["buttons"][-1]["payload"] == "/tip_prefer_short"
    # Another trainee still gets the short answer.
    _, other = run_action(ActionTip(), make_tracker("tip_negotiation", sender="someone-else"))
    assert "**What to do:**" not in other[0]["text"]
    run_action(ActionTipForm(), make_tracker("tip_prefer_short", "short answers", sender=sender))
    assert resources.repository().tip_form(sender) == "short"
    _, messages = run_action(ActionTip(), make_tracker("tip_negotiation", sender=sender))
    assert "**What to do:**" not in messages[0]["text"]


def test_a_broken_database_still_gets_a_short_tip_and_a_clear_answer(monkeypatch):
    from sqlalchemy.exc import OperationalError

    def broken(*args):
        raise OperationalError("select", {}, Exception("database is locked"))

    monkeypatch.setattr(type(resources.repository()), "tip_form", broken)
    monkeypatch.setattr(type(resources.repository()), "set_tip_form", broken)
    events, messages = run_action(ActionTip(), make_tracker("tip_negotiation"))
    assert events == [SlotSet("tip_topic", "negotiation")] and len(messages[0]["text"]) < 600
    events, messages = run_action(ActionTipForm(), make_tracker("tip_prefer_full"))
    assert events == [] and "couldn't save" in messages[0]["text"]


@pytest.mark.parametrize("text", ["what's the weather", "", "你好", "\x00\x01"])
def test_fallback_clears_tip_topic_and_offers_buttons(text):
    events, messages = run_action(
        ActionCoreFallback(),
        make_tracker("nlu_fallback", text, slots={"tip_topic": "negotiation"}))
    assert events == [SlotSet("tip_topic", None)]
    assert len(messages[0]["buttons"]) == 4


def test_help_offers_suggestions_and_changes_no_slot():
    events, messages = run_action(ActionCoreHelp(), make_tracker("core_help", "what can you do"))
    assert events == []
    assert "playbook" in messages[0]["text"] and messages[0]["buttons"]
