"""The manager's tables (migration 0003_manager) on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

from coach.db import TurnRecord


def _play(repository, sender, persona="hesitant", score=80.0):
    record = repository.start_session(sender, persona, "driver", "efax_service", 1, {},
                                      [TurnRecord(0, "coach", "scene", [], [])])
    repository.record_turns(record.id, [TurnRecord(0, "trainee", "You're wrong.", [], ["argue"])],
                            {})
    repository.finish_session(record.id, "won", score, {}, [], {})
    return record


def test_assignments_are_added_per_trainee_and_told_once(repository):
    _play(repository, "ann")
    made = repository.add_assignments(["ann", "new-trainee"], "hesitant", "driver", None, None,
                                      75, date(2026, 12, 24), batch="b1")
    assert [a.sender_id for a in made] == ["ann", "new-trainee"]
    assert repository.trainee_exists("new-trainee")  # assigning before the first chat
    assert [a.id for a in repository.assignments("ann")] == [made[0].id]
    assert repository.assignments("ann")[0].due == date(2026, 12, 24)
    told = repository.claim_notices("ann")
    assert [a.id for a in told] == [made[0].id]
    assert repository.claim_notices("ann") == []
    assert repository.assignments("ann")[0].notified_at is not None


def test_sessions_transcripts_and_last_activity(repository):
    first = _play(repository, "bob", score=50.0)
    second = _play(repository, "bob", "lingering", 70.0)
    assert [s.id for s in repository.sessions("bob")] == [first.id, second.id]
    turns = repository.transcripts([first.id, second.id, 999999])
    assert [t.speaker for t in turns[first.id]] == ["coach", "trainee"]
    assert turns[first.id][1].taboos == ["argue"] and turns[999999] == []
    assert repository.transcripts([]) == {}
    assert set(repository.last_activity()) >= {"bob"}
    assert not repository.trainee_exists("nobody")


def test_the_audit_log_keeps_every_action(repository):
    repository.log_manager_action("sign_in", "", "127.0.0.1")
    repository.log_manager_action("open_trainee", "bob\x00", "127.0.0.1")
    actions = repository.manager_actions()
    assert [a.action for a in actions] == ["open_trainee", "sign_in"]
    assert actions[0].detail == "bob" and actions[0].at is not None


def test_team_scenarios_are_added_edited_and_retired(repository):
    data = {"id": "acme", "title": "Acme"}
    assert repository.save_team_scenario("acme", data).retired_at is None
    repository.save_team_scenario("acme", {**data, "title": "Acme 2"})
    assert repository.team_scenario("acme").data["title"] == "Acme 2"
    assert repository.retire_team_scenario("acme")
    assert not repository.retire_team_scenario("acme")
    assert repository.team_scenarios() == []
    assert [s.id for s in repository.team_scenarios(include_retired=True)] == ["acme"]
    assert repository.save_team_scenario("acme", data).retired_at is None  # back in use
    assert repository.team_scenario("none") is None


def test_only_turns_with_taboos_are_read_for_the_team(repository):
    record = _play(repository, "cy")
    clean = repository.start_session("cy", "hesitant", None, "efax_service", 2, {}, [])
    repository.record_turns(clean.id, [TurnRecord(0, "trainee", "Fine.", [], [])], {})
    taboo = repository.taboo_turns()
    assert list(taboo) == [record.id]
    assert [(t.text, t.taboos) for t in taboo[record.id]] == [("You're wrong.", ["argue"])]
    assert repository.taboo_turns([clean.id]) == {}
    assert repository.turn_counts()[record.id] == 2
