"""No text can make the Spanish taboo analyzer slow.

Its money, range and quote patterns are built from data (data/taboo_rules/es.yml), so they
are checked like the English ones (tests/unit/test_analyzer_adversarial.py).
"""

from __future__ import annotations

import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.analyzer import analyzer_for

BUDGET_SECONDS = 1.0
MAX_CHARS = 20_000

PIECES = st.sampled_from([
    "1", "9.", "9,", "1.200", ".", ",", "-", "–", " a ", " y ", " de ", "mil ", "millones ",
    "€", "$", "usd", "euros", "dólares", "pesos", " ", "\n", "\t", '"', "«", "»", "'", ">",
    "> ", "El ", " escribió:", "De: ", "Enviado: ", "-----Mensaje original-----", "\r\n",
    "es una chapuza ", "está equivocado ", "no podemos ", "créame ", "es que ", "Apex ",
    "Marcos ", "los de ", "su jefe ", "entre ", "a las ", "%", "ñ", "á", "¿", "¡", "😀",
    "\u200b",
])


@st.composite
def hostile_text(draw) -> str:
    piece = draw(st.lists(PIECES, min_size=1, max_size=4).map("".join))
    repeats = draw(st.integers(min_value=1, max_value=MAX_CHARS // max(len(piece), 1)))
    prefix = draw(st.text(max_size=200))
    text = prefix + piece * repeats + draw(st.sampled_from(["", " escribió:", "\nEnviado: x", "."]))
    return text[:MAX_CHARS]


@pytest.fixture(scope="module")
def analyzer():
    return analyzer_for("es")


def _timed(analyzer, text: str, draft: bool) -> float:
    started = time.perf_counter()
    analyzer.analyze(text, draft=draft)
    return time.perf_counter() - started


@settings(max_examples=40, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture,
                                 HealthCheck.data_too_large, HealthCheck.too_slow])
@given(text=hostile_text(), draft=st.booleans())
def test_hostile_text_is_analysed_within_the_budget(analyzer, text, draft):
    elapsed = _timed(analyzer, text, draft)
    assert elapsed < BUDGET_SECONDS, (f"{elapsed:.2f} s for {len(text)} characters "
                                      f"starting {text[:60]!r}")


@pytest.mark.parametrize("text", [
    "1" * MAX_CHARS,
    "1." * (MAX_CHARS // 2),
    "1," * (MAX_CHARS // 2),
    ("1.200 € a " * 2000)[:MAX_CHARS],
    ("mil " * 5000)[:MAX_CHARS],
    ("El " * 7000)[:MAX_CHARS] + " escribió:",
    "de: " * (MAX_CHARS // 4),
    ("los de Apex son unos chapuceros y su jefe es un inútil " * 400)[:MAX_CHARS],
], ids=["digits", "points", "commas", "ranges", "mil", "reply-intro", "from-headers",
        "judgements"])
@pytest.mark.parametrize("draft", [False, True])
def test_known_slow_shapes_are_fast(analyzer, text, draft):
    assert _timed(analyzer, text, draft) < BUDGET_SECONDS
