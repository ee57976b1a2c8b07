"""Which playbook topic a trained model names for each labelled question.

    python -m tools.topic_eval MODEL.tar.gz tests/data/es/tips_dev.yml [--out results/x.json]

The file holds ``items``: ``{text, topic}``, where ``topic`` is a playbook id or null
(out of scope). A question is right when the model's intent (after the fallback) is
that topic's ``tip_<id>``; an out-of-scope one is right when no topic intent wins, as
then the coach gives no tip (fallback, out-of-scope or another feature's intent). An item
labelled ``review`` is a request to check the rep's own draft: it is right when the draft
detector takes it (``review_request``), and it is counted apart from the tip questions.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Dict, List, Tuple

import yaml

from actions.buttons import topic_of_intent
from nlu_components.draft_request import REVIEW_INTENT
from tools.nlu_eval import cli, predict

REVIEW = "review"  # the label of a draft-review request among tip questions


def load_items(path: Path) -> List[Tuple[str, str | None]]:
    """(text, topic id or None) per item; a malformed file fails loudly."""
    raw = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    items = raw.get("items") if isinstance(raw, dict) else None
    if not isinstance(items, list) or not items:
        raise ValueError(f"{path}: expected a non-empty 'items' list")
    pairs = []
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            raise ValueError(f"{path}: item {number}: expected a mapping with 'text'")
        topic = item.get("topic")
        pairs.append((item["text"], str(topic) if topic else None))
    return pairs


def evaluate(model: Path, data: Path) -> Dict:
    pairs = load_items(data)
    # "best" is the classifier's own verdict under any draft-review or fallback one.
    results = predict(model, [text for text, _ in pairs], ("nlu_fallback", REVIEW_INTENT))
    errors, review_misses = [], []
    for (text, expected), (predicted, best, confidence) in zip(pairs, results):
        miss = {"text": text, "expected": expected, "predicted": predicted, "best": best,
                "confidence": round(confidence, 3)}
        if expected == REVIEW:
            if predicted != REVIEW_INTENT:
                review_misses.append(miss)
        elif (topic_of_intent(predicted) or None) != expected:
            errors.append(miss)
    review_requests = sum(1 for _, expected in pairs if expected == REVIEW)
    pairs = [(text, expected) for text, expected in pairs if expected != REVIEW]
    reviews = [error for error in errors if error["predicted"] == REVIEW_INTENT]
    per_topic = Counter(str(expected) for _, expected in pairs)
    wrong = Counter(str(error["expected"]) for error in errors)
    return {
        "examples": len(pairs),
        "accuracy": round(1 - len(errors) / len(pairs), 4),
        "in_scope": sum(1 for _, expected in pairs if expected),
        # Questions the draft-review detector took for a draft (it overrides the classifier),
        # and how many of them the classifier itself had right.
        "taken_for_draft_reviews": len(reviews),
        "reviews_right_underneath": sum(1 for error in reviews
                                        if topic_of_intent(error["best"]) == error["expected"]),
        "out_of_scope_given_a_topic": [error["text"] for error in errors
                                       if error["expected"] is None],
        "per_topic_accuracy": {topic: round(1 - wrong[topic] / count, 3)
                               for topic, count in sorted(per_topic.items())},
        "errors": errors,
        # Draft-review requests among the items: how many the detector took, and the others.
        "review_requests": review_requests,
        "review_requests_taken": review_requests - len(review_misses),
        "review_request_misses": review_misses,
    }


def print_report(report: Dict) -> None:
    print(f"topic accuracy {report['accuracy']:.3f} on {report['examples']} questions "
          f"({report['in_scope']} in scope), {len(report['errors'])} misses, "
          f"{len(report['out_of_scope_given_a_topic'])} out-of-scope given a topic; "
          f"{report['taken_for_draft_reviews']} taken for draft reviews "
          f"({report['reviews_right_underneath']} right underneath)")
    if report["review_requests"]:
        print(f"draft-review requests taken {report['review_requests_taken']} of "
              f"{report['review_requests']}")
    for error in sorted(report["errors"] + report["review_request_misses"],
                        key=lambda e: str(e["expected"])):
        print(f"  {str(error['expected']):<28} -> {error['predicted']:<30} "
              f"{error['confidence']:.2f} {error['text'][:80]}")


if __name__ == "__main__":
    cli(evaluate, print_report)
