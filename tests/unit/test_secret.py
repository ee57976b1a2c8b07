"""The server secret and the credentials it signs (coach/secret.py)."""

from __future__ import annotations

import multiprocessing
import stat

import pytest

from coach import secret


@pytest.fixture
def var_dir(tmp_path, monkeypatch):
    monkeypatch.delenv(secret.SECRET_ENV, raising=False)
    monkeypatch.setenv("COACH_VAR_DIR", str(tmp_path))
    return tmp_path


def _key_in(directory: str, queue) -> None:  # runs in a child process
    import os

    os.environ.pop(secret.SECRET_ENV, None)
    os.environ["COACH_VAR_DIR"] = directory
    queue.put(secret.secret_key())


def test_the_key_file_is_created_once_private_and_race_free(var_dir):
    context = multiprocessing.get_context("spawn")
    queue = context.Queue()
    workers = [context.Process(target=_key_in, args=(str(var_dir), queue)) for _ in range(6)]
    for worker in workers:
        worker.start()
    keys = {queue.get(timeout=60) for _ in workers}
    for worker in workers:
        worker.join(timeout=60)
    assert len(keys) == 1  # every process of the coach signs with the same key
    path = var_dir / secret.KEY_FILE
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_bytes().strip() == keys.pop()
    assert [p.name for p in var_dir.iterdir()] == [secret.KEY_FILE]  # no temp files left


def test_the_environment_wins(var_dir, monkeypatch):
    monkeypatch.setenv(secret.SECRET_ENV, "from-the-environment")
    assert secret.secret_key() == b"from-the-environment"
    assert not (var_dir / secret.KEY_FILE).exists()


def test_sessions_are_unguessable_and_verified(var_dir):
    issued = {secret.new_session() for _ in range(200)}
    assert len(issued) == 200
    credential = issued.pop()
    session = secret.session_id(credential)
    assert session and len(session) == 32 and credential.startswith(session + ".")
    mac = credential.split(".")[1]
    other = secret.new_session().split(".")[0]
    for forged in (credential + "\n", credential + " ", "\n" + credential, session,
                   f"{session}.{'A' * 43}", f"{other}.{mac}", credential.upper(),
                   credential[:-1], None, 42, ["x"], "", "web-" + session):
        assert secret.session_id(forged) is None, forged


def test_a_session_signed_with_another_key_is_refused(var_dir, monkeypatch):
    monkeypatch.setenv(secret.SECRET_ENV, "coach-one")
    credential = secret.new_session()
    monkeypatch.setenv(secret.SECRET_ENV, "coach-two")
    assert secret.session_id(credential) is None


def test_sender_tokens_are_per_sender_and_per_purpose(var_dir):
    token = secret.sender_token("alice")
    assert secret.valid_sender_token("alice", token)
    assert not secret.valid_sender_token("bob", token)
    assert not secret.valid_sender_token("alice", token + "\n")
    assert not secret.valid_sender_token("alice", None)
    session = secret.session_id(secret.new_session())
    # a web chat signature is not a REST token for the same string, and the other way round
    assert not secret.valid_sender_token(session, secret.new_session().split(".")[1])
    assert secret.session_id(f"{'a' * 32}.{secret.sender_token('a' * 32)}") is None
