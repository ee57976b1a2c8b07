"""The playbook: coaching advice per topic, loaded from YAML and validated.

The entries of each language live in ``data/playbook/<language>/`` (``en/``, ``es/``),
under the same file names (format and
layout: ``docs/playbook-schema.md``); the documents they cite are listed in
``data/sources.yml``. Loading fails with a ``PlaybookError`` naming the file, the
entry and the field at fault, so a broken edit is caught when the action server
starts or the tests run, not in a chat.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Dict, Iterable, List, Mapping, Tuple

import yaml

from coach.language import DEFAULT_LANGUAGE, LANGUAGES

MIN_STEPS, MAX_STEPS = 3, 6
MIN_RELATED, MAX_RELATED = 1, 4
# Generous caps: long enough for the authors, short enough for a chat bubble.
MAX_LENGTHS = {"title": 80, "gist": 320, "step": 260, "why": 480, "say": 340}
# Each language sits in a sub-directory named by its code; adding Chinese is a "zh"
# directory and "zh" in coach.language.LANGUAGES.


class PlaybookError(ValueError):
    """The playbook data is missing or malformed."""


@dataclass(frozen=True)
class Document:
    file: str
    title: str
    language: str


@dataclass(frozen=True)
class Source:
    document: Document
    section: str


@dataclass(frozen=True)
class Entry:
    id: str
    title: str
    gist: str
    steps: Tuple[str, ...]
    why: str
    say: str
    sources: Tuple[Source, ...]
    related: Tuple[str, ...]
    general_knowledge: str | None = None


class Playbook:
    """All entries of one language, by topic id, in file order."""

    def __init__(self, entries: Iterable[Entry], language: str = DEFAULT_LANGUAGE,
                 files: Mapping[str, str] | None = None) -> None:
        self._entries: Dict[str, Entry] = {entry.id: entry for entry in entries}
        self.language = language
        # topic id -> the file name (without directory) it was defined in, so the
        # languages can be compared file by file.
        self.files: Dict[str, str] = dict(files or {})

    def __contains__(self, topic_id: object) -> bool:
        return topic_id in self._entries

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, topic_id: str) -> Entry | None:
        return self._entries.get(topic_id)

    @property
    def ids(self) -> List[str]:
        return list(self._entries)

    def entries(self) -> List[Entry]:
        return list(self._entries.values())


def load_documents(sources_file: Path, language: str = DEFAULT_LANGUAGE) -> Dict[str, Document]:
    """The cited documents, titled in ``language``.

    ``title`` is the English title; ``titles`` maps other language codes to the
    title shown with that language's entries. A language other than English must
    have its own title for every document, so no entry cites a document in the
    wrong language.
    """
    raw = _read_yaml(sources_file)
    documents = raw.get("documents") if isinstance(raw, dict) else None
    if not isinstance(documents, dict) or not documents:
        raise PlaybookError(f"{sources_file}: expected a non-empty 'documents' mapping")
    result = {}
    for file_name, info in documents.items():
        where = f"{sources_file}: document {file_name!r}"
        if not isinstance(info, dict):
            raise PlaybookError(f"{where}: expected a mapping with 'title' and 'language'")
        title = _text(info, "title", where, 120)
        if language != DEFAULT_LANGUAGE:
            titles = info.get("titles")
            if not isinstance(titles, dict):
                raise PlaybookError(f"{where}: 'titles' must map language codes to titles")
            title = _text(titles, language, f"{where}: titles", 120)
        result[file_name] = Document(
            file=str(file_name),
            title=title,
            language=_text(info, "language", where, 5),
        )
    return result


def playbook_files_dir(playbook_dir: Path, language: str = DEFAULT_LANGUAGE) -> Path:
    """Where the files of ``language`` live: a sub-directory named by its code."""
    return Path(playbook_dir) / language


def load_playbooks(playbook_dir: Path, sources_file: Path,
                   languages: Iterable[str] = LANGUAGES) -> Dict[str, Playbook]:
    """Every language's playbook, by language code."""
    return {language: load_playbook(playbook_dir, sources_file, language)
            for language in languages}


