"""Role-play actions with Tracker and CollectingDispatcher, on a fresh SQLite database."""

from __future__ import annotations

import pytest
from rasa_sdk.events import SlotSet

from actions import resources
from actions.roleplay import (
    ActionProgressReport,
    ActionRoleplayEnd,
    ActionRoleplayHint,
    ActionRoleplayStart,
    ActionRoleplayTurn,
    ActionSessionStart,
)
from tests.actions.conftest import make_tracker, run_action


@pytest.fixture(autouse=True)
def database(tmp_path, monkeypatch):
    monkeypatch.setenv("COACH_DATABASE_URL", f"sqlite:///{tmp_path / 'coach.db'}")
    resources.repository.cache_clear()
    yield
    resources.repository().dispose()
    resources.repository.cache_clear()


def _start_tracker(persona="hesitant", style="driver", sender="t1"):
    tracker = make_tracker("roleplay_start", "/roleplay_start", sender=sender)
    tracker.latest_message["entities"] = [
        {"entity": "persona", "value": persona}, {"entity": "style", "value": style},
        {"entity": "seed", "value": "5"}]
    return tracker


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


def test_unknown_persona_lists_the_valid_ones_and_starts_nothing():
    events, messages = run_action(ActionRoleplayStart(), _start_tracker(persona="grumpy"))
    assert events == []
    assert "hesitant, lingering, quick_to_agree" in messages[0]["text"]
    assert resources.repository().active_session("t1") is None


def test_a_turn_reads_moves_and_taboos_and_saves_both_sides():
    run_action(ActionRoleplayStart(), _start_tracker())
    tracker = make_tracker("move_probe_reason", "That's impossible. What holds you back?",
                           sender="t1")
    tracker.latest_message["intent_ranking"] = [{"name": "move_probe_reason", "confidence": 0.9}]
    events, messages = run_action(ActionRoleplayTurn(), tracker)
    slots = _slots(events)
    assert slots["roleplay_tactics"] == ["probe_reason"]
    assert slots["roleplay_taboos"] == ["refuse_on_spot"]
    assert messages[0]["text"].startswith("Customer: ")
    session = resources.repository().active_session("t1")
    speakers = [t.speaker for t in resources.repository().transcript(session.id)]
    assert speakers == ["coach", "customer", "trainee", "customer"]


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
    report_tracker = make_tracker("progress_report", sender="t1")
    events, messages = run_action(ActionProgressReport(), report_tracker)
    assert "**Sessions:** 1" in messages[0]["text"]


def test_a_move_outside_a_role_play_invites_to_practise():
    events, messages = run_action(ActionRoleplayTurn(), make_tracker("move_ask_needs", "What?"))
    assert events == [SlotSet("roleplay_active", False)]
    assert "Start a role-play" in messages[0]["text"] and messages[0]["buttons"]


def test_session_start_restores_a_running_role_play():
    run_action(ActionRoleplayStart(), _start_tracker(persona="quick_to_agree"))
    events, _ = run_action(ActionSessionStart(), make_tracker("", sender="t1"))
    assert events[0]["event"] == "session_started"
    assert events[-1]["event"] == "action" and events[-1]["name"] == "action_listen"
    slots = _slots(events)
    assert slots["roleplay_active"] is True and slots["roleplay_persona"] == "quick_to_agree"
