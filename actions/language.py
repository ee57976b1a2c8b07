"""The language of the conversation, as every action reads it (docs/contract/language.md)."""

from __future__ import annotations

from rasa_sdk import Tracker

from coach.language import DEFAULT_LANGUAGE, LANGUAGES

LANGUAGE_SLOT = "language"


def trainee_language(tracker: Tracker) -> str:
    """The ``language`` slot when it names a language the coach speaks, else English."""
    value = tracker.get_slot(LANGUAGE_SLOT)
    return value if value in LANGUAGES else DEFAULT_LANGUAGE
