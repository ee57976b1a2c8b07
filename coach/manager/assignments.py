"""Assignments: reading a manager's request, and whether the trainee has met it.

An assignment is ``passed`` once the trainee finished a session of its persona (and its
style, difficulty and scenario when those were given) that scored at least the pass
mark, and ended after the assignment was made; ``overdue`` when not passed and the due
date is behind us; ``open`` otherwise.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Collection, Dict, List, Sequence

from coach.db import AssignmentRecord, SessionRecord
from coach.manager.trainee_texts import assignment_texts
from coach.roleplay import PERSONA_IDS, STYLE_IDS

DIFFICULTIES = ("easy", "normal", "hard")
EVERYONE = "*"  # "trainee": "*" assigns to every trainee the coach knows
MAX_TRAINEE_ID = 255  # the trainees table's sender_id
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class RequestError(ValueError):
    """A bad request; ``problems`` maps each bad field to what is wrong with it."""

    def __init__(self, problems: Dict[str, str]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{field}: {text}" for field, text in problems.items()))


@dataclass(frozen=True)
class AssignmentRequest:
    trainee: str  # a sender id, or EVERYONE
    persona: str
    style: str | None
    difficulty: str | None
    scenario: str | None
    pass_mark: float
    due: date


def _choice(body: Dict[str, Any], field: str, allowed: Collection[str], what: str,
            problems: Dict[str, str], required: bool = False) -> str | None:
    value = body.get(field)
    if value is None or value == "":
        if required:
            problems[field] = f"missing; the {what} is one of: {', '.join(allowed)}"
        return None
    if not isinstance(value, str) or value not in allowed:
        shown = str(value)[:40] if isinstance(value, (str, int, float)) else type(value).__name__
        problems[field] = f"unknown {what} '{shown}'; one of: {', '.join(allowed)}"
        return None
    return value


def parse_request(body: Any, scenario_ids: Collection[str] = ()) -> AssignmentRequest:
    """The assignment a request body asks for, or RequestError naming every bad field."""
    if not isinstance(body, dict):
        raise RequestError({"body": "expected a JSON object with trainee, persona, "
                                    "pass_mark and due"})
    problems: Dict[str, str] = {}
    trainee = body.get("trainee")
    if not isinstance(trainee, str) or not trainee.strip():
        problems["trainee"] = (f"missing; a trainee id from /manager/api/trainees, or "
                               f"'{EVERYONE}' for everyone")
    elif len(trainee) > MAX_TRAINEE_ID or _CONTROL.search(trainee):
        problems["trainee"] = (f"not a trainee id (at most {MAX_TRAINEE_ID} characters, "
                               f"no control characters)")
    persona = _choice(body, "persona", PERSONA_IDS, "persona", problems, required=True)
    style = _choice(body, "style", STYLE_IDS, "style", problems)
    difficulty = _choice(body, "difficulty", DIFFICULTIES, "difficulty", problems)
    scenario = body.get("scenario")
    if scenario in (None, ""):
        scenario = None
    elif not isinstance(scenario, str) or scenario not in scenario_ids:
        problems["scenario"] = (f"unknown scenario '{str(scenario)[:64]}'; see "
                                f"/manager/api/scenarios")
        scenario = None
    pass_mark = body.get("pass_mark")
    # A number, as scores are (72.5 is fine); not a string or a bool, not NaN or infinity.
    if isinstance(pass_mark, bool) or not isinstance(pass_mark, (int, float)) \
            or not 0 <= pass_mark <= 100:
        problems["pass_mark"] = "must be a number from 0 to 100"
    due = _parse_date(body.get("due"), problems)
    if problems:
        raise RequestError(problems)
    return AssignmentRequest(trainee.strip(), persona, style, difficulty, scenario,  # type: ignore[arg-type, union-attr]
                             float(pass_mark), due)  # type: ignore[arg-type]


def _parse_date(value: Any, problems: Dict[str, str]) -> date:
    # A date in the past is allowed on purpose: it records practice that is already late.
    if isinstance(value, str) and _DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    problems["due"] = "must be a real date written YYYY-MM-DD"
    return date.min


@dataclass(frozen=True)
class AssignmentStatus:
    status: str  # open | passed | overdue
    best_score: float | None  # best matching session since the assignment was made
    passed_session: int | None


def matches(assignment: AssignmentRecord, record: SessionRecord) -> bool:
    """Is this finished session the practice the assignment asks for?"""
    if record.score is None or record.status == "active" or record.ended_at is None:
        return False
    if record.sender_id != assignment.sender_id or record.persona != assignment.persona:
        return False
    if assignment.style and record.style != assignment.style:
        return False
    if assignment.difficulty and session_difficulty(record) != assignment.difficulty:
        return False
    if assignment.scenario_id and record.scenario_id != assignment.scenario_id:
        return False
    return record.ended_at >= assignment.created_at


def session_difficulty(record: SessionRecord) -> str:
    """The session's difficulty ("normal" when the session did not record one)."""
    value = getattr(record, "difficulty", None) or state_value(record, "difficulty")
    return str(value) if value else "normal"


