"""Assignments on the trainee's side: told once in chat, and "what should I practise?".

``tell_new_assignments`` is the one-line hook the coach's reply actions call: it adds one
message about assignments the trainee has not been told about yet (each claimed once in
the database, so two replicas never both tell). Rules are in ``coach.manager``.
"""

from __future__ import annotations

import logging
from datetime import datetime, timezone
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions import resources
from actions.language import trainee_language
from coach.manager.assignments import (
    describe,
    notice_text,
    number,
    start_payload,
    status_of,
)
from coach.manager.trainee_texts import assignment_texts
from coach.markup import PRIVATE

logger = logging.getLogger(__name__)
# Assignments are the trainee's business: in a shared Slack or Teams channel, theirs only.
ASIDE = {PRIVATE: True}
MAX_BUTTONS = 3


def _today():
    return datetime.now(timezone.utc).date()


def _buttons(assignments, language: str = "en") -> List[Dict[str, str]]:
    words = assignment_texts(language)
    return [{"title": words["start_button"].format(persona=words["personas"][a.persona])
                      + (f", {words['styles'][a.style]}" if a.style else ""),
             "payload": start_payload(a)}
            for a in assignments[:MAX_BUTTONS]]


def tell_new_assignments(dispatcher: CollectingDispatcher, tracker: Tracker) -> None:
    """Add one message about new assignments, if any (never fails the reply itself)."""
    try:
        new = resources.repository().claim_notices(tracker.sender_id)
    except Exception:  # noqa: BLE001 (the reply matters more than the notice)
        logger.exception("Could not read the assignments of %s.", tracker.sender_id)
        return
    if new:
        language = trainee_language(tracker)
        words = assignment_texts(language)
        heading = (words["new_one"] if len(new) == 1
                   else words["new_many"].format(count=len(new)))
        dispatcher.utter_message(
            text=f"{heading}\n{notice_text(new, _today(), language)}\n{words['ask_any_time']}",
            buttons=_buttons(new, language), language=language, **ASIDE)


def tell_passed_assignments(dispatcher: CollectingDispatcher, sender_id: str,
                            session_id: int, language: str = "en") -> None:
    """After a scorecard: say which assignments this session passed (if any)."""
    try:
        repository = resources.repository()
        finished = repository.finished_sessions(sender_id)
        passed = [a for a in repository.assignments(sender_id)
                  if status_of(a, finished, _today()).passed_session == session_id]
    except Exception:  # noqa: BLE001 (the scorecard matters more)
        logger.exception("Could not check the assignments of %s.", sender_id)
        return
    if passed:
        words = assignment_texts(language)
        items = "; ".join(words["passed_item"].format(what=describe(a, language),
                                                      mark=number(a.pass_mark)) for a in passed)
        dispatcher.utter_message(text=words["passed"].format(assignments=items),
                                 language=language, **ASIDE)


def open_assignments(sender_id: str):
    """The trainee's assignments that are not passed yet, soonest due first."""
    repository = resources.repository()
    finished = repository.finished_sessions(sender_id)
    today = _today()
    pending = [a for a in repository.assignments(sender_id)
               if status_of(a, finished, today).status != "passed"]
    return sorted(pending, key=lambda a: (a.due, a.id))


class ActionAssignmentNotice(Action):
    """After a reply that is a domain response (the greeting): only the notice, if any."""

    def name(self) -> str:
        return "action_assignment_notice"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[EventType]:
        tell_new_assignments(dispatcher, tracker)
        return []


class ActionAssignmentList(Action):
    """ "What should I practise?" / "do I have any assignments?" """

    def name(self) -> str:
        return "action_assignment_list"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[EventType]:
        pending = open_assignments(tracker.sender_id)
        resources.repository().claim_notices(tracker.sender_id)  # told now: no notice later
        language = trainee_language(tracker)
        words = assignment_texts(language)
        if not pending:
            dispatcher.utter_message(
                text=words["none_open"],
                buttons=[{"title": words["progress_button"], "payload": "/roleplay_progress"}],
                language=language, **ASIDE)
            return []
        heading = (words["open_one"] if len(pending) == 1
                   else words["open_many"].format(count=len(pending)))
        dispatcher.utter_message(text=f"{heading}\n{notice_text(pending, _today(), language)}",
                                 buttons=_buttons(pending, language), language=language,
                                 **ASIDE)
        return []
