"""The coach's server secret and the credentials it signs (web chat sessions, REST senders).

Every process of one coach must sign with the same key, or a web chat session issued by
one Rasa worker is refused by the next. The key is ``COACH_SECRET_KEY`` from the
environment (set the same value on every replica); without it, a random key is created
once in ``var/secret-key`` (mode 0600) and shared by every process of this checkout.

Each kind of credential signs its own prefix, so a value issued for one purpose (a web
chat session) is never valid for another (a REST sender).
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
import os
import re
import secrets
import threading
from pathlib import Path

from coach import settings

SECRET_ENV = "COACH_SECRET_KEY"
KEY_FILE = "secret-key"
_SESSION_BYTES = 24  # 192 random bits: 32 URL-safe characters
_SESSION_PART = r"[A-Za-z0-9_-]{32}"
_MAC_PART = r"[A-Za-z0-9_-]{43}"  # a SHA-256 HMAC, URL-safe base64 without padding
# \A and \Z, not ^ and $: "$" would also accept a trailing newline.
SESSION_CREDENTIAL = re.compile(rf"\A({_SESSION_PART})\.({_MAC_PART})\Z")
_TOKEN = re.compile(rf"\A{_MAC_PART}\Z")

_lock = threading.Lock()
_cache: dict = {}


var_dir = settings.var_dir  # one definition of where runtime files live


def secret_key() -> bytes:
    """The server secret: $COACH_SECRET_KEY, else var/secret-key (created once)."""
    configured = os.environ.get(SECRET_ENV, "").strip()
    if configured:
        return configured.encode("utf-8")
    path = var_dir() / KEY_FILE
    with _lock:
        if path not in _cache:
            _cache[path] = _read_or_create(path)
        return _cache[path]


def _read_or_create(path: Path) -> bytes:
    """Race-free: the key is written whole to a private file, then linked into place.

    ``os.link`` fails if the name exists, so when several processes start at once exactly
    one key wins and every process reads that one; nobody ever reads a half-written file.
    """
    try:
        existing = path.read_bytes().strip()
    except FileNotFoundError:
        existing = b""
    if existing:
        return existing
    path.parent.mkdir(parents=True, exist_ok=True)
    candidate = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}")
    descriptor = os.open(candidate, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(secrets.token_urlsafe(48).encode("ascii") + b"\n")
            handle.flush()
            os.fsync(handle.fileno())
        with contextlib.suppress(FileExistsError):  # another process was first: use its key
            os.link(candidate, path)
    finally:
        candidate.unlink(missing_ok=True)
    key = path.read_bytes().strip()
    if not key:
        raise RuntimeError(f"{path} is empty: delete it or set {SECRET_ENV}")
    return key


def _mac(purpose: str, value: str) -> str:
    digest = hmac.new(secret_key(), f"{purpose}\0{value}".encode(), hashlib.sha256)
    return base64.urlsafe_b64encode(digest.digest()).rstrip(b"=").decode("ascii")


# -- web chat sessions ----------------------------------------------------------------------


def new_session() -> str:
    """A fresh web chat session credential: '<random id>.<signature>'."""
    session_id = secrets.token_urlsafe(_SESSION_BYTES)
    return f"{session_id}.{_mac('webchat-session', session_id)}"


def session_id(credential: object) -> str | None:
    """The session id of a credential this coach issued, or None (forged, foreign, malformed)."""
    if not isinstance(credential, str):
        return None
    match = SESSION_CREDENTIAL.match(credential)
    if not match:
        return None
    session, mac = match.groups()
    return session if hmac.compare_digest(mac, _mac("webchat-session", session)) else None


# -- REST senders ----------------------------------------------------------------------------


def sender_token(sender: str) -> str:
    """The credential that lets a REST client speak as ``sender`` from anywhere."""
    return _mac("rest-sender", sender)


def valid_sender_token(sender: object, token: object) -> bool:
    return (isinstance(sender, str) and isinstance(token, str) and bool(_TOKEN.match(token))
            and hmac.compare_digest(token, sender_token(sender)))
