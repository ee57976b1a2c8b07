"""Shared fixtures: project paths, the contract files, the trained model."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
# The contract lives beside the repository (../shared/spec), as in CI.
SPEC_DIR = Path(os.environ.get("COACH_SPEC_DIR", ROOT.parent / "shared" / "spec"))


@pytest.fixture(scope="session")
def topic_ids() -> list:
    path = SPEC_DIR / "topics.yml"
    assert path.exists(), f"the contract {path} is missing (set COACH_SPEC_DIR)"
    return [topic["id"] for topic in yaml.safe_load(path.read_text())["topics"]]


@pytest.fixture(scope="session")
def model_path() -> Path:
    """The trained model: $COACH_MODEL (set by ./run test) or the newest in models/."""
    configured = os.environ.get("COACH_MODEL")
    if configured:
        path = Path(configured)
    else:
        candidates = sorted((ROOT / "models").glob("*.tar.gz"), key=lambda p: p.stat().st_mtime)
        assert candidates, "no trained model in models/: run ./run train (or ./run test)"
        path = candidates[-1]
    assert path.exists(), f"model {path} not found: run ./run train"
    return path
