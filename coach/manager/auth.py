"""Who may use the manager pages: the token, the session cookie and the rate limit.

The token comes from ``COACH_MANAGER_TOKEN``; it is compared in constant time. A browser
that signed in gets a cookie holding a JWT (PyJWT, HS256) with an expiry; its key is
derived from the token (and ``COACH_SECRET_KEY`` when set), so changing either signs
everyone out, and every replica checks cookies alike with nothing shared.

Failed attempts are counted per client. Over the limit, every attempt from that client is
refused (429 with Retry-After) until the window passes, the right token included:
otherwise the limit would still let a guesser learn which guess was right.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import threading
import time
from collections import OrderedDict, deque
from dataclasses import dataclass
from typing import Deque

import jwt

logger = logging.getLogger(__name__)

COOKIE_NAME = "coach_manager"
SESSION_SECONDS = 8 * 3600  # one working day
DEFAULT_MAX_FAILURES = 20
DEFAULT_FAILURE_WINDOW = 600  # seconds
_AUDIENCE = "coach-manager"


@dataclass(frozen=True)
class ManagerSettings:
    token: str  # empty: the manager side is off
    secret: str  # extra key material (COACH_SECRET_KEY), may be empty
    max_failures: int
    failure_window: int
    redis_url: str

    @property
    def enabled(self) -> bool:
        return bool(self.token)


def load_manager_settings() -> ManagerSettings:
    return ManagerSettings(
        token=os.environ.get("COACH_MANAGER_TOKEN", "").strip(),
        secret=os.environ.get("COACH_SECRET_KEY", "").strip(),
        max_failures=_positive_int("COACH_MANAGER_MAX_FAILURES", DEFAULT_MAX_FAILURES),
        failure_window=_positive_int("COACH_MANAGER_FAILURE_WINDOW", DEFAULT_FAILURE_WINDOW),
        redis_url=os.environ.get("COACH_REDIS_URL", "").strip(),
    )


def _positive_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    try:
        number = int(value)
    except ValueError:
        return default
    return number if number > 0 else default


def token_matches(expected: str, candidate: str | None) -> bool:
    """Constant-time comparison (of digests, so the length leaks nothing either)."""
    if not expected or not isinstance(candidate, str):
        return False
    return hmac.compare_digest(hashlib.sha256(candidate.encode("utf-8", "replace")).digest(),
                               hashlib.sha256(expected.encode("utf-8")).digest())


def bearer_token(header: str | None) -> str | None:
    """The token of an ``Authorization: Bearer <token>`` header, or None."""
    if not header:
        return None
    scheme, _, value = header.strip().partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def _cookie_key(settings: ManagerSettings) -> bytes:
    return hmac.new(f"{settings.secret}\x00{settings.token}".encode(),
                    b"coach-manager-session-cookie", hashlib.sha256).digest()


def issue_cookie(settings: ManagerSettings, now: float | None = None) -> str:
    issued = int(now if now is not None else time.time())
    return jwt.encode({"aud": _AUDIENCE, "iat": issued, "exp": issued + SESSION_SECONDS},
                      _cookie_key(settings), algorithm="HS256")


def cookie_valid(settings: ManagerSettings, value: str | None) -> bool:
    if not settings.enabled or not value or len(value) > 2000:
        return False
    try:
        jwt.decode(value, _cookie_key(settings), algorithms=["HS256"], audience=_AUDIENCE,
                   options={"require": ["exp", "iat", "aud"]})
    except jwt.PyJWTError:
        return False
    return True


class FailureLimiter:
    """Failed sign-in attempts per client in a sliding window, in this process's memory.

    Fine for one Rasa worker; replicas share ``RedisFailureLimiter`` instead.
    """

    MAX_CLIENTS = 10_000  # the table never grows without bound

    def __init__(self, max_failures: int, window: int) -> None:
        self.max_failures, self.window = max_failures, window
        self._failures: OrderedDict[str, Deque[float]] = OrderedDict()
        self._lock = threading.Lock()

    def retry_after(self, client: str, now: float | None = None) -> int:
        """Seconds until the client may try again (0: it may now)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            times = self._prune(client, now)
            if len(times) < self.max_failures:
                return 0
            return max(1, int(times[0] + self.window - now + 0.999))

    def fail(self, client: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            self._prune(client, now).append(now)
            self._failures.move_to_end(client)
            while len(self._failures) > self.MAX_CLIENTS:
                self._failures.popitem(last=False)

    def _prune(self, client: str, now: float) -> Deque[float]:
        times = self._failures.setdefault(client, deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        return times


class RedisFailureLimiter:
    """The same limit kept in Redis (``COACH_REDIS_URL``), shared by every replica.

    A fixed window per client: the first failure starts a counter that expires after the
    window. If Redis cannot be reached, the in-memory limiter stands in (logged), so a
    Redis outage neither locks managers out nor lifts the limit.
    """

    def __init__(self, url: str, max_failures: int, window: int) -> None:
        import redis

        self.max_failures, self.window = max_failures, window
        self._redis = redis.Redis.from_url(url, socket_timeout=2, socket_connect_timeout=2)
        self._fallback = FailureLimiter(max_failures, window)

    @staticmethod
    def _key(client: str) -> str:
        return f"coach:manager:failures:{client[:64]}"

    def retry_after(self, client: str) -> int:
        try:
            count = int(self._redis.get(self._key(client)) or 0)
            if count < self.max_failures:
                return 0
            return max(1, int(self._redis.ttl(self._key(client)) or 1))
        except Exception:  # noqa: BLE001 (any Redis failure: fall back, never crash)
            logger.exception("Redis unavailable for the manager rate limit; using memory.")
            return self._fallback.retry_after(client)

    def fail(self, client: str) -> None:
        try:
            pipe = self._redis.pipeline()
            # Create the counter with its expiry only if absent (works on any Redis version).
            pipe.set(self._key(client), 0, ex=self.window, nx=True)
            pipe.incr(self._key(client))
            pipe.execute()
        except Exception:  # noqa: BLE001
            logger.exception("Redis unavailable for the manager rate limit; using memory.")
            self._fallback.fail(client)


def make_limiter(settings: ManagerSettings) -> FailureLimiter | RedisFailureLimiter:
    if settings.redis_url:
        return RedisFailureLimiter(settings.redis_url, settings.max_failures,
                                   settings.failure_window)
    return FailureLimiter(settings.max_failures, settings.failure_window)
