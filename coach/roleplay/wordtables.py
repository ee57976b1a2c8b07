"""Per-language word tables for reading role-play lines (data/roleplay/reading/<lang>.yml).

The English tables were written first and live beside the code that reads them; every
other language is data: one YAML file per language, one section per module (``reading``,
``dates``, ``prices``, ``routing``, ``start``). A language without a file reads as
English. Phrases are matched on *folded* text (lower case, accents removed: trainees type
"que" for "qué"), so the tables are folded too and may be written either way.

Phrase syntax, compiled into one flat, bounded alternation (no nested quantifiers):
``word*`` a word and any ending ("garantiz*": garantiza, garantizamos); ``{n}`` a figure
("1.200"); ``{w}`` any one word; ``{w?}`` one optional word; spaces match one to three
spaces or commas.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable

from coach.language_files import read_language_file

TABLE_DIR = Path(__file__).resolve().parents[2] / "data" / "roleplay" / "reading"
SECTIONS = ("reading", "dates", "prices", "routing", "start")
_PLACEHOLDER = re.compile(r"(\{n\}|\{w\?\}|\{w\})")
_PHRASE_TOKEN = re.compile(r"\([^()]*\)|\S+")
_PLACEHOLDERS = {"{n}": r"\d[\d.,]{0,15}", "{w}": r"\w{1,25}", "{w?}": r"(?:\w{1,25}\s{1,3})?"}


class TableError(ValueError):
    """A word table that cannot be used, naming the file and the entry."""


def fold(text: str) -> str:
    """Lower case without accents: "¿Qué día?" -> "¿que dia?" (ñ -> n too)."""
    decomposed = unicodedata.normalize("NFD", (text or "").lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=8)
def load(language: str) -> dict[str, Any] | None:
    """The tables of ``language``, or None when it has no file (English, or unknown)."""
    if not re.fullmatch(r"[a-z]{2,3}", language or ""):
        return None
    path = TABLE_DIR / f"{language}.yml"
    if not path.exists():
        return None
    data = read_language_file(path, language, TableError)
    for section in SECTIONS:
        if not isinstance(data.get(section), dict):
            raise TableError(f"{path}: section '{section}' is missing or not a mapping")
    return data


def languages() -> tuple[str, ...]:
    """The languages with a table file, sorted."""
    return tuple(sorted(path.stem for path in TABLE_DIR.glob("*.yml")
                        if re.fullmatch(r"[a-z]{2,3}", path.stem)))


def section(language: str, name: str) -> dict[str, Any] | None:
    tables = load(language)
    return None if tables is None else tables[name]


def words(table: dict[str, Any], key: str, where: str = "") -> frozenset[str]:
    """A list entry as a set of folded words/phrases."""
    return frozenset(fold(str(item)).strip() for item in _list(table, key, where))


def mapping(table: dict[str, Any], key: str, where: str = "") -> dict[str, Any]:
    value = table.get(key)
    if not isinstance(value, dict) or not value:
        raise TableError(f"{where or 'table'}: '{key}' must be a non-empty mapping")
    return value


def _list(table: dict[str, Any], key: str, where: str) -> list:
    value = table.get(key)
    if not isinstance(value, list) or not value:
        raise TableError(f"{where or 'table'}: '{key}' must be a non-empty list")
    for item in value:
        if not isinstance(item, (str, int)) or not str(item).strip():
            raise TableError(f"{where or 'table'}: '{key}' has an empty or non-text entry")
    return value


def phrase_body(phrase: str) -> str:
    """One phrase of the syntax above as a regex fragment."""
    text = fold(phrase).strip()
    if len(text) > 300:
        raise TableError(f"phrase too long (300 characters at most): {phrase[:40]}...")
    parts = []
    for token in _PHRASE_TOKEN.findall(text):
        if token.startswith("(") and token.endswith(")"):
            alternatives = [alt for alt in token[1:-1].split("|") if alt.strip()]
            if not alternatives or any("(" in alt for alt in alternatives):
                raise TableError(f"a bad group in the phrase: {phrase[:60]}")
            parts.append("(?:" + "|".join(phrase_body(alt) for alt in alternatives) + ")")
            continue
        if "(" in token or ")" in token:  # "(le )?" is no syntax here: "{w?}" is
            raise TableError(f"a bad group in the phrase (groups are '(a|b)'; an optional "
                             f"word is '{{w?}}'): {phrase[:60]}")
        star = token.endswith("*")
        pieces = _PLACEHOLDER.split(token.rstrip("*"))
        body = "".join(_PLACEHOLDERS.get(piece, re.escape(piece)) for piece in pieces)
        parts.append(body + (r"\w{0,15}" if star else ""))
    joined = ""
    for part in parts:
        if not joined:
            joined = part
        elif joined.endswith(r"\s{1,3})?"):
            joined += part  # an optional word carries its own space
        else:
            joined += r"[\s,]{1,3}" + part
    return joined


def compile_phrases(phrases: Iterable[str], anchored: bool = False) -> re.Pattern:
    """Phrases as one alternation, longest first, on word boundaries (``anchored``: at the
    start of the text only)."""
    bodies = sorted({phrase_body(str(p)) for p in phrases}, key=len, reverse=True)
    if not bodies:
        raise TableError("an empty phrase list")
    head = r"\A" if anchored else r"(?<!\w)"
    return re.compile(head + alternation(bodies) + r"(?!\w)")


def alternation(bodies: list[str]) -> str:
    """``(?:a|b|...)`` with the alternatives grouped by their first letter, in order: the
    same matches, but a position is tried against one group instead of every phrase
    (hundreds of phrases made hostile lines slow)."""
    groups: dict[str, list[str]] = {}
    for body in bodies:
        key = body[0] if body[:1].isalnum() else ""
        groups.setdefault(key, []).append(body)
    parts = [f"{key}(?:{'|'.join(b[1:] for b in items)})" if key else "|".join(items)
             for key, items in groups.items()]
    return "(?:" + "|".join(parts) + ")"


def phrases(table: dict[str, Any], key: str, where: str = "", anchored: bool = False
            ) -> re.Pattern:
    return compile_phrases((str(p) for p in _list(table, key, where)), anchored)
