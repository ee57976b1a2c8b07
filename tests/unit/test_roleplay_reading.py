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
    ("in a fortnight", "2026-12-15"), ("Shall we meet on 5 January?", "2027-01-05"),
    ("the day after tomorrow", "2026-12-03"), ("mid-January", "2027-01-15"),
    ("two weeks from now", "2026-12-15"), ("in a couple of weeks", "2026-12-15"),
    ("a week from Friday", "2026-12-11"), ("the Monday after next", "2026-12-14"),
    ("end of January", "2027-01-31"), ("the middle of next month", "2027-01-15"),
    ("in a few days", "2026-12-04"), ("tonight", "2026-12-01"),
    ("a week from tomorrow", "2026-12-09"), ("a fortnight from today", "2026-12-15"),
    ("Let's fix it: contract review Tuesday, signature Thursday the 10th", "2026-12-10"),
    # a month alone: its first day, and the current month from today, not next year's
    ("we start in January", "2027-01-01"), ("we could start in December", "2026-12-01"),
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
    reading = read(text, "review_request", [], TODAY)
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
    budget = read("What budget have you set aside?", "roleplay_move_ask_budget",
                  [{"name": "roleplay_move_ask_budget", "confidence": 0.8}], TODAY)
    assert budget.label() == "question_budget" and budget.moves == ("ask_budget",)


@pytest.mark.parametrize("text", ["9" * 20000, "1,2" * 7000, "-" * 20000, "the " * 5000,
                                  "monday, " * 2500, "\x00" * 1000, "$" + "9" * 19999,
                                  "from 1 to 2 " * 1800, "?" * 20000, "1%" * 10000,
                                  "1 " * 10000, "mid " * 5000, "in a couple of " * 1300])
def test_hostile_input_is_read_fast(text):
    start = time.perf_counter()
    reading = read(text, None, [{"name": "roleplay_move_pin_down", "confidence": "x"}], TODAY)
    assert reading.kind in LINE_KINDS
    assert time.perf_counter() - start < 0.5  # a fixed budget per call


def _ranked(name, confidence=0.9):
    return [{"name": name, "confidence": confidence}]


@pytest.mark.parametrize("text, intent, kind", [
    ("How do you handle faxes today?", "roleplay_ask_situation", "question_situation"),
    ("How are your systems set up today?", "roleplay_ask_situation", "question_situation"),
    ("Nice weather today, isn't it?", "roleplay_small_talk", "small_talk"),
    ("Any plans for tonight?", "roleplay_small_talk", "small_talk"),
])
def test_today_in_a_question_or_small_talk_is_no_date_proposal(text, intent, kind):
    reading = read(text, intent, _ranked(intent), TODAY)
    assert reading.kind == kind and reading.date is None
    assert "propose_timeline" not in reading.moves


def test_today_in_a_line_that_meets_is_a_date_proposal():
    reading = read("Can we meet today at 5?", "roleplay_move_propose_timeline",
                   _ranked("roleplay_move_propose_timeline", 0.2), TODAY)
    assert reading.kind == "date_proposal" and reading.date == TODAY


def test_signing_today_pins_the_commitment_down():
    # The labelling standard: "sign, confirm, send the contract today" is a pin-down.
    reading = read("Can we sign today?", "roleplay_move_pin_down",
                   _ranked("roleplay_move_pin_down"), TODAY)
    assert reading.label() == "move_pin_down" and reading.date == TODAY
    reading = read("What is stopping you from signing today?",
                   "roleplay_move_ask_essential_question",
                   _ranked("roleplay_move_ask_essential_question", 0.6), TODAY)
    assert reading.label() == "move_ask_essential_question"


def test_several_dated_steps_are_a_timeline_not_a_date():
    text = "Demo on Tuesday the 8th, your board on the 15th, and we sign on the 18th."
    reading = read(text, "roleplay_move_propose_timeline",
                   _ranked("roleplay_move_propose_timeline", 0.3), TODAY)
    assert reading.label() == "move_propose_timeline"
    assert reading.date is not None and reading.date.day == 18
    reading = read("First the workshop on Tuesday the 8th, then the pilot, then the decision.",
                   "roleplay_move_propose_timeline",
                   _ranked("roleplay_move_propose_timeline", 0.3), TODAY)
    assert reading.label() == "move_propose_timeline"
    reading = read("Shall we schedule the kickoff for Tuesday the 8th?",
                   "roleplay_move_propose_timeline",
                   _ranked("roleplay_move_propose_timeline", 0.3), TODAY)
    assert reading.label() == "date_proposal"
    # One date, and its weekday said again, is one date.
    reading = read("Shall we say the 22nd for signing? That's a Tuesday.",
                   "roleplay_move_propose_timeline",
                   _ranked("roleplay_move_propose_timeline", 0.3), TODAY)
    assert reading.label() == "date_proposal"


