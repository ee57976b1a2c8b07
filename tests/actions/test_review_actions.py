"""Draft review actions: the form validation keeps only the draft; the review sets the slot."""

from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.review import ActionAskReviewDraft, ActionReviewDraft, ValidateReviewForm
from tests.actions.conftest import make_tracker, run_action


def _validate(text: str, intent: str, requested=None) -> dict:
    tracker = make_tracker(intent, text, slots={"requested_slot": requested})
    return ValidateReviewForm().validate_review_draft(text, CollectingDispatcher(), tracker, {})


def test_the_request_words_are_not_part_of_the_draft():
    assert _validate("check my reply: Hi Tom", "review_draft") == {"review_draft": "Hi Tom"}


def test_a_request_without_draft_leaves_the_slot_empty_so_the_form_asks():
    assert _validate("check my reply:", "review_draft") == {"review_draft": None}
    assert _validate("I wrote a reply, can you check it", "review_draft") == {"review_draft": None}


def test_the_message_after_the_question_is_the_draft_whatever_its_intent():
    text = "Client, you're wrong, our price is 5,000 yuan."
    assert _validate(text, "tip_objection_price_too_high", requested="review_draft") == {
        "review_draft": text}


def test_the_review_sets_review_taboos_and_clears_the_draft():
    tracker = make_tracker("review_draft", slots={"review_draft": "No way, that's impossible."})
    events, messages = run_action(ActionReviewDraft(), tracker)
    assert events == [SlotSet("review_taboos", ["refuse_on_spot"]), SlotSet("review_draft", None)]
    assert "Refusing a request on the spot" in messages[0]["text"]


def test_a_clean_review_sets_an_empty_list():
    tracker = make_tracker("review_draft", slots={"review_draft": "Could we talk on Friday?"})
    events, _ = run_action(ActionReviewDraft(), tracker)
    assert events[0] == SlotSet("review_taboos", [])


def test_the_form_asks_for_the_draft():
    events, messages = run_action(ActionAskReviewDraft(), make_tracker("review_draft"))
    assert events == [] and "paste the message" in messages[0]["text"]
