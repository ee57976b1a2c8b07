"""The draft review speaks the trainee's language: its own words come from
data/review/<language>/replies.yml, the taboos' words from the analyzer of that language."""

from __future__ import annotations

import pytest

from coach.analyzer import TabooAnalyzer
from coach.markup import plain
from coach.review import MAX_DRAFT_CHARS, load_replies, replies, reply_languages, review_draft
from coach.review_request import REVIEW_DIR
from coach.settings import load_settings


@pytest.fixture(scope="module")
def analyzer() -> TabooAnalyzer:
    settings = load_settings()
    return TabooAnalyzer.from_files(settings.spacy_model_dir, settings.taboos_file)


def test_every_language_says_the_same_things_with_the_same_strengths():
    assert {"en", "es"} <= set(reply_languages())
    english = replies("en")
    for language in reply_languages():
        words = replies(language)
        assert set(words.texts) == set(english.texts)
        assert [s.id for s in words.strengths] == [s.id for s in english.strengths]
        assert "{count}" in words["found_many"] and "{chars}" in words["truncated"]
        assert "{title}" in words["tip_instead"]


def test_an_unknown_language_falls_back_to_english():
    assert replies("xx") == replies("en")


def test_the_review_asks_for_the_draft_in_spanish(analyzer):
    review = review_draft("", analyzer, "es")
    assert review.taboos == [] and review.text.startswith("Claro, pega el mensaje")


@pytest.mark.parametrize(("draft", "strength"), [
    ("Hola Marta, ¿te viene bien hablarlo el martes?", "terminas con una pregunta"),
    ("Hola Marta, te confirmo la visita del jueves por la mañana.", "siguiente paso concreto"),
    # an English draft reviewed for a Spanish speaker: English patterns, Spanish words
    ("Hi Tom, could we talk on Friday?", "terminas con una pregunta"),
])
def test_a_clean_spanish_review_is_listo_para_enviar_with_one_strength(analyzer, draft, strength):
    review = review_draft(draft, analyzer, "es")
    text = plain(review.text)
    assert review.taboos == [] and text.startswith("Listo para enviar. Punto fuerte:")
    assert strength in text


@pytest.mark.parametrize(("text", "found"), [
    ("nuestros planes van de 1.200 a 9.600 euros al año", True),
    ("el precio está entre 45 y 60 dólares la unidad", True),
    ("desde $1,200 hasta $9,600 según el volumen", True),
    ("de 1.200 € a 9.600 € al año", True),
    ("la reunión es de 9 a 11 el martes", False),
    ("el precio es de 1.200 euros", False),
])
def test_a_spanish_price_range_is_a_strength_and_a_time_range_is_not(text, found):
    pattern = next(s.pattern for s in replies("es").strengths if s.id == "price_range")
    assert bool(pattern.search(text)) is found


def test_the_spanish_review_names_the_problems_with_its_own_headings(analyzer):
    # the English analyzer until the Spanish rules land: a refusal it knows
    review = review_draft("No way, that's impossible.", analyzer, "es")
    text = plain(review.text)
    assert review.taboos == ["refuse_on_spot"]
    assert text.startswith("He encontrado 1 cosa que corregir antes de enviarlo:")
    assert "Por qué perjudica:" in text and "Mejor:" in text
    assert "Tu frase más floja:" in text and "Prueba:" in text
    assert "Why it hurts" not in text and "Your weakest sentence" not in text
    # Spanish quotation marks around the trainee's words, as the scorecard quotes them.
    assert "Refusing a request on the spot: «No way, that's impossible.»" in text


def test_a_long_draft_says_how_much_was_read_with_spanish_digits(analyzer):
    review = review_draft("Hola Marta, te confirmo la visita. " * 300, analyzer, "es")
    assert len("Hola Marta, te confirmo la visita. " * 300) > MAX_DRAFT_CHARS
    assert "(He revisado los primeros 5.000 caracteres.)" in review.text


def test_a_broken_replies_file_is_named(tmp_path):
    path = tmp_path / "replies.yml"
    path.write_text("good_to_send: Listo\n", encoding="utf-8")
    with pytest.raises(ValueError, match="missing"):
        load_replies(path, "es")
    english = (REVIEW_DIR / "en" / "replies.yml").read_text(encoding="utf-8")
    path.write_text(english.replace("  - id: short\n", "  - id: shorter\n"), encoding="utf-8")
    with pytest.raises(ValueError, match="strength"):
        load_replies(path, "en")
