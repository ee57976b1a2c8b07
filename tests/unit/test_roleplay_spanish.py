"""The role-play in Spanish (issue 10): the content in step with the English, every persona and
style played on the real Spanish banks and texts, no English leaking into what the customer
says, and 500 random Spanish sessions that never repeat a message nor crash.

Readings are built by hand (tests/unit/roleplay_support.py): reading Spanish trainee lines is
tested with the reading itself; here the engine, the texts and the scorecard are.
"""

from __future__ import annotations

import datetime
import random
import re
import shutil

import pytest
import yaml

from coach.playbook import load_playbook
from coach.roleplay import engine
from coach.roleplay.content import (
    FACT_TOPICS,
    PERSONA_IDS,
    SCENARIO_TEXT_PATHS,
    STYLE_IDS,
    TABOO_IDS,
    TACTIC_IDS,
    RoleplayContentError,
    _node,
    load_content,
)
from coach.roleplay.engine import TraineeTurn, new_state, open_session, react
from coach.roleplay.scoring import score_session, scorecard_text
from coach.roleplay.state import SessionState
from coach.settings import load_settings
from tests.unit.roleplay_support import THURSDAY, reading, winning_lines

TODAY = datetime.date(2026, 12, 1)  # a Tuesday
# Common English words that never belong in a Spanish customer line (names aside).
ENGLISH = {"the", "you", "your", "and", "with", "what", "this", "that", "have", "will",
           "would", "our", "we", "we're", "it's", "i'm", "don't", "can't", "let's", "think",
           "price", "customer", "budget", "please", "thanks", "yes", "sure", "maybe", "next",
           "really", "just", "about", "because", "there", "they", "them", "is", "are", "of",
           "to", "for", "it", "in", "on"}
WORD = re.compile(r"[a-záéíóúñü']+")


@pytest.fixture(scope="module")
def es():
    return load_content(load_settings().roleplay_dir, "es")


@pytest.fixture(scope="module")
def en():
    return load_content(load_settings().roleplay_dir, "en")


def english_words(text: str) -> set:
    return set(WORD.findall(text.lower())) & ENGLISH


def start(content, persona, style, scenario="efax_service", seed=3, difficulty="normal"):
    state = new_state(content, persona, style, scenario, seed, difficulty, today=TODAY,
                      language=content.language)
    return open_session(content, state)


def say(content, state, line, text="una frase", taboos=()):
    return react(content, state, TraineeTurn(text, line, taboos, {t: text for t in taboos}))


# -- the content: in step with the English ---------------------------------------------------


def test_every_scenario_has_every_text_in_spanish_and_none_is_left_in_english(es, en):
    assert set(es.scenarios) == set(en.scenarios)
    for scenario_id, spanish in es.scenarios.items():
        english = en.scenarios[scenario_id]
        assert spanish.language == "es" and english.language == "en"
        for text_field in ("title", "product", "situation", "concern_line", "concern_short",
                           "colleague"):
            assert getattr(spanish, text_field) != getattr(english, text_field), \
                (scenario_id, text_field)
        assert spanish.budget.period != english.budget.period
        assert spanish.budget.currency == "yuanes"
        for topic in FACT_TOPICS:
            assert spanish.facts[topic].text != english.facts[topic].text, (scenario_id, topic)
            assert spanish.facts[topic].short != english.facts[topic].short, (scenario_id, topic)
            assert not english_words(spanish.facts[topic].text), (scenario_id, topic)
        # ids, numbers, tactics and sources come from scenarios.yml, one place
        assert (spanish.budget.amount, spanish.price_range, spanish.hidden_concern,
                spanish.concern_answered_by, spanish.source, spanish.facts["budget"].ours) == (
            english.budget.amount, english.price_range.__class__(
                english.price_range.low, english.price_range.high, spanish.price_range.unit,
                english.price_range.ours), english.hidden_concern,
            english.concern_answered_by, english.source, english.facts["budget"].ours)