def load_playbook(playbook_dir: Path, sources_file: Path,
                  language: str = DEFAULT_LANGUAGE) -> Playbook:
    """Load and validate every ``*.yml`` file of ``language`` (English by default)."""
    if language not in LANGUAGES:
        raise PlaybookError(f"unknown playbook language {language!r} (known: {list(LANGUAGES)})")
    documents = load_documents(sources_file, language)
    directory = playbook_files_dir(playbook_dir, language)
    files = sorted(directory.glob("*.yml"))
    if not files:
        raise PlaybookError(f"{directory}: no playbook files (*.yml) found")
    entries: List[Entry] = []
    seen: Dict[str, Path] = {}
    for path in files:
        raw = _read_yaml(path)
        items = raw.get("entries") if isinstance(raw, dict) else None
        if not isinstance(items, list) or not items:
            raise PlaybookError(f"{path}: expected a non-empty 'entries' list")
        for index, item in enumerate(items, start=1):
            entry = _parse_entry(item, f"{path}: entry {index}", documents)
            if entry.id in seen:
                raise PlaybookError(
                    f"{path}: entry {index}: id {entry.id!r} already defined in {seen[entry.id]}"
                )
            seen[entry.id] = path
            entries.append(entry)
    for entry in entries:
        unknown = [topic for topic in entry.related if topic not in seen]
        if unknown:
            raise PlaybookError(
                f"{seen[entry.id]}: entry {entry.id!r}: 'related' names unknown topics {unknown}"
            )
        if entry.id in entry.related:
            raise PlaybookError(f"{seen[entry.id]}: entry {entry.id!r}: 'related' lists itself")
    return Playbook(entries, language, {topic: path.name for topic, path in seen.items()})


def _read_yaml(path: Path) -> object:
    try:
        with open(path, encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except OSError as error:
        raise PlaybookError(f"{path}: cannot read ({error.strerror})") from error
    except yaml.YAMLError as error:
        raise PlaybookError(f"{path}: not valid YAML ({error})") from error


def _parse_entry(item: object, where: str, documents: Mapping[str, Document]) -> Entry:
    if not isinstance(item, dict):
        raise PlaybookError(f"{where}: expected a mapping")
    topic_id = item.get("id")
    if not isinstance(topic_id, str) or not topic_id.strip():
        raise PlaybookError(f"{where}: 'id' must be a non-empty string")
    where = f"{where} ({topic_id})"
    known = {"id", "title", "gist", "steps", "why", "say", "sources", "related",
             "general_knowledge"}
    extra = sorted(set(item) - known)
    if extra:
        raise PlaybookError(f"{where}: unknown fields {extra}")
    steps = item.get("steps")
    if not isinstance(steps, list) or not MIN_STEPS <= len(steps) <= MAX_STEPS:
        raise PlaybookError(f"{where}: 'steps' must be a list of {MIN_STEPS} to {MAX_STEPS} items")
    related = item.get("related")
    if not isinstance(related, list) or not MIN_RELATED <= len(related) <= MAX_RELATED:
        raise PlaybookError(
            f"{where}: 'related' must be a list of {MIN_RELATED} to {MAX_RELATED} topic ids"
        )
    general = item.get("general_knowledge")
    if general is not None:
        general = _text(item, "general_knowledge", where, 600)
    return Entry(
        id=topic_id,
        title=_text(item, "title", where, MAX_LENGTHS["title"]),
        gist=_text(item, "gist", where, MAX_LENGTHS["gist"]),
        steps=tuple(
            _text({"step": step}, "step", f"{where}: step {n}", MAX_LENGTHS["step"])
            for n, step in enumerate(steps, start=1)
        ),
        why=_text(item, "why", where, MAX_LENGTHS["why"]),
        say=_text(item, "say", where, MAX_LENGTHS["say"]),
        sources=_parse_sources(item.get("sources"), where, documents),
        related=tuple(str(topic) for topic in related),
        general_knowledge=general,
    )


def _parse_sources(
    raw: object, where: str, documents: Mapping[str, Document]
) -> Tuple[Source, ...]:
    if not isinstance(raw, list) or not raw:
        raise PlaybookError(f"{where}: 'sources' must be a non-empty list")
    sources = []
    for n, item in enumerate(raw, start=1):
        here = f"{where}: source {n}"
        if not isinstance(item, dict):
            raise PlaybookError(f"{here}: expected a mapping with 'document' and 'section'")
        file_name = _text(item, "document", here, 80)
        if file_name not in documents:
            raise PlaybookError(
                f"{here}: unknown document {file_name!r} (known: {sorted(documents)})"
            )
        sources.append(Source(documents[file_name], _text(item, "section", here, 240)))
    return tuple(sources)


def _text(mapping: Mapping[str, object], field: str, where: str, max_length: int) -> str:
    value = mapping.get(field)
    if not isinstance(value, str) or not value.strip():
        raise PlaybookError(f"{where}: '{field}' must be a non-empty string")
    value = " ".join(value.split())
    if len(value) > max_length:
        raise PlaybookError(
            f"{where}: '{field}' is {len(value)} characters, more than {max_length}"
        )
    return value
