"""Conversation-wide actions: help, the fallback for anything not understood, session start."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import resources
from actions.assignments import tell_new_assignments
from actions.buttons import send_reply
from actions.language import trainee_language
from actions.messages import latest_intent, latest_text
from actions.roleplay import roleplay_slots
from actions.tips import TIP_TOPIC_SLOT
from coach.tips import fallback_reply, help_reply


class ActionCoreHelp(Action):
    def name(self) -> str:
        return "action_core_help"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        send_reply(dispatcher, help_reply(resources.playbook(trainee_language(tracker))))
        tell_new_assignments(dispatcher, tracker)
        return []


class ActionCoreFallback(Action):
    """Anything the NLU or the rules could not place: suggest the nearest tips, no topic."""

    def name(self) -> str:
        return "action_core_fallback"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        # core_out_of_scope (tax, the weather): said to be outside, not "which one did you mean?"
        send_reply(dispatcher, fallback_reply(latest_text(tracker),
                                             resources.playbook(trainee_language(tracker)),
                                             outside=latest_intent(tracker) == "core_out_of_scope"))
        tell_new_assignments(dispatcher, tracker)
        return [SlotSet(TIP_TOPIC_SLOT, None)]


class ActionSessionStart(Action):
    """A new conversation session: keep the slots, and restore a running role-play.

    After a restart of the Rasa server the tracker is new; the role-play itself is
    in the database, so its slots come back from there.
    """

    def name(self) -> str:
        return "action_session_start"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[EventType]:
        events: List[EventType] = [SessionStarted()]
        for key, value in (tracker.slots or {}).items():
            if value is not None and key != "requested_slot":
                events.append(SlotSet(key, value))
        record = resources.repository().active_session(tracker.sender_id)
        if record is not None:
            events += roleplay_slots(record)
        events.append(ActionExecuted("action_listen"))
        return events
