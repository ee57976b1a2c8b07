"""The duplicate-delivery filter: shared in Redis by every replica, in memory without Redis."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from channels.dedupe import RecentKeys, RedisRecentKeys, deliveries


def test_two_replicas_share_one_redis_filter(redis_url, redis_prefix):
    first = RedisRecentKeys(redis_url, redis_prefix)
    other = RedisRecentKeys(redis_url, redis_prefix)
    key = ("event", "Ev123", None)
    assert first.first_time(key) is True
    assert other.first_time(key) is False and first.first_time(key) is False
    assert other.first_time(("event", "Ev124", None)) is True
    ttl = first._redis.ttl(first.key_for(key))
    assert 3500 < ttl <= 3600


def test_of_simultaneous_offers_exactly_one_wins(redis_url, redis_prefix):
    replicas = [RedisRecentKeys(redis_url, redis_prefix) for _ in range(8)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda r: r.first_time(("event", "EvRACE")), replicas))
    assert sorted(results) == [False] * 7 + [True]


def test_the_backend_follows_coach_redis_url(monkeypatch, redis_url):
    monkeypatch.delenv("COACH_REDIS_URL", raising=False)
    assert isinstance(deliveries("slack"), RecentKeys)
    monkeypatch.setenv("COACH_REDIS_URL", redis_url)
    chosen = deliveries("slack")
    assert isinstance(chosen, RedisRecentKeys) and chosen.prefix == "coach:delivery:slack:"


def test_an_unreachable_redis_handles_the_delivery_rather_than_drop_it():
    unreachable = RedisRecentKeys("redis://127.0.0.1:1/0", "test", socket_timeout=0.5)
    assert unreachable.first_time(("event", "Ev1")) is True
