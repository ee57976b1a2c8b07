"""Settings read from the environment (documented in .env.example), and the project's paths.

Every path the coach, the launcher (``tools/``) and the tests use is defined here
once. ``config.yml`` names the spaCy pipeline directory too (Rasa reads it
relative to the project root); a unit test keeps the two equal.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
# Built artefacts that are not committed (the spaCy pipeline, the benchmark's scratch).
BUILD_DIR = PROJECT_ROOT / "build"
SPACY_PIPELINE = Path("build") / "spacy" / "en_sales_coach_v1"  # relative: config.yml's form
# One spaCy pipeline per language (coach/nlp.py builds them; `./run build-spacy`).
SPACY_PIPELINES = {"en": SPACY_PIPELINE, "es": Path("build") / "spacy" / "es_sales_coach_v1"}
MODELS_DIR = PROJECT_ROOT / "models"
RESULTS_DIR = PROJECT_ROOT / "results"
# Rasa's training data; the rest of data/ (playbook, sources) is the coach's own content.
TRAINING_DATA = (Path("data") / "nlu", Path("data") / "rules")
# The domain, one file per feature (Rasa merges a directory of domain files).
DOMAIN = Path("domain")


@dataclass(frozen=True)
class Settings:
    playbook_dir: Path
    sources_file: Path
    spacy_model_dir: Path
    # The taboo analyzer's rules, one file per language: <dir>/<language>.yml.
    taboo_rules_dir: Path
    roleplay_dir: Path
    database_url: str
    # Conversation history (Rasa's SQL tracker store), as a SQLAlchemy URL.
    tracker_store_url: str
    # Redis shared by workers and replicas (lock store, duplicate filter); "" = in-process.
    redis_url: str

    def spacy_pipeline_dir(self, language: str) -> Path:
        """The saved spaCy pipeline of a language (English: ``spacy_model_dir``)."""
        if language == "en":
            return self.spacy_model_dir
        return PROJECT_ROOT / SPACY_PIPELINES[language]

    def taboo_rules_file(self, language: str) -> Path:
        return self.taboo_rules_dir / f"{language}.yml"

    def taboo_examples_dir(self, language: str) -> Path:
        """Labelled drafts and lines the analyzer's learned second opinion is trained on."""
        return self.taboo_rules_dir / "examples" / language

    @property
    def taboos_file(self) -> Path:
        """The English taboo rules (the analyzer's callers before it had languages)."""
        return self.taboo_rules_file("en")


def _path(env_name: str, default: Path) -> Path:
    value = os.environ.get(env_name, "").strip()
    return Path(value) if value else default


def var_dir() -> Path:
    """Runtime files: databases, logs, generated secrets, per-instance endpoints.

    ``COACH_VAR_DIR``, else ``var/`` in the checkout; read at each call, so tests can move it.
    """
    value = os.environ.get("COACH_VAR_DIR", "").strip()
    return Path(value) if value else PROJECT_ROOT / "var"


def _sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def default_database_url() -> str:
    return _sqlite_url(var_dir() / "coach.db")


def default_tracker_store_url() -> str:
    return _sqlite_url(var_dir() / "tracker.db")


def load_settings() -> Settings:
    """Read the settings now (not at import), so tests can change the environment."""
    return Settings(
        playbook_dir=_path("COACH_PLAYBOOK_DIR", PROJECT_ROOT / "data" / "playbook"),
        sources_file=_path("COACH_SOURCES_FILE", PROJECT_ROOT / "data" / "sources.yml"),
        spacy_model_dir=_path("COACH_SPACY_MODEL_DIR", PROJECT_ROOT / SPACY_PIPELINE),
        taboo_rules_dir=_path("COACH_TABOO_RULES_DIR", PROJECT_ROOT / "data" / "taboo_rules"),
        roleplay_dir=_path("COACH_ROLEPLAY_DIR", PROJECT_ROOT / "data" / "roleplay"),
        database_url=os.environ.get("COACH_DATABASE_URL", "").strip() or default_database_url(),
        tracker_store_url=os.environ.get("COACH_TRACKER_STORE_URL", "").strip()
        or default_tracker_store_url(),
        redis_url=os.environ.get("COACH_REDIS_URL", "").strip(),
    )