def test_the_spanish_file_has_exactly_the_scenarios_and_fields_of_scenarios_yml():
    directory = load_settings().roleplay_dir
    texts = yaml.safe_load((directory / "scenario_texts" / "es.yml").read_text())["scenarios"]
    ids = [item["id"] for item in
           yaml.safe_load((directory / "scenarios.yml").read_text())["scenarios"]]
    assert sorted(texts) == sorted(ids)
    for scenario_id, entry in texts.items():
        for path in SCENARIO_TEXT_PATHS:
            assert isinstance(_node(entry, path), str) and _node(entry, path).strip(), \
                (scenario_id, path)


@pytest.fixture()
def copy(tmp_path):
    target = tmp_path / "roleplay"
    shutil.copytree(load_settings().roleplay_dir, target)
    return target


def _problems_after(copy, name, change):
    """Every problem loading the Spanish content names once ``change`` edits ``name``."""
    path = copy / name
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    with pytest.raises(RoleplayContentError) as error:
        load_content(copy, "es")
    return "\n".join(error.value.problems)


def test_a_broken_spanish_scenario_file_names_every_problem(copy):
    def change(data):
        del data["scenarios"]["efax_service"]  # a missing scenario
        del data["scenarios"]["vip_programme"]["facts"]["past"]["short"]  # a missing field
        data["scenarios"]["moon_base"] = {"title": "x"}  # an unknown id
        data["scenarios"]["sales_training"]["budget"]["amount"] = 5  # a number here
        data["scenarios"]["office_keyboards"]["facts"]["needs"]["text"] = "Sin punto final"
    problems = _problems_after(copy, "scenario_texts/es.yml", change)
    assert "scenario_texts/es.yml: efax_service: missing" in problems
    assert "vip_programme: facts.past.short: missing or empty" in problems
    assert "moon_base: unknown scenario id" in problems
    assert "sales_training: not a text field: budget.amount" in problems
    assert "facts.needs.text: must end with . ! or ?" in problems
    assert load_content(load_settings().roleplay_dir, "en")  # English does not need it


def test_broken_spanish_texts_name_the_key_and_the_placeholder(copy):
    def change(data):
        del data["scorecard"]["outcomes"]["won"]
        data["hints"]["message"] = "Prueba {tactica}: {why}.{advice}"
        data["dates"]["months"] = data["dates"]["months"][:11]
    problems = _problems_after(copy, "texts/es.yml", change)
    assert "texts/es.yml: scorecard.outcomes.won: missing" in problems
    assert "hints.message: placeholder(s) {tactica} not allowed" in problems
    assert "hints.message: needs {tactic}" in problems
    assert "dates.months: expected a list of 12 words" in problems


def test_names_dates_and_money_are_spanish(es):
    texts = es.texts
    assert texts.spoken_date(THURSDAY) == "el jueves 10 de diciembre"
    assert texts.money(4500) == "4.500" and texts.money(1900000) == "1.900.000"
    assert texts.money(4.5) == "4,5" and texts.money_range(3000, 5000) == "de 3.000 a 5.000"
    assert texts.budget(es.scenarios["efax_service"].budget) == "6.000 yuanes al año"
    assert es.personas["hesitant"].name == "El cliente indeciso"
    assert {s.name for s in es.styles.values()} == {"Analítico", "Cordial", "Expresivo",
                                                   "Dominante"}
    for tactic in TACTIC_IDS:
        assert not english_words(texts.tactic(tactic)), tactic
    for taboo in TABOO_IDS:
        assert not english_words(texts.taboo(taboo)), taboo


# -- every persona and style, in Spanish --------------------------------------------------------

CASES = [(persona, style) for persona in PERSONA_IDS for style in STYLE_IDS + (None,)]