def state_value(record: SessionRecord, key: str) -> Any:
    """One field of the engine's saved state, whether a mapping or a typed state object."""
    state = record.state
    return state.get(key) if isinstance(state, dict) else getattr(state, key, None)


def status_of(assignment: AssignmentRecord, sessions: Sequence[SessionRecord],
              today: date) -> AssignmentStatus:
    scored = [r for r in sessions if matches(assignment, r)]
    best = max((float(r.score) for r in scored), default=None)  # type: ignore[arg-type]
    passing = [r for r in scored if float(r.score) >= assignment.pass_mark]  # type: ignore[arg-type]
    if passing:
        return AssignmentStatus("passed", best, passing[0].id)
    return AssignmentStatus("overdue" if today > assignment.due else "open", best, None)


def assignment_json(assignment: AssignmentRecord, status: AssignmentStatus) -> Dict[str, Any]:
    return {
        "id": assignment.id, "trainee": assignment.sender_id, "persona": assignment.persona,
        "style": assignment.style, "difficulty": assignment.difficulty,
        "scenario": assignment.scenario_id, "pass_mark": number(assignment.pass_mark),
        "due": assignment.due.isoformat(), "status": status.status,
        "best_score": status.best_score, "passed_session": status.passed_session,
        "created": _iso(assignment.created_at), "told": _iso(assignment.notified_at),
        "batch": assignment.batch,
    }


def number(value: float) -> float | int:
    """70.0 is shown (and sent) as 70."""
    return int(value) if float(value).is_integer() else value


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.replace(microsecond=0).isoformat() + "Z"


def notice_text(assignments: Sequence[AssignmentRecord], today: date,
                language: str = "en") -> str:
    """What the trainee is told in chat about assignments (new ones, or the open ones)."""
    words = assignment_texts(language)
    lines: List[str] = []
    for a in assignments:
        lines.append(words["line"].format(what=describe(a, language), mark=number(a.pass_mark),
                                          due=a.due.strftime(words["date_format"]))
                     + (words["overdue"] if today > a.due else ""))
    return "\n".join(lines)


def describe(a: AssignmentRecord, language: str = "en") -> str:
    words = assignment_texts(language)
    parts = [words["customer"].format(persona=words["personas"].get(a.persona, a.persona))]
    if a.style:
        parts.append(words["style"].format(style=words["styles"].get(a.style, a.style)))
    if a.difficulty:
        parts.append(words["difficulty"].format(
            difficulty=words["difficulties"].get(a.difficulty, a.difficulty)))
    if a.scenario_id:
        parts.append(words["scenario"].format(scenario=a.scenario_id))
    return words["roleplay"].format(parts=", ".join(parts))


def start_payload(a: AssignmentRecord) -> str:
    """The role-play shortcut that starts exactly this practice (a button's payload)."""
    fields = {"persona": a.persona}
    for key, value in (("style", a.style), ("difficulty", a.difficulty),
                       ("scenario", a.scenario_id)):
        if value:
            fields[key] = value
    return "/roleplay_start" + json.dumps(fields)
