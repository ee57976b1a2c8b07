"""The words a trainee reads about assignments, per language (data/assignments/<code>.yml).

Only what the trainee sees in chat; the manager's pages and API stay English. Read once,
checked when read: a missing text or an unknown persona is named with its file.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any, Dict

import yaml

from coach.language import DEFAULT_LANGUAGE, LANGUAGES
from coach.roleplay import PERSONA_IDS, STYLE_IDS

TEXTS_DIR = Path(__file__).resolve().parents[2] / "data" / "assignments"
_TEXTS = ("date_format", "new_one", "new_many", "ask_any_time", "passed", "passed_item",
          "none_open", "progress_button", "open_one", "open_many", "line", "overdue",
          "start_button", "roleplay", "customer", "style", "difficulty", "scenario")
_NAMES = {"personas": PERSONA_IDS, "styles": STYLE_IDS,
          "difficulties": ("easy", "normal", "hard")}


class AssignmentTextError(ValueError):
    """A data/assignments file is missing or malformed."""


@cache
def assignment_texts(language: str = DEFAULT_LANGUAGE) -> Dict[str, Any]:
    """The texts in `language` (English for a language the coach does not speak)."""
    if language not in LANGUAGES:
        language = DEFAULT_LANGUAGE
    path = TEXTS_DIR / f"{language}.yml"
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise AssignmentTextError(f"{path}: cannot read it: {error}") from error
    if not isinstance(data, dict) or data.get("language") != language:
        raise AssignmentTextError(f"{path}: expected a mapping with language: {language}")
    problems = [key for key in _TEXTS if not isinstance(data.get(key), str)]
    for key, ids in _NAMES.items():
        names = data.get(key)
        if not isinstance(names, dict) or set(names) != set(ids) or not all(
                isinstance(value, str) and value for value in names.values()):
            problems.append(f"{key} (one text for each of {list(ids)})")
    if problems:
        raise AssignmentTextError(f"{path}: missing or wrong: {problems}")
    return data
