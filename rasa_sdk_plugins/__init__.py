"""rasa_sdk's plugin package: rasa_sdk imports ``rasa_sdk_plugins`` from the path, if there
is one, and calls ``init_hooks`` before the action server starts (rasa_sdk/plugin.py).

The coach uses it for one thing: the action server checks who calls it
(``actions/caller_check.py``).
"""

from __future__ import annotations

import pluggy
from sanic import Sanic

hookimpl = pluggy.HookimplMarker("rasa_sdk")


class CoachPlugin:
    @hookimpl
    def attach_sanic_app_extensions(self, app: Sanic) -> None:
        from actions.caller_check import attach

        attach(app)


def init_hooks(manager: pluggy.PluginManager) -> None:
    manager.register(CoachPlugin())
