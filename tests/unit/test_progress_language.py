"""The progress report in each language: the same figures, the words from data/progress/."""

from __future__ import annotations

import pytest

from coach.markup import plain
from coach.progress import Progress, ProgressTextError, progress_heading, progress_text, texts

FIGURES = Progress(sessions=5, per_persona={"hesitant": 3, "lingering": 1, "quick_to_agree": 1},
                   average=62.4, best=82.0, trend="improving", last_scores=[40, 55, 60, 75, 82],
                   frequent_taboos=[("argue", 2), ("refuse_on_spot", 1)],
                   practise_next="taboo_argue", outcomes={"lost": 2, "won": 3})


def test_english_is_as_it_was():
    text = plain(progress_text("Your role-play progress", FIGURES, {"taboo_argue": "Don't argue"}))
    assert text.splitlines() == [
        "Your role-play progress",
        "Sessions: 5 (hesitant 3, lingering 1, quick-to-agree 1); outcomes: lost 2, won 3",
        "Average score: 62.4, best: 82",
        "Trend: improving (last scores: 40, 55, 60, 75, 82)",
        "Most frequent taboos: argue (2x), refuse_on_spot (1x)",
        "Practise next: Don't argue",
    ]


def test_spanish_has_the_same_figures_in_spanish_words():
    text = plain(progress_text(progress_heading("es"), FIGURES,
                               {"taboo_argue": "No discutas para demostrar que tienes razón"},
                               language="es"))
    assert text.splitlines() == [
        "Tu progreso en los role-plays",
        "Sesiones: 5 (indeciso 3, da largas 1, dice que sí enseguida 1); resultados: "
        "perdidas 2, ganadas 3",
        "Puntuación media: 62.4, mejor: 82",
        "Tendencia: vas mejorando (últimas puntuaciones: 40, 55, 60, 75, 82)",
        "Errores más frecuentes: discutir con el cliente (2 veces), rechazar en el acto (1 vez)",
        "Practica ahora: No discutas para demostrar que tienes razón",
    ]


def test_no_sessions_yet_in_each_language():
    empty = Progress(0, {}, None, None, "not enough sessions yet", [], [], "customer_hesitant", {})
    assert "no finished role-play yet" in progress_text("new", empty)
    assert "todavía no has terminado ningún role-play" in progress_text(
        progress_heading("es"), empty, language="es")


def test_every_language_names_every_trend_persona_and_taboo():
    from coach.roleplay import PERSONA_IDS
    from coach.roleplay.content import TABOO_IDS

    spanish = texts("es")
    assert set(spanish["personas"]) == set(PERSONA_IDS)
    assert set(spanish["taboos"]) == set(TABOO_IDS)
    assert texts("zz") == texts("en")  # an unknown language reads as English


def test_a_broken_file_is_named(tmp_path, monkeypatch):
    import coach.progress as module

    (tmp_path / "en.yml").write_text("language: en\nheading: x\n")
    monkeypatch.setattr(module, "PROGRESS_DIR", tmp_path)
    texts.cache_clear()
    try:
        with pytest.raises(ProgressTextError, match="en.yml"):
            texts("en")
    finally:
        texts.cache_clear()
