"""Scorecards: deterministic, honest about each part, advice pointing to the playbook, and
never contradicting the outcome."""

from __future__ import annotations

import datetime
import re

import pytest

from coach.playbook import load_playbook
from coach.roleplay.content import PERSONA_IDS, PERSONA_TACTICS, load_content
from coach.roleplay.engine import TraineeTurn, end, new_state, open_session, react
from coach.roleplay.scoring import WEIGHTS, score_session, scorecard_text
from coach.settings import load_settings
from tests.unit.roleplay_support import reading
from tests.unit.test_roleplay_engine import random_session

TODAY = datetime.date(2026, 12, 1)


@pytest.fixture(scope="module")
def content():
    return load_content(load_settings().roleplay_dir)


def _state(content, turns, persona="hesitant", style="driver"):
    state = open_session(content, new_state(content, persona, style, "efax_service", 9,
                                            today=TODAY))[1]
    for text, line, taboos in turns:
        reaction = react(content, state, TraineeTurn(text, line, taboos, {t: text for t in taboos}))
        state = reaction.state
        if reaction.outcome:
            return state
    return end(state)


GOOD = [("What's holding you back?", reading("move", ["probe_reason"]), []),
        ("What do you need it to do, and what budget do you have?",
         reading("question_budget", ["ask_needs", "ask_budget"], asks="budget"), []),
        ("Fair point about them.", reading("move", ["acknowledge_view"]), []),
        ("Which worries you most: price, results or service?",
         reading("move", ["probe_concerns"]), []),
        ("Plans run from 1,200 to 9,600 a year.",
         reading("price_quote", ["range_quote", "present_options"],
                 price=((1200, 9600), True)), []),
        ("Shall we sign Thursday?", reading("date_proposal", ["propose_timeline"],
                                            date=datetime.date(2026, 12, 3)), [])]
BAD = [("You're wrong.", reading("move", ["acknowledge_view"]), ["argue"]),
       ("It's 4,250 dollars.", reading("price_quote", price=((4250,), False)),
        ["premature_exact_price"])]


def test_the_same_transcript_always_gets_the_same_score(content):
    assert score_session(content, _state(content, GOOD)) == \
        score_session(content, _state(content, GOOD))


def test_parts_add_up_and_stay_within_their_weights(content):
    card = score_session(content, _state(content, GOOD))
    assert card.score == round(sum(p["points"] for p in card.parts.values()), 1)
    for name, part in card.parts.items():
        assert 0 <= part["points"] <= WEIGHTS[name] == part["max"]
    assert sum(WEIGHTS.values()) == 100


def test_good_selling_wins_and_scores_high_and_taboos_score_low(content):
    good_state = _state(content, GOOD)
    assert good_state.outcome == "won"
    good = score_session(content, good_state)
    bad = score_session(content, _state(content, BAD))
    assert good.score >= 80 and bad.score <= 45
    assert bad.parts["pricing"]["points"] == 0
    assert bad.parts["taboos"]["points"] < WEIGHTS["taboos"]
    assert "You're wrong." in bad.parts["taboos"]["detail"]


def test_advice_points_to_existing_playbook_topics(content):
    settings = load_settings()
    playbook = load_playbook(settings.playbook_dir, settings.sources_file)
    for turns in (GOOD, BAD, []):
        card = score_session(content, _state(content, turns))
        assert 2 <= len(card.advice) <= 3
        assert all(item["topic"] in playbook for item in card.advice)


def test_the_scorecard_text_uses_only_the_coach_markup(content):
    state = _state(content, BAD)
    text = scorecard_text(content, state, score_session(content, state))
    assert text.startswith("**Scorecard:") and "**Outcome:** " in text
    assert re.search(r"^\*\*Score: \d+(\.\d+)?/100\*\*$", text, re.MULTILINE)
    assert "**Difficulty:** normal" in text
    assert "**Next time:**" in text and "<" not in text and "`" not in text
    assert all(line.startswith("- ") for line in text.splitlines() if "/40 (" in line)


def test_outcome_and_scorecard_never_contradict_each_other(content):
    for seed in range(150):
        persona = PERSONA_IDS[seed % 3]
        state = random_session(content, seed, persona, "amiable", "efax_service", turns=24,
                               difficulty="easy")
        state = state if state.outcome else end(state)
        card = score_session(content, state)
        text = scorecard_text(content, state, card)
        if state.outcome == "won":
            used = [t for t in state.tactics if t in PERSONA_TACTICS[persona]]
            assert card.parts["persona_tactics"]["points"] >= 20 and len(used) >= 2
            assert "won: the customer agreed to a next step on " in text
            assert datetime.date.fromisoformat(state.next_step).strftime("%A") in text
            if persona != "quick_to_agree":
                assert "Hidden concern: surfaced and answered" in text
        else:
            assert "To win:" in text and state.next_step is None


def test_advice_never_recommends_a_tactic_the_trainee_used(content):
    for seed in range(150):
        state = random_session(content, seed, PERSONA_IDS[seed % 3], "analytical",
                               "moisture_cabinets", turns=16)
        state = state if state.outcome else end(state)
        for item in score_session(content, state).advice:
            match = re.match(r"With this customer type, try (.+) early\.", item["text"])
            if match:
                assert match.group(1).replace(" ", "_") not in state.tactics


def test_figures_count_as_evidence_for_the_analytical(content):
    state = _state(content, [("From 480 to 25,000 across four series.",
                              reading("price_quote", ["range_quote"],
                                      price=((480, 25000), True)), [])], style="analytical")
    part = score_session(content, state).parts["style_fit"]
    assert part["points"] == WEIGHTS["style_fit"] and part["detail"] == "gave figures or evidence"
