"""While a role-play runs, every trainee message is a turn: one policy instead of one rule
per intent.

The trainee speaks to the customer, so whatever the NLU calls a message (a tip
question, a greeting, "ok", a draft-review request), ``action_roleplay_turn`` gets it
and routes it (``coach.roleplay.routing``): only the contract's explicit signals ("hint",
"stop", "check my reply: ...", "coach: ...", "/tip ...") leave the role. The NLU's intent
is not trusted for that: "ok" read as a review request once opened the review form, and
a competitor question read as a tip intent got the playbook's answer. Only the
``/``-shortcuts (buttons, ``/roleplay_end``, ``/roleplay_start{...}``) keep their own
rules, and a running form is left alone. A rule per intent with a slot condition did the
same, at the cost of a hundred more rules for RulePolicy to scan twice a turn.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.core.policies.policy import Policy, PolicyPrediction
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.shared.core.constants import ACTION_LISTEN_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.generator import TrackerWithCachedStates
from rasa.shared.core.trackers import DialogueStateTracker

TURN_ACTION = "action_roleplay_turn"
ACTIVE_SLOT = "roleplay_active"


@DefaultV1Recipe.register(
    DefaultV1Recipe.ComponentType.POLICY_WITHOUT_END_TO_END_SUPPORT, is_trainable=False
)
class RoleplayTurnPolicy(Policy):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            "priority": 7,  # above RulePolicy (6): it wins the ties it is meant to win
            # "/tip <question>" is a question for the coach, which the turn action answers.
            "turn_shortcuts": ["/tip"],
        }

    def train(self, training_trackers: List[TrackerWithCachedStates], domain: Domain,
              **kwargs: Any) -> Resource:
        return self._resource  # nothing to learn

    def predict_action_probabilities(self, tracker: DialogueStateTracker, domain: Domain,
                                     rule_only_data: Dict[str, Any] | None = None,
                                     **kwargs: Any) -> PolicyPrediction:
        probabilities = self._default_predictions(domain)
        if tracker.latest_action_name == TURN_ACTION:
            # The turn is answered. (No rule covers a turn on, say, a tip intent, so
            # RulePolicy would not know what comes next.)
            probabilities[domain.index_for_action(ACTION_LISTEN_NAME)] = 1.0
        elif self._is_trainee_turn(tracker) and TURN_ACTION in domain.action_names_or_texts:
            probabilities[domain.index_for_action(TURN_ACTION)] = 1.0
        return self._prediction(probabilities)

    def _is_trainee_turn(self, tracker: DialogueStateTracker) -> bool:
        if tracker.get_slot(ACTIVE_SLOT) is not True or tracker.active_loop_name:
            return False
        if tracker.latest_action_name != ACTION_LISTEN_NAME or tracker.latest_message is None:
            return False
        text = (tracker.latest_message.text or "").strip().lower()
        if not text:
            # An intent without words (the HTTP API's trigger_intent, test stories) is a
            # shortcut too.
            return False
        if text.startswith("/"):
            return any(text == prefix or text.startswith(prefix + " ")
                       for prefix in self.config.get("turn_shortcuts", []))
        return True
