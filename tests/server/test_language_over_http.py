"""The language of the conversation through the real Rasa server and action server: the
first message decides it, a request changes it, an unsure line keeps it, and every reply of
the turn is already in the new language (docs/languages.md)."""

from __future__ import annotations

import json

import pytest

from tools.servers import new_sender

pytestmark = pytest.mark.server

GREETING_ES = "¡Hola! Soy tu coach de ventas."
GREETING_EN = "Hi! I'm your sales coach."


def _texts(replies):
    return [reply.get("text") or "" for reply in replies]


def test_a_spanish_first_message_gets_a_spanish_reply(coach):
    sender = new_sender("lang")
    texts = _texts(coach.say(sender, "hola, buenos días"))
    assert texts and texts[0].startswith(GREETING_ES), texts
    assert coach.slot(sender, "language") == "es"


def test_an_english_first_message_stays_english(coach):
    sender = new_sender("lang")
    texts = _texts(coach.say(sender, "hi there"))
    assert texts[0].startswith(GREETING_EN), texts
    assert coach.slot(sender, "language") == "en"


def test_requests_switch_and_are_confirmed_in_the_new_language(coach):
    sender = new_sender("lang")
    coach.say(sender, "hola")
    assert coach.slot(sender, "language") == "es"
    texts = _texts(coach.say(sender, "in English please"))
    assert texts == ["Done: I'll speak English from now on. Tell me what the customer said, "
                     "or type \"help\" to see what I can do."]
    assert coach.slot(sender, "language") == "en"
    texts = _texts(coach.say(sender, "háblame en español"))
    assert texts[0].startswith("¡Hecho! Desde ahora te hablo en español."), texts
    assert coach.slot(sender, "language") == "es"
    coach.say(sender, "en inglés por favor")
    assert coach.slot(sender, "language") == "en"


def test_the_language_payload_sets_the_slot(coach):
    sender = new_sender("lang")
    texts = _texts(coach.say(sender, '/language{"lang": "es"}'))
    assert texts[0].startswith("¡Hecho!"), texts
    assert coach.slot(sender, "language") == "es"
    coach.say(sender, '/language{"lang": "en"}')
    assert coach.slot(sender, "language") == "en"


def test_an_unsure_line_keeps_the_language(coach):
    sender = new_sender("lang")
    coach.say(sender, "¿qué tal?")
    for line in ("ok", "420", "👍"):
        coach.say(sender, line)
        assert coach.slot(sender, "language") == "es", line


def test_the_choice_is_offered_when_no_language_is_named(coach):
    sender = new_sender("lang")
    replies = coach.say(sender, "change the language")
    assert replies[0]["text"].startswith("I speak English and Spanish"), replies
    payloads = [button["payload"] for button in replies[0].get("buttons") or []]
    assert '/language{"lang": "es"}' in payloads


def test_a_role_play_keeps_running_when_the_trainee_switches_language(coach):
    sender = new_sender("lang")
    payload = {"persona": "hesitant", "style": "driver", "seed": 7, "scenario": "efax_service"}
    coach.say(sender, f"/roleplay_start{json.dumps(payload)}")
    assert coach.slot(sender, "roleplay_active") is True
    replies = coach.say(sender, "¿Qué es lo que realmente le frena?")
    assert coach.slot(sender, "language") == "es"
    # The turn went to the customer, not to a tip or the language rule.
    assert coach.slot(sender, "roleplay_active") is True
    assert replies and replies[0].get("text"), replies
