"""Spanish role-play reading without a model: dates, prices, acknowledgements, questions,
start requests and routing in Spanish (language "es"), the word tables' validation, and
bounded time on hostile input for the new patterns."""

from __future__ import annotations

import datetime
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coach.roleplay import wordtables
from coach.roleplay.dates import find_date
from coach.roleplay.planning import plan_start, read_choices
from coach.roleplay.prices import find_price
from coach.roleplay.reading import LINE_KINDS, read
from coach.roleplay.routing import route

TODAY = datetime.date(2026, 12, 1)  # a Tuesday
D = datetime.date


@pytest.mark.parametrize("phrase, meant", [
    ("¿Le va bien el jueves 10?", D(2026, 12, 10)),
    ("la semana que viene", D(2026, 12, 7)),
    ("la próxima semana", D(2026, 12, 7)),
    ("el próximo viernes", D(2026, 12, 4)),  # the coming Friday, as Spanish speakers mean it
    ("este viernes", D(2026, 12, 4)),
    ("el viernes de la semana que viene", D(2026, 12, 11)),
    ("pasado mañana", D(2026, 12, 3)),
    ("pasado manana", D(2026, 12, 3)),
    ("mañana por la mañana", D(2026, 12, 2)),
    ("dentro de quince días", D(2026, 12, 15)),  # "quince días" is two weeks
    ("dentro de 15 dias", D(2026, 12, 15)),
    ("dentro de ocho días", D(2026, 12, 8)),
    ("de hoy en ocho", D(2026, 12, 8)),
    ("en dos semanas", D(2026, 12, 15)),
    ("en un par de semanas", D(2026, 12, 15)),
    ("dentro de 3 días", D(2026, 12, 4)),
    ("dentro de un mes", D(2027, 1, 1)),
    ("a principios de enero", D(2027, 1, 1)),
    ("a mediados de enero", D(2027, 1, 15)),
    ("a finales de mes", D(2026, 12, 31)),
    ("a finales de la semana que viene", D(2026, 12, 11)),
    ("el mes que viene", D(2027, 1, 1)),
    ("el 15 de enero", D(2027, 1, 15)),
    ("el dos de enero", D(2027, 1, 2)),
    ("el primero de febrero", D(2027, 2, 1)),
    ("el 5 del mes que viene", D(2027, 1, 5)),
    ("el día 15", D(2026, 12, 15)),
    ("en enero", D(2027, 1, 1)),
    ("empezamos en diciembre", TODAY),  # this month, from today: not next year's December
    ("¿Y el 10?", D(2026, 12, 10)),
    ("el lunes por la tarde", D(2026, 12, 7)),
    ("el miercoles 9 a las 11", D(2026, 12, 9)),
    ("18/12", D(2026, 12, 18)),
    ("el fin de semana", D(2026, 12, 5)),
    ("hoy", TODAY),
    ("una semana desde mañana", D(2026, 12, 9)),
    # Chat: "q viene", "prox", abbreviated weekdays and months, "la otra semana".
    ("la semana q viene", D(2026, 12, 7)), ("el prox viernes", D(2026, 12, 4)),
    ("el jue 10", D(2026, 12, 10)), ("el 15 de dic", D(2026, 12, 15)),
    ("el 8 de ene", D(2027, 1, 8)), ("la otra semana", D(2026, 12, 7)),
])
def test_the_spanish_date_meant_is_found(phrase, meant):
    found = find_date(phrase, TODAY, "es")
    assert found is not None and found[0] == meant, found


@pytest.mark.parametrize("text", [
    "le hago el 10% de descuento", "el 10 de descuento", "dos semanas de prueba gratis",
    "tenemos 40 tiendas", "mañana", "en 2027 crecimos un 20%",
])
def test_spanish_figures_that_are_no_dates(text):
    found = find_date(text, TODAY, "es")
    assert found is None or text == "mañana" and found[0] == D(2026, 12, 2)


