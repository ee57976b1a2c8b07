"""Talking to the manager API of a running coach, and playing sessions as a trainee."""

from __future__ import annotations

import json
import urllib.parse
from typing import Any, Dict

import requests

from tests.conftest import MANAGER_TOKEN

AUTH = {"Authorization": f"Bearer {MANAGER_TOKEN}"}
START = "/roleplay_start" + json.dumps({"persona": "hesitant", "style": "driver", "seed": 7})
WINNING_LINES = [  # wins against the hesitant driver of seed 7 (tests/channels/conversation.py)
    "What's really holding you back from deciding?",
    "That's a fair point, they are a strong supplier.",
    "Apart from that, is it the price, the results or the service that worries you?",
    "Here are three options side by side, including theirs, so you can compare.",
    "Could we agree a timetable: final details this week and signing next Tuesday?",
]


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
