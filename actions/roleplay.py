"""Role-play actions: start, each trainee line, hint, stop, progress, session restore.

Thin: they read the slots and the latest message, call ``coach.roleplay`` (planning,
routing, reading, engine, scoring) and the repository, and return events. The database
is the source of truth for a running session (every turn is written with the state
it leads to, and the last turn with the outcome and scorecard, in one unit of work), so
a restart of either server loses nothing: ``action_session_start`` puts the role-play
slots back on a new tracker.

Language: a role-play starts in the trainee's language (``trainee_language``) and keeps
it to the end, stored in the session's state: the customer, hints, the scorecard and the
coach's asides all speak the session's language even if the trainee switches mid-way (a
real customer does not change language in the middle of a meeting, and the same seed and
lines replay the same session). The next role-play starts in the new language.
"""

from __future__ import annotations

import base64
from datetime import date
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import resources
from actions.assignments import tell_new_assignments, tell_passed_assignments
from actions.buttons import tip_buttons, topic_of_intent
from actions.language import trainee_language
from actions.messages import latest_entity, latest_intent, latest_message, latest_text
from coach.analyzer import Context
from coach.db import Finish, SessionClosed, SessionRecord, StaleSession, TurnRecord
from coach.language import DEFAULT_LANGUAGE
from coach.markup import PRIVATE
from coach.progress import chart_png, progress, progress_heading, progress_text
from coach.review import review_draft
from coach.roleplay import PERSONA_IDS, engine, planning, reading, routing
from coach.roleplay.scoring import score_session, scorecard_text
from coach.roleplay.state import SessionState
from coach.tips import TipForm, fallback_reply, tip_reply

TIP_CONFIDENCE = 0.2  # a coach question is answered from the best tip intent above this
# Channels that show an inline (data: URL) picture; Slack and Teams fetch images by URL.
PICTURE_CHANNELS = {"webchat"}
ENTITIES = ("persona", "style", "difficulty", "scenario", "seed")


def _content(record: SessionRecord | None = None, language: str = DEFAULT_LANGUAGE):
    """The role-play content in a session's language (or ``language`` without a session)."""
    return resources.roleplay_content(record.state.language if record else language)


def _say(dispatcher: CollectingDispatcher, content, key: str, **values) -> None:
    dispatcher.utter_message(text=content.texts.format(f"actions.{key}", **values),
                             language=content.language)


def roleplay_slots(record: SessionRecord | None, state: SessionState | None = None,
           active: bool = True) -> List[EventType]:
    """The contract's role-play slots (docs/contract/roleplay.md) for a session."""
    if record is None:
        return [SlotSet("roleplay_active", False)]
    state = state if state is not None else record.state
    return [
        SlotSet("roleplay_active", active),
        SlotSet("roleplay_persona", record.persona),
        SlotSet("roleplay_style", record.style),
        SlotSet("roleplay_difficulty", state.difficulty),
        SlotSet("roleplay_outcome", None if active else state.outcome),
        SlotSet("roleplay_taboos", list(state.taboos)),
        SlotSet("roleplay_tactics", list(state.tactics)),
        SlotSet("roleplay_next_step", state.next_step if state.outcome == "won" else None),
    ]


def _titles(language: str = "en") -> Dict[str, str]:
    return {entry.id: entry.title for entry in resources.playbook(language).entries()}


def _persona_buttons(content) -> List[Dict[str, str]]:
    return [{"title": content.texts.format("actions.practise",
                                           persona=content.personas[p].name.lower()),
             "payload": f'/roleplay_start{{"persona": "{p}"}}'} for p in PERSONA_IDS]


def _names(content) -> Dict[str, str]:
    """Each persona, style and scenario id by the name the scene gives it."""
    names = {i: p.name.lower() for i, p in content.personas.items()}
    names.update({i: s.name.lower() for i, s in content.styles.items()})
    names.update({i: s.title for i, s in content.scenarios.items()})
    return names


def _picked_note(content, plan) -> str:
    """What the start picked for the trainee ("" when nothing); planning words the items."""
    if not plan.picked:
        return ""
    items = content.texts.get("actions.picked_join").join(plan.picked)
    return content.texts.format("actions.picked", items=items) + "\n"


def _scorecard(dispatcher: CollectingDispatcher, record: SessionRecord,
               state: SessionState, card) -> List[EventType]:
    titles = _titles(state.language)
    dispatcher.utter_message(text=scorecard_text(_content(record), state, card, titles),
                             buttons=tip_buttons((a["topic"], titles.get(a["topic"], a["topic"]))
                                                 for a in card.advice),
                             language=state.language)
    tell_passed_assignments(dispatcher, record.sender_id, record.id, state.language)
    return roleplay_slots(record, state, active=False) + [SlotSet("roleplay_score", card.score)]


def _play(record: SessionRecord, turns: List[TurnRecord], state: SessionState):
    """Write the turns and the state, and the finish when the session ends: one unit."""
    card = score_session(_content(record), state) if state.outcome else None
    finish = (Finish(state.outcome, card.score, card.parts, card.advice)
              if card and state.outcome else None)
    resources.repository().play_turn(record.id, record.next_position, turns, state, finish)
    return card


