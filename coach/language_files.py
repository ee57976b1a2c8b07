"""Reading a per-language data file (``data/<feature>/<language>.yml``), the same way for
every feature: a YAML mapping whose ``language:`` names the language it holds."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, Type

import yaml


def read_language_file(path: Path, language: str, error: Type[ValueError]) -> Dict[str, Any]:
    """The mapping in ``path``; ``error`` (the feature's own) names the file and the fault."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except OSError as problem:
        raise error(f"{path}: cannot read it: {problem}") from problem
    except yaml.YAMLError as problem:
        raise error(f"{path}: not valid YAML: {problem}") from problem
    if not isinstance(data, dict):
        raise error(f"{path}: expected a mapping with language: {language}")
    if data.get("language") != language:
        raise error(f"{path}: 'language' must be {language!r}, not {data.get('language')!r}")
    return data
