"""While a role-play runs, every trainee message is a turn: one policy instead of one rule
per intent.

The trainee speaks to the customer, so whatever the NLU calls a message (a tip
question, a greeting, a sales move), ``action_roleplay_turn`` answers it and decides
(a question for the coach gets a tip out of character). The control intents
(start, stop, hint, progress) and draft reviews keep their own rules, and a running
form is left alone. A rule per intent with a slot condition did the same, at the
cost of a hundred more rules for RulePolicy to scan twice a turn.
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
            "own_intents": ["roleplay_start", "roleplay_end", "roleplay_hint",
                            "progress_report", "review_draft"],
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
        if tracker.latest_action_name != ACTION_LISTEN_NAME:
            return False
        intent = (tracker.latest_message.intent or {}).get("name") if tracker.latest_message \
            else None
        return bool(intent) and intent not in self.config.get("own_intents", [])