class ActionRoleplayStart(Action):
    def name(self) -> str:
        return "action_roleplay_start"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[EventType]:
        language = trainee_language(tracker)
        content = resources.start_content(latest_entity(tracker, "scenario"), language)
        entities = {name: latest_entity(tracker, name) for name in ENTITIES}
        plan = planning.plan_start(latest_text(tracker), entities, {
            s.id: f"{s.title} {s.product}" for s in content.scenarios.values()},
            language=language, names=_names(content))
        if not plan.ok:
            dispatcher.utter_message(text=" ".join(
                list(plan.problems) + [content.texts.get("actions.nothing_started")]),
                buttons=_persona_buttons(content), language=content.language)
            return []
        assert plan.persona and plan.scenario  # plan.ok: both were chosen
        state = engine.new_state(content, plan.persona, plan.style, plan.scenario, plan.seed,
                                 plan.difficulty, today=date.today(), language=language)
        first_line, state = engine.open_session(content, state)
        setting = engine.scene(content, state)
        record = resources.repository().start_session(
            tracker.sender_id, state.persona, state.style, state.scenario, state.seed, state,
            [TurnRecord(0, "coach", setting, [], []),
             TurnRecord(0, "customer", first_line, [], [])], difficulty=state.difficulty)
        dispatcher.utter_message(text=_picked_note(content, plan) + setting,
                                 language=content.language)
        dispatcher.utter_message(text=content.texts.get("customer_label") + first_line,
                                 language=content.language)
        return roleplay_slots(record, state) + [SlotSet("roleplay_score", None)]


class ActionRoleplayTurn(Action):
    """Every line typed while a role-play runs: for the coach (the contract's explicit
    signals) or said to the customer."""

    def name(self) -> str:
        return "action_roleplay_turn"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[EventType]:
        record = resources.repository().active_session(tracker.sender_id)
        if record is None and (tracker.latest_message or {}).get("intent", {}).get(
                "name") == "roleplay_start":
            # The slot said a role-play ran, but none does (found playing, 2026-12-03, after
            # the coach's database was reset): a start request starts one, as it would.
            return ActionRoleplayStart().run(dispatcher, tracker, domain)
        if record is None:
            content = _content(language=trainee_language(tracker))
            dispatcher.utter_message(text=content.texts.get("actions.not_in_roleplay"),
                                     buttons=_persona_buttons(content),
                                     language=content.language)
            return [SlotSet("roleplay_active", False)]
        where = routing.route(latest_text(tracker), record.state.language)
        if where.kind == "hint":
            return _hint(dispatcher, record)
        if where.kind == "stop":
            return _stop(dispatcher, tracker, record)
        if where.kind == "review":
            return _review(dispatcher, record, where.text)
        if where.kind == "coach_question":
            return _coach_question(dispatcher, tracker, record, where.text)
        if record.state.outcome:
            # A session left active with an outcome (written by an older version in two
            # steps, with a crash between them): finish it now instead of failing forever.
            card = _play(record, [], record.state)
            return _scorecard(dispatcher, record, record.state, card)
        language = record.state.language
        for attempt in range(2):
            try:
                return _customer_turn(dispatcher, tracker, record)
            except StaleSession:
                # Another message of this trainee was answered meanwhile: replay this one
                # on the state it left, so neither turn is lost.
                record = resources.repository().active_session(tracker.sender_id)
                if record is None or attempt == 1:
                    break
            except SessionClosed:
                break
        _say(dispatcher, _content(language=language), "crossed")
        return roleplay_slots(resources.repository().active_session(tracker.sender_id))


def _customer_turn(dispatcher: CollectingDispatcher, tracker: Tracker,
                   record: SessionRecord) -> List[EventType]:
    content = _content(record)
    state = record.state
    text = latest_text(tracker)
    if not text.strip():
        _say(dispatcher, content, "empty")
        return []
    message = latest_message(tracker)
    read = reading.read(text, latest_intent(tracker), message.get("intent_ranking") or [],
                        today=state.started_on, language=state.language)
    analysis = resources.analyzer(state.language).analyze(text, context=Context(
        customer_qualified=state.qualified))
    quotes = {finding.taboo: finding.quote for finding in analysis.findings}
    reaction = engine.react(content, state, engine.TraineeTurn(text, read, analysis.taboos,
                                                               quotes))
    card = _play(record, [TurnRecord(0, "trainee", text, list(read.moves), analysis.taboos),
                          TurnRecord(0, "customer", reaction.message, [], [])],
                 reaction.state)
    dispatcher.utter_message(text=content.texts.get("customer_label") + reaction.message,
                             language=content.language)
    if card is not None:
        return _scorecard(dispatcher, record, reaction.state, card)
    return roleplay_slots(record, reaction.state)


