"""The cached validation of action-server replies accepts and rejects what Rasa's did."""

import pytest
from jsonschema import ValidationError
from rasa.core.actions.action import RemoteAction

import nlu_components  # noqa: F401  (installs the speed-up)


def _action() -> RemoteAction:
    return RemoteAction("action_tip", None)


def test_a_valid_reply_passes():
    reply = {"events": [{"event": "slot", "name": "tip_topic", "value": "negotiation"}],
             "responses": [{"text": "hi", "buttons": []}]}
    assert _action()._validate_action_result(reply) is True


@pytest.mark.parametrize("reply", [
    {"events": [{"event": "no_such_event"}]},
    {"events": "not a list"},
    {"responses": [1, 2]},
])
def test_an_invalid_reply_is_still_rejected(reply):
    with pytest.raises(ValidationError, match="Failed to validate Action server response"):
        _action()._validate_action_result(reply)


def test_event_classes_resolve_as_before():
    from rasa.shared.core.events import ActionExecuted, Event, SlotSet, UserUttered

    for _ in range(2):  # first lookup and cached lookup
        assert Event.resolve_by_type("slot") is SlotSet
        assert Event.resolve_by_type("user") is UserUttered
        assert Event.resolve_by_type("action") is ActionExecuted
    assert Event.resolve_by_type("no_such_event", default=SlotSet) is SlotSet
    with pytest.raises(ValueError, match="Unknown event name"):
        Event.resolve_by_type("no_such_event")
