"""Real services for the deployment tests: Redis and PostgreSQL on this machine.

``COACH_TEST_REDIS_URL`` (``./run test`` sets it when Redis answers at
127.0.0.1:6379; CI's ``.ci/run`` always sets it) and ``COACH_TEST_POSTGRES_URL``
name them. Tests that need one are skipped when it is not set, and fail when it
is set but unreachable. Every test works in its own key prefix or database and
removes it afterwards.
"""

from __future__ import annotations

import os
import uuid

import pytest


@pytest.fixture(scope="session")
def redis_url() -> str:
    url = os.environ.get("COACH_TEST_REDIS_URL", "")
    if not url:
        pytest.skip("COACH_TEST_REDIS_URL not set (no Redis for the deployment tests)")
    return url


@pytest.fixture
def redis_prefix(redis_url):
    """A fresh key prefix; its keys are deleted afterwards (never FLUSHDB: Redis is shared)."""
    import redis

    prefix = f"test{uuid.uuid4().hex[:10]}"
    yield prefix
    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(f"*{prefix}*"))
    if keys:
        client.delete(*keys)