@pytest.mark.parametrize("text, figures, is_range, bound", [
    ("Son 4.500 €.", (4500,), False, None),
    ("unos 4500 euros", (4500,), False, None),
    ("El precio sería de 12.500,50 euros.", (12500.5,), False, None),
    ("cuesta 4,500 dólares", (4500,), False, None),
    ("Le sale en 9.500.", (9500,), False, None),
    ("son 99 al mes", (99,), False, None),
    ("unos 20 mil al año", (20000,), False, None),
    ("entre 3.000 y 5.000", (3000, 5000), True, None),
    ("de 3 a 5 mil", (3000, 5000), True, None),
    ("desde 2.800 el básico hasta 9.000 el completo", (2800, 9000), True, None),
    ("el básico en 2.400 y el completo en 3.900", (2400, 3900), True, None),
    ("a partir de 480", (480,), True, "from"),
    ("desde 480 euros", (480,), True, "from"),
    ("hasta 5.000", (5000,), True, "up_to"),
])
def test_spanish_prices_exact_range_and_bounds(text, figures, is_range, bound):
    price = find_price(text, "es")
    assert price is not None, text
    assert price.figures == tuple(float(f) for f in figures)
    assert (price.is_range, price.bound) == (is_range, bound)


@pytest.mark.parametrize("text", [
    "nos vemos el jueves a las 10", "tenemos 40 tiendas", "el 10 por ciento de descuento",
    "somos 25 en la oficina", "el 15 de enero", "en 2027", "un 98% de disponibilidad",
])
def test_spanish_figures_that_are_no_prices(text):
    assert find_price(text, "es") is None


def test_a_price_after_a_colon_is_a_price():
    assert find_price("Precio cerrado: 27.800 euros, instalación incluida.", "es") is not None
    assert find_price("Le llamo a las 10:30.", "es") is None


def test_english_prices_keep_their_english_reading():
    # "4.500" is 4.5 thousand in Spanish, four and a half in English.
    assert find_price("Starting at 480").is_range is False
    assert find_price("a partir de 480", "es").is_range is True


@pytest.mark.parametrize("text", ["vale", "Vale, gracias.", "ok", "de acuerdo", "entiendo",
                                  "perfecto, gracias", "Muy bien.", "ya veo", "claro",
                                  "sí, sí", "genial, muchas gracias", "okey"])
def test_a_spanish_acknowledgement(text):
    reading = read(text, None, [], TODAY, "es")
    assert reading.acknowledgement and reading.label() == "acknowledgement"


@pytest.mark.parametrize("text", ["que", "de", "vale, pero ¿cuánto cuesta?", "no entiendo por qué"])
def test_not_an_acknowledgement(text):
    assert not read(text, None, [], TODAY, "es").acknowledgement


@pytest.mark.parametrize("text", ["¿Cuántos faxes mandan", "cuantos pedidos tienen al dia",
                                  "Cuénteme cómo lo hacen ahora.", "Qué sistema usan",
                                  "dígame quién decide"])
def test_spanish_questions_with_and_without_marks(text):
    ranking = [{"name": "roleplay_ask_situation", "confidence": 0.8}]
    assert read(text, None, ranking, TODAY, "es").kind == "question_situation"


def test_a_spanish_statement_read_as_a_question_is_a_move():
    ranking = [{"name": "roleplay_ask_situation", "confidence": 0.6},
               {"name": "roleplay_move_list_benefits", "confidence": 0.3}]
    reading = read("Como le decía, ganan tiempo y evitan errores.", None, ranking, TODAY, "es")
    assert reading.label() == "move_list_benefits"


def test_a_spanish_date_proposal_and_a_date_named_as_context():
    proposal = read("¿Le parece bien que firmemos el jueves 10?", None, [], TODAY, "es")
    assert proposal.kind == "date_proposal" and proposal.date == D(2026, 12, 10)
    assert "propose_timeline" in proposal.moves
    told = read("Un cliente parecido al suyo lo puso en marcha en dos semanas y ahorró mucho.",
                None, [{"name": "roleplay_move_share_success_case", "confidence": 0.9}], TODAY,
                "es")
    assert told.kind == "move" and told.date is None and told.success_case
    today = read("¿Cómo gestionan hoy los pedidos?", None,
                 [{"name": "roleplay_ask_situation", "confidence": 0.9}], TODAY, "es")
    assert today.kind == "question_situation" and today.date is None


