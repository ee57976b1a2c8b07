"""Helpers to run actions the way the action server does, without a network."""

from __future__ import annotations

from typing import Any, Dict, List

import pytest
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import resources


@pytest.fixture(autouse=True)
def database(tmp_path, monkeypatch):
    """Every action test on a progress database of its own (the cached repository reset)."""
    monkeypatch.setenv("COACH_DATABASE_URL", f"sqlite:///{tmp_path / 'coach.db'}")
    resources.repository.cache_clear()
    yield
    resources.repository().dispose()
    resources.repository.cache_clear()


def make_tracker(intent: str, text: str = "", slots: Dict[str, Any] | None = None,
                 confidence: float = 0.9, sender: str = "trainee-1",
                 entities: List[Dict[str, Any]] | None = None,
                 ranking: List[Dict[str, Any]] | None = None) -> Tracker:
    return Tracker(
        sender_id=sender,
        slots=dict(slots or {}),
        latest_message={"intent": {"name": intent, "confidence": confidence},
                        "entities": list(entities or []), "text": text,
                        "intent_ranking": list(ranking or [])},
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def run_action(action, tracker: Tracker) -> tuple:
    dispatcher = CollectingDispatcher()
    events: List[Dict[str, Any]] = action.run(dispatcher, tracker, domain={})
    return events, dispatcher.messages
