"""The tip actions in Spanish: the `language` slot picks the Spanish playbook and texts,
with the same topic ids, payloads and source files as in English."""

import pytest
from rasa_sdk.events import SlotSet

from actions import resources
from actions.core import ActionCoreFallback, ActionCoreHelp
from actions.tips import ActionTip, ActionTipForm, ActionTipPart
from tests.actions.conftest import make_tracker, run_action

SPANISH = {"language": "es"}


def test_a_spanish_tip_is_short_in_spanish_with_the_same_topic_and_payloads():
    events, messages = run_action(ActionTip(), make_tracker(
        "tip_objection_price_too_high", "me dijo que es carísimo", slots=SPANISH))
    assert events == [SlotSet("tip_topic", "objection_price_too_high")]
    assert len(messages) == 1
    text = messages[0]["text"]
    assert text.startswith("**El cliente dice que es demasiado caro** — ")
    assert "**Di:** «" in text and "**Fuente:** " in text and "(000)" in text
    assert len(text.split("\n")) == 3 and "Source:" not in text
    payloads = [button["payload"] for button in messages[0]["buttons"]]
    assert payloads[:3] == [f'/tip_{part}{{"tip_topic": "objection_price_too_high"}}'
                            for part in ("steps", "why", "source")]
    assert [b["title"] for b in messages[0]["buttons"][:3]] == [
        "Pasos", "Por qué funciona", "Fuente"]
    # Related topics are offered by their Spanish titles.
    assert messages[0]["buttons"][3]["title"] in {
        entry.title for entry in resources.playbook("es").entries()}
    assert [d["title"] for d in messages[0]["tip"]["details"]] == [
        "Pasos", "Por qué funciona", "Fuente"]


@pytest.mark.parametrize(("intent", "expected"), [
    ("tip_steps", "qué hacer**\n1. "), ("tip_why", "por qué funciona**\n"),
    ("tip_source", "fuentes**\n- "), ("tip_more", "**Qué hacer:**")])
def test_a_spanish_follow_up_answers_about_the_last_tip(intent, expected):
    events, messages = run_action(ActionTipPart(), make_tracker(
        intent, "pasos", slots={**SPANISH, "tip_topic": "objection_discount"}))
    assert events == [SlotSet("tip_topic", "objection_discount")]
    assert len(messages) == 1 and expected in messages[0]["text"]
    assert messages[0]["text"].startswith("**El cliente aprieta para conseguir un descuento")


def test_the_spanish_sources_keep_the_document_files():
    _, messages = run_action(ActionTipPart(), make_tracker(
        "tip_source", "fuente", slots={**SPANISH, "tip_topic": "negotiation"}))
    assert "001_eca97677d1fa34d5.txt" in messages[0]["text"]


def test_general_knowledge_is_shown_as_the_coachs_own_addition_in_spanish():
    _, messages = run_action(ActionTipPart(), make_tracker(
        "tip_why", "por qué", slots={**SPANISH, "tip_topic": "taboo_ramble"}))
    assert "**Nota** (práctica comercial general, no sale de los documentos): " in (
        messages[0]["text"])


def test_more_offers_full_answers_in_spanish():
    _, messages = run_action(ActionTipPart(), make_tracker(
        "tip_more", "más", slots={**SPANISH, "tip_topic": "negotiation"}))
    assert messages[0]["buttons"][-1] == {"title": "Respuestas completas",
                                          "payload": "/tip_prefer_full"}


def test_a_spanish_follow_up_with_no_tip_says_so_in_spanish():
    events, messages = run_action(ActionTipPart(), make_tracker("tip_steps", "pasos",
                                                                slots=SPANISH))
    assert events == []
    assert messages[0]["text"].startswith("Todavía no te he dado ningún consejo")
    assert [b["payload"] for b in messages[0]["buttons"]][0] == "/tip_objection_price_too_high"


def test_the_form_preference_is_confirmed_in_spanish():
    _, messages = run_action(ActionTipForm(), make_tracker("tip_prefer_full",
                                                           "siempre completas", slots=SPANISH))
    assert messages[0]["text"].startswith("Hecho: a partir de ahora cada consejo")
    assert messages[0]["buttons"] == [{"title": "Respuestas cortas",
                                       "payload": "/tip_prefer_short"}]
    _, messages = run_action(ActionTip(), make_tracker("tip_negotiation", "negociar",
                                                       slots=SPANISH))
    assert "**Qué hacer:**" in messages[0]["text"]


def test_spanish_help_lists_what_the_coach_does():
    _, messages = run_action(ActionCoreHelp(), make_tracker("core_help", "ayuda", slots=SPANISH))
    text = messages[0]["text"]
    assert text.startswith("Soy tu coach de ventas")
    assert "objeción" in text and "estilo de comunicación" in text and "«pasos»" in text
    assert len(messages[0]["buttons"]) == 4


@pytest.mark.parametrize(("text", "opening"), [
    ("¿qué tiempo hace en Sevilla?", "No tengo claro de qué situación de venta"),
    ("", "No me ha llegado ningún texto"),
    ("客户说太贵了", "Perdona, de momento solo entiendo español e inglés"),
    ("/nada", "No conozco el comando /nada")])
def test_the_spanish_fallback_explains_and_asks_if_one_of_these_is_meant(text, opening):
    events, messages = run_action(ActionCoreFallback(), make_tracker("nlu_fallback", text,
                                                                    slots=SPANISH))
    assert events == [SlotSet("tip_topic", None)]
    assert messages[0]["text"].startswith(opening)
    assert "Soy un coach de ventas" in messages[0]["text"]
    assert messages[0]["text"].endswith("¿Te refieres a alguno de estos?")
    assert messages[0]["buttons"][0]["title"] == "El cliente dice que es demasiado caro"


@pytest.mark.parametrize(("language", "opening", "closing"), [
    ("es", "Eso queda fuera de lo que sé hacer.", "Por ejemplo:"),
    ("en", "That's outside what I coach.", "For example:")])
def test_a_sure_out_of_scope_message_is_said_to_be_outside(language, opening, closing):
    # "cuánto IVA lleva una factura": not "which sales situation did you mean?"
    events, messages = run_action(ActionCoreFallback(), make_tracker(
        "core_out_of_scope", "cuánto IVA lleva una factura en Colombia",
        slots={"language": language}))
    assert events == [SlotSet("tip_topic", None)]
    assert messages[0]["text"].startswith(opening) and messages[0]["text"].endswith(closing)
    assert len(messages[0]["buttons"]) == 4


def test_keyboard_noise_read_as_out_of_scope_is_only_unclear():
    _, messages = run_action(ActionCoreFallback(), make_tracker("core_out_of_scope", "asdkjh qwe",
                                                                slots=SPANISH))
    assert messages[0]["text"].startswith("No tengo claro de qué situación de venta")


@pytest.mark.parametrize("language", [None, "en", "fr", 42])
def test_an_unset_or_unknown_language_answers_in_english(language):
    _, messages = run_action(ActionTip(), make_tracker(
        "tip_objection_discount", "discount", slots={"language": language}))
    assert messages[0]["text"].startswith("**Customer pushes for a discount")
