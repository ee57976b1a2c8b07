"""A near tie between a tip and "out of scope" goes to out of scope.

The classifier's out-of-scope class is hundreds of unrelated errands (a payslip, a CRM login,
an invoice's XML), so a message outside the playbook that mentions a customer often scores a
tip a little above it: "¿Hay que fichar al llegar si me paso el día visitando clientes?" was
the customer-visit tip at 0.16, out of scope at 0.11. A wrong tip, given with its sources, is
worse than "I can't help with that" and a list of what the coach can do; so when the best
intent is a topic tip below ``max_confidence`` and out of scope is within ``margin`` of it,
out of scope comes first. The rest of the ranking stays as it was (the role-play reads it).
It runs after ``FallbackClassifier``: a message the fallback took stays a fallback, and the
fallback never sees a ranking whose first is below its second (it would call that
ambiguous).

Measured on the Spanish tips sets (docs/languages.md, "The nineteenth blind set"): 0.3 /
0.05 moved 3 of the 6 out-of-scope messages given a topic out of 1,416, and 2 right tips of
4,400; no English held-out question changed.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

OUT_OF_SCOPE = "core_out_of_scope"
TIP_PREFIX = "tip_"


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class OutOfScopeTie(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        # not_topics: tip_* intents that are follow-ups ("why?", "the steps"), not topics
        return {"max_confidence": 0.3, "margin": 0.05, "not_topics": []}

    def __init__(self, config: Dict[str, Any] | None = None) -> None:
        config = {**self.get_default_config(), **(config or {})}
        self._max_confidence = float(config["max_confidence"])
        self._margin = float(config["margin"])
        self._not_topics = frozenset(config["not_topics"])

    @classmethod
    def create(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> OutOfScopeTie:
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            ranking = message.get("intent_ranking") or []
            reordered = self.reorder(ranking)
            if reordered is not ranking:
                message.set(INTENT, reordered[0], add_to_output=True)
                message.set("intent_ranking", reordered, add_to_output=True)
        return messages

    def reorder(self, ranking: List[Dict[str, Any]]) -> List[Dict[str, Any]]:
        """The ranking with out of scope first on a near tie; else the same list."""
        if len(ranking) < 2:
            return ranking
        best = ranking[0]
        name, confidence = str(best.get("name") or ""), float(best.get("confidence") or 0.0)
        if not name.startswith(TIP_PREFIX) or name in self._not_topics \
                or confidence >= self._max_confidence:
            return ranking
        for entry in ranking[1:]:
            if entry.get("name") == OUT_OF_SCOPE:
                if confidence - float(entry.get("confidence") or 0.0) < self._margin:
                    return [entry] + [other for other in ranking if other is not entry]
                break
        return ranking

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
