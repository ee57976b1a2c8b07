"""The language of the conversation in the actions: the slot, the confirmation, and the
trainee-facing texts that follow it (assignments), run as the action server runs them."""

from __future__ import annotations

from datetime import date

import pytest

from actions import resources
from actions.assignments import ActionAssignmentList, tell_new_assignments
from actions.language import ActionLanguageSet, asked_language, trainee_language
from tests.actions.conftest import make_tracker, run_action

ES = {"entity": "lang", "value": "es", "extractor": "LanguageDetector"}


@pytest.mark.parametrize("slot, expected", [(None, "en"), ("en", "en"), ("es", "es"),
                                            ("zz", "en"), (3, "en")])
def test_trainee_language_reads_the_slot(slot, expected):
    assert trainee_language(make_tracker("core_greet", "hi", slots={"language": slot})) == expected


def test_a_request_is_confirmed_by_the_response_in_the_new_language():
    tracker = make_tracker("language", "háblame en español", slots={"language": "es"},
                           entities=[ES])
    events, messages = run_action(ActionLanguageSet(), tracker)
    assert [m["text"] for m in messages] == [
        "¡Hecho! Desde ahora te hablo en español. Cuéntame qué te dijo el cliente o escribe "
        "«ayuda» para ver lo que puedo hacer."]
    assert events == []  # action_extract_slots set it already


def test_the_slot_is_set_when_the_tracker_lacks_it():
    tracker = make_tracker("language", '/language{"lang": "es"}', slots={"language": "en"},
                           entities=[ES])
    events, messages = run_action(ActionLanguageSet(), tracker)
    assert events == [{"event": "slot", "timestamp": None, "name": "language", "value": "es"}]
    assert messages[0]["text"].startswith("¡Hecho!")  # in the new language all the same


def test_no_language_named_offers_the_choice():
    events, messages = run_action(ActionLanguageSet(),
                                  make_tracker("language", "change the language"))
    (message,) = messages
    assert message["text"] == "I speak English and Spanish. Which one shall we use?"
    assert [(b["title"], b["payload"]) for b in message["buttons"]] == [
        ("English", '/language{"lang": "en"}'), ("Español", '/language{"lang": "es"}')]
    assert events == []
    _, (spanish,) = run_action(ActionLanguageSet(), make_tracker(
        "language", "cambiar idioma", slots={"language": "es"}))
    assert spanish["text"].startswith("Hablo español e inglés")
    assert spanish["buttons"][0]["title"] == "Español"


def test_only_a_known_language_counts():
    zz = {"entity": "lang", "value": "zz"}
    assert asked_language(make_tracker("language", "x", entities=[zz])) is None
    assert asked_language(make_tracker("language", "x", entities=[{**ES, "value": " ES"}])) == "es"


@pytest.fixture()
def database(tmp_path, monkeypatch):
    monkeypatch.setenv("COACH_DATABASE_URL", f"sqlite:///{tmp_path / 'coach.db'}")
    resources.repository.cache_clear()
    yield
    resources.repository().dispose()
    resources.repository.cache_clear()


def test_assignments_in_spanish(database):
    repository = resources.repository()
    repository.add_assignments(["trainee-1"], "hesitant", "driver", "hard", None, 70,
                               date(2020, 1, 2))
    repository.add_assignments(["trainee-1"], "quick_to_agree", None, None, None, 65,
                               date(2099, 5, 6))
    tracker = make_tracker("assignment_list", "¿qué tengo que practicar?",
                           slots={"language": "es"})
    _, (message,) = run_action(ActionAssignmentList(), tracker)
    lines = message["text"].splitlines()
    assert lines[0] == "Tus 2 prácticas pendientes, la más urgente primero:"
    assert lines[1] == ("- role-play con un cliente indeciso, estilo dominante, dificultad "
                        "difícil: saca al menos 70 antes del 02/01/2020 (vencida)")
    assert "dice que sí enseguida" in lines[2] and "06/05/2099" in lines[2]
    assert [b["title"] for b in message["buttons"]] == ["Empezar: indeciso, dominante",
                                                        "Empezar: que dice que sí enseguida"]


def test_no_assignments_in_spanish(database):
    tracker = make_tracker("assignment_list", "¿tengo tareas?", slots={"language": "es"})
    _, (message,) = run_action(ActionAssignmentList(), tracker)
    assert message["text"].startswith("No tienes prácticas pendientes")
    assert message["buttons"][0]["title"] == "¿Cómo voy?"


def test_a_new_assignment_is_told_in_spanish(database):
    from rasa_sdk.executor import CollectingDispatcher

    resources.repository().add_assignments(["trainee-1"], "lingering", None, None, None, 60,
                                           date(2099, 1, 31))
    dispatcher = CollectingDispatcher()
    tell_new_assignments(dispatcher, make_tracker("core_greet", "hola", slots={"language": "es"}))
    (message,) = dispatcher.messages
    assert message["text"].startswith("Tu responsable te ha asignado una práctica:")
    assert "que da largas" in message["text"] and "31/01/2099" in message["text"]