def test_an_offers_deadline_is_no_date_proposed():
    push = _ranked("roleplay_move_push_reason", 0.4)
    reading = read("If we sign before Friday I can hold this year's price for you.",
                   "roleplay_move_push_reason", push, TODAY)
    assert reading.label() == "move_push_reason" and reading.date is None
    # ...unless the line asks for the date.
    reading = read("Shall we sign on the 15th, before the offer expires?",
                   "roleplay_move_push_reason", push, TODAY)
    assert reading.label() == "date_proposal"
    # The date a gain depends on is the reason to act, not a date offered (played).
    reading = read("If we start before the 15th, your office saves a month's fee.",
                   "roleplay_move_push_reason", push, TODAY)
    assert reading.label() == "move_push_reason" and reading.date is None
    reading = read("Shall we start before the 15th?", "roleplay_move_propose_timeline",
                   _ranked("roleplay_move_propose_timeline", 0.5), TODAY)
    assert reading.label() == "date_proposal"


def test_a_summary_restates_figures_it_quotes_no_price():
    text = "So to recap: 40 seats, a budget of about 20,000 and a decision in January."
    reading = read(text, "roleplay_move_summarize",
                   [{"name": "roleplay_move_range_quote", "confidence": 0.3},
                    {"name": "roleplay_move_summarize", "confidence": 0.2}], TODAY)
    assert reading.label() == "move_summarize" and reading.price is None


def test_a_calculation_of_value_is_no_price():
    text = "2,000 faxes at 0.50 each, that's 1,000 a month, 12,000 a year."
    reading = read(text, "roleplay_move_quantify_value",
                   _ranked("roleplay_move_quantify_value", 0.5), TODAY)
    assert reading.label() == "move_quantify_value" and reading.price is None


def test_a_tip_on_a_question_topic_counts_for_the_question():
    # The draft detector's review_request comes first; the classifier's ranking is below.
    ranking = [{"name": "review_request", "confidence": 1.0},
               {"name": "tip_objection_no_budget", "confidence": 0.4},
               {"name": "roleplay_ask_situation", "confidence": 0.1},
               {"name": "roleplay_move_ask_budget", "confidence": 0.08}]
    reading = read("Has any money been set aside for this?", "review_request", ranking, TODAY)
    assert reading.label() == "question_budget"
    # Not in a statement, and a tip alone never wins.
    reading = read("We set money aside for this.", "review_request", ranking, TODAY)
    assert reading.label() != "question_budget"


def test_a_success_case_with_a_duration_is_no_date():
    text = "A logistics firm like yours went live in four months with our team on site."
    reading = read(text, "roleplay_move_share_success_case",
                   _ranked("roleplay_move_share_success_case"), TODAY)
    assert reading.label() == "move_share_success_case" and reading.success_case
    assert reading.date is None


@pytest.mark.parametrize("text, figures, is_range", [
    ("The full package is 9,500.", (9500.0,), False),
    ("depending on volume it's roughly 0.05 to 0.10 per page", (0.05, 0.10), True),
    ("For 40 keyboards you'd pay 12,000 in total.", (12000.0,), False),
    ("Prices run from 2,800 for the basic cabinet up to 9,000 for the large one.",
     (2800.0, 9000.0), True),
    ("The entry model is 480 yuan, the top model 1,200.", (480.0, 1200.0), True),
    ("Depending on the tier it's between 3 and 5 thousand a year.", (3000.0, 5000.0), True),
    ("We'd be at 39 a month per seat.", (39.0,), False),
])
def test_prices_said_without_a_currency(text, figures, is_range):
    reading = read(text, None, [], TODAY)
    assert reading.kind == "price_quote"
    assert reading.price.figures == figures and reading.price.is_range is is_range


@pytest.mark.parametrize("text", [
    "We can start with a 30-day free trial, no commitment.", "The timeline is Q1.",
    "We have 10 stores and 98% of orders come by phone.", "We shipped 1,200 filings in 2025.",
    "Shall we meet at 10:30 on the 14th?"])
def test_figures_that_are_not_prices(text):
    assert read(text, None, [], TODAY).price is None


def test_a_value_calculation_is_no_price_quote():
    text = "At 500 units a month and 120 yuan margin each, that's 60,000 a month for you."
    reading = read(text, "roleplay_move_quantify_value",
                   _ranked("roleplay_move_quantify_value"), TODAY)
    assert reading.label() == "move_quantify_value" and reading.price is None


def test_claims_and_evidence():
    claim = read("Our service is the best in the country and will protect you completely.",
                 "roleplay_move_list_benefits", _ranked("roleplay_move_list_benefits"), TODAY)
    assert claim.claim and not claim.evidence
    backed = read("We have a 98% approval rate over 1,200 filings last year, here is the report.",
                  "roleplay_move_share_evaluation",
                  _ranked("roleplay_move_share_evaluation"), TODAY)
    assert backed.evidence and backed.claim
    assert not read("Can we meet on the 10th?", None, [], TODAY).evidence
    assert not read("What's the best time to call you?", None, [], TODAY).claim


def test_an_acknowledgement_tells_no_success_case():
    ranking = [{"name": "core_thanks", "confidence": 0.99},
               {"name": "roleplay_move_share_success_case", "confidence": 0.004}]
    reading = read("ok thanks", "core_thanks", ranking, TODAY)
    assert reading.kind == "acknowledgement" and not reading.success_case


def test_asking_without_a_question_mark():
    reading = read("Walk me through how you store the parts now.", "roleplay_ask_situation",
                   _ranked("roleplay_ask_situation"), TODAY)
    assert reading.kind == "question_situation" and reading.asks is not None
