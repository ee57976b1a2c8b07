"""CSV for the spreadsheet or the LMS: one row per finished session, one per assignment.

A cell that starts with =, +, - or @ (or a tab or carriage return) is prefixed with an
apostrophe, so a trainee id or a scenario title can never run as a spreadsheet formula.
"""

from __future__ import annotations

import csv
import io
from typing import Any, Dict, Iterable, Sequence

SESSION_COLUMNS = ("trainee", "session", "persona", "style", "difficulty", "scenario",
                   "outcome", "score", "taboos", "started", "ended", "turns")
ASSIGNMENT_COLUMNS = ("id", "trainee", "persona", "style", "difficulty", "scenario",
                      "pass_mark", "due", "status", "best_score", "created", "told")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = " ".join(str(v) for v in value)
    if isinstance(value, float):
        value = f"{value:g}"
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def to_csv(columns: Sequence[str], rows: Iterable[Dict[str, Any]]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([_cell(row.get(column)) for column in columns])
    return buffer.getvalue()