def test_a_day_in_small_talk_or_an_offers_deadline_is_no_proposal():
    chat = [{"name": "roleplay_small_talk", "confidence": 0.99}]
    weekend = read("Por cierto, ¿qué tal el fin de semana? ¿Pudo descansar algo?", None, chat,
                   TODAY, "es")
    assert weekend.kind == "small_talk" and weekend.date is None and not weekend.moves
    # Unsure small talk, or a line that commits, still proposes its day.
    unsure = read("Podemos vernos la semana que viene, si le va bien.", None,
                  [{"name": "roleplay_small_talk", "confidence": 0.2}], TODAY, "es")
    assert unsure.kind == "date_proposal" and unsure.date == D(2026, 12, 7)
    demo = read("¿Le viene bien el viernes para la demo?", None, chat, TODAY, "es")
    assert demo.kind == "date_proposal" and demo.date == D(2026, 12, 4)
    push = [{"name": "roleplay_move_push_reason", "confidence": 0.5}]
    for line in ("Y hay un motivo para decidir ya: el precio de lanzamiento acaba el día 15.",
                 "La oferta vence el viernes, así que empezar ahora le sale más barato."):
        deadline = read(line, None, push, TODAY, "es")
        assert deadline.kind == "move" and deadline.date is None, line
        assert deadline.moves == ("push_reason",), line
    buy_back = read("Y el stock que no se venda en seis meses se lo recompramos, hagamos números.",
                    None, [{"name": "roleplay_move_reduce_risk", "confidence": 0.6}], TODAY, "es")
    assert buy_back.date is None and buy_back.kind == "move"


def test_a_spanish_value_calculation_is_no_price():
    reading = read("Pierde unos 2.000 al mes; en un año son 24.000.", None,
                   [{"name": "roleplay_move_quantify_value", "confidence": 0.9}], TODAY, "es")
    assert reading.price is None and reading.label() == "move_quantify_value"


def _rank(*pairs):
    return [{"name": name, "confidence": confidence} for name, confidence in pairs]


def test_spanish_lines_are_read_by_what_they_do_not_by_their_figures():
    # The labelling standard: several dated steps are a timeline; a calculation of cost is
    # no price; a summary restates figures and dates; signing or confirming today pins down.
    timeline = read("Le propongo: el lunes 14 la visita, el 17 la oferta y el 22 decidimos.",
                    None, _rank(("roleplay_move_propose_timeline", 0.2)), TODAY, "es")
    assert timeline.label() == "move_propose_timeline" and timeline.date == D(2026, 12, 22)
    calc = read("Con 4 devoluciones al mes de 500 euros cada una, son 2.000 al mes.", None,
                _rank(("roleplay_move_quantify_value", 0.6)), TODAY, "es")
    assert calc.label() == "move_quantify_value" and calc.price is None
    for line in ("Cuatro comerciales, dos horas al día en papeleo: a 20 euros la hora son "
                 "160 euros al día.",
                 "Nuestro servicio cuesta 300 euros al mes, frente a los 1.000 que gastan hoy.",
                 "Son 80 pedidos perdidos al mes; a 120 euros de media, 9.600 euros que no "
                 "entran."):
        value = read(line, None, _rank(("roleplay_move_quantify_value", 0.9)), TODAY, "es")
        assert value.label() == "move_quantify_value" and value.price is None, line
    # The NLU often reads a plain price as a value move: the words decide.
    plain = read("Son 15 euros por usuario al mes.", None,
                 _rank(("roleplay_move_quantify_value", 0.9)), TODAY, "es")
    assert plain.label() == "price_quote"
    summary = read("Bueno, resumiendo: 30 usuarios, un presupuesto de 12.000 euros y decisión "
                   "el día 20.", None, _rank(("roleplay_move_range_quote", 0.3),
                                              ("roleplay_move_summarize", 0.2)), TODAY, "es")
    assert summary.label() == "move_summarize" and summary.price is None
    assert summary.date is None
    pinned = read("¿Me da el visto bueno hoy y le mando el contrato?", None,
                  _rank(("roleplay_ask_situation", 0.1)), TODAY, "es")
    assert pinned.label() == "move_pin_down"
    # Today in a line the NLU is sure makes another move is no date proposed.
    essential = read("¿Qué le impide firmar hoy?", None,
                     _rank(("roleplay_move_ask_essential_question", 0.8)), TODAY, "es")
    assert essential.label() == "move_ask_essential_question" and essential.date is None
    # A call today is still a date proposed; a concrete day for signing is too.
    call = read("¿Le va bien una llamada hoy a las seis?", None,
                _rank(("roleplay_small_talk", 0.1)), TODAY, "es")
    assert call.label() == "date_proposal" and call.date == TODAY
    sign = read("¿Firmamos el jueves 10?", None, _rank(("roleplay_move_pin_down", 0.3)), TODAY,
                "es")
    assert sign.label() == "date_proposal"
    # Steps laid out with one date are a schedule too; an agenda for the day asked is not.
    steps = read("Primero la prueba con un equipo, luego los datos y el 18 de diciembre decide.",
                 None, _rank(("roleplay_move_propose_timeline", 0.2)), TODAY, "es")
    assert steps.label() == "move_propose_timeline"
    agenda = read("¿Le viene bien el lunes 14? Primero la demo y luego resolvemos dudas.", None,
                  _rank(("roleplay_move_propose_timeline", 0.4)), TODAY, "es")
    assert agenda.label() == "date_proposal"
    # Two days offered as a choice are one proposal, not a schedule.
    choice = read("¿Le viene mejor el martes 8 o el jueves 10?", None,
                  _rank(("roleplay_move_pin_down", 0.3)), TODAY, "es")
    assert choice.label() == "date_proposal"
    # A date the price holds until is the reason to act now.
    held = read("Si lo cerramos antes del viernes le mantengo el precio de este año.", None,
                _rank(("roleplay_move_push_reason", 0.3)), TODAY, "es")
    assert held.label() == "move_push_reason" and held.date is None
    # ...and so is the date a gain depends on, said as a condition (found playing the
    # quick-to-agree customer, 2026-12-04); asked, it is a date offered.
    for line in ("Si empezamos antes del día 15, su oficina ahorra el coste de diciembre.",
                 "Si lo contratan antes del 15, la primera cuota va por nuestra cuenta."):
        gain = read(line, None, _rank(("roleplay_move_early_benefit", 0.55)), TODAY, "es")
        assert gain.label() == "move_early_benefit" and gain.date is None, line
    asked = read("¿Empezamos antes del día 15?", None,
                 _rank(("roleplay_move_early_benefit", 0.34)), TODAY, "es")
    assert asked.label() == "date_proposal" and asked.date == D(2026, 12, 15)


