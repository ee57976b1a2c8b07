"""Quick tips in Spanish through the real Rasa server and action server (REST channel):
the same topic ids, payloads and sources as in English, every word around them Spanish."""

import pytest

from tools.servers import new_sender

pytestmark = pytest.mark.server


def _spanish(coach) -> str:
    sender = new_sender()
    coach.say(sender, '/language{"lang": "es"}')
    assert coach.slot(sender, "language") == "es"
    return sender


def test_a_spanish_question_gets_the_spanish_playbook_with_the_same_topic(coach):
    sender = _spanish(coach)
    replies = coach.say(sender, "el cliente me dijo que somos carísimos, ¿qué le contesto?")
    assert len(replies) == 1
    text = replies[0]["text"]
    assert text.startswith("**El cliente dice que es demasiado caro** — ")
    assert "**Di:** «" in text and "**Fuente:** " in text
    assert [b["title"] for b in replies[0]["buttons"][:3]] == [
        "Pasos", "Por qué funciona", "Fuente"]
    assert replies[0]["buttons"][0]["payload"] == (
        '/tip_steps{"tip_topic": "objection_price_too_high"}')
    assert coach.slot(sender, "tip_topic") == "objection_price_too_high"


def test_spanish_words_after_a_tip_refer_to_it(coach):
    sender = _spanish(coach)
    coach.say(sender, "me pide un 15% de descuento para firmar hoy")
    assert coach.slot(sender, "tip_topic") == "objection_discount"
    for word, expected in [("pasos", "qué hacer**\n1. "), ("¿por qué?", "por qué funciona**"),
                           ("fuente", "001_eca97677d1fa34d5.txt"),
                           ("la versión completa", "**Qué hacer:**")]:
        replies = coach.say(sender, word)
        assert len(replies) == 1 and expected in replies[0]["text"], (word, replies)
        assert replies[0]["text"].startswith("**El cliente aprieta para conseguir un descuento")
        assert coach.slot(sender, "tip_topic") == "objection_discount"


def test_a_spanish_out_of_scope_question_gets_no_topic_and_a_spanish_answer(coach):
    sender = _spanish(coach)
    coach.say(sender, "el cliente dice que lo tiene que consultar con su jefe")
    replies = coach.say(sender, "¿qué tiempo va a hacer el sábado en Valencia?")
    assert "Soy un coach de ventas" in replies[0]["text"]
    assert coach.slot(sender, "tip_topic") is None


def test_spanish_help_and_no_tip_yet(coach):
    sender = _spanish(coach)
    assert coach.say(sender, "pasos")[0]["text"].startswith(
        "Todavía no te he dado ningún consejo")
    assert coach.say(sender, "ayuda, ¿qué puedes hacer?")[0]["text"].startswith(
        "Soy tu coach de ventas")


def test_english_stays_english(coach):
    sender = new_sender()
    replies = coach.say(sender, "customer wants a 20% discount before signing")
    assert replies[0]["text"].startswith("**Customer pushes for a discount")
    assert replies[0]["buttons"][0]["title"] == "Steps"
