"""RoleplayTurnPolicy: while a role-play runs, every typed line goes to the turn action,
whatever the NLU called it; only /-shortcuts (and "/tip ...", which the turn answers) keep
their rules."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from policies.roleplay_turn import TURN_ACTION, RoleplayTurnPolicy

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def domain():
    return Domain.load(str(ROOT / "domain"))


@pytest.fixture(scope="module")
def policy(tmp_path_factory):
    storage = LocalModelStorage(tmp_path_factory.mktemp("storage"))
    return RoleplayTurnPolicy(RoleplayTurnPolicy.get_default_config(), storage,
                              Resource("roleplay_turn"), ExecutionContext(GraphSchema({}), "x"))


def _predicted(policy, domain, text, intent, active=True):
    tracker = DialogueStateTracker.from_events("t", [
        ActionExecuted("action_listen"), SlotSet("roleplay_active", active),
        UserUttered(text, {"name": intent, "confidence": 0.9})], domain.slots)
    probabilities = policy.predict_action_probabilities(tracker, domain).probabilities
    best = max(range(len(probabilities)), key=probabilities.__getitem__)
    return domain.action_names_or_texts[best] if probabilities[best] > 0 else None


@pytest.mark.parametrize(("text", "intent"), [
    ("ok", "review_request"), ("Which competitor are you talking to?", "tip_objection_competitor"),
    ("hint", "roleplay_hint"), ("stop", "roleplay_end"), ("check my reply: hi", "review_request"),
    ("how am I doing?", "roleplay_progress"), ("/tip how do I quote?", "tip_pricing_quoting")])
def test_every_typed_line_is_a_turn(policy, domain, text, intent):
    assert _predicted(policy, domain, text, intent) == TURN_ACTION


@pytest.mark.parametrize(("text", "intent"), [
    ('/roleplay_start{"persona": "hesitant"}', "roleplay_start"),
    ("/roleplay_end", "roleplay_end"), ("/tip_pricing_quoting", "tip_pricing_quoting"),
    (None, "roleplay_hint")])
def test_shortcuts_keep_their_rules(policy, domain, text, intent):
    assert _predicted(policy, domain, text, intent) is None


def test_outside_a_role_play_the_policy_stays_out(policy, domain):
    assert _predicted(policy, domain, "ok", "review_request", active=False) is None


@pytest.mark.parametrize("text", [
    "role-play please: a buyer who can't make up his mind, the impatient type",
    "roleplay: hesitant customer, driver", "let's role-play: a lingering buyer, hard mode"])
def test_a_role_play_request_with_a_colon_is_no_draft_review(text):
    from coach.review_request import find_request

    assert find_request(text) is None