def test_a_spanish_question_read_as_its_topics_tip_asks_about_the_topic():
    ranking = _rank(("review_request", 1.0), ("tip_objection_no_budget", 0.4),
                    ("roleplay_ask_situation", 0.1), ("roleplay_move_ask_budget", 0.08))
    assert read("¿Tienen dinero reservado para esto?", "review_request", ranking, TODAY,
                "es").label() == "question_budget"
    # Words naming the topic decide when the NLU is unsure, not when it is sure of a move.
    unsure = _rank(("roleplay_move_probe_concerns", 0.15), ("roleplay_ask_timeline", 0.1))
    assert read("¿Les corre prisa o puede esperar a primavera?", None, unsure, TODAY,
                "es").label() == "question_timeline"
    assert read("¿Quién más tiene que aprobarlo?", None, _rank(("roleplay_ask_situation", 0.4)),
                TODAY, "es").label() == "question_decision"
    assert read("¿Con qué proveedor trabajan ahora?", None,
                _rank(("roleplay_ask_situation", 0.45)), TODAY, "es").label() == \
        "question_competitor"
    sure = _rank(("roleplay_move_probe_concerns", 0.6))
    assert read("¿Le preocupa algo del plazo de entrega?", None, sure, TODAY,
                "es").label() == "move_probe_concerns"
    # A statement is no question, whatever it names.
    assert read("Tenemos prisa por cerrarlo.", None, unsure, TODAY, "es").label() != \
        "question_timeline"
    assert read("sip, tiene sentido", None, [], TODAY, "es").acknowledgement
    assert not read("tiene", None, [], TODAY, "es").acknowledgement


@pytest.mark.parametrize(("language", "text", "intent"), [
    ("es", "¿Cuántos empleados tiene su planta?", "roleplay_ask_situation"),
    ("es", "¿y de qué color quieren las piezas?", "roleplay_move_ask_needs"),
    ("es", "¿Desde cuándo existe su empresa?", "roleplay_ask_timeline"),
    ("en", "How many employees do you have?", "roleplay_ask_situation"),
    ("en", "What colours do you want them in?", "roleplay_move_ask_needs"),
])
def test_a_question_no_fact_sheet_holds_is_asked_of_no_fact(language, text, intent):
    # Found playing (2026-12-03): the staff count was answered with the volumes fact.
    reading = read(text, intent, _rank((intent, 0.9)), TODAY, language)
    assert (reading.kind, reading.asks) == ("question_situation", "unknown")


