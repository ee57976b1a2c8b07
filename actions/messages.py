"""Reading the trainee's latest message from the tracker, the same way in every action."""

from __future__ import annotations

from typing import Any, Dict

from rasa_sdk import Tracker


def latest_message(tracker: Tracker) -> Dict[str, Any]:
    return tracker.latest_message or {}


def latest_text(tracker: Tracker) -> str:
    return latest_message(tracker).get("text") or ""


def latest_intent(tracker: Tracker) -> str:
    return (latest_message(tracker).get("intent") or {}).get("name") or ""


def latest_confidence(tracker: Tracker) -> float:
    return float((latest_message(tracker).get("intent") or {}).get("confidence") or 0)


def latest_entity(tracker: Tracker, name: str) -> str | None:
    for entity in latest_message(tracker).get("entities") or []:
        if entity.get("entity") == name and entity.get("value") not in (None, ""):
            return str(entity["value"])
    return None
