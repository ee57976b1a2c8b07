"""Test cases kept by language, run by one test: each case's id names its language."""

from __future__ import annotations

from typing import Any, Dict, List, Mapping, Sequence, Union

import pytest

Cases = Union[Sequence[Any], Mapping[str, Any]]


def by_language(cases: Dict[str, Cases], with_language: bool = False) -> List[Any]:
    """pytest params from ``{language: [case, ...]}`` (or ``{language: {id: case}}``), ids
    ``<language>-<index or id>``; a tuple case is several arguments. ``with_language`` puts
    the language first among them, for a test that needs it (its analyzer, its texts)."""
    params = []
    for language, items in cases.items():
        named = items.items() if isinstance(items, Mapping) else enumerate(items)
        for name, case in named:
            values = case if isinstance(case, tuple) else (case,)
            if with_language:
                values = (language, *values)
            params.append(pytest.param(*values, id=f"{language}-{name}"))
    return params
