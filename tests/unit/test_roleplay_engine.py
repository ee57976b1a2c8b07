"""The role-play engine: reactions, outcomes, variety and reproducibility."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from coach.roleplay import (
    PERSONA_IDS,
    STYLE_IDS,
    RoleplayContentError,
    TraineeTurn,
    end,
    hint,
    load_content,
    new_state,
    opening,
    react,
    scene,
)
from coach.settings import load_settings


@pytest.fixture(scope="module")
def content():
    return load_content(load_settings().roleplay_dir)


def _play(content, state, turns):
    lines = []
    for text, moves, taboos in turns:
        reaction = react(content, state, TraineeTurn(text, moves, taboos))
        state = reaction.state
        lines.append(reaction.lines)
        if reaction.outcome:
            break
    return state, lines


GOOD_HESITANT = [
    ("What's really holding you back?", ["probe_reason"], []),
    ("That's fair, they are a solid supplier.", ["acknowledge_view"], []),
    ("Is it price, results or service that worries you?", ["probe_concerns"], []),
    ("Here are three options side by side, theirs included.", ["present_options"], []),
    ("Shall we sign on Thursday at 10?", ["propose_timeline"], []),
]


def test_content_has_the_contract_ids_and_five_scenarios(content):
    assert set(content.personas) == set(PERSONA_IDS)
    assert set(content.styles) == set(STYLE_IDS)
    assert len(content.scenarios) >= 5
    assert content.personas["lingering"].yields_to == (
        "surface_issues", "ask_essential_question", "share_success_case", "show_sincerity",
        "reduce_risk")


def test_scene_and_opening(content):
    state = new_state(content, "hesitant", "driver", "moisture_cabinets", 1)
    assert "You are the salesperson" in scene(content, state)
    assert "driver style" in scene(content, state)
    assert opening(content, state)


def test_good_tactics_win_with_a_dated_next_step(content):
    state = new_state(content, "hesitant", None, "efax_service", 3)
    state, lines = _play(content, state, GOOD_HESITANT)
    assert state["outcome"] == "won"
    assert state["next_step"] and state["next_step"] in lines[-1][0]
    assert state["tactics"][:3] == ["probe_reason", "acknowledge_view", "probe_concerns"]


def test_probing_uncovers_the_hidden_concern(content):
    state = new_state(content, "hesitant", None, "moisture_cabinets", 3)
    reaction = react(content, state, TraineeTurn("What holds you back?", ["probe_reason"]))
    assert content.scenarios["moisture_cabinets"].concern_line in reaction.lines
    assert reaction.state["concern_revealed"]


def test_taboos_lose_the_customer(content):
    state = new_state(content, "lingering", "amiable", "office_keyboards", 5)
    state, _ = _play(content, state, [("You're wrong.", [], ["argue"]),
                                      ("That's impossible.", [], ["refuse_on_spot"]),
                                      ("Their stuff is junk.", [], ["badmouth_competitor"])])
    assert state["outcome"] == "lost" and state["taboos"] == [
        "argue", "refuse_on_spot", "badmouth_competitor"]


def test_no_progress_for_too_long_loses_the_customer(content):
    state = new_state(content, "quick_to_agree", None, "ordering_system", 5)
    state, _ = _play(content, state, [("ok", [], [])] * 6)
    assert state["outcome"] == "lost" and state["turn"] == 4


def test_the_same_seed_replays_identically_and_another_seed_varies(content):
    turns = GOOD_HESITANT[:4]
    first = _play(content, new_state(content, "hesitant", "expressive", "efax_service", 11),
                  turns)
    again = _play(content, new_state(content, "hesitant", "expressive", "efax_service", 11),
                  turns)
    assert first == again
    others = {tuple(map(tuple, _play(content, new_state(content, "hesitant", "expressive",
                                                        "efax_service", seed), turns)[1]))
              for seed in range(12, 20)}
    assert len(others) > 1


def test_a_driver_loses_patience_with_long_messages(content):
    long_text = "Let me explain in detail. " * 20
    state = new_state(content, "hesitant", "driver", "efax_service", 2)
    reaction = react(content, state, TraineeTurn(long_text, ["list_benefits"]))
    assert reaction.state["long_messages"] == 1
    assert any(line in content.lines["style"]["driver"]["impatient"] for line in reaction.lines)
    short = react(content, state, TraineeTurn("Three options, pick one.", ["present_options"]))
    assert short.state["interest"] > reaction.state["interest"]


def test_an_amiable_customer_backs_off_under_pressure(content):
    state = new_state(content, "quick_to_agree", "amiable", "efax_service", 2)
    pushed = react(content, state, TraineeTurn("Sign today, the price goes up Monday.",
                                               ["push_reason"]))
    assert pushed.state["pressure_before_trust"] == 1
    assert any(line in content.lines["style"]["amiable"]["pressured"] for line in pushed.lines)


def test_an_analytical_customer_asks_for_evidence(content):
    state = new_state(content, "lingering", "analytical", "efax_service", 2)
    vague = react(content, state, TraineeTurn("We really care about you.", ["show_sincerity"]))
    assert any(line in content.lines["style"]["analytical"]["asks_evidence"]
               for line in vague.lines)
    figures = react(content, state, TraineeTurn("In 2023 a bank cut fax costs by 72%.",
                                                ["share_success_case"]))
    assert figures.state["evidence_given"]


def test_an_expressive_customer_warms_to_stories(content):
    state = new_state(content, "lingering", "expressive", "efax_service", 2)
    story = react(content, state, TraineeTurn("One of our clients, a law firm, was in your "
                                              "shoes last year.", ["share_success_case"]))
    assert story.state["story_or_praise"]
    assert any(line in content.lines["style"]["expressive"]["pleased"] for line in story.lines)


def test_quick_to_agree_is_won_by_pinning_down_a_date(content):
    state = new_state(content, "quick_to_agree", "driver", "ordering_system", 4)
    state, _ = _play(content, state, [
        ("Every week you wait costs you orders.", ["early_benefit"], []),
        ("The launch price ends on the 30th.", ["push_reason"], []),
        ("Let's lock it: Tuesday 9am, contract signed.", ["pin_down"], []),
    ])
    assert state["outcome"] == "won"


def test_hint_suggests_an_untried_persona_tactic_and_changes_nothing(content):
    state = new_state(content, "lingering", None, "efax_service", 2)
    tactic, why = hint(content, state)
    assert tactic in content.personas["lingering"].yields_to and why
    assert state == new_state(content, "lingering", None, "efax_service", 2) | {
        "started": state["started"]}


def test_end_marks_the_session_ended_and_the_state_is_json(content):
    import json

    state = end(new_state(content, "hesitant", None, "efax_service", 1))
    assert state["outcome"] == "ended"
    assert json.loads(json.dumps(state)) == state


def test_an_exact_price_is_not_a_range_quote(content):
    state = new_state(content, "hesitant", None, "efax_service", 1)
    reaction = react(content, state, TraineeTurn("It's 18,800 yuan.", ["range_quote"],
                                                 ["premature_exact_price"]))
    assert "range_quote" not in reaction.state["tactics"]


@pytest.mark.parametrize(("file", "edit", "message"), [
    ("personas.yml", lambda d: d["personas"].pop("lingering"), "missing 'lingering'"),
    ("scenarios.yml", lambda d: d["scenarios"].__setitem__(slice(2, None), []), "five"),
    ("lines.yml", lambda d: d["lines"]["hesitant"]["won"].append("Sure."), "{date}"),
])
def test_broken_content_fails_clearly(tmp_path, file, edit, message):
    source = load_settings().roleplay_dir
    target = tmp_path / "roleplay"
    shutil.copytree(source, target)
    data = yaml.safe_load((target / file).read_text())
    edit(data)
    (target / file).write_text(yaml.safe_dump(data))
    with pytest.raises(RoleplayContentError, match=message.replace("{", r"\{")
                       .replace("}", r"\}")):
        load_content(Path(target))
