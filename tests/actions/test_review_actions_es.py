"""Draft review actions for a trainee who speaks Spanish (slot `language` = es)."""

from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.review import (
    REVIEW_INTENT,
    ActionAskReviewDraft,
    ActionReviewDraft,
    ValidateReviewForm,
)
from coach.markup import plain
from coach.review import replies
from nlu_components.draft_request import DraftRequestDetector
from tests.actions.conftest import make_tracker, run_action

SPANISH = {"language": "es"}


def _parsed(text: str, intent: str, ranking=()) -> dict:
    message = Message(data={TEXT: text, INTENT: {"name": intent, "confidence": 0.9},
                            "intent_ranking": list(ranking)})
    DraftRequestDetector().process([message])
    return {"intent": message.get(INTENT)["name"], "entities": message.get(ENTITIES) or [],
            "ranking": message.get("intent_ranking") or []}


def test_the_spanish_request_words_are_not_part_of_the_draft():
    text = "revisa mi respuesta: Hola Tomás, te confirmo el envío."
    parsed = _parsed(text, "tip_closing_buying_signals")
    assert parsed["intent"] == REVIEW_INTENT
    tracker = make_tracker(parsed["intent"], text, slots={**SPANISH, "requested_slot": None},
                           entities=parsed["entities"])
    assert ValidateReviewForm().validate_review_draft(text, CollectingDispatcher(), tracker, {}) \
        == {"review_draft": "Hola Tomás, te confirmo el envío."}


def test_the_form_asks_for_the_draft_in_spanish():
    events, messages = run_action(ActionAskReviewDraft(), make_tracker(REVIEW_INTENT,
                                                                       slots=SPANISH))
    assert events == [] and messages[0]["text"].startswith("Claro, pega el mensaje")


def test_the_spanish_review_sets_the_same_taboo_ids_and_speaks_spanish():
    draft = "Hola Marta, eso es imposible, no hacemos entregas en sábado."
    tracker = make_tracker(REVIEW_INTENT, slots={**SPANISH, "review_draft": draft})
    events, messages = run_action(ActionReviewDraft(), tracker)
    assert events == [SlotSet("review_taboos", ["refuse_on_spot"]), SlotSet("review_draft", None)]
    text = plain(messages[0]["text"])
    assert text.startswith("He encontrado 1 cosa que corregir") and "Por qué perjudica:" in text
    # The taboo's own words come from the Spanish rules (data/taboo_rules/es.yml).
    assert "Why it hurts" not in text and "Decir que no en el acto" in text


def test_an_english_draft_in_a_spanish_conversation_is_read_with_the_english_rules():
    tracker = make_tracker(REVIEW_INTENT, slots={**SPANISH,
                                                 "review_draft": "No way, that's impossible."})
    events, messages = run_action(ActionReviewDraft(), tracker)
    assert events == [SlotSet("review_taboos", ["refuse_on_spot"]), SlotSet("review_draft", None)]
    assert plain(messages[0]["text"]).startswith("He encontrado 1 cosa que corregir")


def test_a_clean_spanish_draft_is_listo_para_enviar():
    tracker = make_tracker(REVIEW_INTENT, slots={**SPANISH, "review_draft":
                                                 "Hola Marta, ¿te viene bien el martes?"})
    events, messages = run_action(ActionReviewDraft(), tracker)
    assert events[0] == SlotSet("review_taboos", [])
    assert plain(messages[0]["text"]).startswith("Listo para enviar.")


def test_a_spanish_email_pasted_alone_gets_the_spanish_note_and_buttons():
    text = ("Hola Sara,\n\nLo siento, no hacemos descuentos, es nuestro precio final.\n\n"
            "Un saludo,\nTomás")
    ranking = [{"name": "tip_objection_discount", "confidence": 0.7}]
    parsed = _parsed(text, "tip_objection_discount", ranking)
    assert parsed["intent"] == REVIEW_INTENT
    tracker = make_tracker(REVIEW_INTENT, text, slots={**SPANISH, "review_draft": text},
                           entities=parsed["entities"], ranking=parsed["ranking"])
    _, messages = run_action(ActionReviewDraft(), tracker)
    assert messages[0]["text"].startswith(replies("es")["pasted_note"])
    button = messages[0]["buttons"][0]
    assert button["payload"] == "/tip_objection_discount"
    assert button["title"].startswith("Mejor un consejo: ")
    # with no tip in the ranking, the help menu, in Spanish
    tracker = make_tracker(REVIEW_INTENT, text, slots={**SPANISH, "review_draft": text},
                           entities=parsed["entities"], ranking=[])
    _, messages = run_action(ActionReviewDraft(), tracker)
    assert messages[0]["buttons"][0]["title"] == "Qué puede hacer el coach"
