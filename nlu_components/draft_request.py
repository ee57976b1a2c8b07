"""Recognise "check my reply: ..." requests by their wording, not by the draft.

A pasted draft can be thousands of characters about prices and competitors: the
intent classifier would read the draft, not the request. When the message opens
with a review request (``coach.review.split_request``), this component sets the
intent ``review_draft`` with full confidence; otherwise it leaves the
classifier's answer alone.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from coach.review import split_request

REVIEW_INTENT = "review_draft"


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=False
)
class DraftRequestDetector(GraphComponent):
    @classmethod
    def create(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> DraftRequestDetector:
        return cls()

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if isinstance(text, str) and split_request(text) is not None:
                intent = {"name": REVIEW_INTENT, "confidence": 1.0}
                ranking = [intent] + [r for r in message.get("intent_ranking") or []
                                      if r.get("name") != REVIEW_INTENT]
                message.set(INTENT, intent, add_to_output=True)
                message.set("intent_ranking", ranking[:10], add_to_output=True)
        return messages

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
