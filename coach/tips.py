"""Quick tips: turn a playbook entry into a chat reply, and say what the coach can do.

Replies use a small Markdown subset (see ``coach/markup.py``) that every channel
renders its own way. A tip's first answer is short enough to read between two
calls (the gist, a line to say, the source in one line); the steps, why it works
and every source are its ``details``, which each channel keeps one click away in
its own way, and "steps", "why", "source" and "more" ask for them in words. A
trainee who prefers it gets the whole entry at once (``TipForm.FULL``).

A reply speaks its playbook's language (``Playbook.language``); every label and sentence
around the playbook's own text comes from ``data/tips/<language>.yml``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, List, Mapping, Tuple

from coach.language import DEFAULT_LANGUAGE, light_reader
from coach.language_files import read_language_file
from coach.markup import bold
from coach.playbook import Entry, Playbook
from coach.text import mostly_latin

# Shown when the coach cannot match a topic: common asks, one per area.
SUGGESTED_TOPICS = (
    "objection_price_too_high",
    "customer_hesitant",
    "pricing_quoting",
    "style_identify",
)


class TipForm(str, Enum):
    """How much of a tip the first answer shows; each trainee picks one (stored)."""

    SHORT = "short"  # the gist, a line to say, the source; the rest one click away
    FULL = "full"  # the whole playbook entry at once


class TipPart(str, Enum):
    """What a trainee can ask for after a tip ("steps", "why", "source", "more")."""

    STEPS = "steps"
    WHY = "why"
    SOURCE = "source"
    MORE = "more"  # the full answer


# Every label and sentence around the playbook's text comes from data/tips/<language>.yml
# (English when a language has no file), so a language is added as data.
TEXTS_DIR = Path(__file__).resolve().parent.parent / "data" / "tips"


class TipTextsError(ValueError):
    """A data/tips file is missing, malformed or out of step with the English one."""


def tip_texts(language: str = DEFAULT_LANGUAGE, directory: Path | None = None
              ) -> Mapping[str, Any]:
    """The tips feature's texts in ``language``: the English file's keys, every one."""
    return _load_texts(Path(directory or TEXTS_DIR), language)


@lru_cache(maxsize=16)
def _load_texts(directory: Path, language: str) -> Mapping[str, Any]:
    reference = _read_texts(directory, DEFAULT_LANGUAGE)
    if language == DEFAULT_LANGUAGE or not (directory / f"{language}.yml").exists():
        return reference
    texts = _read_texts(directory, language)
    _check_same_keys(reference, texts, str(directory / f"{language}.yml"), "")
    return texts


def _read_texts(directory: Path, language: str) -> Mapping[str, Any]:
    path = directory / f"{language}.yml"
    texts = read_language_file(path, language, TipTextsError)
    _check_leaves(texts, str(path), "")
    return texts


def _check_leaves(node: Mapping[str, Any], path: str, where: str) -> None:
    for key, value in node.items():
        here = f"{where}.{key}" if where else str(key)
        if isinstance(value, dict):
            _check_leaves(value, path, here)
        elif not isinstance(value, str) or not value.strip():
            raise TipTextsError(f"{path}: {here!r} must be a non-empty text")


def _check_same_keys(reference: Mapping[str, Any], texts: Mapping[str, Any], path: str,
                     where: str) -> None:
    missing = sorted(set(reference) - set(texts))
    extra = sorted(set(texts) - set(reference))
    if missing or extra:
        raise TipTextsError(f"{path}: {where or 'top level'}: missing keys {missing}, "
                            f"unknown keys {extra} (compare data/tips/en.yml)")
    for key, value in reference.items():
        if isinstance(value, dict) != isinstance(texts[key], dict):
            raise TipTextsError(f"{path}: {key!r} must be "
                                f"{'a mapping' if isinstance(value, dict) else 'a text'}")
        if isinstance(value, dict):
            _check_same_keys(value, texts[key], path, f"{where}.{key}" if where else key)


def part_titles(language: str = DEFAULT_LANGUAGE) -> Dict[TipPart, str]:
    """The button and section label of each part of a tip."""
    titles = tip_texts(language)["parts"]
    return {part: titles[part.value] for part in TipPart}


def form_titles(language: str = DEFAULT_LANGUAGE) -> Dict[TipForm, str]:
    """The label of the button that switches to each answer form."""
    titles = tip_texts(language)["forms"]
    return {form: titles[form.value] for form in TipForm}


# The short answer's budget, so it stays within 8 lines at 100 columns with its
# buttons: the title and the gist (whole sentences, or the first clause) within two
# lines, the line to say in whole sentences within two, the source within one.
LEAD_CHARS, SAY_CHARS, SOURCE_CHARS, MIN_SECTION_CHARS = 180, 180, 88, 20
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZÁÉÍÓÚÑ\"'¿¡«])")


@dataclass(frozen=True)
class Detail:
    """A deeper part of a tip, one click or one word away from the first answer."""

    part: TipPart
    title: str  # the button or section label
    text: str  # the part itself, in the coach markup


@dataclass(frozen=True)
class Reply:
    text: str
    # (topic id, button title) pairs; the channel layer turns them into buttons.
    suggestions: Tuple[Tuple[str, str], ...] = field(default_factory=tuple)
    topic: str | None = None  # the playbook entry this reply is about
    # The parts of the tip not shown yet, in the order they are offered; channels show
    # them their own way (a card that opens, a section that expands, a numbered choice).
    details: Tuple[Detail, ...] = field(default_factory=tuple)
    # Offer to switch the trainee's answer form to this one (a button), if set.
    form_offer: TipForm | None = None
    language: str = DEFAULT_LANGUAGE  # the reply's language, for the channel's own labels


def tip_reply(entry: Entry, playbook: Playbook, form: TipForm = TipForm.SHORT,
              form_offer: TipForm | None = None) -> Reply:
    """The first answer to a tip question: short (the default) or the whole entry."""
    if form is TipForm.FULL:
        return full_reply(entry, playbook, form_offer)
    label = _labels(playbook)
    text = "\n".join([
        f"{bold(entry.title)} — {_fit(entry.gist, LEAD_CHARS - len(entry.title) - 3)}",
        f"{bold(label['say_short'])} {_quote(playbook, _fit(entry.say, SAY_CHARS))}",
        f"{bold(label['source'])} {short_source(entry, label['more'])}",
    ])
    details = tuple(detail_of(entry, part, playbook) for part in (TipPart.STEPS, TipPart.WHY,
                                                                  TipPart.SOURCE))
    return Reply(text, _suggestions(entry.related, playbook), entry.id, details, form_offer,
                 _language(playbook))


def full_reply(entry: Entry, playbook: Playbook, form_offer: TipForm | None = None) -> Reply:
    """The whole entry: gist, steps, example line, why it works, every source."""
    label = _labels(playbook)
    lines = [bold(entry.title), entry.gist, "", bold(label["steps"])]
    lines += _numbered(entry.steps)
    lines += ["", f"{bold(label['say'])} {_quote(playbook, entry.say)}",
              f"{bold(label['why'])} {entry.why}"]
    if entry.general_knowledge:
        lines.append(_general_note(entry, label))
    lines.append(bold(label["source"]) + " "
                 + "; ".join(_citation(source) for source in entry.sources))
    return Reply("\n".join(lines), _suggestions(entry.related, playbook), entry.id,
                 form_offer=form_offer, language=_language(playbook))


def part_reply(entry: Entry, part: TipPart, playbook: Playbook,
               form_offer: TipForm | None = None) -> Reply:
    """A follow-up on a tip: its steps, why it works, its sources, or all of it."""
    if part is TipPart.MORE:
        return full_reply(entry, playbook, form_offer)
    others = tuple(detail_of(entry, other, playbook) for other in (
        TipPart.STEPS, TipPart.WHY, TipPart.SOURCE) if other is not part)
    return Reply(detail_of(entry, part, playbook).text, _suggestions(entry.related, playbook),
                 entry.id, others, language=_language(playbook))


def detail_of(entry: Entry, part: TipPart, playbook: Playbook) -> Detail:
    label = _labels(playbook)
    if part is TipPart.STEPS:
        text = "\n".join([bold(f"{entry.title}: {label['steps_heading']}")]
                         + _numbered(entry.steps))
    elif part is TipPart.WHY:
        lines = [bold(f"{entry.title}: {label['why_heading']}"), entry.why]
        if entry.general_knowledge:
            # The coach's own additions are always labelled, so nobody takes them for the
            # documents.
            lines.append(_general_note(entry, label))
        text = "\n".join(lines)
    elif part is TipPart.SOURCE:
        text = "\n".join([bold(f"{entry.title}: {label['sources_heading']}")]
                         + [f"- {_citation(source)}" for source in entry.sources])
    else:
        raise ValueError(f"{part} is not one part of a tip")
    return Detail(part, part_titles(_language(playbook))[part], text)


def short_source(entry: Entry, more_word: str = "more") -> str:
    """The first source in one short line: document title and number, the section's head
    (both cut at a word if the line would be too long), and how many sources follow."""
    first = entry.sources[0]
    number = first.document.file.split("_", 1)[0]
    more = len(entry.sources) - 1
    tail = f"; +{more} {more_word}" if more else ""
    # Both without their subtitles: "How to manage customers: loyalty..." -> "How to
    # manage customers"; "Section 1: multiplication (...)" -> "Section 1".
    title = first.document.title.split(" (", 1)[0].split(":", 1)[0].strip()
    head = first.section.split(":", 1)[0].strip()
    room = SOURCE_CHARS - len(f" ({number}), ") - len(tail)
    if len(title) + len(head) > room:
        head = _cut(head, max(MIN_SECTION_CHARS, room - len(title)))
    if len(title) + len(head) > room:
        title = _cut(title, room - len(head))
    return f"{title} ({number}), {head}{tail}"


def no_tip_reply(playbook: Playbook, unknown_topic: bool = False) -> Reply:
    """Asked for steps, why or the source with no tip to refer to."""
    texts = tip_texts(_language(playbook))["no_tip"]
    opening = texts["unknown_topic"] if unknown_topic else texts["no_tip_yet"]
    return Reply(opening + texts["body"], _suggestions(SUGGESTED_TOPICS, playbook),
                 language=_language(playbook))


def form_reply(form: TipForm, language: str = DEFAULT_LANGUAGE) -> Reply:
    """Confirms the trainee's new preference and says how to change it back."""
    other = TipForm.SHORT if form is TipForm.FULL else TipForm.FULL
    return Reply(tip_texts(language)["form"][form.value], form_offer=other, language=language)


