"""The typed state of one role-play session, stored after every turn.

The engine, the scorer, the actions and the database all use this one dataclass; it
goes to the database as JSON (``to_json``) and comes back with ``from_json``, which also
reads the dict state of sessions saved before this class existed (missing fields take
their defaults, unknown keys are ignored), so a running session survives the upgrade.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Dict, List, Mapping


@dataclass
class SessionState:
    persona: str
    style: str | None
    scenario: str
    seed: int
    difficulty: str = "normal"
    started: str = ""  # ISO date the session started (dates resolve against it)
    language: str = "en"
    turn: int = 0  # trainee turns so far
    interest: int = 3  # how close the customer is to committing
    stalls: int = 0  # trainee turns in a row without progress
    tactics: List[str] = field(default_factory=list)  # tactic ids used, each once, in order
    taboos: List[str] = field(default_factory=list)  # taboo ids committed, each once
    taboo_count: int = 0  # every taboo, repeats included
    taboo_quotes: Dict[str, str] = field(default_factory=dict)
    qualified: bool = False  # asked needs or budget before any price
    price_named_early: bool = False
    trainee_messages: int = 0
    long_messages: int = 0
    evidence_given: bool = False
    story_or_praise: bool = False
    pressure_before_trust: int = 0
    # what the customer knows and has said
    probes: int = 0  # turns that probed for the real reason
    concern_hinted: bool = False
    concern_revealed: bool = False
    concern_answered: bool = False
    answered_topics: List[str] = field(default_factory=list)
    quoted_figures: List[str] = field(default_factory=list)  # as the customer says them
    case_cited: str | None = None
    doubts_raised: List[str] = field(default_factory=list)  # the hesitant's doubt kinds
    last_doubt_turn: int = 0
    dodges: int = 0  # the quick-to-agree's dodges
    proposed_dates: List[str] = field(default_factory=list)  # ISO dates the trainee proposed
    last_recall_turn: int = 0
    used_lines: List[str] = field(default_factory=list)  # "bank.path#index", never reused
    said: List[str] = field(default_factory=list)  # every customer message, never repeated
    outcome: str | None = None  # None while active; won | lost | ended
    next_step: str | None = None  # ISO date agreed when won

    @property
    def started_on(self) -> date:
        try:
            return date.fromisoformat(self.started)
        except ValueError:
            return date.today()

    def to_json(self) -> Dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> SessionState:
        known = {f.name: f for f in dataclasses.fields(cls)}
        values = {key: _copy(value) for key, value in dict(data or {}).items() if key in known}
        for required in ("persona", "scenario"):
            values.setdefault(required, "")
        values.setdefault("style", None)
        values["seed"] = int(values.get("seed") or 0)
        # The old state kept next_step as a spoken date ("Tuesday 8 December"): not ISO.
        if values.get("next_step") is not None:
            try:
                date.fromisoformat(str(values["next_step"]))
            except ValueError:
                values["next_step"] = None
        return cls(**values)

    def copy(self) -> SessionState:
        return SessionState.from_json(self.to_json())


def _copy(value: Any) -> Any:
    if isinstance(value, list):
        return list(value)
    if isinstance(value, dict):
        return dict(value)
    return value
