"""Quick-tip actions: answer a tip intent from the playbook, its follow-ups, or fall back."""

from __future__ import annotations

import logging
from typing import Any, Dict, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.exc import SQLAlchemyError

from actions import resources
from actions.assignments import tell_new_assignments
from actions.buttons import (
    TOPIC_ENTITY,
    form_of_intent,
    part_of_intent,
    send_reply,
    topic_of_intent,
)
from actions.language import trainee_language
from actions.messages import latest_entity, latest_intent, latest_message, latest_text
from coach.tips import (
    TipForm,
    TipPart,
    fallback_reply,
    form_not_saved_reply,
    form_reply,
    no_tip_reply,
    part_reply,
    tip_reply,
)

logger = logging.getLogger(__name__)
TIP_TOPIC_SLOT = "tip_topic"
# A follow-up this long that also reads like a topic question ("what are the steps of a
# typical corporate purchase") is about that topic when the topic's intent scores at
# least this share of the follow-up's. Measured: that question gives tip_steps 0.21 and
# the purchase stages 0.15 (0.72); "why would the customer respond to that", a real
# follow-up, gives tip_why 0.35 and a topic 0.16 (0.47).
TOPIC_QUESTION_WORDS, TOPIC_SHARE = 6, 0.6


def trainee_form(tracker: Tracker) -> TipForm:
    """The trainee's stored preference; short when none is stored or the database fails."""
    try:
        stored = resources.repository().tip_form(tracker.sender_id)
    except SQLAlchemyError:
        logger.exception("Could not read the tip form of %s; answering short.",
                         tracker.sender_id)
        return TipForm.SHORT
    return TipForm.FULL if stored == TipForm.FULL.value else TipForm.SHORT


class ActionTip(Action):
    def name(self) -> str:
        return "action_tip"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        playbook = resources.playbook(trainee_language(tracker))
        entry = playbook.get(topic_of_intent(latest_intent(tracker)))
        if entry is None:
            # A tip intent with no playbook entry (or a stray /shortcut): say so, don't guess.
            send_reply(dispatcher, fallback_reply(latest_text(tracker), playbook))
            return [SlotSet(TIP_TOPIC_SLOT, None)]
        form = trainee_form(tracker)
        # A full answer offers the way back to short ones; a short one has its details.
        offer = TipForm.SHORT if form is TipForm.FULL else None
        send_reply(dispatcher, tip_reply(entry, playbook, form, form_offer=offer))
        tell_new_assignments(dispatcher, tracker)
        return [SlotSet(TIP_TOPIC_SLOT, entry.id)]


def asked_topic(tracker: Tracker) -> str | None:
    """The topic a longer follow-up question names: the best-ranked topic intent, if it
    is close enough to the top. "steps" or "why does that work" name none."""
    text = latest_text(tracker)
    if text.startswith("/") or len(text.split()) < TOPIC_QUESTION_WORDS:
        return None
    ranking = latest_message(tracker).get("intent_ranking") or []
    top = float(ranking[0].get("confidence") or 0) if ranking else 0.0
    for ranked in ranking[:3]:
        topic = topic_of_intent(str(ranked.get("name") or ""))
        if topic and float(ranked.get("confidence") or 0) >= top * TOPIC_SHARE:
            return topic
    return None


class ActionTipPart(Action):
    """ "steps", "why", "source", "more" (or their buttons): that part of the last tip."""

    def name(self) -> str:
        return "action_tip_part"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        playbook = resources.playbook(trainee_language(tracker))
        part = part_of_intent(latest_intent(tracker)) or TipPart.MORE
        # A button names its tip; a longer question may name a topic ("the steps of a
        # corporate purchase"); a word alone refers to the last tip.
        named = latest_entity(tracker, TOPIC_ENTITY)
        entry = playbook.get(named or asked_topic(tracker) or tracker.get_slot(TIP_TOPIC_SLOT)
                             or "")
        if entry is None:
            send_reply(dispatcher, no_tip_reply(playbook, unknown_topic=named is not None))
            return []
        # Someone who asked for everything may want it every time: offer that once here.
        offer = (TipForm.FULL if part is TipPart.MORE and trainee_form(tracker) is TipForm.SHORT
                 else None)
        send_reply(dispatcher, part_reply(entry, part, playbook, form_offer=offer))
        return [SlotSet(TIP_TOPIC_SLOT, entry.id)]


class ActionTipForm(Action):
    """ "always give me the full answer" / "short answers": stored with the trainee."""

    def name(self) -> str:
        return "action_tip_form"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        form = form_of_intent(latest_intent(tracker)) or TipForm.SHORT
        language = trainee_language(tracker)
        try:
            resources.repository().set_tip_form(tracker.sender_id, form.value)
        except SQLAlchemyError:
            logger.exception("Could not store the tip form of %s.", tracker.sender_id)
            send_reply(dispatcher, form_not_saved_reply(language))
            return []
        send_reply(dispatcher, form_reply(form, language))
        return []
