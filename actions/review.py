"""Draft review actions: collect the draft (form validation) and review it."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import resources
from actions.messages import latest_intent
from coach.markup import PRIVATE
from coach.review import ASK_FOR_DRAFT, review_draft, split_request

DRAFT_SLOT = "review_draft"
TABOOS_SLOT = "review_taboos"
REVIEW_INTENT = "review_draft"


class ValidateReviewForm(FormValidationAction):
    def name(self) -> str:
        return "validate_review_form"

    def validate_review_draft(self, value: Any, dispatcher: CollectingDispatcher,
                              tracker: Tracker, domain: Dict[str, Any]) -> Dict[str, Any]:
        """Keep only the draft: the request's own words are not part of it."""
        text = value if isinstance(value, str) else ""
        intent = latest_intent(tracker)
        draft = split_request(text)
        if draft is None:
            # A request worded freely ("I wrote a reply, can you check it") holds no draft;
            # a message sent after we asked for the draft is the draft.
            draft = "" if intent == REVIEW_INTENT and tracker.get_slot("requested_slot") \
                is None else text
        return {DRAFT_SLOT: draft.strip() or None}


class ActionReviewDraft(Action):
    def name(self) -> str:
        return "action_review_draft"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        review = review_draft(tracker.get_slot(DRAFT_SLOT) or "", resources.analyzer())
        # The draft and its problems are the trainee's business: private in a shared channel.
        dispatcher.utter_message(text=review.text, **{PRIVATE: True})
        return [SlotSet(TABOOS_SLOT, review.taboos), SlotSet(DRAFT_SLOT, None)]


class ActionAskReviewDraft(Action):
    """The form's question for the draft (the same words as an empty review)."""

    def name(self) -> str:
        return "action_ask_review_draft"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        dispatcher.utter_message(text=ASK_FOR_DRAFT)
        return []
