"""Microsoft Teams: Rasa's Bot Framework connector, with the checks and quirks it misses.

What it adds to ``rasa.core.channels.botframework``:

- every activity's Bot Framework token is checked fully, and replies are posted
  with the bot's own token: both in ``channels/botframework_auth.py``;
- a button click that arrives as an empty message carrying a ``value`` (Teams'
  messageBack / Adaptive Card submit) reaches the coach as the button's payload;
- ``<at>Sales Coach</at>`` mentions are removed from the text;
- replies use Teams markdown, buttons come as a card, and the HTTP calls are
  asynchronous (Rasa's connector blocks the server while it posts);
- single-tenant bots get their token from their own tenant (``TEAMS_TENANT_ID``);
  the login and key addresses can be pointed elsewhere (``TEAMS_LOGIN_URL``,
  ``TEAMS_OPENID_METADATA_URL``), which is how the offline tests play Microsoft's side;
- the secrets come from the environment (``TEAMS_APP_ID``, ``TEAMS_APP_PASSWORD``,
  ``TEAMS_TENANT_ID``) unless credentials.yml names them, so plain ``rasa run`` starts
  with nothing set;
- with ``TEAMS_TENANT_ID`` set, activities from any other tenant are refused (403,
  logged once per tenant);
- the trainee is the ``from.id`` of an activity whose token was verified; bodies over
  ``MAX_BODY_BYTES`` get 413 and the text is capped (``coach/limits.py``), saying so;
- a reply the coach marks private (``coach_private``: progress reports, draft reviews)
  asked in a channel or group chat goes to the trainee's personal chat with the bot,
  with a short note where they asked.
"""

from __future__ import annotations

import html
import json
import logging
import os
import re
from http import HTTPStatus
from typing import Any, Awaitable, Callable, Dict, List
from urllib.parse import quote

import aiohttp
from rasa.core.channels.botframework import BotFramework, BotFrameworkInput
from rasa.core.channels.channel import UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels.access import MAX_BODY_BYTES, too_large
from channels.botframework_auth import (
    LOGIN_URL,
    OPENID_METADATA_URL,
    TIMEOUT,
    AuthError,
    BotFrameworkAuth,
    TokenSource,
)
from channels.dedupe import deliveries
from channels.formatting import teams_markdown
from channels.tip_views import teams_tip_card, tip_details
from coach.limits import cap_message
from coach.markup import PRIVATE, plain

logger = logging.getLogger(__name__)

MENTION = re.compile(r"<at[^>]*>.*?</at>", re.IGNORECASE | re.DOTALL)
TAG = re.compile(r"<[^>]+>")
NOT_CONFIGURED = ("Teams is not configured on this coach: set TEAMS_APP_ID and "
                  "TEAMS_APP_PASSWORD (see .env.example).")
PRIVATE_NOTE = "I've sent you the answer in our personal chat."
SHARED_CONVERSATIONS = {"channel", "groupChat"}


