"""A Redis lock store whose every change to a conversation's lock is atomic.

Rasa 3.6's ``RedisLockStore`` reads a conversation's ticket lock, changes it in
Python and writes it back as two separate Redis commands. Two replicas (or two
Sanic workers) handling one trainee at the same moment can both read the same
lock and both write it back with "their" ticket first, so both process the
trainee's messages at once: with it, 1 to 6 of 20 simultaneous messages from one
trainee were lost. Here every read-modify-write (issue a ticket, drop expired
tickets, finish a ticket, clean up) runs as one Redis optimistic transaction
(``WATCH`` the key, ``MULTI``/``EXEC`` the write, retried when another process
changed the key in between), so tickets are handed out strictly one by one.

The stored format is Rasa's own (``TicketLock.dumps()``), so Rasa's reading code
is reused unchanged. Each key also expires with its last ticket, so a process
that dies holding a lock leaves nothing behind for longer than a lock lifetime.

Configured in the endpoints file (``tools/servers.py`` writes it when
``COACH_REDIS_URL`` is set)::

    lock_store:
      type: stores.redis_lock_store.AtomicRedisLockStore
      url: redis://127.0.0.1:6379/0
"""

from __future__ import annotations

import json
import math
import time
from typing import Any, Callable, Tuple

import redis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import (
    DEFAULT_REDIS_LOCK_STORE_KEY_PREFIX,
    DEFAULT_SOCKET_TIMEOUT_IN_SECONDS,
    LOCK_LIFETIME,
    LockError,
    RedisLockStore,
)
from rasa.utils.endpoints import EndpointConfig

# Rasa polls a busy lock once a second; a trainee's second message would then wait
# up to a second longer than needed. A Redis GET every 50 ms per waiting message is cheap.
WAIT_BETWEEN_ATTEMPTS_S = 0.05
# A key outlives its last ticket by this much, then Redis drops it by itself.
EXPIRY_MARGIN_S = 5.0

Change = Callable[[TicketLock | None], Tuple[Any, TicketLock | None]]


class AtomicRedisLockStore(RedisLockStore):
    """``RedisLockStore`` with atomic ticket handling (see the module docstring)."""

    def __init__(self, endpoint_config: EndpointConfig | None = None,
                 url: str | None = None, key_prefix: str | None = None,
                 socket_timeout: float = DEFAULT_SOCKET_TIMEOUT_IN_SECONDS) -> None:
        # Not RedisLockStore.__init__: it takes host/port/db apart, and one URL
        # (redis:// or rediss://, with password and db) is what COACH_REDIS_URL holds.
        config = endpoint_config.kwargs if endpoint_config else {}
        url = url or (endpoint_config.url if endpoint_config else None)
        if not url:
            raise ValueError("AtomicRedisLockStore needs a Redis URL (url: redis://host:port/db)")
        self.red = redis.Redis.from_url(
            url, socket_timeout=float(config.get("socket_timeout", socket_timeout)))
        self.key_prefix = DEFAULT_REDIS_LOCK_STORE_KEY_PREFIX
        key_prefix = key_prefix or config.get("key_prefix")
        if key_prefix:
            self._set_key_prefix(key_prefix)

    # -- the atomic core ----------------------------------------------------------------------

    def _change(self, conversation_id: str, change: Change) -> Any:
        """Apply ``change`` to the stored lock in one optimistic transaction.

        ``change`` gets the current lock (or None) and returns (result, new lock);
        a new lock of None deletes the key. redis-py re-runs the whole function when
        another client wrote the key between our read and our write.
        """
        key = self.key_prefix + conversation_id
        outcome: list = []

        def transaction(pipe: redis.client.Pipeline) -> None:
            raw = pipe.get(key)
            lock = TicketLock.from_dict(json.loads(raw)) if raw else None
            result, new_lock = change(lock)
            pipe.multi()
            if new_lock is None:
                pipe.delete(key)
            else:
                pipe.set(key, new_lock.dumps(), px=_expiry_ms(new_lock))
            outcome[:] = [result]

        self.red.transaction(transaction, key)
        return outcome[0]

    # -- LockStore's read-modify-write operations, each made atomic ----------------------------

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        def issue(lock: TicketLock | None) -> Tuple[int, TicketLock]:
            lock = lock or self.create_lock(conversation_id)
            return lock.issue_ticket(lock_lifetime), lock

        try:
            return self._change(conversation_id, issue)
        except redis.RedisError as error:
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    def update_lock(self, conversation_id: str) -> None:
        def drop_expired(lock: TicketLock | None) -> Tuple[None, TicketLock | None]:
            if lock is not None:
                lock.remove_expired_tickets()
            return None, lock

        self._change(conversation_id, drop_expired)

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        def finish(lock: TicketLock | None) -> Tuple[None, TicketLock | None]:
            if lock is not None:
                lock.remove_ticket_for(ticket_number)
            return None, lock

        self._change(conversation_id, finish)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        # Finishing and deleting an empty lock in one step: done apart, a ticket issued
        # in between would be deleted with the lock.
        def finish_and_drop_if_idle(lock: TicketLock | None
                                    ) -> Tuple[None, TicketLock | None]:
            if lock is None:
                return None, None
            lock.remove_ticket_for(ticket_number)
            return None, lock if lock.is_someone_waiting() else None

        self._change(conversation_id, finish_and_drop_if_idle)

    def save_lock(self, lock: TicketLock) -> None:
        self.red.set(self.key_prefix + lock.conversation_id, lock.dumps(), px=_expiry_ms(lock))

    def lock(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME,
             wait_time_in_seconds: float = WAIT_BETWEEN_ATTEMPTS_S):  # type: ignore[override]
        return super().lock(conversation_id, lock_lifetime, wait_time_in_seconds)


def _expiry_ms(lock: TicketLock) -> int:
    last = max((ticket.expires for ticket in lock.tickets), default=time.time())
    return max(1, math.ceil((last - time.time() + EXPIRY_MARGIN_S) * 1000))
