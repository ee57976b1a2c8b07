"""Role-play actions: start, each trainee turn, hint, stop, progress, session restore.

The database is the source of truth for a running session (every turn is saved
before the customer answers), so a restart of either server loses nothing:
``action_session_start`` puts the role-play slots back on a new tracker.
"""

from __future__ import annotations

import base64
import random
import re
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import resources
from actions.assignments import tell_new_assignments, tell_passed_assignments
from actions.buttons import tip_buttons, topic_of_intent
from actions.messages import (
    latest_confidence,
    latest_entity,
    latest_intent,
    latest_message,
    latest_text,
)
from coach.analyzer import Context
from coach.db import SessionRecord, TurnRecord
from coach.markup import PRIVATE
from coach.progress import chart_png, progress, progress_text
from coach.roleplay import (
    PERSONA_IDS,
    STYLE_IDS,
    TraineeTurn,
    end,
    hint,
    new_state,
    opening,
    react,
    scene,
)
from coach.roleplay_requests import find_persona, find_style, normalise, read_moves
from coach.scoring import score_session, scorecard_text
from coach.tips import TipForm, tip_reply

TIP_CONFIDENCE = 0.6
# Channels that show an inline (data: URL) picture; Slack and Teams fetch images by URL.
PICTURE_CHANNELS = {"webchat"}
_COACH_QUESTION = re.compile(r"^\s*(coach\b|quick q|how (do|should|can) i|what (should|do) i|"
                             r"should i|is it ok|tip\b|any tips?)|\?\s*$", re.IGNORECASE)


def _slots(record: SessionRecord | None, state: Dict[str, Any] | None = None,
           active: bool = True) -> List[EventType]:
    """The contract's role-play slots (docs/contract/roleplay.md) for a session."""
    if record is None:
        return [SlotSet("roleplay_active", False)]
    state = state if state is not None else record.state
    return [
        SlotSet("roleplay_active", active),
        SlotSet("roleplay_persona", record.persona),
        SlotSet("roleplay_style", record.style),
        SlotSet("roleplay_outcome", None if active else state.get("outcome")),
        SlotSet("roleplay_taboos", list(state.get("taboos", []))),
        SlotSet("roleplay_tactics", list(state.get("tactics", []))),
    ]


def _titles() -> Dict[str, str]:
    return {entry.id: entry.title for entry in resources.playbook().entries()}


def _finish(dispatcher: CollectingDispatcher, record: SessionRecord,
            state: Dict[str, Any]) -> List[EventType]:
    content = resources.roleplay_content()
    card = score_session(content, state)
    resources.repository().finish_session(record.id, state["outcome"], card.score, card.parts,
                                          card.advice, state)
    titles = _titles()
    dispatcher.utter_message(text=scorecard_text(content, state, card, titles),
                             buttons=tip_buttons((a["topic"], titles.get(a["topic"], a["topic"]))
                                                 for a in card.advice))
    tell_passed_assignments(dispatcher, record.sender_id, record.id)
    return _slots(record, state, active=False) + [SlotSet("roleplay_score", card.score)]


def _persona_buttons() -> List[Dict[str, str]]:
    content = resources.roleplay_content()
    return [{"title": f"Practise: {content.personas[p].name.lower()}",
             "payload": f'/roleplay_start{{"persona": "{p}"}}'} for p in PERSONA_IDS]


class ActionRoleplayStart(Action):
    def name(self) -> str:
        return "action_roleplay_start"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[EventType]:
        content = resources.start_content(latest_entity(tracker, "scenario"))
        text = latest_text(tracker)
        persona = normalise(latest_entity(tracker, "persona"), PERSONA_IDS) or find_persona(text)
        style = normalise(latest_entity(tracker, "style"), STYLE_IDS) or find_style(text)
        problems = []
        if persona is not None and persona not in PERSONA_IDS:
            problems.append(f"I don't know the customer type '{persona[:40]}'. I can play: "
                            + ", ".join(PERSONA_IDS) + ".")
        if style is not None and style not in STYLE_IDS:
            problems.append(f"I don't know the style '{style[:40]}'. The styles are: "
                            + ", ".join(STYLE_IDS) + ".")
        if problems:
            dispatcher.utter_message(text=" ".join(problems) + " Nothing started.",
                                     buttons=_persona_buttons())
            return []
        seed_value = latest_entity(tracker, "seed")
        seed = int(seed_value) if seed_value and seed_value.isdigit() else random.randrange(10**9)
        chooser = random.Random(seed)
        picked = []
        if persona is None:
            persona = chooser.choice(PERSONA_IDS)
            picked.append(f"customer type: {persona.replace('_', ' ')}")
        if style is None:
            style = chooser.choice(STYLE_IDS)
            picked.append(f"style: {style}")
        scenario = content.scenarios.get(latest_entity(tracker, "scenario") or "") \
            or content.find_scenario(text) \
            or content.scenarios[chooser.choice(sorted(content.scenarios))]
        state = new_state(content, persona, style, scenario.id, seed)
        first_line = opening(content, state)
        record = resources.repository().start_session(
            tracker.sender_id, persona, style, scenario.id, seed, state,
            [TurnRecord(0, "coach", scene(content, state), [], []),
             TurnRecord(0, "customer", first_line, [], [])])
        note = f"(I picked the {' and the '.join(picked)}.)\n" if picked else ""
        dispatcher.utter_message(text=note + scene(content, state))
        dispatcher.utter_message(text=f"Customer: {first_line}")
        return _slots(record, state) + [SlotSet("roleplay_score", None)]


