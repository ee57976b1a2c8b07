"""Repositories on a fresh SQLite file and, when COACH_TEST_POSTGRES_URL is set, on a fresh
PostgreSQL database (created for the test run and dropped after)."""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from coach.db import Repository

POSTGRES = os.environ.get("COACH_TEST_POSTGRES_URL", "").strip()


def _postgres_database():
    admin = create_engine(POSTGRES, future=True, isolation_level="AUTOCOMMIT")
    name = f"coach_test_{uuid.uuid4().hex[:10]}"
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(POSTGRES).set(database=name)
    return admin, name, url.render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", "postgresql"])
def repository(request, tmp_path):
    if request.param == "sqlite":
        repo = Repository.from_url(f"sqlite:///{tmp_path / 'coach.db'}")
        yield repo
        repo.dispose()
        return
    if not POSTGRES:
        pytest.skip("COACH_TEST_POSTGRES_URL not set (./run test sets it in CI)")
    admin, name, url = _postgres_database()
    repo = Repository.from_url(url)
    try:
        yield repo
    finally:
        repo.dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE "{name}"'))
        admin.dispose()
