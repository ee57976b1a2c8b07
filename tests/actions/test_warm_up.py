"""The action server loads its resources before it answers (rasa_sdk_plugins)."""

from __future__ import annotations

from sanic import Sanic

from actions import resources
from coach.language import LANGUAGES
from rasa_sdk_plugins import CoachPlugin


def test_the_plugin_loads_the_resources_before_the_server_starts(monkeypatch):
    calls = []
    monkeypatch.setattr(resources, "warm_up", lambda: calls.append("warm"))
    app = Sanic("warm_up_test")
    CoachPlugin().attach_sanic_app_extensions(app)
    # Sanic 21.12 keeps listeners registered before the server runs as "future" ones.
    listeners = [future.listener for future in app._future_listeners
                 if future.event == "before_server_start"]
    assert len(listeners) == 1
    listeners[0](app, None)
    assert calls == ["warm"]


def test_warm_up_loads_every_languages_playbook_rules_and_content():
    loaders = (resources.playbook, resources.analyzer, resources.shipped_roleplay_content)
    for loader in loaders:
        loader.cache_clear()
    resources.warm_up()
    for loader in loaders:
        assert loader.cache_info().currsize == len(LANGUAGES), loader
    assert resources.analyzer("es") is not resources.analyzer("en")
