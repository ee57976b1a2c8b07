"""Slack: Rasa's Slack connector, hardened and made to speak the coach's format.

What it adds to ``rasa.core.channels.slack``:

- requests are checked with the signing secret (unsigned, stale or wrongly
  signed ones get 401), and a coach without Slack settings answers 503 instead
  of refusing to start;
- each delivery is handled once: a retried event (same event id, or the same
  message seen through another subscription) is acknowledged and dropped;
- replies go in the thread of the message that asked, from the user's own
  tracker (the Slack user id), so role-play and progress follow the person;
- replies are rendered as mrkdwn blocks with the suggestions as buttons;
- the Web API address can be pointed elsewhere (``SLACK_API_URL``), which is how
  the offline tests play Slack's side;
- the secrets come from the environment (``SLACK_BOT_TOKEN``, ``SLACK_SIGNING_SECRET``)
  unless credentials.yml names them, so plain ``rasa run`` starts with nothing set;
- the trainee is always the Slack user of the signed request, never a value from
  elsewhere; bodies over ``MAX_BODY_BYTES`` get 413, the text is capped
  (``coach/limits.py``) and the reply says when it was;
- quoted text cannot become a link or a mention: ``<``, ``>`` and ``&`` are escaped
  and the blocks are ``verbatim`` (no auto-linking), with link previews off;
- a reply the coach marks private (``coach_private``: progress reports, draft reviews)
  asked outside a DM is sent as an ephemeral message only the asker sees (a DM if
  that fails), with a short public note in the thread.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
from http import HTTPStatus
from typing import Any, Awaitable, Callable, Dict, Hashable, List

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.slack import SlackBot, SlackInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from channels.access import MAX_BODY_BYTES, too_large
from channels.dedupe import deliveries
from channels.formatting import slack_mrkdwn
from channels.tip_views import slack_button_blocks
from coach.limits import cap_message
from coach.markup import PRIVATE

logger = logging.getLogger(__name__)

DEFAULT_API_URL = "https://slack.com/api/"
SECTION_LIMIT = 3000  # characters in one section block's text (Slack's limit)
BUTTON_TEXT_LIMIT = 75
BUTTONS_PER_MESSAGE = 25
# Message subtypes a person writes (plain, with a file attached, or a thread reply also
# sent to the channel); edits, deletions, joins and bot posts are not answered.
USER_SUBTYPES = {None, "file_share", "thread_broadcast"}
NOT_CONFIGURED = ("Slack is not configured on this coach: set SLACK_BOT_TOKEN and "
                  "SLACK_SIGNING_SECRET (see .env.example).")
PRIVATE_NOTE = "I've sent you the answer privately (only you can see it)."


class CoachSlackOutput(SlackBot):
    """Posts one message per reply: mrkdwn sections, then the buttons."""

    def __init__(self, token: str, slack_channel: str | None, thread_id: str | None,
                 proxy: str | None, api_url: str, direct: bool = True) -> None:
        super().__init__(token, slack_channel, thread_id, proxy)
        self.client = AsyncWebClient(token, proxy=proxy, base_url=api_url)
        self.direct = direct  # a DM with the trainee: everything may be said here
        self._noted = False  # the public "sent privately" note, once per message

    async def _post_message(self, channel: str, **kwargs: Any) -> None:
        if self.thread_id:
            kwargs["thread_ts"] = self.thread_id
        try:
            await self.client.chat_postMessage(channel=channel, unfurl_links=False,
                                               unfurl_media=False, **kwargs)
        except SlackApiError as error:
            # A failed post must not take the conversation down; the log says why.
            logger.error("Slack refused chat.postMessage: %s", error.response.get("error"))

    async def _post_private(self, user: str, **kwargs: Any) -> None:
        """To the asker only: ephemeral in this channel (or thread), else their DM."""
        channel = self.slack_channel or user
        try:
            await self.client.chat_postEphemeral(channel=channel, user=user,
                                                 thread_ts=self.thread_id, **kwargs)
        except SlackApiError as error:
            logger.warning("Slack refused chat.postEphemeral (%s); sending a DM instead.",
                           error.response.get("error"))
            try:  # posting to a user id lands in the app's DM with them
                await self.client.chat_postMessage(channel=user, unfurl_links=False,
                                                   unfurl_media=False, **kwargs)
            except SlackApiError as dm_error:
                logger.error("Slack refused the private reply: %s",
                             dm_error.response.get("error"))
                return
        if not self._noted:
            self._noted = True
            await self._post_message(channel, text=PRIVATE_NOTE, blocks=_blocks(PRIVATE_NOTE))

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self._post_reply(recipient_id, text, [], bool(kwargs.get(PRIVATE)))

    async def send_text_with_buttons(self, recipient_id: str, text: str,
                                     buttons: List[Dict[str, Any]], **kwargs: Any) -> None:
        await self._post_reply(recipient_id, text, buttons, bool(kwargs.get(PRIVATE)))

    async def _post_reply(self, recipient_id: str, text: str,
                          buttons: List[Dict[str, Any]], private: bool = False) -> None:
        mrkdwn = slack_mrkdwn(text)
        blocks = _blocks(mrkdwn)
        # A tip's Steps / Why it works / Source get their own row; their answer is posted
        # in the thread (replies always are).
        blocks += slack_button_blocks(buttons, BUTTONS_PER_MESSAGE, BUTTON_TEXT_LIMIT)
        # `text` is the notification and screen-reader fallback for the blocks.
        if private and not self.direct:
            await self._post_private(recipient_id, text=mrkdwn[:3900], blocks=blocks)
            return
        await self._post_message(self.slack_channel or recipient_id, text=mrkdwn[:3900],
                                 blocks=blocks)

    async def send_image_url(self, recipient_id: str, image: str, **kwargs: Any) -> None:
        if not image.startswith("https://") or (kwargs.get(PRIVATE) and not self.direct):
            return  # Slack only shows images it can fetch itself (charts are web-chat only)
        await self._post_message(self.slack_channel or recipient_id, text=image,
                                 blocks=[{"type": "image", "image_url": image,
                                          "alt_text": "chart"}])

    async def send_custom_json(self, recipient_id: str, json_message: Dict[str, Any],
                               **kwargs: Any) -> None:
        # Only into this conversation: a custom payload never picks another channel.
        json_message = {key: value for key, value in json_message.items()
                        if key in ("text", "blocks")}
        await self._post_message(self.slack_channel or recipient_id, **json_message)


class CoachSlackInput(SlackInput):
    """Rasa's Slack input with signature checks, deduplication and threaded replies."""

    @classmethod
    def name(cls) -> str:
        return "slack"

    @classmethod
    def from_credentials(cls, credentials: Dict[str, Any] | None) -> CoachSlackInput:
        credentials = credentials or {}
        return cls(
            slack_token=credentials.get("slack_token") or os.environ.get("SLACK_BOT_TOKEN", ""),
            slack_signing_secret=credentials.get("slack_signing_secret")
            or os.environ.get("SLACK_SIGNING_SECRET", ""),
            api_url=credentials.get("slack_api_url")
            or os.environ.get("SLACK_API_URL") or DEFAULT_API_URL,
        )

    def __init__(self, slack_token: str, slack_signing_secret: str,
                 api_url: str = DEFAULT_API_URL) -> None:
        self.api_url = api_url if api_url.endswith("/") else api_url + "/"
        self.deliveries = deliveries("slack")
        # Threads always; one conversation per Slack user, whichever channel they write in.
        super().__init__(slack_token, slack_retry_reason_header="x-slack-retry-reason",
                         slack_retry_number_header="x-slack-retry-num",
                         slack_signing_secret=slack_signing_secret,
                         use_threads=True, conversation_granularity="sender")

    @property
    def configured(self) -> bool:
        return bool(self.slack_token and self.slack_signing_secret)

    def _validate_credentials(self) -> None:
        # Rasa refuses to start without a signing secret; the coach starts and
        # answers Slack with 503 instead, so the default setup needs no Slack app.
        if not self.configured:
            logger.info(NOT_CONFIGURED)

    def get_output_channel(self, channel: str | None = None,
                           thread_id: str | None = None) -> OutputChannel:
        channel = channel or self.slack_channel
        return CoachSlackOutput(self.slack_token, channel, thread_id, self.proxy,
                                self.api_url, direct=_is_direct(channel))

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        slack_webhook = Blueprint("coach_slack_webhook", __name__)

        @slack_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok", "configured": self.configured})

        @slack_webhook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            if not self.configured:
                return response.text(NOT_CONFIGURED, status=HTTPStatus.SERVICE_UNAVAILABLE)
            if too_large(request.headers, request.body, MAX_BODY_BYTES):
                return response.text("Request too large.",
                                     status=HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
            if not self.is_request_from_slack_authentic(request):
                logger.warning("Rejected a Slack request with a missing, stale or wrong "
                               "signature.")
                return response.text("Request signature missing, stale or wrong.",
                                     status=HTTPStatus.UNAUTHORIZED)
            content_type = (request.headers.get("content-type") or "").split(";")[0].strip()
            try:
                if content_type == "application/json":
                    return await self._handle_event(request, on_new_message)
                if content_type == "application/x-www-form-urlencoded":
                    return await self._handle_interaction(request, on_new_message)
            except (ValueError, KeyError, TypeError, AttributeError) as error:
                logger.warning("Malformed Slack request: %r", error)
                return response.text("Malformed request.", status=HTTPStatus.BAD_REQUEST)
            return response.text("Unsupported content type.", status=HTTPStatus.BAD_REQUEST)

        return slack_webhook

    async def _handle_event(self, request: Request,
                            on_new_message: Callable[[UserMessage], Awaitable[Any]]
                            ) -> HTTPResponse:
        body = json.loads(request.body)
        if body.get("type") == "url_verification":
            return response.json({"challenge": body.get("challenge", "")})
        event = body.get("event") or {}
        if not self._is_user_message(body) or event.get("subtype") not in USER_SUBTYPES:
            return response.text("Not a user message; ignored.")
        metadata = self.get_metadata(request)
        if not self._is_supported_channel(body, metadata):
            return response.text("Channel not supported.")
        # The same message can arrive again as a retry (same event id) or through a
        # second subscription (same channel and timestamp): answer it once.
        keys = [("event", body.get("event_id")), ("message", event.get("channel"), event.get("ts"))]
        if not self._first_delivery(request, keys):
            return _acknowledge_duplicate()
        text = self._sanitize_user_message(event.get("text", ""), metadata["users"])
        self._dispatch(on_new_message, text, event["user"], metadata)
        return response.text("")

    async def _handle_interaction(self, request: Request,
                                  on_new_message: Callable[[UserMessage], Awaitable[Any]]
                                  ) -> HTTPResponse:
        payload = json.loads(request.form["payload"][0])
        if not self._is_interactive_message(payload):
            return response.text("Interaction not supported; ignored.")
        action = payload["actions"][0]
        text = self._get_interactive_response(action)
        if text is None:
            return response.text("Link button; nothing to do.")
        user = payload["user"]["id"]
        if not self._first_delivery(request, [("action", user, action.get("action_ts"),
                                               action.get("action_id"))]):
            return _acknowledge_duplicate()
        self._dispatch(on_new_message, text, user, self.get_metadata(request))
        return response.text("")

    def _first_delivery(self, request: Request, keys: List[Hashable]) -> bool:
        keys = [key for key in keys if all(part is not None for part in key)]
        fresh = [self.deliveries.first_time(key) for key in keys]  # remember every key
        if all(fresh):
            return True
        logger.info("Dropped a repeated Slack delivery (retry %s, reason %s).",
                    request.headers.get(self.retry_num_header),
                    request.headers.get(self.retry_reason_header))
        return False

    def _dispatch(self, on_new_message: Callable[[UserMessage], Awaitable[Any]], text: str,
                  user_id: str, metadata: Dict[str, Any]) -> None:
        """Answer in the background: Slack wants its 200 within three seconds."""
        output = self.get_output_channel(metadata.get("out_channel"), metadata.get("thread_id"))
        text, note = cap_message(text if isinstance(text, str) else "")
        message = UserMessage(text, output, user_id, input_channel=self.name(),
                              metadata=metadata)
        task = asyncio.create_task(_answer(on_new_message, message, output, note))
        self._background_tasks.add(task)  # Rasa's set: keeps the task alive until done
        task.add_done_callback(self._finished)

    def _finished(self, task: asyncio.Task) -> None:
        self._background_tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            logger.error("The coach failed on a Slack message.", exc_info=task.exception())


async def _answer(on_new_message: Callable[[UserMessage], Awaitable[Any]],
                  message: UserMessage, output: OutputChannel, note: str | None) -> None:
    await on_new_message(message)
    if note:  # the text was cut: say so after the answer
        await output.send_text_message(message.sender_id, note)


def _is_direct(channel: str | None) -> bool:
    """A DM with the coach (Slack's DM channel ids start with D)."""
    return bool(channel) and channel.startswith("D")


def _blocks(mrkdwn: str) -> List[Dict[str, Any]]:
    # verbatim: Slack shows the text as written and does not turn URLs or channel names
    # the trainee typed into links.
    return [{"type": "section", "text": {"type": "mrkdwn", "text": chunk, "verbatim": True}}
            for chunk in _chunks(mrkdwn, SECTION_LIMIT)]


def _acknowledge_duplicate() -> HTTPResponse:
    return response.text("Already handled.", headers={"X-Slack-No-Retry": "1"})


def _chunks(text: str, limit: int) -> List[str]:
    """Split at paragraph, then line boundaries so no chunk exceeds Slack's limit."""
    chunks: List[str] = []
    current = ""
    for line in text.split("\n"):
        for piece in [line[start:start + limit] for start in range(0, len(line), limit)] or [""]:
            candidate = f"{current}\n{piece}" if current else piece
            if current and len(candidate) > limit:
                chunks.append(current)
                current = piece
            else:
                current = candidate
    chunks.append(current)
    return [chunk if chunk.strip() else " " for chunk in chunks]

