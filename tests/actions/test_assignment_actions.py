"""The trainee's side of assignments, run as the action server runs actions."""

from __future__ import annotations

from datetime import date

from rasa_sdk.executor import CollectingDispatcher

from actions import resources
from actions.assignments import (
    ActionAssignmentList,
    ActionAssignmentNotice,
    tell_new_assignments,
)
from actions.core import ActionCoreHelp
from tests.actions.conftest import make_tracker, run_action


def _assign(sender="trainee-1", persona="quick_to_agree", style="expressive", due=date(2099, 5, 6)):
    return resources.repository().add_assignments([sender], persona, style, None, None, 65, due)


def test_a_new_assignment_is_told_once_after_the_reply():
    _assign()
    _, messages = run_action(ActionCoreHelp(), make_tracker("core_help", "help"))
    assert len(messages) == 2  # the help, then the notice
    notice = messages[1]
    assert "quick-to-agree" in notice["text"] and "expressive" in notice["text"]
    assert "65" in notice["text"] and "2099-05-06" in notice["text"]
    assert notice["buttons"][0]["payload"] == (
        '/roleplay_start{"persona": "quick_to_agree", "style": "expressive"}')
    _, again = run_action(ActionCoreHelp(), make_tracker("core_help", "help"))
    assert len(again) == 1
    _, nothing = run_action(ActionAssignmentNotice(), make_tracker("core_greet", "hi"))
    assert nothing == []


def test_other_trainees_assignments_are_not_told():
    _assign(sender="someone-else")
    _, messages = run_action(ActionAssignmentNotice(), make_tracker("core_greet", "hi"))
    assert messages == []


def test_what_should_i_practise_lists_open_ones_soonest_first():
    _assign(persona="lingering", style=None, due=date(2099, 9, 1))
    _assign(persona="hesitant", style="driver", due=date(2020, 1, 2))
    _, messages = run_action(ActionAssignmentList(),
                             make_tracker("assignment_list", "what should I practise?"))
    (message,) = messages
    lines = message["text"].splitlines()
    assert lines[0].startswith("Your 2 open assignments")
    assert "hesitant" in lines[1] and "(overdue)" in lines[1] and "lingering" in lines[2]
    # Listed now, so no separate notice later.
    _, later = run_action(ActionAssignmentNotice(), make_tracker("core_greet", "hi"))
    assert later == []


def test_no_assignments():
    _, messages = run_action(ActionAssignmentList(),
                             make_tracker("assignment_list", "do I have any assignments?"))
    assert "no open assignments" in messages[0]["text"]


def test_a_database_failure_never_breaks_the_reply(monkeypatch):
    def broken():
        raise RuntimeError("database down")

    monkeypatch.setattr(resources, "repository", broken)
    dispatcher = CollectingDispatcher()

    tell_new_assignments(dispatcher, make_tracker("core_greet", "hi"))
    monkeypatch.undo()
    assert dispatcher.messages == []
