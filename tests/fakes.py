"""Local stand-ins for Slack's and Microsoft's side of the channels, for offline tests.

- ``FakeSlack`` is the Slack Web API: it records every ``chat.postMessage`` and
  ``chat.postEphemeral`` (the latter with ``ephemeral: True``).
  ``slack_request`` builds signed Events API and interactivity requests.
- ``FakeMicrosoft`` is the Bot Framework's side: OpenID metadata and signing
  keys (a test RSA key), the token endpoint, and the ``serviceUrl`` where the
  coach posts its replies, which it records. ``activity_token`` signs activities.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import threading
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, List, Tuple

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

SLACK_SIGNING_SECRET = "test-signing-secret"
SLACK_BOT_TOKEN = "xoxb-test-token"
SLACK_BOT_USER = "UCOACHBOT"
TEAMS_APP_ID = "11111111-2222-3333-4444-555555555555"
TEAMS_APP_PASSWORD = "test-app-password"
TEAMS_KEY_ID = "test-key-1"
BOTFRAMEWORK_ISSUER = "https://api.botframework.com"
TEAMS_TENANT_ID = "test-tenant"


class _Server:
    """A threaded HTTP server on a free local port; subclasses route requests."""

    def __init__(self) -> None:
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # keep test output quiet
                pass

            def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
                self._answer(server.route("GET", self.path, self.headers, b""))

            def do_POST(self) -> None:  # noqa: N802
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                self._answer(server.route("POST", self.path, self.headers, body))

            def _answer(self, reply: Tuple[int, Dict[str, Any]]) -> None:
                status, payload = reply
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.lock = threading.Lock()
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def route(self, method: str, path: str, headers: Any, body: bytes) -> Tuple[int, Dict]:
        raise NotImplementedError

    def close(self) -> None:
        self.httpd.shutdown()


def wait_for(condition: Callable[[], Any], timeout: float = 30.0, quiet: float = 0.0) -> Any:
    """Poll until condition() is truthy and has not changed for ``quiet`` seconds."""
    deadline = time.monotonic() + timeout
    last, since = None, time.monotonic()
    while time.monotonic() < deadline:
        value = condition()
        if value != last:
            last, since = value, time.monotonic()
        if value and time.monotonic() - since >= quiet:
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out after {timeout} s (last value: {last!r})")


# -- Slack ---------------------------------------------------------------------------------


class FakeSlack(_Server):
    """The Slack Web API, as far as the coach uses it."""

    def __init__(self) -> None:
        self.posts: List[Dict[str, Any]] = []
        super().__init__()

    @property
    def api_url(self) -> str:
        return f"{self.url}/api/"

    def route(self, method: str, path: str, headers: Any, body: bytes) -> Tuple[int, Dict]:
        if headers.get("Authorization") != f"Bearer {SLACK_BOT_TOKEN}":
            return 200, {"ok": False, "error": "invalid_auth"}
        method_name = path.rstrip("/").rsplit("/", 1)[-1]
        if method_name not in ("chat.postMessage", "chat.postEphemeral"):
            return 200, {"ok": False, "error": "unknown_method"}
        if "json" in (headers.get("Content-Type") or ""):
            args = json.loads(body or b"{}")
        else:
            args = {k: v[0] for k, v in urllib.parse.parse_qs(body.decode()).items()}
            if isinstance(args.get("blocks"), str):
                args["blocks"] = json.loads(args["blocks"])
        if method_name == "chat.postEphemeral":
            if not args.get("user"):
                return 200, {"ok": False, "error": "user_not_in_channel"}
            args["ephemeral"] = True
        with self.lock:
            self.posts.append(args)
            ts = f"{time.time():.6f}"
        if method_name == "chat.postEphemeral":
            return 200, {"ok": True, "message_ts": ts}
        return 200, {"ok": True, "channel": args.get("channel"), "ts": ts}

    def posts_in(self, channel: str) -> List[Dict[str, Any]]:
        with self.lock:
            return [post for post in self.posts if post.get("channel") == channel]


def slack_signature(body: bytes, timestamp: str, secret: str = SLACK_SIGNING_SECRET) -> str:
    digest = hmac.new(secret.encode(), f"v0:{timestamp}:".encode() + body, hashlib.sha256)
    return "v0=" + digest.hexdigest()


def slack_request(body: bytes, content_type: str, secret: str | None = SLACK_SIGNING_SECRET,
                  timestamp: float | None = None, retry: int = 0) -> Dict[str, Any]:
    """Keyword arguments for ``requests.post``: a request signed as Slack signs it."""
    stamp = str(int(timestamp if timestamp is not None else time.time()))
    headers = {"Content-Type": content_type, "X-Slack-Request-Timestamp": stamp}
    if secret is not None:
        headers["X-Slack-Signature"] = slack_signature(body, stamp, secret)
    if retry:
        headers.update({"X-Slack-Retry-Num": str(retry), "X-Slack-Retry-Reason": "http_timeout"})
    return {"data": body, "headers": headers}


def slack_event(text: str, user: str, channel: str, channel_type: str = "im",
                event_type: str = "message", thread_ts: str | None = None,
                event_id: str | None = None, ts: str | None = None) -> Dict[str, Any]:
    event = {"type": event_type, "user": user, "text": text, "channel": channel,
             "channel_type": channel_type, "ts": ts or f"{time.time():.6f}"}
    if thread_ts:
        event["thread_ts"] = thread_ts
    return {"type": "event_callback", "team_id": "TTEST", "api_app_id": "ATEST",
            "event_id": event_id or f"Ev{uuid.uuid4().hex[:10].upper()}",
            "event_time": int(time.time()), "event": event,
            "authorizations": [{"user_id": SLACK_BOT_USER, "is_bot": True}]}


def slack_click(user: str, channel: str, message: Dict[str, Any],
                button: Dict[str, Any]) -> bytes:
    """The interactivity payload Slack sends when a Block Kit button is clicked."""
    payload = {"type": "block_actions", "user": {"id": user}, "channel": {"id": channel},
               "trigger_id": uuid.uuid4().hex,
               "message": {"ts": message["ts"], "thread_ts": message.get("thread_ts"),
                           "text": message.get("text", "")},
               "actions": [{"type": "button", "action_id": button["action_id"],
                            "value": button["value"], "text": button["text"],
                            "action_ts": f"{time.time():.6f}"}]}
    return urllib.parse.urlencode({"payload": json.dumps(payload)}).encode()


# -- Microsoft Teams -----------------------------------------------------------------------


@dataclass
class CapturedReply:
    path: str
    authorization: str
    activity: Dict[str, Any]


class FakeMicrosoft(_Server):
    """Bot Framework keys and token service, plus the serviceUrl replies are posted to."""

    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.access_token = f"bot-token-{uuid.uuid4().hex}"
        self.replies: List[CapturedReply] = []
        self.token_requests: List[Dict[str, str]] = []
        self.created_conversations: List[Dict[str, Any]] = []  # personal chats the bot opened
        super().__init__()

    @property
    def metadata_url(self) -> str:
        return f"{self.url}/openid"

    @property
    def service_url(self) -> str:
        return f"{self.url}/teams/"

    def route(self, method: str, path: str, headers: Any, body: bytes) -> Tuple[int, Dict]:
        if method == "GET" and path == "/openid":
            return 200, {"issuer": BOTFRAMEWORK_ISSUER, "jwks_uri": f"{self.url}/keys",
                         "id_token_signing_alg_values_supported": ["RS256"]}
        if method == "GET" and path == "/keys":
            jwk = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
            jwk.update({"kid": TEAMS_KEY_ID, "use": "sig", "endorsements": ["msteams"]})
            return 200, {"keys": [jwk]}
        if method == "POST" and path.endswith("/oauth2/v2.0/token"):
            form = {k: v[0] for k, v in urllib.parse.parse_qs(body.decode()).items()}
            self.token_requests.append({"path": path, **form})
            if (form.get("client_id"), form.get("client_secret")) != (TEAMS_APP_ID,
                                                                      TEAMS_APP_PASSWORD):
                return 401, {"error": "invalid_client"}
            return 200, {"token_type": "Bearer", "expires_in": 3600,
                         "access_token": self.access_token}
        if method == "POST" and path.rstrip("/") == "/teams/v3/conversations":
            # Bot Framework "create conversation": the bot opens a 1:1 chat with a user.
            request = json.loads(body)
            members = request.get("members") or []
            if headers.get("Authorization") != f"Bearer {self.access_token}" or len(members) != 1:
                return 400, {"error": {"code": "BadArgument"}}
            conversation_id = f"a:personal-{members[0].get('id')}"
            with self.lock:
                self.created_conversations.append(request)
            return 200, {"id": conversation_id}
        if method == "POST" and path.startswith("/teams/v3/conversations/"):
            with self.lock:
                self.replies.append(CapturedReply(path, headers.get("Authorization", ""),
                                                  json.loads(body)))
            return 200, {"id": uuid.uuid4().hex}
        return 404, {"error": "not found"}

    def replies_to(self, conversation_id: str) -> List[CapturedReply]:
        with self.lock:
            return [r for r in self.replies
                    if r.activity.get("conversation", {}).get("id") == conversation_id]

    def activity_token(self, service_url: str | None = None, audience: str = TEAMS_APP_ID,
                       issuer: str = BOTFRAMEWORK_ISSUER, expires_in: int = 3600,
                       key: Any = None, key_id: str = TEAMS_KEY_ID) -> str:
        now = int(time.time())
        claims = {"iss": issuer, "aud": audience, "iat": now - 10, "nbf": now - 10,
                  "exp": now + expires_in, "serviceUrl": service_url or self.service_url}
        return jwt.encode(claims, key or self.key, algorithm="RS256",
                          headers={"kid": key_id})


@dataclass
class TeamsUser:
    """One Teams user in one conversation; builds the activities Teams would send."""

    user_id: str
    conversation_id: str
    conversation_type: str = "personal"
    tenant_id: str = TEAMS_TENANT_ID
    activities: List[Dict[str, Any]] = field(default_factory=list)

    def message(self, service_url: str, text: str = "",
                value: Dict[str, Any] | None = None) -> Dict[str, Any]:
        activity = {
            "type": "message", "id": uuid.uuid4().hex[:16], "channelId": "msteams",
            "serviceUrl": service_url, "timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "from": {"id": self.user_id, "name": "Trainee", "aadObjectId": str(uuid.uuid4())},
            "recipient": {"id": f"28:{TEAMS_APP_ID}", "name": "Sales Coach"},
            "conversation": {"id": self.conversation_id,
                             "conversationType": self.conversation_type,
                             "tenantId": self.tenant_id},
            "channelData": {"tenant": {"id": self.tenant_id}},
            "text": text, "textFormat": "plain", "locale": "en-US",
        }
        if value is not None:
            activity["value"] = value
        self.activities.append(activity)
        return activity

