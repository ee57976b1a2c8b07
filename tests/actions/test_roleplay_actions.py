"""Role-play actions with Tracker and CollectingDispatcher, on a fresh SQLite database."""

from __future__ import annotations

import threading

import pytest
from rasa_sdk.events import SlotSet

from actions import resources
from actions.core import ActionSessionStart
from actions.roleplay import (
    ActionRoleplayEnd,
    ActionRoleplayHint,
    ActionRoleplayProgress,
    ActionRoleplayStart,
    ActionRoleplayTurn,
)
from coach.db import StaleSession, TurnRecord
from tests.actions.conftest import make_tracker, run_action


def _start_tracker(persona="hesitant", style="driver", sender="t1", **more):
    tracker = make_tracker("roleplay_start", "/roleplay_start", sender=sender)
    tracker.latest_message["entities"] = [
        {"entity": "persona", "value": persona}, {"entity": "style", "value": style},
        {"entity": "seed", "value": "5"}] + [{"entity": k, "value": v} for k, v in more.items()]
    return tracker


def _say(text, intent="core_out_of_scope", sender="t1", ranking=()):
    tracker = make_tracker(intent, text, sender=sender)
    tracker.latest_message["intent_ranking"] = list(ranking) or [
        {"name": intent, "confidence": 0.9}]
    return run_action(ActionRoleplayTurn(), tracker)


def _slots(events):
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def test_start_sets_the_contract_slots_and_sets_the_scene():
    events, messages = run_action(ActionRoleplayStart(), _start_tracker())
    slots = _slots(events)
    assert slots["roleplay_active"] is True
    assert (slots["roleplay_persona"], slots["roleplay_style"]) == ("hesitant", "driver")
    assert slots["roleplay_outcome"] is None and slots["roleplay_taboos"] == []
    assert "You are the salesperson" in messages[0]["text"]
    assert messages[1]["text"].startswith("Customer: ")
    assert slots["roleplay_difficulty"] == "normal" and slots["roleplay_next_step"] is None


def test_start_takes_difficulty_and_scenario_and_stores_them():
    events, messages = run_action(ActionRoleplayStart(), _start_tracker(
        difficulty="hard", scenario="machining_bid"))
    assert _slots(events)["roleplay_difficulty"] == "hard"
    assert "difficulty: hard" in messages[0]["text"]
    session = resources.repository().active_session("t1")
    assert (session.difficulty, session.scenario_id) == ("hard", "machining_bid")


def test_an_unknown_scenario_lists_the_valid_ones_and_starts_nothing():
    events, messages = run_action(ActionRoleplayStart(), _start_tracker(scenario="moon_base"))
    assert events == [] and "efax_service" in messages[0]["text"]
    assert "Nothing started" in messages[0]["text"]
    assert resources.repository().active_session("t1") is None


def test_a_question_is_answered_in_character_whatever_the_nlu_called_it():
    run_action(ActionRoleplayStart(), _start_tracker(scenario="efax_service"))
    events, messages = _say("Which competitor are you talking to, and what do they offer?",
                            intent="tip_objection_competitor",
                            ranking=[{"name": "tip_objection_competitor", "confidence": 0.8},
                                     {"name": "roleplay_ask_competitor", "confidence": 0.15}])
    assert len(messages) == 1 and messages[0]["text"].startswith("Customer: ")
    facts = resources.roleplay_content().scenarios["efax_service"].facts["competitor"]
    assert facts.short in messages[0]["text"] or facts.text in messages[0]["text"]
    assert not any(e.get("name") == "tip_topic" for e in events)


def test_ok_is_said_to_the_customer_and_a_draft_review_leaves_the_role_play_alone():
    run_action(ActionRoleplayStart(), _start_tracker())
    _, messages = _say("ok", intent="review_request")
    assert messages[0]["text"].startswith("Customer: ")
    before = resources.repository().active_session("t1")
    events, messages = _say("check my reply: Honestly, your boss is clueless.",
                            intent="review_request")
    assert "out of character" in messages[0]["text"]
    assert _slots(events)["review_taboos"]
    after = resources.repository().active_session("t1")
    assert after.next_position == before.next_position and after.state == before.state


def test_a_question_for_the_coach_is_answered_out_of_character():
    run_action(ActionRoleplayStart(), _start_tracker())
    events, messages = _say("coach: how do I quote without scaring him off?",
                            intent="tip_pricing_quoting")
    assert "out of character" in messages[0]["text"] and "Source:" in messages[0]["text"]
    assert _slots(events)["tip_topic"] == "pricing_quoting"
    assert resources.repository().active_session("t1") is not None


def test_unknown_persona_lists_the_valid_ones_and_starts_nothing():
    events, messages = run_action(ActionRoleplayStart(), _start_tracker(persona="grumpy"))
    assert events == []
    assert "hesitant, lingering, quick_to_agree" in messages[0]["text"]
    assert resources.repository().active_session("t1") is None


def test_a_turn_reads_moves_and_taboos_and_saves_both_sides():
    run_action(ActionRoleplayStart(), _start_tracker())
    tracker = make_tracker("roleplay_move_probe_reason", "That's impossible. What holds you back?",
                           sender="t1")
    tracker.latest_message["intent_ranking"] = [{"name": "roleplay_move_probe_reason",
                                                 "confidence": 0.9}]
    events, messages = run_action(ActionRoleplayTurn(), tracker)
    slots = _slots(events)
    assert slots["roleplay_tactics"] == ["probe_reason"]
    assert slots["roleplay_taboos"] == ["refuse_on_spot"]
    assert messages[0]["text"].startswith("Customer: ")
    session = resources.repository().active_session("t1")
    speakers = [t.speaker for t in resources.repository().transcript(session.id)]
    assert speakers == ["coach", "customer", "trainee", "customer"]