@pytest.mark.parametrize("persona,style", CASES)
def test_a_spanish_session_is_spanish_from_scene_to_scorecard(es, persona, style):
    scenario = es.scenarios["efax_service"]
    first, state = start(es, persona, style)
    scene = engine.scene(es, state)
    assert scene.startswith(f"Role-play: {scenario.title} (dificultad: normal). "
                            f"Tú eres quien vende")
    assert scenario.situation in scene and es.personas[persona].name.lower() in scene
    assert state.language == "es"
    assert first in es.lines.bank(f"openings.{persona}") or scenario.product in first \
        or scenario.competitor.name in first or scenario.colleague in first
    said = [first]

    # an answer from the Spanish fact sheet, the driver's short one
    reaction = say(es, state, reading("question", asks="competitor"),
                   "¿Con qué competidor está hablando?")
    fact = scenario.facts["competitor"]
    assert (fact.short if style == "driver" else fact.text) in reaction.message
    said.append(reaction.message)
    # a question the fact sheet cannot answer: an honest Spanish "I'd have to check"
    reaction = say(es, reaction.state, reading("question", asks="unknown"), "¿Y el logo?")
    assert reaction.message and reaction.message not in said
    said.append(reaction.message)
    # a price named back with Spanish separators, a range as "de X a Y"
    reaction = say(es, reaction.state, reading("price", price=((4500,), False)), "4.500 €")
    assert "4.500" in reaction.message
    said.append(reaction.message)
    reaction = say(es, reaction.state, reading("price", price=((3600, 4800), True)),
                   "Entre 3.600 y 4.800")
    assert "de 3.600 a 4.800" in reaction.message
    said.append(reaction.message)
    state = reaction.state

    # an amiable customer backs off when pushed before trust is built (document 001)
    trust = [reading("move", ["show_sincerity", "ask_needs"])] \
        if style == "amiable" and persona == "quick_to_agree" else []
    for line in trust + winning_lines(es, persona):
        reaction = say(es, state, line, "una frase de venta")
        said.append(reaction.message)
        state = reaction.state
        if reaction.outcome:
            break
    assert reaction.outcome == "won" and state.next_step == THURSDAY.isoformat()
    assert "jueves 10 de diciembre" in reaction.message
    for message in said:
        assert not english_words(message), message
    assert len(said) == len(set(said))

    card = score_session(es, state)
    text = scorecard_text(es, state, card, {"customer_hesitant": "El cliente indeciso"})
    assert text.startswith("**Evaluación: " + es.personas[persona].name)
    assert "**Resultado:** ganada: el cliente aceptó un siguiente paso para el jueves 10 de " \
           "diciembre" in text
    assert "**Puntuación: " in text and "**Dificultad:** normal" in text
    assert "Tácticas para este tipo de cliente" in text and "**La próxima vez:**" in text
    if persona != "quick_to_agree":
        assert "Preocupación oculta: salió a la luz y la respondiste (el servicio)" in text
    for label in ("Outcome", "Score", "Persona tactics", "Next time", "playbook", "none"):
        assert label not in text


@pytest.mark.parametrize("persona", PERSONA_IDS)
def test_a_spanish_customer_walks_away_in_spanish(es, persona):
    _, state = start(es, persona, "driver", difficulty="hard")
    reaction = None
    for _ in range(3):
        reaction = say(es, state, reading("other"), "Se equivoca, y lo sabe.", taboos=["argue"])
        state = reaction.state
        if reaction.outcome:
            break
    assert reaction.outcome == "lost"
    assert reaction.message in [es.texts.get("engine.lost")] + [
        line for line in es.lines.bank(f"lost.{persona}")]
    card = score_session(es, state)
    text = scorecard_text(es, state, card)
    assert "perdida: el cliente se fue" in text and "discutir: «Se equivoca" in text
    assert "Evita discutir para demostrarle que se equivoca" in text


def test_a_spanish_hint_and_the_counter_date_are_spanish(es):
    _, state = start(es, "hesitant", "analytical")
    tactic, why = engine.hint(es, state)
    assert tactic == "probe_reason" and why.startswith("el cliente todavía no te ha contado")
    for line in winning_lines(es, "hesitant")[:-1]:
        state = say(es, state, line).state
    saturday = datetime.date(2026, 12, 12)
    reaction = say(es, state, reading("date_proposal", ["propose_timeline"], date=saturday))
    assert reaction.outcome == "won" and reaction.state.next_step == "2026-12-14"
    assert "el lunes 14 de diciembre" in reaction.message


def test_the_amiable_hears_we_in_spanish_verbs(es):
    texts = es.texts
    assert engine._says_we("Lo hacemos juntos, paso a paso.", texts)
    assert engine._says_we("Podemos empezar con una prueba.", texts)
    assert not engine._says_we("Le mando la propuesta hoy.", texts)


