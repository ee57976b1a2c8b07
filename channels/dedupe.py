"""Remember which platform deliveries were already handled, so a retry is answered once."""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from typing import Callable, Hashable


class RecentKeys:
    """Keys seen in the last ``ttl`` seconds (at most ``capacity`` of them).

    In memory, per server process: Slack retries within minutes and the Bot
    Framework within seconds, so a bounded window is enough for one server.
    """

    def __init__(self, ttl: float = 3600.0, capacity: int = 50_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl = ttl
        self.capacity = capacity
        self._clock = clock
        self._seen: OrderedDict[Hashable, float] = OrderedDict()
        self._lock = threading.Lock()

    def first_time(self, key: Hashable) -> bool:
        """True the first time a key is offered (and remembers it); False for a repeat."""
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
