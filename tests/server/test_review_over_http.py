"""Draft review through the real Rasa server and action server."""

import pytest

from coach.markup import plain
from tools.servers import new_sender

pytestmark = pytest.mark.server

LONG_CLEAN_EMAIL = (
    "Dear Ms. Lin,\n\nThank you for the call on Tuesday and for walking me through your "
    "three warehouses.\n\n" + "For the main store, the 1,000-litre units keep humidity between "
    "20% and 50%, and the smart version logs every reading for your auditors. " * 30
    + "\n\nCould we book a 30-minute call next Tuesday to go through the options?\n\n"
    "Best regards,\nAmy Sun\nAccount Manager | DryCab Systems\nTel: +86 21 5555 0199"
)


def test_a_draft_with_taboos_sets_review_taboos_and_explains(coach):
    sender = new_sender()
    replies = coach.say(sender, "check my reply: Hi Tom, that's impossible. Our kiosk is "
                                "18,800 yuan.\n\nBest, Amy")
    text = "\n".join(reply.get("text", "") for reply in replies)
    assert "Refusing a request on the spot" in text and "Why it hurts" in text
    assert "Your weakest sentence" in text and "Try:" in text
    assert coach.slot(sender, "review_taboos") == ["refuse_on_spot", "premature_exact_price"]


def test_a_clean_long_email_is_good_to_send(coach):
    sender = new_sender()
    replies = coach.say(sender, "review my email: " + LONG_CLEAN_EMAIL)
    assert plain(replies[0]["text"]).startswith("Good to send.")
    assert coach.slot(sender, "review_taboos") == []


def test_the_customers_quoted_words_are_not_flagged(coach):
    sender = new_sender()
    draft = ("is this ok to send? Hi Mr. Wang,\n\nUnderstood. Let me check with logistics and "
             "get back to you by 4 pm today.\n\nLucy\n\n"
             "On Tue, 4 Jun 2024 at 10:12, Wang Lei <wang@example.com> wrote:\n"
             "> That's impossible. Your competitor is garbage and you're wrong.")
    coach.say(sender, draft)
    assert coach.slot(sender, "review_taboos") == []


def test_a_request_without_draft_asks_for_it_then_reviews_the_next_message(coach):
    sender = new_sender()
    assert "paste the message" in coach.say(sender, "check my reply:")[0]["text"]
    coach.say(sender, "You're wrong about the contract, and our cabinets never fail.")
    assert coach.slot(sender, "review_taboos") == ["argue", "exaggerate"]
    # and the coach is back to normal afterwards
    coach.say(sender, "client says we're too expensive")
    assert coach.slot(sender, "tip_topic") == "objection_price_too_high"


def test_a_review_between_tips_keeps_the_tip_state(coach):
    sender = new_sender()
    coach.say(sender, "how do I quote without scaring him off?")
    coach.say(sender, "check my reply: Our plans range from 1,200 to 9,600 yuan a year. "
                      "How many pages do you send a month?")
    assert coach.slot(sender, "review_taboos") == []
    assert coach.slot(sender, "tip_topic") == "pricing_quoting"


@pytest.mark.parametrize(("message", "taboos"), [
    ("does this sound ok? Hi Tom, sorry, we can't do any discount, that's our final price.",
     ["refuse_on_spot"]),
    ("Hi Ana, sorry the samples are late, our warehouse messed up again.\n\ntoo pushy?",
     ["make_excuses"]),
    ("would you send this? Our competitor is a joke, honestly.", ["badmouth_competitor"]),
    ("proofread this for me: Dear Ms Li, the price is 4,850 per unit, take it or leave it.",
     ["premature_exact_price"]),
])
def test_requests_worded_every_way_are_reviewed(coach, message, taboos):
    sender = new_sender()
    replies = coach.say(sender, message)
    assert "paste the message" not in replies[0]["text"]
    found = coach.slot(sender, "review_taboos")
    assert isinstance(found, list) and set(taboos) <= set(found), found
    assert coach.slot(sender, "tip_topic") is None  # a review, not a tip


def test_the_request_words_are_never_quoted_as_the_problem(coach):
    sender = new_sender()
    replies = coach.say(sender, "look over my email before it goes out: Hello, we were swamped, "
                                "the delay is logistics' fault.")
    text = "\n".join(reply.get("text", "") for reply in replies)
    assert "make_excuses" in coach.slot(sender, "review_taboos")
    assert "before it goes out" not in text and "we were swamped" in text


def test_an_email_pasted_alone_is_reviewed_with_a_way_back_to_the_tip(coach):
    sender = new_sender()
    replies = coach.say(sender, "Hi Sarah,\n\nSorry, we can't do any discount, that's our "
                                "final price.\n\nBest,\nTom")
    assert replies[0]["text"].startswith("This reads like a message to a customer")
    assert any(b["payload"].startswith("/tip_") for b in replies[0].get("buttons", []))
    assert coach.slot(sender, "review_taboos") == ["refuse_on_spot"]


@pytest.mark.parametrize("message", ["should I send a follow-up?",
                                     "how do I check if the client is serious?"])
def test_talk_about_sending_gets_a_tip_not_a_review(coach, message):
    sender = new_sender()
    replies = coach.say(sender, message)
    assert "paste the message" not in replies[0]["text"]
    assert coach.slot(sender, "review_taboos") is None
