"""The REST channel, for the local terminal only (``./run start``, ``channels/terminal.py``).

Rasa's REST channel believes whatever ``sender`` a request names, so anyone who can reach
it can be any trainee. This one answers only:

- clients on this machine that talk to the server directly (loopback address and no
  proxy or tunnel header: a tunnel or nginx connects from 127.0.0.1 too, but says so in
  ``X-Forwarded-For`` and the like), or
- requests that carry the sender's own credential: header ``X-Coach-Sender-Token`` (or
  ``?sender_token=``) = ``python -m coach sender-token <sender>``, an HMAC of the sender
  id under the coach's secret (``coach/secret.py``).

Everyone else gets 403 with a JSON message. Bodies over ``MAX_BODY_BYTES`` get 413; the
text is capped (``coach/limits.py``) and the reply says when it was. The sender, the
channel name and the metadata are not taken on trust from the body: the input channel is
always ``rest`` and client metadata is dropped.
"""

from __future__ import annotations

import json
import logging
from http import HTTPStatus
from typing import Any, Awaitable, Callable

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.access import MAX_BODY_BYTES, is_local, too_large
from coach.limits import cap_message
from coach.secret import valid_sender_token

logger = logging.getLogger(__name__)

MAX_SENDER_CHARS = 128
TOKEN_HEADER = "X-Coach-Sender-Token"
FORBIDDEN = ("The REST channel answers only the local terminal (a client on this machine, "
             "not through a proxy or tunnel) or a request with the sender's token in the "
             f"{TOKEN_HEADER} header (python -m coach sender-token SENDER). Use the web chat, "
             "Slack or Teams from elsewhere.")


def _error(status: HTTPStatus, message: str) -> HTTPResponse:
    return response.json({"error": status.phrase, "message": message}, status=status)


class CoachRestInput(RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        rest = Blueprint("coach_rest_webhook", __name__)

        @rest.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @rest.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if too_large(request.headers, request.body, MAX_BODY_BYTES):
                return _error(HTTPStatus.REQUEST_ENTITY_TOO_LARGE,
                              f"The body is larger than {MAX_BODY_BYTES:,} bytes.")
            try:
                body = json.loads(request.body or b"")
            except (ValueError, UnicodeDecodeError):
                body = None
            if not isinstance(body, dict):
                return _error(HTTPStatus.BAD_REQUEST,
                              'Expected a JSON object: {"sender": "...", "message": "..."}.')
            sender, text = body.get("sender"), body.get("message")
            if not isinstance(sender, str) or not sender.strip() \
                    or len(sender) > MAX_SENDER_CHARS:
                return _error(HTTPStatus.BAD_REQUEST,
                              f'"sender" must be a non-empty string of at most '
                              f"{MAX_SENDER_CHARS} characters.")
            if not self.allowed(request, sender):
                logger.warning("Refused a REST request for %r from %s (not local, no token).",
                               sender[:40], request.ip)
                return _error(HTTPStatus.FORBIDDEN, FORBIDDEN)
            text, note = cap_message(text if isinstance(text, str) else "")
            collector = CollectingOutputChannel()
            try:
                await on_new_message(UserMessage(text, collector, sender,
                                                 input_channel=self.name()))
            except Exception:  # noqa: BLE001 (Rasa's REST channel answers 200 with what it has)
                logger.exception("The coach failed on a REST message.")
            if note:
                collector.messages.append({"recipient_id": sender, "text": note})
            return response.json(collector.messages)

        return rest

    @staticmethod
    def allowed(request: Request, sender: str) -> bool:
        token = request.headers.get(TOKEN_HEADER) or request.args.get("sender_token")
        if token:
            return valid_sender_token(sender, token)
        return is_local(request.ip, request.headers)

