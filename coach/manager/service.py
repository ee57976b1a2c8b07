"""The manager's API as plain calls: each takes parsed input and returns (status, body).

The HTTP adapter (``channels/manager.py``) does only HTTP: it checks the caller, reads the
request, runs one of these in a worker thread and writes the answer. Every call made by a
signed-in manager is written to the audit log (table ``manager_actions``) by the adapter.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any, Callable, Collection, Dict, List, Tuple

from coach.db import Repository, TeamScenarioRecord
from coach.manager import export, scenarios, team
from coach.manager.assignments import (
    EVERYONE,
    RequestError,
    assignment_json,
    parse_request,
    status_of,
)

Answer = Tuple[int, Any]


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


def bad_request(error: RequestError) -> Answer:
    return 400, {"error": str(error), "field": next(iter(error.problems)),
                 "problems": scenarios.problems_list(error)}


@dataclass
class ManagerService:
    repository: Repository
    shipped_scenarios: Callable[[], Collection[str]]  # ids of data/roleplay/scenarios.yml
    now: Callable[[], datetime] = _now

    # -- the team and one trainee --------------------------------------------------------------

    def _team_data(self, full: bool = True) -> team.TeamData:
        """What the overview needs; ``full=False``: only what the trainee table needs."""
        repo = self.repository
        finished = repo.finished_sessions()
        by_trainee: Dict[str, List] = {}
        for record in finished:
            by_trainee.setdefault(record.sender_id, []).append(record)
        return team.TeamData(trainees=repo.trainees(), finished=by_trainee,
                             turns=repo.taboo_turns() if full else {},
                             last_active=repo.last_activity(),
                             assignments=repo.assignments() if full else [])

    def trainees(self) -> Answer:
        return 200, {"trainees": team.trainee_rows(self._team_data(full=False), self.now())}

    def team(self) -> Answer:
        return 200, team.overview(self._team_data(), self.now())

    def trainee(self, sender_id: str) -> Answer:
        repo = self.repository
        if not repo.trainee_exists(sender_id):
            return 404, {"error": "no trainee with that id", "field": "trainee"}
        sessions = repo.sessions(sender_id)
        turns = repo.transcripts([r.id for r in sessions])
        cards = {r.id: repo.scorecard(r.id) for r in sessions if r.status != "active"}
        return 200, team.trainee_detail(sender_id, sessions, turns, cards,
                                        repo.assignments(sender_id), self.now().date())

    def sessions_csv(self) -> str:
        repo = self.repository
        finished = repo.finished_sessions()
        turns, counts = repo.taboo_turns(), repo.turn_counts()
        rows = [{
            "trainee": r.sender_id, "session": r.id, "persona": r.persona, "style": r.style,
            "difficulty": team.session_difficulty(r), "scenario": r.scenario_id,
            "outcome": r.status, "score": r.score,
            "taboos": team.session_taboos(turns.get(r.id, ()), r),
            "started": team.iso(r.started_at), "ended": team.iso(r.ended_at),
            "turns": counts.get(r.id, 0),
        } for r in finished]
        return export.to_csv(export.SESSION_COLUMNS, rows)

    # -- assignments ---------------------------------------------------------------------------

    def _assignment_rows(self) -> List[Dict[str, Any]]:
        repo = self.repository
        finished: Dict[str, List] = {}
        for record in repo.finished_sessions():
            finished.setdefault(record.sender_id, []).append(record)
        today = self.now().date()
        return [assignment_json(a, status_of(a, finished.get(a.sender_id, ()), today))
                for a in repo.assignments()]

    def assignments(self) -> Answer:
        return 200, {"assignments": self._assignment_rows()}

    def assignments_csv(self) -> str:
        return export.to_csv(export.ASSIGNMENT_COLUMNS, self._assignment_rows())

    def scenario_ids(self) -> List[str]:
        return sorted(set(self.shipped_scenarios())
                      | {s.id for s in self.repository.team_scenarios()})

    def create_assignment(self, body: Any) -> Answer:
        """One trainee (created if the coach has not met them yet: their id is the one
        their channel uses, so a manager can assign before the first chat), or "*"."""
        try:
            request = parse_request(body, self.scenario_ids())
        except RequestError as error:
            return bad_request(error)
        if request.trainee == EVERYONE:
            trainees, batch = self.repository.trainees(), uuid.uuid4().hex[:12]
            if not trainees:
                return bad_request(RequestError({"trainee": "no trainees yet to assign to"}))
        else:
            trainees, batch = [request.trainee], None
        created = self.repository.add_assignments(
            trainees, request.persona, request.style, request.difficulty, request.scenario,
            request.pass_mark, request.due, batch)
        today = self.now().date()
        rows = []
        for a in created:
            sessions = self.repository.finished_sessions(a.sender_id)
            rows.append(assignment_json(a, status_of(a, sessions, today)))
        body_out = dict(rows[0])
        if batch is not None:
            body_out["assignments"] = rows
        return 201, body_out

    # -- scenarios -----------------------------------------------------------------------------

    def scenarios(self) -> Answer:
        stored = self.repository.team_scenarios(include_retired=True)
        return 200, {"scenarios": [_scenario_json(s) for s in stored],
                     "shipped": sorted(self.shipped_scenarios()), "form": scenarios.FORM,
                     "full_form": scenarios.FULL_FORM}

    def save_scenario(self, raw: bytes, scenario_id: str | None = None) -> Answer:
        """Add (``scenario_id`` None) or edit one scenario; 400 with every problem."""
        try:
            data = scenarios.read_body(raw)
            if scenario_id is not None and isinstance(data, dict):
                data = {**data, "id": data.get("id", scenario_id)}
                if data["id"] != scenario_id:
                    raise RequestError({"id": "cannot change a scenario's id; retire it and "
                                              "add a new one"})
            clean = scenarios.check_scenario(data, set(self.shipped_scenarios()))
        except RequestError as error:
            return bad_request(error)
        existing = self.repository.team_scenario(clean["id"])
        if scenario_id is None and existing is not None and existing.retired_at is None:
            return 409, {"error": f"scenario '{clean['id']}' exists; edit it with PUT "
                                  f"/manager/api/scenarios/{clean['id']}", "field": "id"}
        if scenario_id is not None and existing is None:
            return 404, {"error": "no team scenario with that id", "field": "id"}
        record = self.repository.save_team_scenario(clean["id"], clean)
        return (201 if scenario_id is None else 200), _scenario_json(record)

    def retire_scenario(self, scenario_id: str) -> Answer:
        if not self.repository.retire_team_scenario(scenario_id):
            return 404, {"error": "no active team scenario with that id", "field": "id"}
        return 200, _scenario_json(self.repository.team_scenario(scenario_id))

    # -- the audit log -------------------------------------------------------------------------

    def log(self) -> Answer:
        return 200, {"actions": [{"at": team.iso(a.at), "action": a.action,
                                  "detail": a.detail, "client": a.client}
                                 for a in self.repository.manager_actions()]}


def _scenario_json(record: TeamScenarioRecord | None) -> Dict[str, Any]:
    if record is None:
        return {}
    return {**record.data, "id": record.id, "created": team.iso(record.created_at),
            "updated": team.iso(record.updated_at), "retired": team.iso(record.retired_at),
            "start": f'/roleplay_start{{"scenario": "{record.id}"}}'}
