"""Serve only the manager channel on a port, as the Rasa server mounts it (for tests that
need their own settings: the pages switched off, or replicas sharing Redis).

    python -m tests.manager.channel_app PORT
"""

from __future__ import annotations

import sys

from rasa.core.channels.channel import register
from sanic import Sanic, response

from channels.manager import ManagerInput


def main(port: int) -> None:
    app = Sanic("manager_channel_test")

    @app.get("/health")
    async def health(_):
        return response.text("ok")

    register([ManagerInput()], app, route="/webhooks/")  # the route Rasa itself uses
    app.run(host="127.0.0.1", port=port, access_log=False)


if __name__ == "__main__":
    main(int(sys.argv[1]))
