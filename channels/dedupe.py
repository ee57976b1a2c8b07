"""Remember which platform deliveries were already handled, so a retry is answered once.

One interface (``first_time(key)``), two backends, picked by ``deliveries()``:

- ``RecentKeys``: in memory, per server process; enough for one process.
- ``RedisRecentKeys``: in Redis (``SET NX`` with an expiry), shared by every
  worker and replica that uses the same ``COACH_REDIS_URL``, so a Slack retry
  that reaches another replica is still dropped.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
import time
from collections import OrderedDict
from typing import Callable, Hashable, Protocol

from coach.settings import load_settings

logger = logging.getLogger(__name__)

# Slack retries within minutes and the Bot Framework within seconds: an hour is ample.
DEFAULT_TTL_S = 3600


class Deliveries(Protocol):
    def first_time(self, key: Hashable) -> bool:
        """True the first time a key is offered (and remembers it); False for a repeat."""


class RecentKeys:
    """Keys seen in the last ``ttl`` seconds (at most ``capacity`` of them), in memory."""

    def __init__(self, ttl: float = DEFAULT_TTL_S, capacity: int = 50_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl = ttl
        self.capacity = capacity
        self._clock = clock
        self._seen: OrderedDict[Hashable, float] = OrderedDict()
        self._lock = threading.Lock()

    def first_time(self, key: Hashable) -> bool:
        now = self._clock()
        with self._lock:
            while self._seen:
                oldest_key, seen_at = next(iter(self._seen.items()))
                if now - seen_at <= self.ttl and len(self._seen) < self.capacity:
                    break
                self._seen.popitem(last=False)
            if key in self._seen:
                return False
            self._seen[key] = now
            return True


class RedisRecentKeys:
    """Keys seen in the last ``ttl`` seconds, in Redis: one ``SET key 1 NX EX ttl`` each.

    ``SET NX`` is atomic, so of two replicas offered the same delivery at the same
    moment exactly one gets True. If Redis cannot be reached the delivery is
    treated as new (and logged): answering a retry twice is better than dropping
    a trainee's message.
    """

    def __init__(self, url: str, namespace: str, ttl: int = DEFAULT_TTL_S,
                 socket_timeout: float = 2.0) -> None:
        import redis

        self._redis = redis.Redis.from_url(url, socket_timeout=socket_timeout,
                                           socket_connect_timeout=socket_timeout)
        self._errors = (redis.RedisError, OSError)
        self.prefix = f"coach:delivery:{namespace}:"
        self.ttl = ttl

    def key_for(self, key: Hashable) -> str:
        # Keys are tuples of ids from the platform; hashed so any length or character fits.
        digest = hashlib.sha256(json.dumps(key, default=str).encode()).hexdigest()
        return self.prefix + digest

    def first_time(self, key: Hashable) -> bool:
        try:
            return bool(self._redis.set(self.key_for(key), 1, nx=True, ex=self.ttl))
        except self._errors as error:
            logger.warning("Duplicate filter unavailable (Redis: %s); handling the delivery.",
                           error)
            return True


def deliveries(namespace: str) -> Deliveries:
    """The duplicate filter for one channel: in Redis when ``COACH_REDIS_URL`` is set."""
    url = load_settings().redis_url
    if url:
        return RedisRecentKeys(url, namespace)
    return RecentKeys()
