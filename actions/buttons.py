"""Turn the coach's replies into chat buttons and the intents they trigger.

The tips feature's intents all start with ``tip_``: one per playbook topic
(``tip_<topic id>``), the follow-ups on the last tip (``tip_steps``, ``tip_why``,
``tip_source``, ``tip_more``) and the answer-form preference (``tip_prefer_full``,
``tip_prefer_short``). A follow-up button names its topic in the ``tip_topic``
entity, so clicking it on an older tip still answers about that tip.
"""

from __future__ import annotations

import json
from typing import Any, Dict, Iterable, List, Tuple

from rasa_sdk.executor import CollectingDispatcher

from coach.tips import Reply, TipForm, TipPart, form_titles

TIP_INTENT_PREFIX = "tip_"
TOPIC_ENTITY = "tip_topic"
PART_INTENTS = {TipPart.STEPS: "tip_steps", TipPart.WHY: "tip_why",
                TipPart.SOURCE: "tip_source", TipPart.MORE: "tip_more"}
FORM_INTENTS = {TipForm.FULL: "tip_prefer_full", TipForm.SHORT: "tip_prefer_short"}
_NOT_TOPICS = set(PART_INTENTS.values()) | set(FORM_INTENTS.values())


def tip_intent(topic_id: str) -> str:
    return f"{TIP_INTENT_PREFIX}{topic_id}"


def topic_of_intent(intent_name: str) -> str:
    """The topic id a tip intent stands for ('' if it is not a topic's tip intent)."""
    if intent_name.startswith(TIP_INTENT_PREFIX) and intent_name not in _NOT_TOPICS:
        return intent_name[len(TIP_INTENT_PREFIX):]
    return ""


def part_of_intent(intent_name: str) -> TipPart | None:
    return next((part for part, name in PART_INTENTS.items() if name == intent_name), None)


def form_of_intent(intent_name: str) -> TipForm | None:
    return next((form for form, name in FORM_INTENTS.items() if name == intent_name), None)


def part_payload(part: TipPart, topic_id: str | None) -> str:
    entities = json.dumps({TOPIC_ENTITY: topic_id}) if topic_id else ""
    return f"/{PART_INTENTS[part]}{entities}"


def tip_buttons(suggestions: Iterable[Tuple[str, str]]) -> List[Dict[str, Any]]:
    return [{"title": title, "payload": f"/{tip_intent(topic_id)}"}
            for topic_id, title in suggestions]


def reply_buttons(reply: Reply) -> List[Dict[str, Any]]:
    """The tip's deeper parts first, then the related topics, then a form switch."""
    buttons = [{"title": detail.title, "payload": part_payload(detail.part, reply.topic)}
               for detail in reply.details]
    buttons += tip_buttons(reply.suggestions)
    if reply.form_offer is not None:
        buttons.append({"title": form_titles(reply.language)[reply.form_offer],
                        "payload": f"/{FORM_INTENTS[reply.form_offer]}"})
    return buttons


def reply_metadata(reply: Reply) -> Dict[str, Any]:
    """What channels need to show a tip's details natively (a Teams card that opens, a
    web section that expands). It travels with the bot message as its ``tip`` metadata;
    channels without a native way ignore it and use the buttons."""
    if reply.topic is None:
        return {}
    return {"tip": {"topic": reply.topic, "details": [
        {"part": detail.part.value, "title": detail.title, "text": detail.text,
         "payload": part_payload(detail.part, reply.topic)} for detail in reply.details]}}


def send_reply(dispatcher: CollectingDispatcher, reply: Reply) -> None:
    # One bot message per reply: its text, its buttons, its language (the web page's own
    # words follow it), and (for a tip) the details the channels show natively.
    dispatcher.utter_message(text=reply.text, buttons=reply_buttons(reply),
                             language=reply.language, **reply_metadata(reply))