def test_a_success_case_is_named_back_in_spanish(es):
    assert engine._case_words("Con Transportes García hicimos lo mismo.", es.texts) \
        == "Transportes García"
    assert engine._case_words("a uno de nuestros clientes le pasó igual", es.texts) \
        == "ese cliente"
    assert engine._case_words("nos funcionó muy bien", es.texts) == "ese cliente suyo"


def test_a_session_keeps_its_language_and_old_states_read_as_english(es):
    _, state = start(es, "lingering", "expressive")
    again = SessionState.from_json(state.to_json())
    assert again.language == "es"
    old = {"persona": "hesitant", "style": None, "scenario": "efax_service", "seed": 1}
    assert SessionState.from_json(old).language == "en"


def test_a_scenario_with_no_spanish_text_says_so_in_the_scene(es, en):
    from dataclasses import replace

    english_only = replace(en.scenarios["efax_service"], id="team_fax")
    content = es.with_scenarios([english_only])
    _, state = start(content, "hesitant", "driver", scenario="team_fax")
    scene = engine.scene(content, state)
    assert es.texts.get("scene.other_language") in scene
    assert es.texts.get("scene.other_language") not in engine.scene(
        es, start(es, "hesitant", "driver")[1])


# -- variety and robustness ------------------------------------------------------------------


def _random_reading(chooser: random.Random):
    kind = chooser.choice(["question", "price", "date_proposal", "move", "small_talk",
                           "acknowledgement", "other"])
    if kind == "question":
        return reading(kind, asks=chooser.choice(FACT_TOPICS + ("unknown",)))
    if kind == "price":
        low = chooser.choice([480, 3600, 4500, 60000, 1900000])
        if chooser.random() < 0.5:
            return reading(kind, price=((low,), False))
        return reading(kind, price=((low, low * 1.5), True))
    if kind == "date_proposal":
        return reading(kind, ["propose_timeline"] if chooser.random() < 0.5 else [],
                       date=TODAY + datetime.timedelta(days=chooser.randint(-2, 60)))
    if kind == "move":
        return reading(kind, [chooser.choice(TACTIC_IDS)], claim=chooser.random() < 0.3,
                       evidence=chooser.random() < 0.3, success_case=chooser.random() < 0.2,
                       words=chooser.choice([8, 30, 90]))
    return reading(kind, small_talk=kind == "small_talk",
                   acknowledgement=kind == "acknowledgement")


def test_500_random_spanish_sessions_repeat_no_message_and_never_crash(es):
    chooser = random.Random(2026)
    outcomes = {"won": 0, "lost": 0, None: 0}
    turns = 0
    for seed in range(500):
        persona = chooser.choice(PERSONA_IDS)
        style = chooser.choice(STYLE_IDS + (None,))
        scenario = chooser.choice(sorted(es.scenarios))
        difficulty = chooser.choice(["easy", "normal", "hard"])
        first, state = start(es, persona, style, scenario, seed, difficulty)
        said = [first]
        reaction = None
        for _ in range(24):
            taboos = [chooser.choice(TABOO_IDS)] if chooser.random() < 0.1 else []
            reaction = say(es, state, _random_reading(chooser), "frase", taboos)
            state = reaction.state
            said.append(reaction.message)
            turns += 1
            if reaction.outcome:
                break
        outcomes[reaction.outcome] += 1
        assert len(said) == len(set(said)), (seed, [m for m in said if said.count(m) > 1])
        assert all(message.strip() for message in said)
        for message in said:
            assert not english_words(message), (seed, message)
        if state.outcome is None:
            state = engine.end(state)
        assert scorecard_text(es, state, score_session(es, state))
    assert turns > 3000 and outcomes["lost"] > 0


@pytest.mark.parametrize("scenario", sorted(load_content(load_settings().roleplay_dir,
                                                         "en").scenarios))
def test_no_english_in_any_spanish_scene_hint_or_scorecard(es, scenario):
    settings = load_settings()
    titles = {entry.id: entry.title for entry in
              load_playbook(settings.playbook_dir, settings.sources_file, "es").entries()}
    for persona in PERSONA_IDS:
        for style in STYLE_IDS:
            _, state = start(es, persona, style, scenario)
            texts = [engine.scene(es, state), engine.hint(es, state)[1]]
            state = say(es, state, reading("price", price=((4500,), False)), "4500",
                        taboos=["premature_exact_price"]).state
            texts.append(scorecard_text(es, engine.end(state), score_session(es, engine.end(
                state)), titles))
            for text in texts:
                assert not english_words(text), (persona, style, english_words(text), text)


