"""nlu_components/language_detector.py on Rasa messages, without a trained model."""

from __future__ import annotations

import pytest
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message

from nlu_components.language_detector import LanguageDetector


@pytest.fixture(scope="module")
def component() -> LanguageDetector:
    return LanguageDetector()


def _message(text, intent="tip_objection_price_too_high", confidence=0.6, ranking=None):
    message = Message(data={TEXT: text})
    message.set(INTENT, {"name": intent, "confidence": confidence})
    message.set("intent_ranking", ranking or [{"name": intent, "confidence": confidence},
                                              {"name": "core_help", "confidence": 0.2}])
    return message


def _lang(message):
    return [e["value"] for e in message.get(ENTITIES) or [] if e["entity"] == "lang"]


@pytest.mark.parametrize("text, lang", [
    ("el cliente dice que somos caros, ¿qué le digo?", "es"),
    ("the customer says we're too expensive, what do I say?", "en"),
])
def test_a_clear_line_gets_its_language_and_keeps_its_intent(component, text, lang):
    (message,) = component.process([_message(text)])
    assert _lang(message) == [lang]
    assert message.get(INTENT)["name"] == "tip_objection_price_too_high"


@pytest.mark.parametrize("text", ["ok", "420", "👍", "   "])
def test_an_unsure_line_gets_nothing(component, text):
    (message,) = component.process([_message(text, intent="core_thanks")])
    assert _lang(message) == [] and message.get(INTENT)["name"] == "core_thanks"


@pytest.mark.parametrize("text, lang", [("in Spanish please", "es"), ("en inglés", "en"),
                                        ("háblame en español", "es")])
def test_a_request_is_the_language_intent_whatever_the_classifier_said(component, text, lang):
    (message,) = component.process([_message(text, intent="core_greet", confidence=0.4)])
    assert message.get(INTENT) == {"name": "language", "confidence": 1.0}
    assert message.get("intent_ranking")[0]["name"] == "language"
    assert _lang(message) == [lang]


def test_a_request_inside_a_question_sets_the_language_not_the_intent(component):
    (message,) = component.process([_message("In Spanish please, how do I answer a "
                                             "price objection?")])
    assert _lang(message) == ["es"]
    assert message.get(INTENT)["name"] == "tip_objection_price_too_high"


def test_the_classifiers_language_on_a_short_line_names_the_language(component):
    (message,) = component.process([_message("can u do spanish 4 me", intent="language")])
    assert message.get(INTENT)["name"] == "language" and _lang(message) == ["es"]
    (message,) = component.process([_message("I don't speak Spanish", intent="language")])
    assert _lang(message) == ["en"]  # not wanted: the line's own language


def test_the_language_intent_naming_no_language_gets_no_entity(component):
    (message,) = component.process([_message("change the language", intent="language")])
    assert message.get(INTENT)["name"] == "language" and _lang(message) == []


def test_the_classifiers_language_on_a_long_question_is_demoted(component):
    text = "my customers mostly speak Spanish at the trade fair, how do I open the conversation"
    ranking = [{"name": "language", "confidence": 0.5}, {"name": "tip_first_contact",
                                                         "confidence": 0.3}]
    (message,) = component.process([_message(text, intent="language", confidence=0.5,
                                             ranking=ranking)])
    assert message.get(INTENT)["name"] == "tip_first_contact"
    assert _lang(message) == ["en"]


def test_a_message_without_text_is_left_alone(component):
    message = Message(data={})
    component.process([message])
    assert message.get(ENTITIES) is None
