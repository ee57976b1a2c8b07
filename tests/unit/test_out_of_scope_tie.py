"""A near tie between a topic tip and out of scope goes to out of scope (without a model)."""

from __future__ import annotations

import yaml

from actions.buttons import FORM_INTENTS, PART_INTENTS
from coach.settings import PROJECT_ROOT
from nlu_components.out_of_scope_tie import OutOfScopeTie

FOLLOW_UPS = sorted(set(PART_INTENTS.values()) | set(FORM_INTENTS.values()))


def _ranking(*pairs):
    return [{"name": name, "confidence": confidence} for name, confidence in pairs]


def _tie() -> OutOfScopeTie:
    return OutOfScopeTie({"max_confidence": 0.3, "margin": 0.05, "not_topics": FOLLOW_UPS})


def test_an_unsure_tip_just_above_out_of_scope_gives_way():
    # "¿Hay que fichar al llegar si me paso el día visitando clientes?" (blind16)
    ranking = _ranking(("tip_customer_visit", 0.16), ("core_out_of_scope", 0.12),
                       ("tip_relationship_stages", 0.05))
    assert [r["name"] for r in _tie().reorder(ranking)] == [
        "core_out_of_scope", "tip_customer_visit", "tip_relationship_stages"]


def test_a_sure_tip_a_clear_lead_or_another_intent_stands():
    tie = _tie()
    for ranking in (
        _ranking(("tip_customer_visit", 0.31), ("core_out_of_scope", 0.30)),  # sure enough
        _ranking(("tip_customer_visit", 0.25), ("core_out_of_scope", 0.19)),  # a clear lead
        _ranking(("tip_customer_visit", 0.2), ("tip_taboo_argue", 0.19),
                 ("core_out_of_scope", 0.1)),  # out of scope far below
        _ranking(("tip_why", 0.2), ("core_out_of_scope", 0.19)),  # a follow-up, no topic
        _ranking(("roleplay_ask_budget", 0.2), ("core_out_of_scope", 0.19)),
        _ranking(("tip_customer_visit", 0.2)),
        [],
    ):
        assert tie.reorder(ranking) is ranking


def test_the_pipeline_names_every_follow_up_and_no_topic():
    config = yaml.safe_load((PROJECT_ROOT / "config.yml").read_text())
    tie = next(c for c in config["pipeline"] if c["name"].endswith("OutOfScopeTie"))
    assert sorted(tie["not_topics"]) == FOLLOW_UPS
    names = [c["name"].rsplit(".", 1)[-1] for c in config["pipeline"]]
    # after the fallback: it reads the classifier's own order, and a reordered ranking
    # (first below second) would be "ambiguous" to it, a fallback instead of out of scope
    assert names.index("LinearIntentClassifier") < names.index("FallbackClassifier") \
        < names.index("OutOfScopeTie")
