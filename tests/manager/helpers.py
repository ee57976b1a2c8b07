"""Talking to the manager API of a running coach, and playing sessions as a trainee."""

from __future__ import annotations

import json
import urllib.parse
from typing import Any, Dict

import requests

from tests.channels.conversation import ROLEPLAY_START, WINNING_LINES
from tests.conftest import MANAGER_TOKEN

AUTH = {"Authorization": f"Bearer {MANAGER_TOKEN}"}
# The shared channel conversation's winning role-play (kept in step with the engine there).
START = ROLEPLAY_START
_FIELDS = json.loads(START[len("/roleplay_start"):])
PERSONA, STYLE = _FIELDS["persona"], _FIELDS.get("style")


def api(coach, method: str, path: str, headers: Dict[str, str] | None = None,
        **kwargs: Any) -> requests.Response:
    return requests.request(method, f"{coach.url}/manager/api{path}",
                            headers=AUTH if headers is None else headers, timeout=30, **kwargs)


def trainee_path(trainee: str) -> str:
    return "/trainees/" + urllib.parse.quote(trainee, safe="")


def play_winning_session(coach, sender: str, last: list | None = None) -> float:
    """Play to a win; the replies to the last line go into ``last`` when given."""
    coach.say(sender, START)
    for line in WINNING_LINES:
        replies = coach.say(sender, line)
    if last is not None:
        last.extend(replies)
    tracker_slots = coach.tracker(sender)["slots"]
    assert tracker_slots["roleplay_outcome"] == "won", tracker_slots
    return float(tracker_slots["roleplay_score"])


def play_losing_session(coach, sender: str) -> None:
    coach.say(sender, START)
    coach.say(sender, "You're wrong, our price is fair and that's final, take it or leave it.")
    coach.say(sender, "stop")
