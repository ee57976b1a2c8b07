"""First step of the NLU pipeline: make any user text safe to process.

Chat channels deliver whatever people paste: NUL bytes and other control
characters, zero-width and bidi marks, runs of whitespace, megabytes of text.
This component normalises the text (Unicode NFC, control characters dropped,
whitespace collapsed) and caps its length, so the tokenizer, featurizers and
actions downstream always see clean, bounded text.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from coach.text import clean_text


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False
)
class TextCleaner(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        # Long enough for a pasted email draft, short enough to keep a turn fast.
        return {"max_chars": 20000}

    def __init__(self, config: Dict[str, Any]) -> None:
        self._max_chars = int(config["max_chars"])

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> TextCleaner:
        return cls({**cls.get_default_config(), **config})

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if isinstance(text, str):
                message.set(TEXT, clean_text(text, self._max_chars))
        return messages