# A manager's brief scenario, written in Spanish (the form's eight fields, no fact sheet).
BRIEF_ES = {"id": "renovacion_norte", "title": "Renovación del soporte en Norte Logística",
            "product": "el plan de soporte", "customer": "la señora Lidia Ruiz, compradora",
            "situation": "Está renovando el contrato y pidiendo ofertas.",
            "hidden_concern": "price",
            "concern_line": "Sinceramente, no sé cómo justificar ese precio ante mi jefe.",
            "source": "un caso del equipo"}


def _english_filler(en) -> set:
    """Every word the English content fills a placeholder with: its defaults (budget, figure,
    case, a brief scenario's competitor, offer, colleague, concern) and its scenarios' texts."""
    filler = {value for path, value in en.texts.values.items()
              if path.startswith("engine.") and isinstance(value, str)
              and "{" not in value and path not in ("engine.lost", "engine.same_day")}
    for scenario in en.scenarios.values():
        filler |= {scenario.competitor.name, scenario.competitor.offer, scenario.colleague,
                   scenario.concern_short, scenario.product}
    return {text for text in filler if len(text) > 4}


def test_every_scenario_played_in_spanish_has_no_english_filler_in_a_customer_line(es, en):
    # A brief scenario once said "…con another supplier tendríamos a similar offer" and
    # "hablarlo con a colleague of mine": its defaults were English whatever the session.
    from coach.roleplay.content import scenario_from_brief

    content = es.with_scenarios([scenario_from_brief(BRIEF_ES)])
    filler = _english_filler(en) | {"another supplier", "a similar offer", "a colleague of mine"}
    chooser = random.Random(10)
    for scenario in sorted(content.scenarios):
        for seed in range(18):
            persona, style = PERSONA_IDS[seed % 3], (STYLE_IDS + (None,))[seed % 5]
            first, state = start(content, persona, style, scenario, seed)
            said = [first]
            readings = [reading("question", asks=topic) for topic in FACT_TOPICS]
            readings += [_random_reading(chooser) for _ in range(16)]
            for line in readings:
                reaction = say(content, state, line)
                state = reaction.state
                said.append(reaction.message)
                if reaction.outcome:
                    break
            for message in said:
                leaked = [text for text in filler if text.lower() in message.lower()]
                assert not leaked and not english_words(message), (scenario, seed, message)


OPTIONS = {
    "es": ("El básico son 30 euros al mes, el pro 65 y el premium 120: ¿cuál le encaja?",
           ["Va de 30 a 120 euros al mes, según el plan.", "El plan cuesta 65 euros al mes."]),
    "en": ("The basic plan is 30 a month, pro is 65 and premium 120: which one fits you?",
           ["It runs from 30 to 120 a month depending on the plan.",
            "The plan is 65 a month."]),
}


@pytest.mark.parametrize("language", ["es", "en"])
def test_tiers_priced_as_a_choice_present_options_too(language):
    # "el básico 30 al mes, el pro 65, el premium 120: ¿cuál le encaja?" earned only the
    # range quote, and the scorecard then said "prueba pronto a presentar varias opciones".
    from coach.roleplay.reading import read

    real = load_content(load_settings().roleplay_dir, language)
    options, others = OPTIONS[language]
    ranking = [{"name": "roleplay_move_range_quote", "confidence": 0.8}]
    line = read(options, "roleplay_move_range_quote", ranking, TODAY, language)
    assert line.price is not None and line.price.options
    for other in others:  # one range, one figure: no options laid out
        price = read(other, "roleplay_move_range_quote", ranking, TODAY, language).price
        assert price is not None and not price.options, other
    state = start(real, "hesitant", "analytical")[1]
    state = say(real, state, line, options).state
    assert {"present_options", "range_quote"} <= set(state.tactics)
    card = scorecard_text(real, engine.end(state), score_session(real, engine.end(state)))
    assert real.texts.format("scorecard.tips.try_tactic",
                             tactic=real.texts.tactic("present_options")) not in card
