"""Only the contract's explicit signals leave the role; everything else is for the customer."""

import pytest

from coach.roleplay.routing import route


@pytest.mark.parametrize("text, kind, rest", [
    ("hint", "hint", ""), ("Hint!", "hint", ""), ("/roleplay_hint", "hint", ""),
    ("stop", "stop", ""), ("end", "stop", ""), ("Stop the role-play.", "stop", ""),
    ("/roleplay_end", "stop", ""),
    ("check my reply: Dear Mr Chen, our price is final.", "review",
     "Dear Mr Chen, our price is final."),
    ("check my reply:", "review", ""),
    ("coach: how do I quote?", "coach_question", "how do I quote?"),
    ("/tip price objection", "coach_question", "price objection"),
    ("ok", "customer", "ok"),
    ("Which competitor are you talking to?", "customer", "Which competitor are you talking to?"),
    ("how do I know this will work for you?", "customer", "how do I know this will work for you?"),
    ("hint: is it the price?", "customer", "hint: is it the price?"),
    ("Can you check this with finance?", "customer", "Can you check this with finance?"),
    ("end of next week works?", "customer", "end of next week works?"),
])
def test_a_line_goes_where_the_contract_says(text, kind, rest):
    assert route(text) == (route(text).__class__(kind, rest))


@pytest.mark.parametrize("text", ["", "\x00\x01", "a" * 20000, "stop" * 5000, ":" * 30000])
def test_any_input_is_routed(text):
    assert route(text).kind in ("customer", "stop")
