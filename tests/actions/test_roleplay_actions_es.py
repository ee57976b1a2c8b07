"""Role-play actions in Spanish with Tracker and CollectingDispatcher, on a fresh database:
the session starts in the trainee's language and keeps it; the customer's lines begin with
"Cliente: "; the contract's slots keep their ids and meanings."""

from __future__ import annotations

import pytest

from actions import resources
from actions.roleplay import (
    ActionRoleplayEnd,
    ActionRoleplayHint,
    ActionRoleplayStart,
    ActionRoleplayTurn,
)
from tests.actions.conftest import make_tracker, run_action


@pytest.fixture(autouse=True)
def database(tmp_path, monkeypatch):
    monkeypatch.setenv("COACH_DATABASE_URL", f"sqlite:///{tmp_path / 'coach.db'}")
    resources.repository.cache_clear()
    yield
    resources.repository().dispose()
    resources.repository.cache_clear()


def _start(language="es", persona="hesitant", style="driver", **more):
    tracker = make_tracker("roleplay_start", "/roleplay_start", sender="t1",
                           slots={"language": language})
    tracker.latest_message["entities"] = [
        {"entity": "persona", "value": persona}, {"entity": "style", "value": style},
        {"entity": "seed", "value": "5"}] + [{"entity": k, "value": v} for k, v in more.items()]
    return run_action(ActionRoleplayStart(), tracker)


def _say(text, intent="core_out_of_scope", language="es"):
    tracker = make_tracker(intent, text, sender="t1", slots={"language": language},
                           ranking=[{"name": intent, "confidence": 0.9}])
    return run_action(ActionRoleplayTurn(), tracker)


def _slots(events):
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def test_a_spanish_trainee_gets_a_spanish_scene_and_a_cliente():
    events, messages = _start(difficulty="hard", scenario="machining_bid")
    slots = _slots(events)
    assert slots["roleplay_active"] is True and slots["roleplay_difficulty"] == "hard"
    assert (slots["roleplay_persona"], slots["roleplay_style"]) == ("hesitant", "driver")
    scene = messages[0]["text"]
    assert "Servicios de mecanizado en un concurso reñido (dificultad: difícil)" in scene
    assert "Tú eres quien vende" in scene and "el cliente indeciso, estilo dominante" in scene
    assert messages[1]["text"].startswith("Cliente: ")
    assert resources.repository().active_session("t1").state.language == "es"


def test_an_english_trainee_still_gets_customer():
    _, messages = _start(language="en")
    assert "You are the salesperson" in messages[0]["text"]
    assert messages[1]["text"].startswith("Customer: ")


def test_the_session_keeps_its_language_when_the_trainee_switches():
    _start(scenario="efax_service")
    _, messages = _say("Which competitor are you talking to?", intent="roleplay_ask_competitor",
                       language="en")
    assert len(messages) == 1 and messages[0]["text"].startswith("Cliente: ")
    facts = resources.roleplay_content("es").scenarios["efax_service"].facts
    assert facts["competitor"].short in messages[0]["text"]


def test_a_spanish_hint_names_the_tactic_and_the_spanish_playbook():
    _start()
    tracker = make_tracker("roleplay_hint", "pista", sender="t1", slots={"language": "es"})
    _, messages = run_action(ActionRoleplayHint(), tracker)
    text = messages[0]["text"]
    assert text.startswith("(Coach, fuera del personaje) Prueba a indagar el verdadero motivo")
    entry = resources.playbook("es").get("customer_hesitant")
    assert entry.title in text and text.endswith("Volvemos con el cliente.")


def test_stopping_a_spanish_session_gives_a_spanish_scorecard_and_the_slots():
    _start()
    tracker = make_tracker("roleplay_end", "/roleplay_end", sender="t1",
                           slots={"language": "es"})
    events, messages = run_action(ActionRoleplayEnd(), tracker)
    slots = _slots(events)
    assert slots["roleplay_active"] is False and slots["roleplay_outcome"] == "ended"
    assert isinstance(slots["roleplay_score"], float)
    text = messages[0]["text"]
    assert text.startswith("**Evaluación: El cliente indeciso, dominante, ")
    assert "**Resultado:** terminada: paraste la sesión" in text
    titles = {entry.title for entry in resources.playbook("es").entries()}
    assert any(f"(guía: {title})" in text for title in titles)


def test_no_session_answers_in_the_trainees_language_with_spanish_buttons():
    tracker = make_tracker("roleplay_hint", "pista", sender="t1", slots={"language": "es"})
    _, messages = run_action(ActionRoleplayHint(), tracker)
    assert messages[0]["text"].startswith("No hay ningún role-play en marcha")
    assert messages[0]["buttons"][0]["title"] == "Practicar: el cliente indeciso"
    assert messages[0]["buttons"][0]["payload"] == '/roleplay_start{"persona": "hesitant"}'


