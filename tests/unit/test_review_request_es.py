"""Spanish draft-review requests: the ways people ask, and only the draft is judged."""

from __future__ import annotations

import time

import pytest

from coach.review_request import (
    REVIEW_DIR,
    clean_draft,
    find_request,
    languages,
    load_cues,
    load_examples,
)


@pytest.mark.parametrize(("message", "draft"), [
    ("revisa mi respuesta: Hola Marta, lo siento, no hacemos descuentos, es nuestro precio final.",
     "Hola Marta, lo siento, no hacemos descuentos, es nuestro precio final."),
    ("¿puedo mandar esto? Estimado Sr. Ruiz, la competencia no sabe lo que hace.",
     "Estimado Sr. Ruiz, la competencia no sabe lo que hace."),
    ("échale un ojo: Buenos días, le adjunto la oferta con las dos opciones.",
     "Buenos días, le adjunto la oferta con las dos opciones."),
    ("corrígeme este correo:\nHola Luis,\n\nEl pedido sale el lunes.\n\nUn saludo,\nCarmen",
     "Hola Luis,\n\nEl pedido sale el lunes.\n\nUn saludo,\nCarmen"),
    # the request after the draft, on its own line or after a dash
    ("Hola Ana, eso es imposible, no lo hacemos. -- ¿muy borde?",
     "Hola Ana, eso es imposible, no lo hacemos."),
    ("Hola Raúl,\n\nTe confirmo la visita del jueves.\n\nSaludos,\nMía\n\n¿qué tal suena?",
     "Hola Raúl,\n\nTe confirmo la visita del jueves.\n\nSaludos,\nMía"),
])
def test_spanish_requests_are_found_before_or_after_and_only_the_draft_is_kept(message, draft):
    request = find_request(message)
    assert request is not None and not request.pasted
    assert request.draft == draft


def test_a_spanish_email_pasted_alone_is_a_draft():
    email = ("Estimada Sra. Vidal:\n\nGracias por su tiempo ayer. Le adjunto la propuesta "
             "revisada con las tres opciones que comentamos.\n\nAtentamente,\nTomás")
    request = find_request(email)
    assert request is not None and request.pasted and request.draft == email


@pytest.mark.parametrize("message", [
    "¿debería mandar un correo de seguimiento?",
    "¿cómo compruebo si el cliente tiene presupuesto?",
    "el cliente dice que somos muy caros",
    'El cliente me contestó: "Su propuesta es demasiado complicada." ¿Qué hago ahora?',
    "hola",
    "¡gracias!",
    "¿Puedes revisar correos?",
])
def test_talk_about_checking_or_sending_is_not_a_request(message):
    assert find_request(message) is None


@pytest.mark.parametrize("message", ["revisa mi respuesta:", "oye coach, ¿me revisas un correo?",
                                     "¿puedo mandar esto?"])
def test_spanish_request_words_alone_leave_the_draft_to_come(message):
    request = find_request(message)
    assert request is not None and request.draft == ""


@pytest.mark.parametrize("thread", [
    "El lun, 3 dic 2026, Ana escribió:\n> Vale, lo vemos.",
    "El 3 dic 2026, a las 10:12, Ana Gil <ana@example.com> escribió:\n> Vale.",
    "-----Mensaje original-----\nDe: Ana Gil\nEnviado: lunes, 3 de diciembre de 2026 10:12\n"
    "Para: Sam\nAsunto: Pedido\n\nVale.",
    "De: Ana Gil <ana@example.com>\nEnviado: lunes, 3 de diciembre de 2026\nPara: Sam\n\nVale.",
    "---------- Mensaje reenviado ---------\nDe: Ana Gil\nFecha: 3 dic 2026\n\nVale.",
])
def test_the_quoted_spanish_thread_and_the_signature_are_not_the_salespersons_words(thread):
    message = ("¿me revisas esto antes de mandarlo?\n\nHola Ana,\n\nPerfecto, te mando el "
               "contrato esta tarde.\n\nUn saludo,\nSam Gil\nEjecutivo de cuentas | Brillo S.L."
               "\nTel. +34 91 555 01 23\n\n" + thread)
    request = find_request(message)
    assert request is not None
    assert request.draft == ("Hola Ana,\n\nPerfecto, te mando el contrato esta tarde.\n\n"
                             "Un saludo,\nSam Gil")


@pytest.mark.parametrize(("draft", "kept"), [
    ("Hola Marta,\n\nNos vemos el día 12.\n\nQuedo atento a tus comentarios.\nPedro\n\n"
     "Pedro Sanz | Gerente de Ventas\nMóvil: 600 123 456",
     "Hola Marta,\n\nNos vemos el día 12.\n\nQuedo atento a tus comentarios.\nPedro"),
    ("Buenos días,\nle confirmo el pedido.\nSaludos cordiales,\nLaura de la Fuente\n"
     "Departamento Comercial\nEnviado desde mi iPhone",
     "Buenos días,\nle confirmo el pedido.\nSaludos cordiales,\nLaura de la Fuente"),
])
def test_a_spanish_signature_block_ends_the_draft(draft, kept):
    assert clean_draft(draft) == kept


def test_every_language_has_segments_and_cues_and_english_is_untouched_by_order():
    assert {"en", "es"} <= set(languages())
    examples = load_examples()
    assert all(examples[language][label] for language in ("en", "es")
               for label in ("request", "draft", "other"))
    cues = load_cues()
    # English patterns come first, so English regexes read as before
    assert cues["greeting"][0] == "hi" and "hola" in cues["greeting"]


@pytest.mark.parametrize("hostile", [
    "¿" * 20000, "Hola Marta, " * 2000, "El " * 7000 + "escribió:", "De: " * 5000,
    "Saludos,\n" * 3000, "á" * 20000, "-----Mensaje original-----\n" * 800,
])
def test_hostile_spanish_input_is_read_fast(hostile):
    find_request("calentamiento")
    started = time.perf_counter()
    find_request(hostile)
    clean_draft(hostile)
    assert time.perf_counter() - started < 1.0


def test_a_cue_file_with_a_nested_quantifier_or_a_missing_key_is_refused(tmp_path):
    for language in ("en", "zz"):
        (tmp_path / language).mkdir()
        (tmp_path / language / "request_segments.yml").write_text(
            "request: [a]\ndraft: [b]\nother: [c]\n", encoding="utf-8")
    english = (REVIEW_DIR / "en" / "cues.yml").read_text(encoding="utf-8")
    (tmp_path / "en" / "cues.yml").write_text(english, encoding="utf-8")
    (tmp_path / "zz" / "cues.yml").write_text(
        english.replace("greeting: ['hi',", "greeting: ['(?:ha+)+',"), encoding="utf-8")
    with pytest.raises(ValueError, match="nested quantifier"):
        load_cues(tmp_path)
    (tmp_path / "zz" / "cues.yml").write_text("greeting: [hola]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="keys"):
        load_cues(tmp_path)
