"""Spanish role-play lines read the way a Spanish role-play reads them (language "es"):
tests/data/es/roleplay_lines_heldout.yml and the dev sets the rules were tuned on
(tests/data/es/roleplay_lines_dev.yml, and roleplay_lines_dev2.yml, written to the
labelling standard by someone who saw no rules).

roleplay_lines_heldout.yml is the FIRST blind set (written by someone who saw no rules and no
training data). It was measured three times, and from 2026-12-02 on it is used for tuning
(dev data): its errors are read, its lines are never copied into data or rules. The blind
figure for new text comes from the newer blind sets the coordinator measures
(docs/roleplay-reading.md).

Per-kind figures are printed and written to results/roleplay_reading_es_*.json.
"""

from __future__ import annotations

from tests.nlu.test_roleplay_reading_accuracy import measure, parse  # noqa: F401 (fixture)

# Issue 10's target: 0.9 on lines never seen. This set was blind for three measures (0.905
# with the role-play data alone, 0.886 once every Spanish feature's data shared the model);
# it is dev now (its errors were read): 0.923 after reading lines by what they do, 0.945 and
# then 0.950 with issue 10's new Spanish training lines beside that (2026-12-02). The goal is
# asserted; the floor is under the measured figure by a line, as the reading rules are still
# being tuned beside it (docs/roleplay-reading.md has the figures).
GOAL = 0.9
REQUIRED = 0.94
REQUIRED_DATES = 0.8
REQUIRED_PRICE_SPLIT = 0.9
REQUIRED_DEV2 = 0.91  # measured 0.928; a model retrained on other data moves it a little
# tests/data/es/roleplay_lines_dev3.yml: 168 lines (8 per kind) by a third blind writer;
# 0.851 before any tuning on it, 0.893 after issue 10's new training lines for the kinds the
# NLU confused (2026-12-02); tuned on since: a floor under the measured figure.
REQUIRED_DEV3 = 0.88


def test_spanish_heldout_lines_are_read_right_per_kind(parse):  # noqa: F811
    accuracy, dates, prices, errors = measure(parse, "es/roleplay_lines_heldout", "es")
    assert accuracy >= GOAL, errors[:15]
    assert accuracy >= REQUIRED, errors[:15]
    assert dates[0] >= REQUIRED_DATES * dates[1], [e for e in errors if "expected_date" in e]
    assert prices[0] >= REQUIRED_PRICE_SPLIT * prices[1], \
        [e for e in errors if "expected_price" in e]


def test_spanish_dev_lines_are_read_right(parse):  # noqa: F811
    accuracy, dates, prices, errors = measure(parse, "es/roleplay_lines_dev", "es")
    # Tuned on: a floor, not a figure to report.
    assert accuracy >= 0.9, errors[:15]
    assert dates[0] == dates[1], [e for e in errors if "expected_date" in e]
    assert prices[0] == prices[1], [e for e in errors if "expected_price" in e]


def test_spanish_second_dev_lines_are_read_right(parse):  # noqa: F811
    # tests/data/es/roleplay_lines_dev2.yml: 194 lines written on 2026-12-02 by someone who
    # saw no rules, to the labelling standard (what a line does, not the figures or dates
    # it names). 0.742 when it arrived, before any tuning on it; 0.928 after (2026-12-02,
    # model coach-8417482d9e21a28a); tuned on since: a floor.
    accuracy, dates, prices, errors = measure(parse, "es/roleplay_lines_dev2", "es")
    assert accuracy >= REQUIRED_DEV2, errors[:15]
    assert dates[0] == dates[1], [e for e in errors if "expected_date" in e]
    assert prices[0] >= prices[1] - 1, [e for e in errors if "expected_price" in e]


def test_spanish_third_dev_lines_are_read_right(parse):  # noqa: F811
    accuracy, _, _, errors = measure(parse, "es/roleplay_lines_dev3", "es")
    assert accuracy >= REQUIRED_DEV3, errors[:15]


# tests/data/es/roleplay_lines_blind3.yml: 200 lines by a third blind writer, measured once
# (0.840), then tuned on (2026-12-02 evening): 0.945.
def test_spanish_third_blind_lines_stay_read_right(parse):  # noqa: F811
    accuracy, _, _, errors = measure(parse, "es/roleplay_lines_blind3", "es")
    assert accuracy >= 0.94, errors[:15]


# Start requests in Spanish (written for this test, not in the training data): the NLU
# names roleplay_start, and the words name what the trainee asked for.
STARTS = [
    ("me gustaría ensayar con un cliente que no se decide nunca", ("hesitant", None, None)),
    ("hazme de comprador analítico, nivel difícil", (None, "analytical", "hard")),
    ("quiero entrenar con una clienta que me da largas todo el rato",
     ("lingering", None, None)),
    ("simula un cliente directo que acepta todo rápido", ("quick_to_agree", "driver", None)),
    ("practiquemos una venta en modo fácil", (None, None, "easy")),
    ("vamos a hacer un roleplay con un cliente charlatán", (None, "expressive", None)),
    ("empieza una simulación de venta, elige tú el cliente", (None, None, None)),
    ("podemos practicar con un cliente amable e indeciso?", ("hesitant", "amiable", None)),
    # the other word order (found playing it in the terminal, 2026-12-02)
    ("quiero practicar con un cliente que dice a todo que sí", ("quick_to_agree", None, None)),
]


def test_spanish_start_requests_start_a_role_play(parse):  # noqa: F811
    from coach.roleplay.planning import read_choices

    parsed = parse([text for text, _ in STARTS])
    started = [nlu["intent"]["name"] == "roleplay_start" for nlu in parsed]
    read = [read_choices(text, "es") == expected for text, expected in STARTS]
    print(f"\nSpanish start requests: intent {sum(started)}/{len(STARTS)}, "
          f"choices {sum(read)}/{len(STARTS)}")
    assert sum(started) >= len(STARTS) - 1, [t for (t, _), ok in zip(STARTS, started) if not ok]
    assert all(read), [t for (t, _), ok in zip(STARTS, read) if not ok]


# Asking where the customer's evaluation stands is a question about the decision, not the
# trainee offering to evaluate the options together (found playing the lingering customer,
# 2026-12-03: "¿Cómo va la evaluación de la propuesta?" made the customer praise results
# nobody had shown). Written for this test, unlike the training lines.
STATUS_QUESTIONS = [
    ("es", "¿Qué tal va la evaluación de la oferta que les mandamos?"),
    ("es", "y en qué punto está lo de la propuesta, ya lo miró su director?"),
    ("en", "How are you getting on with evaluating our proposal?"),
]
OFFERS_TO_EVALUATE = [
    ("es", "¿Le parece si evaluamos juntos las dos alternativas?"),
    ("en", "Why don't we go through the options together and compare them?"),
]


def test_a_question_on_the_customers_evaluation_asks_about_the_decision(parse):  # noqa: F811
    import datetime

    from coach.roleplay.reading import read

    today = datetime.date(2026, 12, 4)
    for (language, text), nlu in zip(STATUS_QUESTIONS + OFFERS_TO_EVALUATE,
                                     parse([t for _, t in STATUS_QUESTIONS + OFFERS_TO_EVALUATE])):
        reading = read(text, nlu["intent"]["name"], nlu["intent_ranking"], today, language)
        if (language, text) in STATUS_QUESTIONS:
            assert reading.kind == "question_decision", (text, reading)
        else:
            assert "share_evaluation" in reading.moves, (text, reading)