def test_a_second_question_in_the_line_is_asked_too():
    ranking = _rank(("roleplay_move_ask_budget", 0.6), ("roleplay_ask_timeline", 0.3))
    reading = read("¿Cuál es su presupuesto y para cuándo necesitan tenerlo?",
                   "roleplay_move_ask_budget", ranking, TODAY, "es")
    assert (reading.asks, reading.also_asks) == ("budget", ("timeline",))
    one = read("¿Para cuándo lo necesitan?", "roleplay_ask_timeline",
               _rank(("roleplay_ask_timeline", 0.9)), TODAY, "es")
    assert one.also_asks == ()


def test_the_questions_the_sheets_answer_keep_their_topic():
    reading = read("¿Cuántas piezas necesitan al año?", "roleplay_ask_situation",
                   _rank(("roleplay_ask_situation", 0.9)), TODAY, "es")
    assert reading.asks == "volumes"
    reading = read("¿Quién más tiene que aprobarlo en su dirección?", "roleplay_ask_decision",
                   _rank(("roleplay_ask_decision", 0.9)), TODAY, "es")
    assert reading.asks == "decision"


def test_a_spanish_range_quote_makes_the_range_move():
    reading = read("Según el modelo, entre 1.200 y 2.800 euros.", None,
                   [{"name": "roleplay_move_range_quote", "confidence": 0.9}], TODAY, "es")
    assert reading.kind == "price_quote" and "range_quote" in reading.moves


def test_spanish_claims_evidence_and_success():
    claim = read("Le garantizo que va a reducir los costes a la mitad.", None, [], TODAY, "es")
    assert claim.claim and not claim.evidence
    evidence = read("Según el informe de la auditoría, el 98% de los envíos llegó a tiempo.",
                    None, [], TODAY, "es")
    assert evidence.evidence
    case = read("Uno de nuestros clientes, una fábrica como la suya, lo usa desde hace un año.",
                None, [{"name": "roleplay_move_list_benefits", "confidence": 0.9}], TODAY, "es")
    assert case.success_case and "share_success_case" in case.moves


def test_english_is_read_as_before_in_an_english_session():
    # Spanish words mean nothing to the English tables, and the other way round.
    assert not read("vale", None, [], TODAY).acknowledgement
    assert read("ok", None, [], TODAY, "es").acknowledgement
    assert find_date("la semana que viene", TODAY) is None


@pytest.mark.parametrize("text, expected", [
    ("quiero practicar con un cliente indeciso", ("hesitant", None, None)),
    ("simula un cliente analítico difícil", (None, "analytical", "hard")),
    ("role-play con el que nunca se decide", ("hesitant", None, None)),
    ("un cliente que da largas, estilo directo, modo fácil", ("lingering", "driver", "easy")),
    ("practicar con alguien que dice que sí a todo, nivel normal",
     ("quick_to_agree", None, "normal")),
    ("no quiero un cliente hablador, mejor uno detallista", (None, "analytical", None)),
    ("estoy impaciente por empezar, ponme una clienta amable", (None, "amiable", None)),
    ("un cliente expresivo que lo alarga todo", ("lingering", "expressive", None)),
    ("let's role-play a hesitant customer, hard", ("hesitant", None, "hard")),
])
def test_spanish_start_requests(text, expected):
    assert read_choices(text, "es") == expected


def test_a_spanish_start_plan_speaks_spanish():
    plan = plan_start("quiero practicar", {"persona": "raro"}, {"efax_service": "fax"}, seed=3,
                      language="es")
    assert not plan.ok and plan.problems[0].startswith("No conozco el tipo de cliente 'raro'")
    plan = plan_start("quiero practicar con los armarios antihumedad", {},
                      {"efax_service": "Fax electrónico para una comercial",
                       "moisture_cabinets": "Armarios antihumedad para un laboratorio"},
                      seed=3, language="es")
    assert plan.ok and plan.scenario == "moisture_cabinets"
    assert all(p.split(":")[0] in ("tipo de cliente", "estilo") for p in plan.picked)
    english = plan_start("let's practise", {"persona": "odd"}, {"efax_service": "fax"}, seed=3)
    assert english.problems[0].startswith("I don't know the customer type 'odd'")