class CoachTeamsOutput(BotFramework):
    """Replies to one activity: markdown text, suggestions as card buttons."""

    def __init__(self, tokens: TokenSource, conversation: Dict[str, Any], bot: Dict[str, Any],
                 service_url: str, reply_to: str | None, tenant_id: str | None = None) -> None:
        super().__init__(tokens.app_id, tokens.app_password, conversation, bot, service_url)
        self.tokens = tokens
        self.reply_to = reply_to
        self.tenant_id = tenant_id
        self.shared = conversation.get("conversationType") in SHARED_CONVERSATIONS
        self._personal: Dict[str, Any] | None = None  # the 1:1 chat, once created
        self._noted = False

    async def send(self, message_data: Dict[str, Any]) -> None:
        await self._post(self.conversation, self.reply_to, message_data)

    async def _post(self, conversation: Dict[str, Any], reply_to: str | None,
                    message_data: Dict[str, Any]) -> None:
        # Ids can hold ':' and ';' (channel threads: "19:...;messageid=..."): escape them.
        url = f"{self.global_uri}conversations/{quote(conversation['id'], safe='')}/activities"
        if reply_to:
            url += f"/{quote(reply_to, safe='')}"
            message_data.setdefault("replyToId", reply_to)
        message_data["conversation"] = conversation
        await self._call(url, message_data)

    async def _call(self, url: str, body: Dict[str, Any]) -> Dict[str, Any] | None:
        try:
            async with aiohttp.ClientSession(timeout=TIMEOUT) as session:
                token = await self.tokens.token(session)
                if token is None:
                    return None
                async with session.post(url, json=body,
                                        headers={"Authorization": f"Bearer {token}"}) as reply:
                    if reply.status >= 300:
                        logger.error("Teams refused %s (%s): %s", url, reply.status,
                                     (await reply.text())[:300])
                        return None
                    return await reply.json(content_type=None)
        except (aiohttp.ClientError, TimeoutError, ValueError) as error:
            logger.error("Could not post to Teams at %s: %r", url, error)
            return None

    async def _send_private(self, recipient_id: str, message_data: Dict[str, Any]) -> None:
        """Into the trainee's personal chat with the bot (created on first use), then a note."""
        if self._personal is None:
            created = await self._call(f"{self.global_uri}conversations", {
                "bot": self.bot, "members": [{"id": recipient_id}], "isGroup": False,
                "tenantId": self.tenant_id, "channelData": {"tenant": {"id": self.tenant_id}},
            })
            if not created or not isinstance(created.get("id"), str):
                logger.error("Could not open a personal chat with %s; the private reply "
                             "was not sent.", recipient_id)
                return
            self._personal = {"id": created["id"], "conversationType": "personal",
                              "tenantId": self.tenant_id}
        message_data.pop("replyToId", None)
        await self._post(self._personal, None, message_data)
        if not self._noted:
            self._noted = True
            await self.send(self._message(recipient_id, PRIVATE_NOTE))

    async def _deliver(self, recipient_id: str, message_data: Dict[str, Any],
                       private: bool) -> None:
        if private and self.shared:
            await self._send_private(recipient_id, message_data)
        else:
            await self.send(message_data)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self._deliver(recipient_id, self._message(recipient_id, text),
                            bool(kwargs.get(PRIVATE)))

    async def send_text_with_buttons(self, recipient_id: str, text: str,
                                     buttons: List[Dict[str, Any]], **kwargs: Any) -> None:
        if isinstance(kwargs.get("tip"), dict):
            # A tip: one Adaptive Card, its steps, why and sources as cards that open in it.
            message = self.prepare_message(recipient_id, {
                "textFormat": "markdown", "summary": plain(text).split("\n", 1)[0],
                "attachments": [teams_tip_card(text, buttons, tip_details(kwargs["tip"]))]})
            await self._deliver(recipient_id, message, bool(kwargs.get(PRIVATE)))
            return
        message = self._message(recipient_id, text)
        # messageBack: Teams shows the title as the trainee's message and sends the
        # payload in `value` with an empty text (CoachTeamsInput reads it back).
        message["attachments"] = [{
            "contentType": "application/vnd.microsoft.card.hero",
            "content": {"buttons": [
                {"type": "messageBack", "title": button["title"],
                 "displayText": button["title"], "text": "",
                 "value": {"payload": button["payload"]}}
                for button in buttons]},
        }]
        await self._deliver(recipient_id, message, bool(kwargs.get(PRIVATE)))

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        if image.startswith("https://") and not (kwargs.get(PRIVATE) and self.shared):
            await super().send_image_url(recipient_id, image, **kwargs)  # charts: web only

    def _message(self, recipient_id: str, text: str) -> Dict[str, Any]:
        return self.prepare_message(recipient_id, {"text": teams_markdown(text),
                                                   "textFormat": "markdown"})


