"""Draft review replies: what a salesperson sees before sending."""

from __future__ import annotations

import pytest

from coach.analyzer import TabooAnalyzer
from coach.markup import plain
from coach.review import ASK_FOR_DRAFT, MAX_DRAFT_CHARS, review_draft, split_request
from coach.settings import load_settings


@pytest.fixture(scope="module")
def analyzer() -> TabooAnalyzer:
    settings = load_settings()
    return TabooAnalyzer.from_files(settings.spacy_model_dir, settings.taboos_file)


@pytest.mark.parametrize(("message", "draft"), [
    ("check my reply: Hi Tom", "Hi Tom"),
    ("Check my reply:\nHi Tom,\nthanks", "Hi Tom,\nthanks"),
    ("is this ok to send? Hi Ann", "Hi Ann"),
    ("review my email - Dear Ms. Li", "Dear Ms. Li"),
    ("can you look over my draft: \"Hi\"", "Hi"),
    ("coach, proofread my message to the client: Hello", "Hello"),
    ("check my reply:", ""),
    ("is this ok to send?", ""),
])
def test_review_requests_are_recognised_and_the_draft_extracted(message, draft):
    assert split_request(message) == draft


@pytest.mark.parametrize("message", [
    "how do I check whether my reply is too long?",
    "client says we're too expensive",
    "my email to the customer went unanswered",
])
def test_other_messages_are_not_review_requests(message):
    assert split_request(message) is None


def test_a_draft_with_taboos_gets_quotes_reasons_alternatives_and_a_rewrite(analyzer):
    draft = "Hi Tom, that's impossible. Our kiosk is 18,800 yuan. Best, Amy"
    review = review_draft(draft, analyzer)
    assert review.taboos == ["refuse_on_spot", "premature_exact_price"]
    text = plain(review.text)
    assert text.startswith("I found 2 things to fix")
    assert '"Hi Tom, that\'s impossible."' in text and "Our kiosk is 18,800 yuan." in text
    assert text.count("Why it hurts:") == 2 and text.count("Instead:") == 2
    assert "document 003" in text
    assert 'Your weakest sentence: "Hi Tom, that\'s impossible."' in text
    assert "Try: \"Let me check" in text


def test_a_clean_draft_is_good_to_send_with_one_strength(analyzer):
    review = review_draft("Hi Ann, our plans range from 1,200 to 9,600 yuan a year. "
                          "How many pages do you send a month?", analyzer)
    assert review.taboos == []
    assert plain(review.text).startswith("Good to send.") and "Strength:" in review.text


def test_an_empty_draft_gets_asked_for(analyzer):
    assert review_draft("  ", analyzer) == review_draft("", analyzer)
    assert review_draft("", analyzer).text == ASK_FOR_DRAFT


def test_a_rambling_draft_is_rewritten_without_its_digression(analyzer):
    draft = ("Hi Grace! I went fishing last weekend with my kids and my wife, the weather was "
             "great. We drove to the lake on Saturday and got completely lost. "
             "Anyway, the quote for the 20 cabinets is attached. Could we talk on Friday?")
    review = review_draft(draft, analyzer)
    assert review.taboos == ["ramble"]
    text = plain(review.text)
    assert "Try: \"" in text and "fishing" not in text.split("Try:")[1]
    assert "quote for the 20 cabinets" in review.text.split("Try:")[1]


def test_a_long_draft_is_reviewed_up_to_the_limit(analyzer):
    draft = "We can deliver the cabinets next week. " * 200 + "That's impossible."
    review = review_draft(draft, analyzer)
    assert f"first {MAX_DRAFT_CHARS:,} characters" in review.text
