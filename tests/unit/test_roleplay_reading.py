"""The rules of the role-play reading, without the NLU: acknowledgements, prices, dates,
and bounded time on hostile input."""

import datetime
import time

import pytest

from coach.roleplay.dates import find_date
from coach.roleplay.reading import LINE_KINDS, read

TODAY = datetime.date(2026, 12, 1)  # a Tuesday


@pytest.mark.parametrize("phrase, meant", [
    ("Thursday the 10th", "2026-12-10"), ("next Friday", "2026-12-11"),
    ("the first of next month", "2027-01-01"), ("in two weeks", "2026-12-15"),
    ("on the 14th", "2026-12-14"), ("December 18", "2026-12-18"), ("tomorrow", "2026-12-02"),
    ("end of next week", "2026-12-11"), ("this Friday", "2026-12-04"),
    ("the 15th of next month", "2027-01-15"), ("18/12", "2026-12-18"),
    ("in a fortnight", "2026-12-15"),
    ("Let's fix it: contract review Tuesday, signature Thursday the 10th", "2026-12-10"),
])
def test_the_date_meant_is_found(phrase, meant):
    found = find_date(phrase, TODAY)
    assert found is not None and found[0].isoformat() == meant


@pytest.mark.parametrize("text", ["We have 10 stores", "twice a week", "It's 3,000 yuan a year",
                                  "first step, a workshop", "open 24/7", "we may need it"])
def test_numbers_and_words_that_are_not_dates(text):
    assert find_date(text, TODAY) is None


@pytest.mark.parametrize("text", ["ok", "Sure.", "thanks", "I see", "got it", "alright then",
                                  "makes sense", "Ok, understood"])
def test_a_bare_acknowledgement(text):
    reading = read(text, "review_draft", [], TODAY)
    assert reading.kind == "acknowledgement" and reading.acknowledgement


def test_prices_exact_and_range():
    exact = read("It's 4,850 per cabinet, installation included.", None, [], TODAY)
    assert exact.kind == "price_quote" and exact.price.figures == (4850.0,)
    assert not exact.price.is_range and "range_quote" not in exact.moves
    ranged = read("Depending on the model, anywhere from 480 to 25,000.", None, [], TODAY)
    assert ranged.kind == "price_quote" and ranged.price.is_range
    assert ranged.price.figures == (480.0, 25000.0) and "range_quote" in ranged.moves
    assert read("roughly 3-5k depending on the plan", None, [], TODAY).price.figures == (
        3000.0, 5000.0)


def test_the_ranking_is_read_among_role_play_intents_only():
    ranking = [{"name": "tip_objection_competitor", "confidence": 0.6},
               {"name": "roleplay_ask_competitor", "confidence": 0.3}]
    reading = read("Which competitor are you talking to?", "tip_objection_competitor",
                   ranking, TODAY)
    assert (reading.kind, reading.asks) == ("question_competitor", "competitor")
    budget = read("What budget have you set aside?", "move_ask_budget",
                  [{"name": "move_ask_budget", "confidence": 0.8}], TODAY)
    assert budget.label() == "question_budget" and budget.moves == ("ask_budget",)


@pytest.mark.parametrize("text", ["9" * 20000, "1,2" * 7000, "-" * 20000, "the " * 5000,
                                  "monday, " * 2500, "\x00" * 1000, "$" + "9" * 19999,
                                  "from 1 to 2 " * 1800, "?" * 20000])
def test_hostile_input_is_read_fast(text):
    start = time.perf_counter()
    reading = read(text, None, [{"name": "move_pin_down", "confidence": "x"}], TODAY)
    assert reading.kind in LINE_KINDS
    assert time.perf_counter() - start < 0.5  # a fixed budget per call
