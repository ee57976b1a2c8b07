"""rasa_sdk's plugin package: rasa_sdk imports ``rasa_sdk_plugins`` from the path, if there
is one, and calls ``init_hooks`` before the action server starts (rasa_sdk/plugin.py).

The coach uses it to check who calls the action server (``actions/caller_check.py``) and
to load the playbook, taboo rules and role-play content before the first request
(``actions.resources.warm_up``), so no trainee waits for them.
"""

from __future__ import annotations

import pluggy
from sanic import Sanic

hookimpl = pluggy.HookimplMarker("rasa_sdk")


class CoachPlugin:
    @hookimpl
    def attach_sanic_app_extensions(self, app: Sanic) -> None:
        from actions import resources
        from actions.caller_check import attach

        attach(app)
        # Before the server listens: its health check answers only once the first
        # trainee's message would be answered at full speed.
        app.before_server_start(lambda *_: resources.warm_up())


def init_hooks(manager: pluggy.PluginManager) -> None:
    manager.register(CoachPlugin())