@pytest.mark.parametrize("text, kind, rest", [
    ("pista", "hint", ""), ("Dame una pista.", "hint", ""), ("ayuda", "hint", ""),
    ("hint", "hint", ""), ("fin", "stop", ""), ("Terminar", "stop", ""),
    ("parar", "stop", ""), ("salir del role-play", "stop", ""), ("stop", "stop", ""),
    ("revisa mi respuesta: Estimado Sr. Chen, le confirmo el precio.", "review",
     "Estimado Sr. Chen, le confirmo el precio."),
    ("¿Puedo mandar esto? Hola Ana", "review", "Hola Ana"),
    ("check my reply: hello", "review", "hello"),
    ("coach: ¿cómo manejo la objeción del precio?", "coach_question",
     "¿cómo manejo la objeción del precio?"),
    ("Entrenador, ¿qué hago ahora?", "coach_question", "¿qué hago ahora?"),
    ("/tip precio", "coach_question", "precio"),
    ("¿Le ayudo con la instalación?", "customer", None),
    ("Fin de mes le va bien para firmar?", "customer", None),
    ("paramos aquí el precio, ¿le parece?", "customer", None),
])
def test_spanish_routing(text, kind, rest):
    where = route(text, "es")
    assert where.kind == kind
    assert where.text == (text if rest is None else rest)


def test_spanish_signals_leave_english_sessions_alone():
    assert route("pista").kind == "customer" and route("fin").kind == "customer"


def test_a_table_with_a_missing_section_is_named(tmp_path, monkeypatch):
    (tmp_path / "xx.yml").write_text("language: xx\nreading: {}\n")
    monkeypatch.setattr(wordtables, "TABLE_DIR", tmp_path)
    wordtables.load.cache_clear()
    try:
        with pytest.raises(wordtables.TableError, match="section 'dates'"):
            wordtables.load("xx")
    finally:
        wordtables.load.cache_clear()


def test_phrases_compile_flat_and_folded():
    pattern = wordtables.compile_phrases(["le cuesta", "garantiz*", "va a {w?} (reducir|bajar)"])
    assert pattern.search(wordtables.fold("Le GARANTIZAMOS que va a bajar"))
    assert pattern.search("va a reducir") and not pattern.search("cuestan")


# Hostile input: every Spanish pattern is flat and bounded; a fixed budget per call.
BUDGET_SECONDS = 0.5
PIECES = st.sampled_from([
    "1", "9.", "1,", ".", ",", "-", "a ", "y ", "de ", "entre ", "desde ", "hasta ",
    "a partir de ", "€", "euros ", "mil ", "el ", "jueves ", "10 ", "semana ", "que viene ",
    "próximo ", "pasado mañana ", "dentro de ", "quince días ", "finales de ", "mes ",
    "vale ", "gracias ", "¿", "?", "va a ", "le cuesta ", "empresa como la suya ", "á", "ñ",
    "%", " ", "\n", "😀", "\u200b", "revisa mi respuesta", "coach", ":", "no ", "indeciso ",
])


@st.composite
def hostile_text(draw) -> str:
    piece = draw(st.lists(PIECES, min_size=1, max_size=4).map("".join))
    repeats = draw(st.integers(min_value=1, max_value=20_000 // max(len(piece), 1)))
    prefix = draw(st.text(max_size=100))
    return (prefix + piece * repeats)[:20_000]


def _timed(call) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started


@settings(max_examples=40, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.data_too_large, HealthCheck.too_slow])
@given(text=hostile_text())
def test_hostile_spanish_text_is_read_within_the_budget(text):
    ranking = [{"name": "roleplay_move_pin_down", "confidence": 0.5}]
    for call in (lambda: read(text, None, ranking, TODAY, "es"), lambda: route(text, "es"),
                 lambda: read_choices(text, "es"), lambda: find_price(text, "es"),
                 lambda: find_date(text, TODAY, "es")):
        elapsed = _timed(call)
        assert elapsed < BUDGET_SECONDS, f"{elapsed:.2f} s on {text[:60]!r}"


@pytest.mark.parametrize("text", ["9" * 20000, "1.000" * 4000, "de 1 a 2 " * 2000,
                                  "el jueves " * 2000, "que viene " * 2000, "¿" * 20000,
                                  "a partir de " * 1600, "vale " * 4000, "\x00" * 1000,
                                  "son 1 " * 4000, "el 1 el 2 el 3 " * 2000,
                                  "primero luego " * 3000, "para cuando quien mas " * 2000])
def test_known_heavy_spanish_texts_are_fast(text):
    start = time.perf_counter()
    reading = read(text, None, [{"name": "roleplay_move_pin_down", "confidence": "x"}], TODAY, "es")
    assert reading.kind in LINE_KINDS
    assert time.perf_counter() - start < BUDGET_SECONDS
