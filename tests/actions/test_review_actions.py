"""Draft review actions: the form validation keeps only the draft; the review sets the slot."""

from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.review import ActionAskReviewDraft, ActionReviewDraft, ValidateReviewForm
from coach.review import PASTED_NOTE
from nlu_components.draft_request import DraftRequestDetector
from tests.actions.conftest import make_tracker, run_action


def _parsed(text: str, intent: str, ranking=()) -> dict:
    """What the NLU pipeline's DraftRequestDetector makes of the message."""
    message = Message(data={TEXT: text, INTENT: {"name": intent, "confidence": 0.9},
                            "intent_ranking": list(ranking)})
    DraftRequestDetector().process([message])
    return {"intent": message.get(INTENT)["name"], "entities": message.get(ENTITIES) or [],
            "ranking": message.get("intent_ranking") or []}


def _validate(text: str, intent: str, requested=None) -> dict:
    parsed = _parsed(text, intent)
    tracker = make_tracker(parsed["intent"], text, slots={"requested_slot": requested},
                           entities=parsed["entities"])
    return ValidateReviewForm().validate_review_draft(text, CollectingDispatcher(), tracker, {})


def test_the_request_words_are_not_part_of_the_draft():
    assert _validate("check my reply: Hi Tom", "review_request") == {"review_draft": "Hi Tom"}


def test_a_request_without_draft_leaves_the_slot_empty_so_the_form_asks():
    assert _validate("check my reply:", "review_request") == {"review_draft": None}
    assert _validate("I wrote a reply, can you check it", "review_request") == {
        "review_draft": None}


def test_the_message_after_the_question_is_the_draft_whatever_its_intent():
    text = "Client, you're wrong, our price is 5,000 yuan."
    assert _validate(text, "tip_objection_price_too_high", requested="review_draft") == {
        "review_draft": text}


def test_the_review_sets_review_taboos_and_clears_the_draft():
    tracker = make_tracker("review_request", slots={"review_draft": "No way, that's impossible."})
    events, messages = run_action(ActionReviewDraft(), tracker)
    assert events == [SlotSet("review_taboos", ["refuse_on_spot"]), SlotSet("review_draft", None)]
    assert "Refusing a request on the spot" in messages[0]["text"]


def test_a_clean_review_sets_an_empty_list():
    tracker = make_tracker("review_request", slots={"review_draft": "Could we talk on Friday?"})
    events, _ = run_action(ActionReviewDraft(), tracker)
    assert events[0] == SlotSet("review_taboos", [])


def test_the_form_asks_for_the_draft():
    events, messages = run_action(ActionAskReviewDraft(), make_tracker("review_request"))
    assert events == [] and "paste the message" in messages[0]["text"]


def test_the_request_after_the_draft_is_not_part_of_it():
    assert _validate("Hi Ana, we never give discounts. -- too pushy?", "tip_objection_discount") \
        == {"review_draft": "Hi Ana, we never give discounts."}


def test_a_pasted_email_is_reviewed_with_a_note_and_the_tip_offered_instead():
    text = "Hi Sarah,\n\nSorry, we can't do any discount, that's our final price.\n\nBest,\nTom"
    ranking = [{"name": "tip_objection_discount", "confidence": 0.7}]
    parsed = _parsed(text, "tip_objection_discount", ranking)
    assert parsed["intent"] == "review_request"
    slots = _validate(text, "tip_objection_discount")
    tracker = make_tracker("review_request", text, slots=slots, entities=parsed["entities"],
                           ranking=parsed["ranking"])
    events, messages = run_action(ActionReviewDraft(), tracker)
    assert messages[0]["text"].startswith(PASTED_NOTE)
    assert messages[0]["buttons"][0]["payload"] == "/tip_objection_discount"
    assert events[0] == SlotSet("review_taboos", ["refuse_on_spot"])


def test_a_request_with_its_draft_gets_no_pasted_note():
    text = "check my reply: No way, that's impossible."
    parsed = _parsed(text, "review_request")
    tracker = make_tracker("review_request", text, slots=_validate(text, "review_request"),
                           entities=parsed["entities"])
    _, messages = run_action(ActionReviewDraft(), tracker)
    assert not messages[0]["text"].startswith(PASTED_NOTE)
