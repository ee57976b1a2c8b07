"""The team at a glance, and one trainee in full, from the repository's records.

Taboos are read from the saved turns (each trainee turn keeps the taboo ids the analyzer
found in it), so a quoted example is always the trainee's own words.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Dict, List, Mapping, Sequence

from coach.db import AssignmentRecord, SessionRecord, TurnRecord
from coach.manager.assignments import (
    assignment_json,
    session_difficulty,
    state_value,
    status_of,
)
from coach.progress import progress
from coach.roleplay import PERSONA_IDS, STYLE_IDS

WEEK = timedelta(days=7)
QUOTES_PER_TABOO = 3
QUOTE_CHARS = 160


def iso(value: datetime | None) -> str | None:
    """Times are stored naive in UTC; the API says so with a Z."""
    return None if value is None else value.replace(microsecond=0).isoformat() + "Z"


def session_taboos(turns: Sequence[TurnRecord], record: SessionRecord) -> List[str]:
    """Taboo ids of the session, each once, in the order first committed."""
    seen: List[str] = []
    for turn in turns:
        for taboo in turn.taboos:
            if taboo not in seen:
                seen.append(taboo)
    for taboo in state_value(record, "taboos") or []:  # also the engine's own list
        if isinstance(taboo, str) and taboo not in seen:
            seen.append(taboo)
    return seen


@dataclass(frozen=True)
class TeamData:
    """What the overview is computed from (read by the adapter in a few queries)."""

    trainees: Sequence[str]
    finished: Mapping[str, Sequence[SessionRecord]]  # per trainee, oldest first
    turns: Mapping[int, Sequence[TurnRecord]]  # session id -> its trainee turns with taboos
    last_active: Mapping[str, datetime]
    assignments: Sequence[AssignmentRecord]


def trainee_rows(data: TeamData, now: datetime) -> List[Dict[str, Any]]:
    rows = []
    for trainee in data.trainees:
        records = list(data.finished.get(trainee, ()))
        figures = progress(records)
        last = data.last_active.get(trainee)
        practised = [r for r in records if r.ended_at and r.ended_at >= now - WEEK]
        rows.append({
            "id": trainee, "sessions": len(records), "average_score": figures.average,
            "best_score": figures.best, "trend": figures.trend,
            "last_active": iso(last), "sessions_this_week": len(practised),
        })
    return rows


def overview(data: TeamData, now: datetime) -> Dict[str, Any]:
    """Everything the team page shows: table, gaps, taboos, inactivity, chart series."""
    rows = trainee_rows(data, now)
    finished = [r for records in data.finished.values() for r in records]
    persona_counts = Counter(r.persona for r in finished)
    style_counts = Counter(r.style for r in finished if r.style)
    taboo_counts: Counter = Counter()
    quotes: Dict[str, List[Dict[str, Any]]] = {}
    for record in finished:
        for turn in data.turns.get(record.id, ()):
            if turn.speaker != "trainee":
                continue
            for taboo in turn.taboos:
                taboo_counts[taboo] += 1
                examples = quotes.setdefault(taboo, [])
                if len(examples) < QUOTES_PER_TABOO:
                    examples.append({"trainee": record.sender_id, "session": record.id,
                                     "quote": _quote(turn.text)})
    today = now.date()
    statuses: Counter[str] = Counter()
    assignments = []
    for a in data.assignments:
        status = status_of(a, data.finished.get(a.sender_id, ()), today)
        statuses[status.status] += 1
        assignments.append(assignment_json(a, status))
    return {
        "trainees": rows,
        "personas": _usage(persona_counts, PERSONA_IDS),
        "styles": _usage(style_counts, STYLE_IDS),
        "taboos": [{"taboo": taboo, "count": count, "examples": quotes.get(taboo, [])}
                   for taboo, count in taboo_counts.most_common()],
        "inactive_this_week": [row["id"] for row in rows if row["sessions_this_week"] == 0],
        "series": {trainee: [{"session": r.id, "score": r.score,
                              "ended": iso(r.ended_at)} for r in data.finished.get(trainee, ())]
                   for trainee in data.trainees},
        "assignment_counts": {key: statuses.get(key, 0) for key in ("open", "passed", "overdue")},
        "assignments": assignments,
        "week_starts": iso(now - WEEK),
    }


def _usage(counts: Counter, ids: Sequence[str]) -> Dict[str, Any]:
    """Sessions per persona (or style), and the ones the team avoids.

    Avoided: never played, or played less than half as often as an even share would give.
    """
    total = sum(counts.get(i, 0) for i in ids)
    share = total / len(ids) if ids else 0
    avoided = [i for i in ids if counts.get(i, 0) == 0 or counts.get(i, 0) < share / 2]
    return {"counts": {i: counts.get(i, 0) for i in ids}, "avoided": avoided if total else []}


def _quote(text: str) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= QUOTE_CHARS else text[:QUOTE_CHARS - 1].rstrip() + "…"


def trainee_detail(trainee: str, sessions: Sequence[SessionRecord],
                   turns: Mapping[int, Sequence[TurnRecord]],
                   scorecards: Mapping[int, Dict[str, Any] | None],
                   assignments: Sequence[AssignmentRecord], today: date) -> Dict[str, Any]:
    """One trainee: every session with its scorecard and transcript, and weak spots."""
    finished = [r for r in sessions if r.status != "active" and r.score is not None]
    items = []
    for record in sessions:
        session_turns = turns.get(record.id, ())
        items.append({
            "id": record.id, "persona": record.persona, "style": record.style,
            "scenario": record.scenario_id, "difficulty": session_difficulty(record),
            "outcome": None if record.status == "active" else record.status,
            "score": record.score, "taboos": session_taboos(session_turns, record),
            "started": iso(record.started_at), "ended": iso(record.ended_at),
            "scorecard": scorecards.get(record.id),
            "turns": [{"speaker": t.speaker, "text": t.text} for t in session_turns],
        })
    figures = progress(finished)
    return {
        "id": trainee, "sessions": items,
        "summary": {"sessions": len(finished), "average_score": figures.average,
                    "best_score": figures.best, "trend": figures.trend,
                    "per_persona": figures.per_persona},
        "weak_spots": weak_spots(finished, turns),
        "assignments": [assignment_json(a, status_of(a, finished, today)) for a in assignments],
    }


def weak_spots(finished: Sequence[SessionRecord], turns: Mapping[int, Sequence[TurnRecord]]
               ) -> List[Dict[str, Any]]:
    """Where the trainee is weakest, each with the assignment that would practise it.

    The persona with the lowest average (or never played), and the persona in whose
    sessions each of their frequent taboos happened most.
    """
    spots: List[Dict[str, Any]] = []
    averages = {}
    for persona in PERSONA_IDS:
        scores = [float(r.score) for r in finished if r.persona == persona and r.score is not None]
        averages[persona] = sum(scores) / len(scores) if scores else None
    unplayed = [p for p, avg in averages.items() if avg is None]
    for persona in unplayed:
        spots.append({"reason": f"never played a {persona.replace('_', '-')} customer",
                      "persona": persona, "style": None})
    played = {p: avg for p, avg in averages.items() if avg is not None}
    if played:
        persona = min(played, key=played.get)  # type: ignore[arg-type]
        styles = Counter(r.style for r in finished if r.persona == persona and r.style)
        spots.append({"reason": f"lowest average with a {persona.replace('_', '-')} customer "
                                f"({played[persona]:.1f})",
                      "persona": persona,
                      "style": styles.most_common(1)[0][0] if styles else None})
    taboo_persona: Dict[str, Counter] = {}
    for record in finished:
        for turn in turns.get(record.id, ()):
            for taboo in turn.taboos:
                taboo_persona.setdefault(taboo, Counter())[(record.persona, record.style)] += 1
    ranked = sorted(taboo_persona.items(), key=lambda item: -sum(item[1].values()))
    for taboo, where in ranked[:3]:
        (persona, style), _ = where.most_common(1)[0]
        spots.append({"reason": f"{taboo} ({sum(where.values())}x), mostly with a "
                                f"{persona.replace('_', '-')} customer",
                      "persona": persona, "style": style, "taboo": taboo})
    return spots