def _hint(dispatcher: CollectingDispatcher, record: SessionRecord) -> List[EventType]:
    content = _content(record)
    tactic, why = engine.hint(content, record.state)
    entry = resources.playbook(record.state.language).get(f"customer_{record.persona}")
    advice = content.texts.format("hints.playbook", title=entry.title, gist=entry.gist) \
        if entry else ""
    dispatcher.utter_message(text=content.texts.format(
        "hints.message", tactic=content.texts.tactic(tactic), why=why, advice=advice),
        language=content.language)
    return []


def _stop(dispatcher: CollectingDispatcher, tracker: Tracker,
          record: SessionRecord) -> List[EventType]:
    state = engine.end(record.state)
    try:
        card = _play(record, [TurnRecord(0, "trainee", latest_text(tracker) or "/stop", [], [])],
                     state)
    except StaleSession:
        fresh = resources.repository().active_session(tracker.sender_id)
        if fresh is None:
            return roleplay_slots(None)
        record, state = fresh, engine.end(fresh.state)
        card = _play(record, [TurnRecord(0, "trainee", latest_text(tracker) or "/stop", [],
                                         [])], state)
    return _scorecard(dispatcher, record, state, card)


def _review(dispatcher: CollectingDispatcher, record: SessionRecord,
            draft: str) -> List[EventType]:
    """A draft review in the middle of a role-play: answered inline, the session untouched."""
    texts = _content(record).texts
    if not draft.strip():
        dispatcher.utter_message(text=texts.get("actions.ask_for_draft"),
                                 language=record.state.language)
        return []
    review = review_draft(draft, resources.analyzer(record.state.language),
                          record.state.language)
    dispatcher.utter_message(text=texts.get("actions.out_of_character") + "\n" + review.text
                             + "\n\n" + texts.get("actions.back_after_review"),
                             language=record.state.language)
    return [SlotSet("review_taboos", review.taboos)]


def _coach_question(dispatcher: CollectingDispatcher, tracker: Tracker, record: SessionRecord,
                    question: str) -> List[EventType]:
    """"coach: ..." or "/tip ...": a playbook answer out of character, then back in role."""
    texts = _content(record).texts
    playbook = resources.playbook(record.state.language)
    ranking = latest_message(tracker).get("intent_ranking") or []
    candidates = [latest_message(tracker).get("intent") or {}] + list(ranking)
    entry = None
    for item in candidates:
        if float(item.get("confidence") or 0) >= TIP_CONFIDENCE:
            entry = playbook.get(topic_of_intent(str(item.get("name") or "")))
            if entry is not None:
                break
    # "How do I close this customer?": the played persona's playbook, not a generic topic.
    topic = routing.aside_topic(question, record.state.language, record.state.persona,
                                entry.id if entry is not None else None)
    if topic is not None:
        entry = playbook.get(topic) or entry
    aside = texts.get("actions.out_of_character") + "\n"
    back = "\n\n" + texts.get("actions.back_after_tip")
    if entry is None:
        reply = fallback_reply(question, playbook)
        dispatcher.utter_message(text=aside + reply.text + back,
                                 buttons=tip_buttons(reply.suggestions), language=reply.language)
        return [SlotSet("tip_topic", None)]
    # Always the short form, whatever the trainee prefers: the role-play stays in view.
    reply = tip_reply(entry, playbook, TipForm.SHORT)
    dispatcher.utter_message(text=aside + reply.text + back, language=reply.language)
    return [SlotSet("tip_topic", entry.id)]


class ActionRoleplayHint(Action):
    def name(self) -> str:
        return "action_roleplay_hint"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[EventType]:
        record = resources.repository().active_session(tracker.sender_id)
        if record is None:
            content = _content(language=trainee_language(tracker))
            dispatcher.utter_message(text=content.texts.get("actions.no_roleplay_hint"),
                                     buttons=_persona_buttons(content),
                                     language=content.language)
            return []
        return _hint(dispatcher, record)


class ActionRoleplayEnd(Action):
    def name(self) -> str:
        return "action_roleplay_end"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[EventType]:
        record = resources.repository().active_session(tracker.sender_id)
        if record is None:
            content = _content(language=trainee_language(tracker))
            dispatcher.utter_message(text=content.texts.get("actions.no_roleplay"),
                                     buttons=_persona_buttons(content),
                                     language=content.language)
            return [SlotSet("roleplay_active", False)]
        return _stop(dispatcher, tracker, record)


class ActionRoleplayProgress(Action):
    def name(self) -> str:
        return "action_roleplay_progress"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[EventType]:
        records = resources.repository().finished_sessions(tracker.sender_id)
        language = trainee_language(tracker)
        titles = {entry.id: entry.title for entry in resources.playbook(language).entries()}
        # Progress is the trainee's business: private in a shared channel.
        dispatcher.utter_message(text=progress_text(progress_heading(language),
                                                    progress(records), titles, language),
                                 language=language, **{PRIVATE: True})
        if records and tracker.get_latest_input_channel() in PICTURE_CHANNELS:
            png = base64.b64encode(chart_png({"you": records})).decode("ascii")
            dispatcher.utter_message(image=f"data:image/png;base64,{png}", language=language,
                                     **{PRIVATE: True})
        tell_new_assignments(dispatcher, tracker)
        return []