def form_not_saved_reply(language: str = DEFAULT_LANGUAGE) -> Reply:
    """The preference could not be stored (the database failed)."""
    return Reply(tip_texts(language)["form"]["not_saved"], language=language)


def _first_sentences(text: str, limit: int) -> str:
    """Whole sentences from the start while they fit ``limit`` (always the first one)."""
    sentences = SENTENCE_END.split(text)
    kept = sentences[0]
    for sentence in sentences[1:]:
        if len(kept) + 1 + len(sentence) > limit:
            break
        kept = f"{kept} {sentence}"
    return kept


def _fit(text: str, limit: int) -> str:
    """The first sentences within ``limit``; a longer first sentence is cut at its last
    colon or semicolon that fits, or else its last comma (what follows is detail the
    steps spell out)."""
    kept = _first_sentences(text, limit)
    if len(kept) <= limit:
        return kept
    cut = max(kept.rfind(": ", 0, limit), kept.rfind("; ", 0, limit))
    if cut < MIN_SECTION_CHARS:  # no colon or semicolon: the last comma of a list then
        cut = kept.rfind(", ", 0, limit)
    return kept[:cut] + "." if cut >= MIN_SECTION_CHARS else kept


def _cut(text: str, limit: int) -> str:
    if len(text) <= limit:
        return text
    return text[:limit - 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def _numbered(steps: Tuple[str, ...]) -> List[str]:
    return [f"{number}. {step}" for number, step in enumerate(steps, start=1)]


def _citation(source) -> str:
    return f"{source.document.title} ({source.document.file}), {source.section}"


def _general_note(entry: Entry, label: Mapping[str, str]) -> str:
    return f"{bold(label['note'])} {label['note_why']}: {entry.general_knowledge}"


def _language(playbook: Playbook) -> str:
    """A reply speaks its playbook's language."""
    return getattr(playbook, "language", DEFAULT_LANGUAGE)


def _labels(playbook: Playbook) -> Mapping[str, str]:
    return tip_texts(_language(playbook))["labels"]


def _quote(playbook: Playbook, text: str) -> str:
    quote = tip_texts(_language(playbook))["quote"]
    return f"{quote['open']}{text}{quote['close']}"


def fallback_reply(user_text: str, playbook: Playbook, outside: bool = False) -> Reply:
    """What to say when no topic matched: why, what the coach does, a few suggestions.
    ``outside``: the NLU is sure the message is about something else (tax, the weather); if it
    is in words of a language we read, the coach says it is outside what it does instead of
    asking which situation was meant (keyboard noise, "asdkjh", is only unclear)."""
    texts = tip_texts(_language(playbook))["fallback"]
    text = user_text.strip()
    body = texts["body"]
    if not text:
        opening = texts["empty"]
    elif text.startswith("/"):
        command = text.split("{", 1)[0].split()[0][:40]
        opening = texts["command"].format(command=command)
    elif not mostly_latin(text):
        opening = texts["other_script"]
    elif outside and light_reader().detect(text) is not None:
        opening, body = texts["outside"], texts["outside_body"]
    else:
        opening = texts["unsure"]
    return Reply(opening + body, _suggestions(SUGGESTED_TOPICS, playbook),
                 language=_language(playbook))


def help_reply(playbook: Playbook) -> Reply:
    """What the coach does and how to ask, with a few topics to start from."""
    return Reply(tip_texts(_language(playbook))["help"], _suggestions(SUGGESTED_TOPICS, playbook),
                 language=_language(playbook))


def _suggestions(topic_ids, playbook: Playbook) -> Tuple[Tuple[str, str], ...]:
    found: List[Tuple[str, str]] = []
    for topic_id in topic_ids:
        entry = playbook.get(topic_id)
        if entry is not None:
            found.append((entry.id, entry.title))
    return tuple(found)


