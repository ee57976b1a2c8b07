"""./run test runs ruff, then mypy, then pytest, and stops at the first that fails."""

from __future__ import annotations

from argparse import Namespace
from pathlib import Path

import pytest

from tools import cli


@pytest.fixture
def calls(monkeypatch):
    seen = []
    monkeypatch.setattr(cli, "setup_spacy", lambda: None)
    monkeypatch.setattr(cli, "train", lambda: Path("models/coach-x.tar.gz"))
    monkeypatch.setattr(cli, "setup_test_tools", lambda: None)
    monkeypatch.setattr(cli, "_postgres_reachable", lambda url: False)
    monkeypatch.setattr(cli, "_redis_reachable", lambda url: False)
    monkeypatch.setenv("COACH_MODEL", "")
    failing = set()

    def call(args, **kwargs):
        name = Path(args[0]).name if "pytest" not in args else "pytest"
        seen.append(name)
        return 1 if name in failing else 0

    monkeypatch.setattr(cli.subprocess, "call", call)
    return seen, failing


def test_ruff_then_mypy_then_pytest(calls):
    seen, _ = calls
    assert cli.cmd_test(Namespace(rest=["-x"])) == 0
    assert seen == ["ruff", "mypy", "pytest"]


def test_a_type_error_stops_the_run_before_pytest(calls):
    seen, failing = calls
    failing.add("mypy")
    assert cli.cmd_test(Namespace(rest=[])) == 1
    assert seen == ["ruff", "mypy"]


def test_mypy_checks_coach_and_actions_with_its_cache_ignored_by_git():
    import tomli

    config = tomli.loads((cli.PROJECT_ROOT / "pyproject.toml").read_text())["tool"]["mypy"]
    assert config["files"] == ["coach", "actions"]
    assert ".mypy_cache/" in (cli.PROJECT_ROOT / ".gitignore").read_text().splitlines()
