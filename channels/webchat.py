"""The web chat: a page served by the Rasa server, talking over socket.io.

Open ``http://<host>:5005/webhooks/webchat/`` (``./run serve`` prints it). The
page keeps the session the server issued in the browser, so a trainee who reloads
the page is still the same trainee with the same role-play and progress.

The session is a credential, not a name: the server issues ``<random id>.<signature>``
(``coach/secret.py``, signed with the coach's secret) and accepts back only what it
signed. A forged, altered or foreign value gets a new, empty session, never someone
else's history. A socket is in exactly one room (its session's): asking for another
session leaves the old room.

Several Rasa workers or replicas: the socket.io server speaks websocket only (one
connection stays on one process, so no sticky sessions are needed), and with
``COACH_REDIS_URL`` set it uses socket.io's ``AsyncRedisManager``, so a reply reaches
every tab of the session whichever process each tab is connected to.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, Iterable, List

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOOutput
from rasa.shared.core.events import BotUttered, UserUttered
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncRedisManager, AsyncServer

from channels.tip_views import other_buttons, tip_details
from coach.language import supported
from coach.limits import cap_message
from coach.secret import new_session
from coach.secret import session_id as verified_session

logger = logging.getLogger(__name__)

WEB_DIR = Path(__file__).resolve().parent.parent / "web"
STATIC_FILES = {  # what the page may load, and nothing else from disk
    "chat.js": "application/javascript",
    "chat.css": "text/css",
    "socket.io.min.js": "application/javascript",
}
MAX_PACKET_BYTES = 256 * 1024  # one socket.io message (the page sends at most 20,000 characters)
REDIS_CHANNEL = "coach-webchat"  # the pub/sub channel replicas relay socket.io emits on
HISTORY_LENGTH = 40  # messages shown again when a trainee comes back to the page


class WebChatOutput(SocketIOOutput):
    """Sends each reply whole (Rasa's socket.io output splits at blank lines), with the
    language it is written in, which the page's own words follow."""

    @classmethod
    def name(cls) -> str:
        return "webchat"

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self._send_message(recipient_id, _with_language({"text": text}, kwargs))

    async def send_text_with_buttons(self, recipient_id: str, text: str,
                                     buttons: List[Dict[str, Any]], **kwargs: Any) -> None:
        await self._send_message(recipient_id, _with_language(
            web_message(text, buttons, kwargs.get("tip")), kwargs))

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        await self._send_message(recipient_id, _with_language(
            {"attachment": {"type": "image", "payload": {"src": image}}}, kwargs))


def reply_language(metadata: Dict[str, Any]) -> str | None:
    """The language a reply says it is written in: ``language`` from an action, or
    ``metadata.language`` from a domain response (Rasa passes both on as the message's
    metadata); None when it says none the coach speaks."""
    nested = metadata.get("metadata")
    value = metadata.get("language") or (nested.get("language")
                                         if isinstance(nested, dict) else None)
    return supported(value)


def _with_language(message: Dict[str, Any], metadata: Dict[str, Any]) -> Dict[str, Any]:
    language = reply_language(metadata)
    if language:
        message["language"] = language
    return message


class WebChatInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "webchat"

    @classmethod
    def from_credentials(cls, credentials: Dict[str, Any] | None) -> WebChatInput:
        credentials = credentials or {}
        return cls(credentials.get("socketio_path") or "/webchat/socket.io",
                   credentials.get("cors_allowed_origins"))

    def __init__(self, socketio_path: str = "/webchat/socket.io",
                 cors_allowed_origins: List[str] | None = None) -> None:
        self.socketio_path = socketio_path
        self.cors_allowed_origins = cors_allowed_origins  # None: same origin only
        self.sio: AsyncServer | None = None

    def get_output_channel(self) -> OutputChannel | None:
        return WebChatOutput(self.sio, "bot_uttered") if self.sio else None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        redis_url = os.environ.get("COACH_REDIS_URL", "").strip()
        sio = AsyncServer(async_mode="sanic", cors_allowed_origins=self.cors_allowed_origins,
                          transports=["websocket"], max_http_buffer_size=MAX_PACKET_BYTES,
                          client_manager=AsyncRedisManager(redis_url, channel=REDIS_CHANNEL)
                          if redis_url else None)
        self.sio = sio
        webchat = SocketBlueprint(sio, self.socketio_path, "coach_webchat", __name__)

        @webchat.route("/", methods=["GET"])
        async def page(_: Request) -> HTTPResponse:
            html = (WEB_DIR / "index.html").read_text(encoding="utf-8")
            return response.html(html.replace("{{SOCKETIO_PATH}}", self.socketio_path))

        @webchat.route("/static/<name>", methods=["GET"])
        async def static(_: Request, name: str) -> HTTPResponse:
            if name not in STATIC_FILES:
                return response.text("Not found.", status=404)
            return await response.file(WEB_DIR / name, mime_type=STATIC_FILES[name])

        @sio.on("session_request")
        async def session_request(sid: str, data: Any) -> None:
            offered = data.get("session_id") if isinstance(data, dict) else None
            session = verified_session(offered)
            credential = offered if session else new_session()
            session = session or verified_session(credential)
            previous = (await sio.get_session(sid)).get("session_id")
            if previous and previous != session:  # one room per socket
                await sio.leave_room(sid, trainee_id(previous))
            # Replies go to the room, so every tab of the session sees them.
            await sio.enter_room(sid, trainee_id(session))
            await sio.save_session(sid, {"session_id": session})
            # A returning trainee (page reloaded) sees where they were, then the confirm.
            items = await _history(sio.get_environ(sid), trainee_id(session))
            if items:
                await sio.emit("history", items, room=sid)
            await sio.emit("session_confirm", credential, room=sid)

        @sio.on("user_uttered")
        async def user_uttered(sid: str, data: Any) -> None:
            # Only the session this socket was given counts, never one named in the message.
            session = (await sio.get_session(sid)).get("session_id")
            if session is None:  # a client that skipped session_request
                await session_request(sid, data)
                session = (await sio.get_session(sid))["session_id"]
            text = data.get("message") if isinstance(data, dict) else None
            text, note = cap_message(text if isinstance(text, str) else "")
            output = WebChatOutput(sio, "bot_uttered")
            await on_new_message(UserMessage(text, output, trainee_id(session),
                                             input_channel=self.name()))
            if note:
                await output.send_text_message(trainee_id(session), note)

        return webchat


def web_message(text: str, buttons: List[Dict[str, Any]], tip: Any = None) -> Dict[str, Any]:
    """What the page gets for one reply: a tip's details go in expandable sections
    (``tip.details``), so only its other buttons stay quick replies."""
    details = tip_details(tip)
    message: Dict[str, Any] = {"text": text, "quick_replies": [
        {"content_type": "text", "title": button.get("title", ""),
         "payload": button.get("payload", "")} for button in other_buttons(buttons, details)]}
    if details:
        message["tip"] = {"details": [{"part": d.part, "title": d.title, "text": d.body}
                                      for d in details]}
    return message


def trainee_id(session_id: str) -> str:
    """Web trainees are named by their browser's session, apart from other channels' ids."""
    return f"web-{session_id}"


async def _history(environ: Dict[str, Any] | None, sender_id: str) -> List[Dict[str, Any]]:
    """The trainee's recent messages from Rasa's tracker store (empty if none or unreadable)."""
    request = (environ or {}).get("sanic.request")
    app = getattr(request, "app", None)
    agent = getattr(app.ctx, "agent", None) if app is not None else None
    if agent is None or agent.tracker_store is None:
        return []
    try:
        tracker = await agent.tracker_store.retrieve(sender_id)
    except Exception:  # noqa: BLE001 (history is a courtesy; the chat works without it)
        logger.exception("Could not read the conversation history of %s.", sender_id)
        return []
    return conversation_history(tracker.events if tracker else [])


def conversation_history(events: Iterable[Any], length: int = HISTORY_LENGTH
                         ) -> List[Dict[str, Any]]:
    """The last messages as the page shows them; a clicked button shows as its title."""
    items: List[Dict[str, Any]] = []
    titles: Dict[str, str] = {}  # payload -> title of the buttons offered so far
    for event in events:
        if isinstance(event, UserUttered):
            items.append({"role": "user", "text": titles.get(event.text or "", event.text or "")})
        elif isinstance(event, BotUttered):
            data = event.data or {}
            buttons = [b for b in data.get("buttons") or [] if isinstance(b, dict)]
            titles.update({b.get("payload", ""): b.get("title", "") for b in buttons})
            item: Dict[str, Any] = {"role": "bot"}
            if event.text or buttons:
                item.update({key: value for key, value in web_message(
                    event.text or "", buttons, (event.metadata or {}).get("tip")).items()
                    if value})
            if data.get("image"):
                item["attachment"] = {"type": "image", "payload": {"src": data["image"]}}
            if len(item) > 1:
                items.append(_with_language(item, event.metadata or {}))
    return items[-length:]