class CoachTeamsInput(BotFrameworkInput):
    """Rasa's Bot Framework input with full token checks and Teams' button clicks."""

    @classmethod
    def name(cls) -> str:
        return "botframework"

    @classmethod
    def from_credentials(cls, credentials: Dict[str, Any] | None) -> CoachTeamsInput:
        credentials = credentials or {}
        return cls(
            app_id=credentials.get("app_id") or os.environ.get("TEAMS_APP_ID", ""),
            app_password=credentials.get("app_password")
            or os.environ.get("TEAMS_APP_PASSWORD", ""),
            tenant_id=credentials.get("tenant_id") or os.environ.get("TEAMS_TENANT_ID", ""),
            metadata_url=os.environ.get("TEAMS_OPENID_METADATA_URL") or OPENID_METADATA_URL,
            login_url=os.environ.get("TEAMS_LOGIN_URL") or LOGIN_URL,
        )

    def __init__(self, app_id: str, app_password: str, tenant_id: str = "",
                 metadata_url: str = OPENID_METADATA_URL, login_url: str = LOGIN_URL) -> None:
        # Not calling Rasa's __init__: it downloads Microsoft's keys at start-up.
        self.app_id = app_id
        self.app_password = app_password
        self.tenant_id = tenant_id.strip()
        self._foreign_tenants: set = set()  # logged once each
        self.auth = BotFrameworkAuth(app_id, metadata_url)
        self.tokens = TokenSource(app_id, app_password, tenant_id or "botframework.com",
                                  login_url)
        self.deliveries = deliveries("teams")
        if not self.configured:
            logger.info(NOT_CONFIGURED)

    @property
    def configured(self) -> bool:
        return bool(self.app_id and self.app_password)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        teams_webhook = Blueprint("coach_teams_webhook", __name__)

        @teams_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok", "configured": self.configured})

        @teams_webhook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            if not self.configured:
                return response.text(NOT_CONFIGURED, status=HTTPStatus.SERVICE_UNAVAILABLE)
            if too_large(request.headers, request.body, MAX_BODY_BYTES):
                return response.text("Activity too large.",
                                     status=HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
            try:
                activity = json.loads(request.body)
            except ValueError:
                activity = None
            if not isinstance(activity, dict):
                return response.text("Body is not an activity.", status=HTTPStatus.BAD_REQUEST)
            try:
                await self.auth.check(request.headers.get("Authorization"), activity)
            except AuthError as error:
                logger.warning("Rejected a Bot Framework request: %s", error)
                return response.text(str(error), status=HTTPStatus.UNAUTHORIZED)
            if not self._tenant_allowed(activity):
                return response.text("This coach only serves its own Microsoft tenant.",
                                     status=HTTPStatus.FORBIDDEN)
            if _bot_installed(activity):
                activity = dict(activity, type="message", text="/core_help")  # the welcome
            if activity.get("type") != "message":
                return response.text("")  # other updates, typing, reactions
            try:
                message = self._user_message(activity)
            except (KeyError, TypeError, AttributeError) as error:
                logger.warning("Malformed activity: %r", error)
                return response.text("Malformed activity.", status=HTTPStatus.BAD_REQUEST)
            if not self.deliveries.first_time((activity.get("conversation", {}).get("id"),
                                               activity.get("id"))):
                logger.info("Dropped a repeated Bot Framework activity %s.", activity.get("id"))
                return response.text("")
            message.text, note = cap_message(message.text or "")
            try:
                await on_new_message(message)
                if note:  # the text was cut: say so after the answer
                    await message.output_channel.send_text_message(message.sender_id, note)
            except Exception:  # noqa: BLE001 (a retry would fail the same way; log it once)
                logger.exception("The coach failed on a Teams message.")
            return response.text("")

        return teams_webhook

    def _tenant_allowed(self, activity: Dict[str, Any]) -> bool:
        if not self.tenant_id:
            return True
        tenant = activity_tenant(activity)
        conversation = activity.get("conversation")
        other = conversation.get("tenantId") if isinstance(conversation, dict) else None
        if tenant == self.tenant_id and other in (None, self.tenant_id):
            return True
        if tenant not in self._foreign_tenants and len(self._foreign_tenants) < 1000:
            self._foreign_tenants.add(tenant)
            logger.warning("Refused Teams activities from tenant %r (TEAMS_TENANT_ID is %r).",
                           tenant, self.tenant_id)
        return False

    def _user_message(self, activity: Dict[str, Any]) -> UserMessage:
        output = CoachTeamsOutput(self.tokens, activity["conversation"], activity["recipient"],
                                  activity["serviceUrl"], activity.get("id"),
                                  activity_tenant(activity) or self.tenant_id or None)
        metadata = self.add_attachments_to_metadata(
            activity, {"conversation_type": activity["conversation"].get("conversationType")})
        return UserMessage(text=message_text(activity), output_channel=output,
                           sender_id=activity["from"]["id"], input_channel=self.name(),
                           metadata=metadata)


def activity_tenant(activity: Dict[str, Any]) -> str | None:
    """The tenant an activity comes from: channelData.tenant.id, else conversation.tenantId."""
    channel_data = activity.get("channelData")
    tenant = channel_data.get("tenant") if isinstance(channel_data, dict) else None
    tenant_id = tenant.get("id") if isinstance(tenant, dict) else None
    if not isinstance(tenant_id, str):
        conversation = activity.get("conversation")
        tenant_id = conversation.get("tenantId") if isinstance(conversation, dict) else None
    return tenant_id if isinstance(tenant_id, str) else None


def _bot_installed(activity: Dict[str, Any]) -> bool:
    """The coach was just added to a personal chat: Teams expects a welcome there."""
    bot = (activity.get("recipient") or {}).get("id")
    return (activity.get("type") == "conversationUpdate"
            and (activity.get("conversation") or {}).get("conversationType") == "personal"
            and any(member.get("id") == bot for member in activity.get("membersAdded") or []
                    if isinstance(member, dict)))


def message_text(activity: Dict[str, Any]) -> str:
    """What the trainee said: mentions and markup removed, or a clicked button's payload."""
    text = activity.get("text") or ""
    text = html.unescape(TAG.sub(" ", MENTION.sub(" ", text)))
    text = " ".join(text.split())
    value = activity.get("value")
    if not text and isinstance(value, dict):
        payload = value.get("payload") or value.get("text")
        text = payload if isinstance(payload, str) else ""
    elif not text and isinstance(value, str):
        text = value
    return text
