"""The generated sections of docs/quality.md: each tool that measures a figure rewrites its own.

A section is a block between two HTML comment markers; the text outside them is hand-written
and left as it is. One writer for every tool (``bench``, ``measure``, ``tip_lengths``).
"""

from __future__ import annotations

from pathlib import Path

from coach.settings import PROJECT_ROOT

QUALITY_FILE = PROJECT_ROOT / "docs" / "quality.md"


def replace_section(path: Path, start: str, end: str, block: str) -> None:
    """Put ``block`` (which begins with ``start`` and ends with ``end``) where the old one was,
    or at the end of the file when it has none yet."""
    if not (block.startswith(start) and block.rstrip("\n").endswith(end)):
        raise ValueError("a generated section must begin and end with its markers")
    current = path.read_text(encoding="utf-8") if path.exists() else "# Quality figures\n"
    if start in current and end in current.split(start, 1)[1]:
        head, rest = current.split(start, 1)
        current = head + block.rstrip("\n") + rest.split(end, 1)[1]
    else:
        current = current.rstrip("\n") + "\n\n" + block.rstrip("\n") + "\n"
    path.write_text(current, encoding="utf-8")
