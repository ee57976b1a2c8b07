"""Who may call the action server (issue 12: "open action server").

Defence in depth behind the loopback bind (``SANIC_HOST=127.0.0.1``, set by the
launcher): every request except ``GET /health`` must

- carry header ``X-Coach-Action-Token`` equal to ``$COACH_ACTION_TOKEN`` when that
  variable is set (Rasa sends it from ``endpoints.yml``: ``action_endpoint: headers:``);
- with no token configured (plain ``rasa run actions``), come from this machine
  directly: a loopback address and no proxy or tunnel header.

Anyone else gets 403 with a JSON message, before the tracker they sent is read. Wired in
through rasa_sdk's own plugin hook (``rasa_sdk_plugins/``).
"""

from __future__ import annotations

import hmac
import logging
import os

from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.access import is_local

logger = logging.getLogger(__name__)

TOKEN_ENV = "COACH_ACTION_TOKEN"
TOKEN_HEADER = "X-Coach-Action-Token"
OPEN_PATHS = {"/health"}


def configured_token() -> str:
    return os.environ.get(TOKEN_ENV, "").strip()


def allowed(request: Request, token: str) -> bool:
    if token:
        offered = request.headers.get(TOKEN_HEADER) or ""
        return hmac.compare_digest(offered.encode(), token.encode())
    return is_local(request.ip, request.headers)


def attach(app: Sanic) -> None:
    token = configured_token()
    logger.info("Action server callers: %s.", "those with the token in " + TOKEN_HEADER
                if token else f"this machine only ({TOKEN_ENV} not set)")

    @app.middleware("request")
    async def check_caller(request: Request) -> HTTPResponse | None:
        if request.method == "GET" and request.path in OPEN_PATHS:
            return None
        if allowed(request, token):
            return None
        logger.warning("Refused an action server request from %s to %s.", request.ip,
                       request.path)
        return response.json(
            {"error": "Forbidden",
             "message": (f"Send the action server's token in {TOKEN_HEADER}." if token else
                         "This action server only answers callers on this machine; set "
                         f"{TOKEN_ENV} (on both servers) to accept others.")},
            status=403)
