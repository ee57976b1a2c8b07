"""Two hot spots of Rasa 3.6 made cheap, with the same results.

1. Rasa validates every reply of the action server with
   ``jsonschema.validate(result, schema)``, which first checks the (large, constant)
   schema against the JSON-Schema metaschema and builds a new validator: about 7 ms
   of every turn that runs a custom action. Here the validator is built once per
   schema; replies are validated exactly as before and an invalid reply still
   raises the same error.
2. Restoring a tracker looks up each event's class by walking every subclass of
   ``Event`` (``Event.resolve_by_type``), once per event per turn. The first answer
   for a type name is remembered; unknown names still go to Rasa's own lookup.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Dict

_INSTALLED = False


def install() -> None:
    """Replace ``RemoteAction._validate_action_result`` by a cached-validator version."""
    global _INSTALLED
    if _INSTALLED:
        return
    import json

    from jsonschema import ValidationError
    from jsonschema.validators import validator_for
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.constants import DOCS_BASE_URL

    @lru_cache(maxsize=4)
    def validator(schema_json: str):
        schema = json.loads(schema_json)
        cls = validator_for(schema)
        cls.check_schema(schema)
        return cls(schema)

    def _validate_action_result(self: RemoteAction, result: Dict[str, Any]) -> bool:
        schema_json = json.dumps(self.action_response_format_spec(), sort_keys=True)
        try:
            validator(schema_json).validate(result)
            return True
        except ValidationError as error:
            error.message += (
                ". Failed to validate Action server response from API, make sure your "
                "response from the Action endpoint is valid. For more information about "
                f"the format visit {DOCS_BASE_URL}/custom-actions"
            )
            raise error

    RemoteAction._validate_action_result = _validate_action_result
    _cache_event_class_lookup()
    _INSTALLED = True


def _cache_event_class_lookup() -> None:
    from rasa.shared.core.events import Event

    original = Event.resolve_by_type
    known: Dict[str, type] = {}

    def resolve_by_type(type_name: str, default=None):
        cls = known.get(type_name)
        if cls is None:
            cls = original(type_name, default)
            if cls is not None and cls is not default:
                known[type_name] = cls
        return cls

    Event.resolve_by_type = staticmethod(resolve_by_type)
