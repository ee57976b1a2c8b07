"""The language of the conversation, as every action reads it (docs/contract/language.md).

The slot is set from the entity ``lang`` by Rasa's action_extract_slots at the start of
each turn (nlu_components/language_detector.py reads the message), so every action of
the turn already sees the new language; ``action_language_set`` only confirms it, in
the words of data/language/<code>.yml.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from coach import language
from coach.language import DEFAULT_LANGUAGE, LANGUAGES, supported

LANGUAGE_SLOT = "language"
LANG_ENTITY = "lang"


def trainee_language(tracker: Tracker) -> str:
    """The ``language`` slot when it names a language the coach speaks, else English."""
    value = tracker.get_slot(LANGUAGE_SLOT)
    return value if value in LANGUAGES else DEFAULT_LANGUAGE


def asked_language(tracker: Tracker) -> str | None:
    """The language the latest message asked for or was written in (entity ``lang``)."""
    for entity in (tracker.latest_message or {}).get("entities") or []:
        if entity.get("entity") == LANG_ENTITY and supported(entity.get("value")):
            return supported(entity.get("value"))
    return None


class ActionLanguageSet(Action):
    """Confirms the language asked for, in that language; without one, offers the choice."""

    def name(self) -> str:
        return "action_language_set"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[EventType]:
        profiles = language.profiles()
        asked = asked_language(tracker)
        if asked is None:
            current = trainee_language(tracker)
            # The conversation's language first, then the others.
            order = [current] + [code for code in LANGUAGES if code != current]
            dispatcher.utter_message(text=profiles[current].choose, buttons=[
                {"title": profiles[code].button, "payload": f'/language{{"lang": "{code}"}}'}
                for code in order], language=current)
            return []
        dispatcher.utter_message(text=profiles[asked].confirm, language=asked)
        # In a real turn action_extract_slots has set the slot already; a tracker without
        # it (the HTTP API's trigger_intent, tests) gets it here.
        return [] if tracker.get_slot(LANGUAGE_SLOT) == asked else [SlotSet(LANGUAGE_SLOT,
                                                                              asked)]