class ActionRoleplayTurn(Action):
    def name(self) -> str:
        return "action_roleplay_turn"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[EventType]:
        record = resources.repository().active_session(tracker.sender_id)
        message = latest_message(tracker)
        text = latest_text(tracker)
        intent = latest_intent(tracker)
        if record is None:
            dispatcher.utter_message(
                text="That sounds like something you'd say to a customer. Want to practise it? "
                     "Start a role-play and I'll play the customer.",
                buttons=_persona_buttons())
            return [SlotSet("roleplay_active", False)]
        entry = resources.playbook().get(topic_of_intent(intent))
        tip_question = latest_confidence(tracker) >= TIP_CONFIDENCE and _COACH_QUESTION.search(text)
        if entry is not None and tip_question:
            # A question for the coach mid-session: answer out of character, then resume.
            # Always the short form, whatever the trainee prefers: the role-play stays in view.
            reply = tip_reply(entry, resources.playbook(), TipForm.SHORT)
            dispatcher.utter_message(text="(Coach, out of character)\n" + reply.text)
            dispatcher.utter_message(text="Back to the role-play: the customer is waiting "
                                          "for your answer.")
            return [SlotSet("tip_topic", entry.id)]
        content = resources.roleplay_content()
        state = record.state
        moves = read_moves(intent, message.get("intent_ranking") or [])
        analysis = resources.analyzer().analyze(
            text, context=Context(customer_qualified=bool(state.get("qualified"))))
        quotes = {f.taboo: f.quote for f in analysis.findings}
        reaction = react(content, state, TraineeTurn(text, moves, analysis.taboos, quotes))
        customer = " ".join(reaction.lines)
        resources.repository().record_turns(
            record.id, [TurnRecord(0, "trainee", text, moves, analysis.taboos),
                        TurnRecord(0, "customer", customer, [], [])], reaction.state)
        dispatcher.utter_message(text=f"Customer: {customer}")
        if reaction.outcome:
            return _finish(dispatcher, record, reaction.state)
        return _slots(record, reaction.state)


class ActionRoleplayHint(Action):
    def name(self) -> str:
        return "action_roleplay_hint"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[EventType]:
        record = resources.repository().active_session(tracker.sender_id)
        if record is None:
            dispatcher.utter_message(text="No role-play is running. Start one and I'll give "
                                          "hints as you go.", buttons=_persona_buttons())
            return []
        content = resources.roleplay_content()
        tactic, why = hint(content, record.state)
        topic = f"customer_{record.persona}"
        entry = resources.playbook().get(topic)
        advice = f"\nFrom the playbook ({entry.title}): {entry.gist}" if entry else ""
        dispatcher.utter_message(
            text=f"(Coach, out of character) Try {tactic.replace('_', ' ')}: {why}.{advice}\n"
                 f"Back to the customer.")
        return []


class ActionRoleplayEnd(Action):
    def name(self) -> str:
        return "action_roleplay_end"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[EventType]:
        record = resources.repository().active_session(tracker.sender_id)
        if record is None:
            dispatcher.utter_message(text="No role-play is running.", buttons=_persona_buttons())
            return [SlotSet("roleplay_active", False)]
        state = end(record.state)
        resources.repository().record_turns(
            record.id, [TurnRecord(0, "trainee", latest_text(tracker) or "/stop", [],
                                   [])], state)
        return _finish(dispatcher, record, state)


class ActionProgressReport(Action):
    def name(self) -> str:
        return "action_progress_report"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[EventType]:
        records = resources.repository().finished_sessions(tracker.sender_id)
        # Progress is the trainee's business: private in a shared channel.
        dispatcher.utter_message(text=progress_text("Your role-play progress",
                                                    progress(records), _titles()),
                                 **{PRIVATE: True})
        if records and tracker.get_latest_input_channel() in PICTURE_CHANNELS:
            png = base64.b64encode(chart_png({"you": records})).decode("ascii")
            dispatcher.utter_message(image=f"data:image/png;base64,{png}", **{PRIVATE: True})
        tell_new_assignments(dispatcher, tracker)
        return []


class ActionSessionStart(Action):
    """A new conversation session: keep the slots, and restore a running role-play.

    After a restart of the Rasa server the tracker is new; the role-play itself is
    in the database, so its slots come back from there.
    """

    def name(self) -> str:
        return "action_session_start"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[EventType]:
        events: List[EventType] = [SessionStarted()]
        for key, value in (tracker.slots or {}).items():
            if value is not None and key != "requested_slot":
                events.append(SlotSet(key, value))
        record = resources.repository().active_session(tracker.sender_id)
        if record is not None:
            events += _slots(record)
        events.append(ActionExecuted("action_listen"))
        return events