def test_what_the_start_picked_is_said_in_spanish():
    tracker = make_tracker("roleplay_start", "/roleplay_start", sender="t1",
                           slots={"language": "es"})
    tracker.latest_message["entities"] = [{"entity": "persona", "value": "lingering"},
                                          {"entity": "seed", "value": "7"}]
    _, messages = run_action(ActionRoleplayStart(), tracker)
    note = messages[0]["text"].split("\n")[0]
    assert note.startswith("(He elegido por ti el estilo: ") and note.endswith(".)")
    # Each piece with its article: "el estilo: ... y el escenario: ...".
    assert " y el escenario: " in note


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_start_names_what_it_picked_as_the_scene_does(language):
    # The note once said "estilo: afable" and "escenario: sales training" above a scene
    # naming the style "cordial" and the scenario by its Spanish title.
    content = resources.roleplay_content(language)
    styles = set()
    for seed in range(16):
        tracker = make_tracker("roleplay_start", "/roleplay_start", sender=f"picked{seed}",
                               slots={"language": language})
        tracker.latest_message["entities"] = [{"entity": "persona", "value": "lingering"},
                                              {"entity": "seed", "value": str(seed)}]
        events, messages = run_action(ActionRoleplayStart(), tracker)
        note, scene = messages[0]["text"].split("\n", 1)
        slots = {e["name"]: e["value"] for e in events if e.get("event") == "slot"}
        style = content.styles[slots["roleplay_style"]].name.lower()
        assert style in scene and f": {style}" in note, (note, scene)
        titles = [s.title for s in content.scenarios.values() if s.title in scene]
        assert titles and f": {titles[0]}" in note, (note, scene)
        assert "_" not in note
        styles.add(slots["roleplay_style"])
    assert {"amiable", "driver"} <= styles



OTHER = {"es": "en", "en": "es"}
QUESTION = {"es": "coach: ¿cómo le doy un precio sin asustarle?",
            "en": "coach: how do I quote without scaring him off?"}


@pytest.mark.parametrize(("language", "asked_in"), [("es", "es"), ("es", "en"), ("en", "en"),
                                                 ("en", "es")])
def test_a_coach_question_is_answered_from_the_sessions_playbook(language, asked_in):
    # The trainee has switched language since the start: the session's language wins.
    _start(language=language)
    events, messages = _say(QUESTION[asked_in], intent="tip_pricing_quoting",
                            language=OTHER[language])
    entry = resources.playbook(language).get("pricing_quoting")
    texts = resources.roleplay_content(language).texts
    text = messages[0]["text"]
    assert text.startswith(texts.get("actions.out_of_character"))
    assert entry.title in text and text.endswith(texts.get("actions.back_after_tip"))
    assert _slots(events)["tip_topic"] == "pricing_quoting"
    # A question no tip matches: the fallback and its buttons from the same playbook.
    _, messages = _say("coach: " + {"es": "¿y el tiempo mañana?", "en": "and the weather?"}[
        language], intent="core_out_of_scope", language=OTHER[language])
    titles = {entry.title for entry in resources.playbook(language).entries()}
    assert messages[0]["buttons"] and all(b["title"] in titles for b in messages[0]["buttons"])
    assert messages[0]["text"].startswith(texts.get("actions.out_of_character"))


CLOSE_THIS_ONE = {"es": ["coach: ¿cómo cierro con este cliente?", "coach: ¿qué hago?",
                         "coach: ¿cómo lo convenzo?"],
                  "en": ["coach: how do I close this customer?", "coach: how do I close?",
                         "coach: what should I do with him?"]}
OTHER_TOPIC = {"es": "coach: ¿y si me pide un descuento?",
               "en": "coach: what if he asks for a discount?"}


@pytest.mark.parametrize("language", ["es", "en"])
@pytest.mark.parametrize("persona", ["hesitant", "lingering", "quick_to_agree"])
def test_a_coach_question_about_this_customer_gets_the_personas_playbook(language, persona):
    # "¿cómo cierro con este cliente?" got the generic buying-signals tip, whoever was
    # played; a question naming another topic keeps it.
    _start(language=language, persona=persona)
    entry = resources.playbook(language).get(f"customer_{persona}")
    for question in CLOSE_THIS_ONE[language]:
        events, messages = _say(question, intent="tip_closing_buying_signals",
                                language=language)
        assert _slots(events)["tip_topic"] == entry.id, question
        assert entry.title in messages[0]["text"]
    events, _ = _say(OTHER_TOPIC[language], intent="tip_objection_discount", language=language)
    assert _slots(events)["tip_topic"] == "objection_discount"


@pytest.mark.parametrize("language", ["es", "en"])
def test_the_scorecards_playbook_buttons_come_from_the_sessions_playbook(language):
    _start(language=language)
    _say({"es": "Se equivoca, y lo sabe.", "en": "You're wrong, and you know it."}[language],
         language=OTHER[language])
    tracker = make_tracker("roleplay_end", "/roleplay_end", sender="t1",
                           slots={"language": OTHER[language]})
    _, messages = run_action(ActionRoleplayEnd(), tracker)
    titles = {entry.title for entry in resources.playbook(language).entries()}
    buttons = messages[0]["buttons"]
    assert buttons and all(b["title"] in titles for b in buttons), buttons
    assert all(b["payload"].startswith("/tip_") for b in buttons)
