"""The language a trainee writes in, or asks for, as the entity ``lang`` (docs/languages.md).

Each message gets ``lang`` = "en" or "es" when ``coach.language`` is sure, so the default
``action_extract_slots`` moves the ``language`` slot before any action of the turn runs:
the first Spanish message of a conversation is answered in Spanish. A line that says
nothing ("ok", "420", an emoji) gets no entity, and the slot keeps its value.

An explicit request ("in Spanish please", "háblame en español", "en inglés") wins over
what the message is written in. When the whole message is a request, this component sets
the intent ``language`` with full confidence (its rule confirms in the new language); the
classifier's ``language`` is kept on a short message ("change the language", "can u do
spanish 4 me") and on a longer one only when it is sure and the message names a language,
so a question that mentions Spanish customers never switches anything.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from coach import language
from coach.text import mostly_latin

LANGUAGE_INTENT = "language"
FALLBACK_INTENT = "nlu_fallback"
LANG_ENTITY = "lang"
EXTRACTOR = "LanguageDetector"
RANKING = "intent_ranking"


@DefaultV1Recipe.register(
    [DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER,
     DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False
)
class LanguageDetector(GraphComponent):
    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        # A classifier's `language` on a longer message with no request in it is a question
        # about something else ("my customers speak Spanish, how do I...").
        return {"short_request_words": 8, "long_request_confidence": 0.7}

    def __init__(self, config: Dict[str, Any] | None = None) -> None:
        config = {**self.get_default_config(), **(config or {})}
        self._short = int(config["short_request_words"])
        self._long_confidence = float(config["long_request_confidence"])
        self._reader = language.reader()

    @classmethod
    def create(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> LanguageDetector:
        language.warm_up()  # the n-gram models load at start, not on a trainee's message
        return cls(config)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT)
            if isinstance(text, str) and text.strip():
                self._read(message, text)
        return messages

    def _read(self, message: Message, text: str) -> None:
        if not mostly_latin(text):
            # A script the coach does not read (Chinese, Arabic...): whatever the classifier
            # guessed from its characters, it is not understood; the fallback says which
            # languages the coach speaks.
            self._set_intent(message, {"name": FALLBACK_INTENT, "confidence": 1.0})
            return
        asked = self._reader.requested(text)
        if self._reader.is_request(text):
            self._set_intent(message, {"name": LANGUAGE_INTENT, "confidence": 1.0})
        intent = message.get(INTENT) or {}
        if intent.get("name") == LANGUAGE_INTENT and asked is None:
            # "can u do spanish 4 me" asks without a phrase we know; "I don't speak
            # Spanish" names the language it does not want (then the line's own language).
            asked = self._reader.mentioned(text)
            short = len(text.split()) <= self._short
            sure = float(intent.get("confidence") or 0) >= self._long_confidence
            if not short and not (asked and sure):
                self._demote(message)
                asked = None
            elif asked is None:
                # About the language but naming none ("change the language"): no entity,
                # so the action offers the choice; after a negation, the line's language.
                asked = self._reader.detect(text) if self._reader.negates(text) else None
                if asked is None:
                    return
        chosen = asked or self._reader.detect(text)
        if chosen is None:
            return
        entities = [entity for entity in message.get(ENTITIES) or []
                    if entity.get("entity") != LANG_ENTITY]
        entities.append({"entity": LANG_ENTITY, "value": chosen, "start": 0,
                         "end": len(text), "confidence": 1.0, "extractor": EXTRACTOR})
        message.set(ENTITIES, entities, add_to_output=True)

    @staticmethod
    def _set_intent(message: Message, intent: Dict[str, Any]) -> None:
        ranking = [intent] + [r for r in message.get(RANKING) or []
                              if r.get("name") != intent["name"]]
        message.set(INTENT, intent, add_to_output=True)
        message.set(RANKING, ranking[:10], add_to_output=True)

    def _demote(self, message: Message) -> None:
        """Take the classifier's next intent instead of ``language``."""
        rest = [r for r in message.get(RANKING) or [] if r.get("name") != LANGUAGE_INTENT]
        if rest:
            message.set(INTENT, rest[0], add_to_output=True)
            message.set(RANKING, rest, add_to_output=True)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data
