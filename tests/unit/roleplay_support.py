"""Shared helpers of the role-play unit tests: readings built by hand, synthetic banks."""

from __future__ import annotations

import datetime
from typing import Any, Dict, List

from coach.roleplay.content import BANK_SPECS, PERSONA_TACTICS
from coach.roleplay.reading import PriceMention, Reading

THURSDAY = datetime.date(2026, 12, 10)  # a weekday in every test's window after TODAY


def reading(kind: str = "other", moves=(), asks=None, price=None, date=None, evidence=False,
            claim=False, success_case=False, small_talk=False, acknowledgement=False,
            words: int = 10, also_asks=()) -> Reading:
    if isinstance(price, tuple):
        figures, is_range = price
        price = PriceMention(tuple(figures), is_range, " to ".join(map(str, figures)))
    return Reading(kind=kind, moves=tuple(moves), asks=asks, price=price, date=date,
                   date_text=date.isoformat() if isinstance(date, datetime.date) else None,
                   evidence=evidence, claim=claim, success_case=success_case,
                   small_talk=small_talk, acknowledgement=acknowledgement, words=words,
                   also_asks=tuple(also_asks))


def synthetic_lines(extra: int = 0) -> Dict[str, Any]:
    """A valid reply-bank mapping: every bank at its minimum (plus ``extra``), each line
    tagged with its bank ("[prices.exact_above 2] ...") and using every placeholder it may."""
    data: Dict[str, Any] = {"language": "en"}
    for path, spec in BANK_SPECS.items():
        node = data
        keys = path.split(".")
        for key in keys[:-1]:
            node = node.setdefault(key, {})
        needs = " ".join("{" + name + "}" for name in sorted(spec.allowed))
        node[keys[-1]] = [f"[{path} {i}] {needs}".strip() for i in range(spec.minimum + extra)]
    return data


def winning_lines(content, persona: str, scenario: str = "efax_service",
                  date: datetime.date = THURSDAY) -> List[Reading]:
    """The readings that win with ``persona`` in any language: its own tactics, the answer
    to the scenario's concern, then a date."""
    answered_by = content.scenarios[scenario].concern_answered_by
    answer = [t for t in answered_by if t in PERSONA_TACTICS[persona]] or list(answered_by)
    if persona == "hesitant":
        moves = ["probe_reason", "probe_concerns", answer[0], "acknowledge_view"]
    elif persona == "lingering":
        moves = ["surface_issues", "ask_essential_question", answer[0], "share_success_case"]
    else:
        moves = ["pin_down", "push_reason", "early_benefit"]
    return [reading("move", [m]) for m in moves] + [
        reading("date_proposal", ["propose_timeline"], date=date)]
