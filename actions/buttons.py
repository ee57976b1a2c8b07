"""Turn the coach's suggestions into chat buttons that trigger the tip intents."""

from __future__ import annotations

from typing import Any, Dict, Iterable, List, Tuple

TIP_INTENT_PREFIX = "tip_"


def tip_intent(topic_id: str) -> str:
    return f"{TIP_INTENT_PREFIX}{topic_id}"


def topic_of_intent(intent_name: str) -> str:
    """The topic id a tip intent stands for ('' if it is not a tip intent)."""
    if intent_name.startswith(TIP_INTENT_PREFIX):
        return intent_name[len(TIP_INTENT_PREFIX):]
    return ""


def tip_buttons(suggestions: Iterable[Tuple[str, str]]) -> List[Dict[str, Any]]:
    return [{"title": title, "payload": f"/{tip_intent(topic_id)}"}
            for topic_id, title in suggestions]
