"""The manager channel on its own: off without a token (503 everywhere), and two
replicas sharing the failure count through Redis (COACH_REDIS_URL)."""

from __future__ import annotations

import os
import sys

import pytest
import redis
import requests

from tools.servers import free_port, start_process, wait_until_up

pytestmark = pytest.mark.server
REDIS_URL = os.environ.get("COACH_TEST_REDIS_URL", "redis://127.0.0.1:6379/6")


def _serve(tmp_path, name, env):
    port = free_port()
    process = start_process(name, [sys.executable, "-m", "tests.manager.channel_app", str(port)],
                            tmp_path, {"COACH_DATABASE_URL": f"sqlite:///{tmp_path / 'c.db'}",
                                       **env})
    wait_until_up(f"http://127.0.0.1:{port}/health", process, timeout=60)
    return process, f"http://127.0.0.1:{port}"


def test_without_a_token_every_manager_address_answers_503(tmp_path):
    process, url = _serve(tmp_path, "off", {"COACH_MANAGER_TOKEN": ""})
    try:
        for method, path in [("GET", "/manager/"), ("GET", "/manager"),
                             ("GET", "/manager/api/trainees"), ("POST", "/manager/login"),
                             ("POST", "/manager/api/assignments"),
                             ("GET", "/manager/static/manager.js"),
                             ("GET", "/manager/api/export.csv"), ("GET", "/manager/anything")]:
            answer = requests.request(method, url + path, timeout=10,
                                      headers={"Authorization": "Bearer x"})
            assert answer.status_code == 503, (method, path, answer.status_code)
            assert "COACH_MANAGER_TOKEN" in answer.json()["error"]
    finally:
        process.stop()


def test_replicas_share_the_failure_count_in_redis(tmp_path):
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.RedisError:
        pytest.skip(f"no Redis at {REDIS_URL}")
    for key in client.scan_iter("coach:manager:failures:*"):
        client.delete(key)
    env = {"COACH_MANAGER_TOKEN": "replica-token", "COACH_REDIS_URL": REDIS_URL,
           "COACH_MANAGER_MAX_FAILURES": "4", "COACH_MANAGER_FAILURE_WINDOW": "30"}
    first, first_url = _serve(tmp_path, "replica-1", env)
    second, second_url = _serve(tmp_path, "replica-2", env)
    try:
        wrong = {"Authorization": "Bearer wrong"}
        for _ in range(4):
            assert requests.get(f"{first_url}/manager/api/trainees", headers=wrong,
                                timeout=10).status_code == 401
        refused = requests.get(f"{second_url}/manager/api/trainees", timeout=10,
                               headers={"Authorization": "Bearer replica-token"})
        assert refused.status_code == 429 and 1 <= int(refused.headers["Retry-After"]) <= 30
    finally:
        first.stop()
        second.stop()
        for key in client.scan_iter("coach:manager:failures:*"):
            client.delete(key)
