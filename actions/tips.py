"""Quick-tip actions: answer a tip intent from the playbook, or fall back."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import resources
from actions.assignments import tell_new_assignments
from actions.buttons import tip_buttons, topic_of_intent
from actions.messages import latest_intent, latest_text
from coach.tips import Reply, fallback_reply, help_reply, tip_reply

TIP_TOPIC_SLOT = "tip_topic"


def _send(dispatcher: CollectingDispatcher, reply: Reply) -> None:
    dispatcher.utter_message(text=reply.text, buttons=tip_buttons(reply.suggestions))


class ActionTip(Action):
    def name(self) -> str:
        return "action_tip"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        playbook = resources.playbook()
        entry = playbook.get(topic_of_intent(latest_intent(tracker)))
        if entry is None:
            # A tip intent with no playbook entry (or a stray /shortcut): say so, don't guess.
            _send(dispatcher, fallback_reply(latest_text(tracker), playbook))
            return [SlotSet(TIP_TOPIC_SLOT, None)]
        _send(dispatcher, tip_reply(entry, playbook))
        tell_new_assignments(dispatcher, tracker)
        return [SlotSet(TIP_TOPIC_SLOT, entry.id)]


class ActionTipFallback(Action):
    def name(self) -> str:
        return "action_tip_fallback"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        _send(dispatcher, fallback_reply(latest_text(tracker), resources.playbook()))
        tell_new_assignments(dispatcher, tracker)
        return [SlotSet(TIP_TOPIC_SLOT, None)]


class ActionHelp(Action):
    def name(self) -> str:
        return "action_help"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        _send(dispatcher, help_reply(resources.playbook()))
        tell_new_assignments(dispatcher, tracker)
        return []

