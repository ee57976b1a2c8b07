"""Draft review actions: collect the draft (form validation) and review it."""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import resources
from actions.assignments import tell_new_assignments
from actions.buttons import tip_buttons, topic_of_intent
from actions.language import trainee_language
from actions.messages import latest_entity, latest_intent, latest_message
from coach.language import light_reader
from coach.markup import PRIVATE
from coach.review import MAX_DRAFT_CHARS, replies, review_draft
from coach.review_request import clean_draft

DRAFT_SLOT = "review_draft"
TABOOS_SLOT = "review_taboos"
REVIEW_INTENT = "review_request"
# Set by nlu_components.draft_request.DraftRequestDetector.
DRAFT_ENTITY = "draft"
PASTED_ENTITY = "draft_pasted"


class ValidateReviewForm(FormValidationAction):
    def name(self) -> str:
        return "validate_review_form"

    def validate_review_draft(self, value: Any, dispatcher: CollectingDispatcher,
                              tracker: Tracker, domain: Dict[str, Any]) -> Dict[str, Any]:
        """Keep only the draft: the request's own words are not part of it."""
        text = value if isinstance(value, str) else ""
        if latest_intent(tracker) == REVIEW_INTENT and tracker.get_slot("requested_slot") is None:
            # The request itself: the NLU found where its draft is (none: ask for it).
            draft = latest_entity(tracker, DRAFT_ENTITY) or ""
        else:
            # The message sent after we asked for the draft is the draft.
            draft = clean_draft(text)
        return {DRAFT_SLOT: draft[:MAX_DRAFT_CHARS].strip() or None}


class ActionReviewDraft(Action):
    def name(self) -> str:
        return "action_review_draft"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        language = trainee_language(tracker)
        draft = tracker.get_slot(DRAFT_SLOT) or ""
        # The draft is read with the rules of the language it is written in (a Spanish-
        # speaking rep may answer an English customer); the review speaks the trainee's.
        written_in = light_reader().detect(draft) or language
        review = review_draft(draft, resources.analyzer(written_in), language)
        # The draft and its problems are the trainee's business: private in a shared channel.
        if _was_pasted_alone(tracker):
            # No request words: say why it was reviewed, and offer the tip it might have been.
            note = replies(language)["pasted_note"]
            dispatcher.utter_message(text=f"{note}\n\n{review.text}",
                                     buttons=_tip_instead(tracker, language), language=language,
                                     **{PRIVATE: True})
        else:
            dispatcher.utter_message(text=review.text, language=language, **{PRIVATE: True})
        tell_new_assignments(dispatcher, tracker)
        return [SlotSet(TABOOS_SLOT, review.taboos), SlotSet(DRAFT_SLOT, None)]


def _was_pasted_alone(tracker: Tracker) -> bool:
    return latest_intent(tracker) == REVIEW_INTENT and \
        latest_entity(tracker, PASTED_ENTITY) == "true"


def _tip_instead(tracker: Tracker, language: str) -> List[Dict[str, Any]]:
    """The best tip the NLU saw in the message, as a button (the help menu if none)."""
    playbook = resources.playbook(language)  # the button's title in the reply's language
    words = replies(language)
    for ranked in latest_message(tracker).get("intent_ranking") or []:
        entry = playbook.get(topic_of_intent(str(ranked.get("name") or "")))
        if entry is not None:
            return tip_buttons([(entry.id, words["tip_instead"].format(title=entry.title))])
    return [{"title": words["help_button"], "payload": "/core_help"}]


class ActionAskReviewDraft(Action):
    """The form's question for the draft (the same words as an empty review)."""

    def name(self) -> str:
        return "action_ask_review_draft"

    def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
            domain: Dict[str, Any]) -> List[Dict[str, Any]]:
        language = trainee_language(tracker)
        dispatcher.utter_message(text=replies(language)["ask_for_draft"], language=language)
        return []
