"""Whole Spanish role-plays through the real Rasa server and action server (issue 10): the
trainee asks for Spanish, the customer answers as "Cliente:" from the Spanish fact sheet, the
contract's slots keep their ids, and the scorecard is Spanish."""

from __future__ import annotations

import datetime
import json

import pytest

from coach.roleplay.content import load_content
from coach.roleplay.reading import read
from coach.settings import load_settings
from tools.servers import new_sender

pytestmark = pytest.mark.server

# Our own lines (not the held-out set's): the persona's tactics, the hidden concern (service)
# surfaced and answered where the persona has one, then a dated next step.
NEXT_TUESDAY = "¿Firmamos el martes que viene?"
PILOT = ("Podemos empezar con un piloto de un mes en una sola oficina, con nuestro técnico de "
         "guardia, para que el riesgo sea pequeño.")
WINNING = {
    "hesitant": ["¿Qué es lo que de verdad le frena?",
                 "¿Le preocupa el precio, los resultados o el servicio?",
                 PILOT,
                 "Tiene razón, es un proveedor fuerte y entiendo su punto de vista.",
                 NEXT_TUESDAY],
    "lingering": ["Solo se pueden resolver los problemas que ponemos sobre la mesa, así que "
                  "¿qué le queda pendiente?",
                  "¿Qué le impediría exactamente firmar este mes?",
                  PILOT,
                  "Una empresa como la suya, Logística Huaxin, redujo sus costes de fax un 70 % "
                  "el primer año.",
                  NEXT_TUESDAY],
    "quick_to_agree": ["Concretemos: ¿quién firma y qué día?",
                       "El precio de lanzamiento acaba el día 30, así que si empieza ahora se "
                       "ahorra dinero.",
                       NEXT_TUESDAY],
}


def _start(coach, sender, persona, style):
    coach.say(sender, '/language{"lang": "es"}')
    payload = {"persona": persona, "style": style, "seed": 7, "scenario": "efax_service"}
    replies = coach.say(sender, f"/roleplay_start{json.dumps(payload)}")
    slots = coach.tracker(sender)["slots"]
    assert slots["language"] == "es" and slots["roleplay_active"] is True
    assert (slots["roleplay_persona"], slots["roleplay_style"]) == (persona, style)
    texts = [r.get("text", "") for r in replies]
    assert any("Tú eres quien vende" in t for t in texts), texts
    assert texts[-1].startswith("Cliente: "), texts


@pytest.mark.parametrize(("persona", "style"), [("hesitant", "driver"), ("lingering", "amiable"),
                                                ("quick_to_agree", "expressive")])
def test_a_spanish_role_play_is_won_with_the_personas_tactics(coach, persona, style):
    sender = new_sender(f"es-{persona}")
    _start(coach, sender, persona, style)
    replies = []
    for line in WINNING[persona]:
        replies = coach.say(sender, line)
        assert replies[0]["text"].startswith("Cliente: "), (line, replies)
        if coach.tracker(sender)["slots"]["roleplay_outcome"]:
            break
    slots = coach.tracker(sender)["slots"]
    assert slots["roleplay_outcome"] == "won", slots
    assert slots["roleplay_active"] is False and 0 <= slots["roleplay_score"] <= 100
    proposed = read(NEXT_TUESDAY, None, [], datetime.date.today(), language="es").date
    assert slots["roleplay_next_step"] == proposed.isoformat()
    scorecard = "\n".join(r.get("text", "") for r in replies)
    assert "**Evaluación:" in scorecard and "**Resultado:** ganada" in scorecard
    assert "Scorecard" not in scorecard and "Outcome" not in scorecard


def test_the_spanish_customer_answers_from_the_spanish_fact_sheet_and_stops(coach):
    facts = load_content(load_settings().roleplay_dir, "es").scenarios["efax_service"].facts
    sender = new_sender("es-answers")
    _start(coach, sender, "hesitant", "analytical")
    for question, topic in [("¿Qué presupuesto tienen reservado para esto?", "budget"),
                            ("¿Quién más participa en la decisión?", "decision")]:
        replies = coach.say(sender, question)
        assert len(replies) == 1 and replies[0]["text"].startswith("Cliente: "), replies
        assert facts[topic].text in replies[0]["text"], (topic, replies)
    replies = coach.say(sender, "parar el role-play")
    slots = coach.tracker(sender)["slots"]
    assert slots["roleplay_outcome"] == "ended" and slots["roleplay_active"] is False
    assert any("**Resultado:** terminada" in r.get("text", "") for r in replies), replies
