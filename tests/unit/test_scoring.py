"""Scorecards: deterministic, honest about each part, advice pointing to the playbook."""

from __future__ import annotations

import re

import pytest

from coach.playbook import load_playbook
from coach.roleplay import TraineeTurn, end, load_content, new_state, react
from coach.scoring import WEIGHTS, score_session, scorecard_text
from coach.settings import load_settings


@pytest.fixture(scope="module")
def content():
    return load_content(load_settings().roleplay_dir)


def _state(content, turns, persona="hesitant", style="driver"):
    state = new_state(content, persona, style, "efax_service", 9)
    for text, moves, taboos in turns:
        quotes = {t: text for t in taboos}
        reaction = react(content, state, TraineeTurn(text, moves, taboos, quotes))
        state = reaction.state
        if reaction.outcome:
            return state
    return end(state)


GOOD = [("What's holding you back?", ["probe_reason"], []),
        ("What do you need it to do, and what budget do you have?", ["ask_needs", "ask_budget"],
         []),
        ("Fair point about them.", ["acknowledge_view"], []),
        ("Which worries you most: price, results or service?", ["probe_concerns"], []),
        ("Plans run from 1,200 to 9,600 a year.", ["range_quote"], []),
        ("Shall we sign Thursday?", ["propose_timeline"], [])]
BAD = [("You're wrong.", ["acknowledge_view"], ["argue"]),
       ("It's 4,250 dollars.", [], ["premature_exact_price"])]


def test_the_same_transcript_always_gets_the_same_score(content):
    assert score_session(content, _state(content, GOOD)) == \
        score_session(content, _state(content, GOOD))


def test_parts_add_up_and_stay_within_their_weights(content):
    card = score_session(content, _state(content, GOOD))
    assert card.score == round(sum(p["points"] for p in card.parts.values()), 1)
    for name, part in card.parts.items():
        assert 0 <= part["points"] <= WEIGHTS[name] == part["max"]
    assert sum(WEIGHTS.values()) == 100


def test_good_selling_scores_high_and_taboos_score_low(content):
    good = score_session(content, _state(content, GOOD))
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
    assert "**Next time:**" in text and "<" not in text and "`" not in text
    assert all(line.startswith("- ") for line in text.splitlines() if "/40 (" in line)
