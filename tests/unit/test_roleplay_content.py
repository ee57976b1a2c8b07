"""Role-play content: the shipped files load, broken ones fail naming file, entry and field,
and the real reply banks play long sessions without repeating a line."""

from __future__ import annotations

import copy
import datetime
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from coach.roleplay.content import (
    BANK_SPECS,
    FACT_TOPICS,
    PERSONA_IDS,
    STYLE_IDS,
    RoleplayContentError,
    check_scenario_file,
    load_content,
    scenario_from_mapping,
    validate_lines,
    validate_scenario,
)
from coach.settings import load_settings
from tests.unit.test_roleplay_engine import random_session

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def content():
    return load_content(load_settings().roleplay_dir)


@pytest.fixture(scope="module")
def scenario_data():
    data = yaml.safe_load((load_settings().roleplay_dir / "scenarios.yml").read_text())
    return data["scenarios"][0]


def test_the_shipped_content_has_the_contract_ids_and_ten_scenarios(content):
    assert set(content.personas) == set(PERSONA_IDS) and set(content.styles) == set(STYLE_IDS)
    assert len(content.scenarios) >= 10
    assert {"efax_service", "ordering_system", "moisture_cabinets", "office_keyboards",
            "machining_bid", "trademark_filing", "sales_training"} <= set(content.scenarios)
    for scenario in content.scenarios.values():
        assert set(scenario.facts) == set(FACT_TOPICS)
        assert scenario.concern_answered_by
    assert content.lines.language == "en"
    assert all(len(content.lines.bank(path)) >= spec.minimum
               for path, spec in BANK_SPECS.items())


def test_a_scenario_mapping_round_trips_and_runtime_scenarios_can_be_added(content,
                                                                           scenario_data):
    extra = copy.deepcopy(scenario_data)
    extra["id"] = "trainer_case"
    scenario = scenario_from_mapping(extra)
    assert validate_scenario(extra) == []
    assert "trainer_case" in content.with_scenarios([scenario]).scenarios
    assert "trainer_case" not in content.scenarios


@pytest.mark.parametrize(("edit", "expected"), [
    (lambda d: d.pop("title"), "title: missing"),
    (lambda d: d.__setitem__("hidden_concern", "mood"), "hidden_concern: must be one of"),
    (lambda d: d["facts"].pop("budget"), "facts.budget: missing"),
    (lambda d: d["facts"]["past"].__setitem__("short", "x " * 30 + "."),
     "facts.past.short: at most 15 words"),
    (lambda d: d["budget"].__setitem__("amount", "lots"), "budget.amount: expected a positive"),
    (lambda d: d.__setitem__("concern_answered_by", ["bribe"]), "unknown tactic id(s) bribe"),
    (lambda d: d.__setitem__("concern_answered_by", ["pin_down"]), "needs at least one hesitant"),
    (lambda d: d["price_range"].__setitem__("low", 10 ** 9), "low <= high"),
    (lambda d: d.__setitem__("id", "Bad Id!"), "id: expected lowercase"),
])
def test_every_problem_of_a_scenario_is_named_with_its_field(scenario_data, edit, expected):
    broken = copy.deepcopy(scenario_data)
    edit(broken)
    problems = validate_scenario(broken, "my.yml: scenarios[0]")
    assert any(expected in p for p in problems), problems
    assert all(p.startswith("my.yml: scenarios[0]") for p in problems)
    with pytest.raises(RoleplayContentError):
        scenario_from_mapping(broken)


