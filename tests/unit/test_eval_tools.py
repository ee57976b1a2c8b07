"""The evaluation tools share one way to ask a model (tools.nlu_eval.predict): each says
which verdicts laid over the classifier's own it looks under, and scores the answers its
own way (intents in nlu_eval, playbook topics in topic_eval)."""

from __future__ import annotations

import pytest

from tools import nlu_eval, topic_eval

# What the fake model answers: the intent Rasa gives, then its ranking.
ANSWERS = {
    "what do I do about price": ("tip_objection_price_too_high",
                                 [("tip_objection_price_too_high", 0.9)]),
    "check my email: Hi Ana": ("review_request",
                               [("review_request", 1.0), ("tip_negotiation", 0.4)]),
    "blah": ("nlu_fallback", [("nlu_fallback", 0.7), ("core_out_of_scope", 0.2)]),
}


class FakeAgent:
    @classmethod
    def load(cls, path):
        return cls()

    async def parse_message(self, text):
        intent, ranking = ANSWERS[text]
        return {"intent": {"name": intent},
                "intent_ranking": [{"name": n, "confidence": c} for n, c in ranking]}


@pytest.fixture()
def fake_model(monkeypatch, tmp_path):
    monkeypatch.setattr("rasa.core.agent.Agent", FakeAgent)
    return tmp_path / "model.tar.gz"


def test_predict_looks_under_the_verdicts_it_is_told_to(fake_model):
    texts = list(ANSWERS)
    assert nlu_eval.predict(fake_model, texts) == [
        ("tip_objection_price_too_high", "tip_objection_price_too_high", 0.9),
        ("review_request", "review_request", 1.0),
        ("nlu_fallback", "core_out_of_scope", 0.2)]
    assert nlu_eval.predict(fake_model, texts, ("nlu_fallback", "review_request"))[1] == (
        "review_request", "tip_negotiation", 0.4)


def test_topic_eval_scores_topics_on_the_shared_predictions(fake_model, tmp_path):
    data = tmp_path / "items.yml"
    data.write_text("items:\n"
                    "  - {text: what do I do about price, topic: objection_price_too_high}\n"
                    "  - {text: 'check my email: Hi Ana', topic: negotiation}\n"
                    "  - {text: blah, topic: null}\n", encoding="utf-8")
    report = topic_eval.evaluate(fake_model, data)
    assert report["accuracy"] == round(2 / 3, 4) and report["in_scope"] == 2
    assert report["taken_for_draft_reviews"] == 1 and report["reviews_right_underneath"] == 1
    assert [error["best"] for error in report["errors"]] == ["tip_negotiation"]


def test_topic_eval_counts_draft_review_requests_apart(fake_model, tmp_path):
    # An item labelled `review` is right when the draft detector takes it, and it is no
    # tip question: it leaves the topic accuracy alone.
    data = tmp_path / "items.yml"
    data.write_text("items:\n"
                    "  - {text: what do I do about price, topic: objection_price_too_high}\n"
                    "  - {text: 'check my email: Hi Ana', topic: review}\n"
                    "  - {text: blah, topic: review}\n", encoding="utf-8")
    report = topic_eval.evaluate(fake_model, data)
    assert report["accuracy"] == 1.0 and report["examples"] == 1
    assert report["review_requests"] == 2 and report["review_requests_taken"] == 1
    assert [miss["text"] for miss in report["review_request_misses"]] == ["blah"]
