"""Settings read from the environment (documented in .env.example)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    playbook_dir: Path
    sources_file: Path
    spacy_model_dir: Path
    taboos_file: Path
    roleplay_dir: Path
    database_url: str


def _path(env_name: str, default: Path) -> Path:
    value = os.environ.get(env_name, "").strip()
    return Path(value) if value else default


def load_settings() -> Settings:
    """Read the settings now (not at import), so tests can change the environment."""
    return Settings(
        playbook_dir=_path("COACH_PLAYBOOK_DIR", PROJECT_ROOT / "data" / "playbook"),
        sources_file=_path("COACH_SOURCES_FILE", PROJECT_ROOT / "data" / "sources.yml"),
        spacy_model_dir=_path(
            "COACH_SPACY_MODEL_DIR", PROJECT_ROOT / "build" / "spacy" / "en_sales_coach_v1"
        ),
        taboos_file=_path("COACH_TABOOS_FILE", PROJECT_ROOT / "data" / "taboos.yml"),
        roleplay_dir=_path("COACH_ROLEPLAY_DIR", PROJECT_ROOT / "data" / "roleplay"),
        database_url=os.environ.get("COACH_DATABASE_URL", "").strip()
        or f"sqlite:///{PROJECT_ROOT / 'var' / 'coach.db'}",
    )