def test_the_scenario_check_command_names_every_problem_and_exits_1(tmp_path, scenario_data):
    broken = copy.deepcopy(scenario_data)
    broken.pop("product")
    broken["facts"].pop("needs")
    path = tmp_path / "mine.yml"
    path.write_text(yaml.safe_dump({"scenarios": [broken, copy.deepcopy(broken)]}))
    assert len(check_scenario_file(path)) == 5  # 2 x 2 problems + the duplicate id
    result = subprocess.run([sys.executable, "-m", "coach", "scenario", "check", str(path)],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "scenarios[0]" in result.stderr and "product: missing" in result.stderr
    assert "facts.needs: missing" in result.stderr and "duplicate id" in result.stderr
    good = subprocess.run([sys.executable, "-m", "coach", "scenario", "check",
                           str(load_settings().roleplay_dir / "scenarios.yml")],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert good.returncode == 0 and "scenarios OK" in good.stdout
    (tmp_path / "bad.yml").write_bytes(b"\xff\xfe: [")
    assert check_scenario_file(tmp_path / "bad.yml")[0].startswith("bad.yml: cannot load")


def test_reply_bank_problems_are_named_with_bank_and_index():
    data = yaml.safe_load((load_settings().roleplay_dir / "lines" / "en.yml").read_text())
    data["won"]["hesitant"][0] = "Sure, let's sign."
    data["prices"]["exact_above"][1] = "That's {secret}."
    data["answers"]["frames"]["driver"] = data["answers"]["frames"]["driver"][:2]
    del data["taboos"]["argue"]
    problems = validate_lines(data, "en.yml")
    assert "en.yml: won.hesitant[0]: needs {date}" in problems
    assert any(p.startswith("en.yml: prices.exact_above[1]: placeholder(s) {secret} not allowed")
               for p in problems)
    assert any(p.startswith("en.yml: answers.frames.driver: 2 line(s), at least 6")
               for p in problems)
    assert any(p.startswith("en.yml: taboos.argue: missing") for p in problems)


def test_a_broken_directory_fails_listing_every_problem(tmp_path):
    target = tmp_path / "roleplay"
    shutil.copytree(load_settings().roleplay_dir, target)
    personas = yaml.safe_load((target / "personas.yml").read_text())
    personas["personas"].pop("lingering")
    (target / "personas.yml").write_text(yaml.safe_dump(personas))
    (target / "lines" / "en.yml").write_text("language: en\n")
    with pytest.raises(RoleplayContentError) as error:
        load_content(target)
    assert "personas.yml: personas.lingering: missing" in error.value.problems
    assert len(error.value.problems) > len(BANK_SPECS)  # every missing bank, all at once


def test_the_real_banks_never_repeat_a_line_in_long_sessions(content):
    scenarios = sorted(content.scenarios)
    for seed in range(90):
        state = random_session(content, seed, PERSONA_IDS[seed % 3], STYLE_IDS[seed % 4],
                               scenarios[seed % len(scenarios)], turns=24, difficulty="easy")
        assert len(state.said) == len(set(state.said))
        assert "{" not in " ".join(state.said) and "}" not in " ".join(state.said)


def test_real_lines_fill_every_placeholder(content):
    from coach.roleplay.engine import _Composer, new_state

    state = new_state(content, "hesitant", "driver", "efax_service", 1,
                      today=datetime.date(2026, 12, 1))
    composer = _Composer(content, state)
    for path in BANK_SPECS:
        for line in content.lines.bank(path):
            filled = composer.fill(line, fact="A fact.", figure="4,500", case="Huaxin",
                                   date=datetime.date(2026, 12, 10),
                                   proposed=datetime.date(2026, 12, 9))
            assert "{" not in filled and "}" not in filled, (path, line)


BRIEF = {"id": "northwind_renewal", "title": "Renewal at Northwind",
         "product": "the support plan", "customer": "Ms. Li, buyer at Northwind",
         "situation": "She is renewing and shopping around.", "hidden_concern": "price",
         "concern_line": "Honestly, I can't justify the price to my boss.",
         "source": "our own deal"}


def test_a_brief_team_scenario_plays_with_honest_answers_and_can_be_won(content):
    from coach.roleplay.content import scenario_from_brief
    from tests.unit.roleplay_support import reading, winning_lines
    from tests.unit.test_roleplay_engine import play, start

    brief = content.with_scenarios([scenario_from_brief(BRIEF)])
    state = start(brief, "hesitant", "driver", "northwind_renewal")
    assert "I am Ms. Li, buyer at Northwind" in __import__(
        "coach.roleplay.engine", fromlist=["scene"]).scene(brief, state)
    _, reactions = play(brief, state, [reading("question_decision", asks="decision"),
                                       reading("price_quote", price=((900,), False))])
    assert [u for u in reactions[0].state.used_lines if u.startswith("answers.")] == [
        u for u in reactions[0].state.used_lines if u.startswith("answers.cannot.driver#")]
    assert "900" in reactions[1].message
    won, _ = play(brief, start(brief, "lingering", "amiable", "northwind_renewal"),
                  winning_lines(brief, "lingering", "northwind_renewal"))
    assert won.outcome == "won"


def test_team_scenarios_take_the_full_schema_or_the_brief_one(scenario_data):
    from coach.db import TeamScenarioRecord
    from coach.manager import scenarios
    from coach.manager.assignments import RequestError

    full = {**copy.deepcopy(scenario_data), "id": "team_full"}
    assert scenarios.check_scenario(full, {"efax_service"}) == full
    broken = copy.deepcopy(full)
    broken.pop("product")
    broken["facts"].pop("needs")
    with pytest.raises(RequestError) as error:
        scenarios.check_scenario(broken, set())
    assert set(error.value.problems) == {"product", "facts.needs"}
    loaded = scenarios.team_scenarios([TeamScenarioRecord("team_full", full, None, None, None),
                                       TeamScenarioRecord("northwind_renewal", BRIEF, None,
                                                          None, None)])
    assert len(loaded["team_full"].facts) == 9 and loaded["northwind_renewal"].facts == {}


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_scenario_with_no_budget_says_none_is_set_in_character(language):
    # It once said "Our budget is our budget" ("Nuestro presupuesto es de nuestro
    # presupuesto"): the price lines name the budget, and a brief scenario has none.
    from coach.roleplay.content import scenario_from_brief
    from coach.roleplay.engine import TraineeTurn, new_state, open_session, react
    from tests.unit.roleplay_support import reading

    real = load_content(load_settings().roleplay_dir, language)
    brief = real.with_scenarios([scenario_from_brief(BRIEF)])
    unknown = real.texts.get("engine.budget_unknown")
    no_budget = set(real.lines.bank("prices.no_budget")) | set(
        real.lines.bank("answers.no_budget"))
    quotes = [((4500,), False), ((3000, 5000), True), ((90000,), False), ((400, 900), True)]
    for seed in range(12):
        state = new_state(brief, PERSONA_IDS[seed % 3], STYLE_IDS[seed % 4],
                          "northwind_renewal", seed, today=datetime.date(2026, 12, 1),
                          language=language)
        state = open_session(brief, state)[1]
        lines = [reading("question_budget", ["ask_budget"], asks="budget")] + [
            reading("price_quote", price=quote) for quote in quotes]
        priced = 0
        for line in lines:
            reaction = react(brief, state, TraineeTurn("a line", line, (), {}))
            state = reaction.state
            assert unknown not in reaction.message, reaction.message
            if reaction.outcome:  # four figures and no move: some customers walk away
                break
            priced += line.kind == "price_quote"
        used = [u.split("#")[0] for u in state.used_lines]
        assert "answers.no_budget" in used and used.count("prices.no_budget") == priced >= 2
    assert no_budget  # the banks exist in every language


# The words that commit to the next step, by stem: a closing says one of them once.
COMMITMENT_STEMS = {
    "en": ("lock", "sign", "deal", "done", "agreed", " it is", "calendar", "diary", "book",
           "official", "pen to paper", "keep"),
    "es": ("cerr", "firm", "trato", "hecho", "qued", "calendario", "agenda",
           "reserv", "oficial", "apunt", "cumplir"),
}


def _closing(real, persona, used_up, proposed):
    """The winning reply when every line of the banks in ``used_up`` but one is used."""
    from coach.roleplay.engine import TraineeTurn, new_state, open_session, react
    from tests.unit.roleplay_support import reading, winning_lines

    state = open_session(real, new_state(real, persona, "amiable", "efax_service", 3,
                                         today=datetime.date(2026, 12, 1),
                                         language=real.language))[1]
    lines = winning_lines(real, persona)
    for line in lines[:-1]:
        state = react(real, state, TraineeTurn("a line", line, (), {})).state
    state.used_lines += [f"{path}#{i}" for path, keep in used_up.items()
                         for i in range(len(real.lines.bank(path))) if i != keep]
    close = reading("date_proposal", ["propose_timeline"], date=proposed)
    reaction = react(real, state, TraineeTurn("a line", close, (), {}))
    assert reaction.outcome == "won", (persona, used_up)
    return reaction.message


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_closing_says_the_commitment_once(language):
    # "Por mí perfecto, cerramos el martes... Cerrémoslo ya" / "Fine by me, let's lock in
    # ... Let's lock it in": the accepting line and a closing line after it both committed.
    real = load_content(load_settings().roleplay_dir, language)
    stems = COMMITMENT_STEMS[language]
    thursday, saturday = datetime.date(2026, 12, 10), datetime.date(2026, 12, 12)
    for persona in PERSONA_IDS:
        accept, counter = f"dates.accept.{persona}", f"dates.counter.{persona}"
        won = f"won.{persona}"
        # A countering line only proposes its date; the closing line after it commits.
        committing = [line for line in real.lines.bank(counter)
                      if any(stem in line.lower() for stem in stems)]
        assert not committing, (persona, committing)
        closings = [_closing(real, persona, {accept: i, won: k}, thursday)
                    for i in range(len(real.lines.bank(accept)))
                    for k in range(len(real.lines.bank(won)))]
        closings += [_closing(real, persona, {counter: i, won: k}, saturday)
                     for i in range(len(real.lines.bank(counter)))
                     for k in range(len(real.lines.bank(won)))]
        if persona != "quick_to_agree":  # who wins only with a date proposed
            closings += [_closing(real, persona, {won: k}, None)
                         for k in range(len(real.lines.bank(won)))]
        for message in closings:
            lowered = message.lower()
            repeated = [stem for stem in stems if lowered.count(stem) > 1]
            assert not repeated, (persona, repeated, message)