def test_a_won_session_sets_the_agreed_date_and_finishes_in_one_write(monkeypatch):
    run_action(ActionRoleplayStart(), _start_tracker(persona="quick_to_agree", style="driver",
                                                     scenario="efax_service"))
    for text, intent in (("Let's pin it down: who signs, and when?", "roleplay_move_pin_down"),
                         ("Every week you wait costs you orders.", "roleplay_move_push_reason")):
        _say(text, intent=intent)
    writes = []
    real = resources.repository().play_turn
    monkeypatch.setattr(resources.repository(), "play_turn",
                        lambda *a, **k: writes.append(k or a) or real(*a, **k))
    events, messages = _say("Shall we sign on Thursday the 10th?",
                            intent="roleplay_move_propose_timeline")
    slots = _slots(events)
    assert slots["roleplay_outcome"] == "won", messages
    started = resources.repository().finished_sessions("t1")[0].started_at.date()
    assert slots["roleplay_next_step"] > started.isoformat()
    assert len(writes) == 1  # the last turn and the finish together
    assert resources.repository().active_session("t1") is None
    history = resources.repository().finished_sessions("t1")
    assert history[0].status == "won" and history[0].next_step == slots["roleplay_next_step"]


def test_a_concurrent_turn_is_replayed_not_lost(monkeypatch):
    run_action(ActionRoleplayStart(), _start_tracker())
    repository = resources.repository()
    real = repository.play_turn
    raced = threading.Event()

    def racing(session_id, position, turns, state, finish=None):
        if not raced.is_set():
            raced.set()  # another message of the same trainee lands first
            real(session_id, position, [TurnRecord(0, "trainee", "You're wrong.", [],
                                                   ["argue"]),
                                        TurnRecord(0, "customer", "Hm.", [], [])],
                 repository.active_session("t1").state)
        return real(session_id, position, turns, state, finish)

    monkeypatch.setattr(repository, "play_turn", racing)
    _, messages = _say("What's really holding you back?", intent="roleplay_move_probe_reason",
                       ranking=[{"name": "roleplay_move_probe_reason", "confidence": 0.9}])
    assert messages[0]["text"].startswith("Customer: ")
    texts = [t.text for t in repository.transcript(repository.active_session("t1").id)]
    assert "You're wrong." in texts and "What's really holding you back?" in texts
    with pytest.raises(StaleSession):
        session = repository.active_session("t1")
        real(session.id, session.next_position - 1, [TurnRecord(0, "trainee", "x", [], [])],
             session.state)


def test_an_empty_line_gets_a_clear_reply_and_changes_nothing():
    run_action(ActionRoleplayStart(), _start_tracker())
    before = resources.repository().active_session("t1")
    events, messages = _say("   ")
    assert events == [] and "empty" in messages[0]["text"]
    assert resources.repository().active_session("t1").next_position == before.next_position


def test_hint_and_stop_typed_during_the_role_play():
    run_action(ActionRoleplayStart(), _start_tracker(persona="lingering"))
    _, messages = _say("hint", intent="roleplay_hint")
    assert "out of character" in messages[0]["text"]
    events, messages = _say("stop the role-play", intent="roleplay_end")
    assert _slots(events)["roleplay_outcome"] == "ended"
    assert messages[0]["text"].startswith("**Scorecard:")


def test_hint_and_stop():
    run_action(ActionRoleplayStart(), _start_tracker(persona="lingering"))
    hint_tracker = make_tracker("roleplay_hint", "hint", sender="t1")
    events, messages = run_action(ActionRoleplayHint(), hint_tracker)
    assert events == [] and "out of character" in messages[0]["text"]
    end_tracker = make_tracker("roleplay_end", "stop", sender="t1")
    events, messages = run_action(ActionRoleplayEnd(), end_tracker)
    slots = _slots(events)
    assert slots["roleplay_active"] is False and slots["roleplay_outcome"] == "ended"
    assert 0 <= slots["roleplay_score"] <= 100
    assert messages[0]["text"].startswith("**Scorecard:")
    report_tracker = make_tracker("roleplay_progress", sender="t1")
    events, messages = run_action(ActionRoleplayProgress(), report_tracker)
    assert "**Sessions:** 1" in messages[0]["text"]


def test_a_move_outside_a_role_play_invites_to_practise():
    events, messages = run_action(ActionRoleplayTurn(),
                                  make_tracker("roleplay_move_ask_needs", "What?"))
    assert events == [SlotSet("roleplay_active", False)]
    assert "Start a role-play" in messages[0]["text"] and messages[0]["buttons"]


def test_a_start_request_with_no_session_behind_the_slot_starts_one():
    # roleplay_active was left True, but the coach's database has no session for the sender
    tracker = make_tracker("roleplay_start", "let's role-play a hesitant customer",
                           slots={"roleplay_active": True}, sender="stale-slot")
    events, messages = run_action(ActionRoleplayTurn(), tracker)
    slots = _slots(events)
    assert slots["roleplay_active"] is True and slots["roleplay_persona"] == "hesitant"
    assert any(m["text"].startswith("Customer: ") for m in messages)


def test_session_start_restores_a_running_role_play():
    run_action(ActionRoleplayStart(), _start_tracker(persona="quick_to_agree"))
    events, _ = run_action(ActionSessionStart(), make_tracker("", sender="t1"))
    assert events[0]["event"] == "session_started"
    assert events[-1]["event"] == "action" and events[-1]["name"] == "action_listen"
    slots = _slots(events)
    assert slots["roleplay_active"] is True and slots["roleplay_persona"] == "quick_to_agree"
