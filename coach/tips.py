"""Quick tips: turn a playbook entry into a chat reply, and say what the coach can do.

Replies use a small Markdown subset (see ``coach/markup.py``) that every channel
renders its own way: the gist first, then the steps, an example line, why it
works, the source, and related topics the channel shows as buttons.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field
from typing import List, Tuple

from coach.markup import bold
from coach.playbook import Entry, Playbook

# Shown when the coach cannot match a topic: common asks, one per area.
SUGGESTED_TOPICS = (
    "objection_price_too_high",
    "customer_hesitant",
    "pricing_quoting",
    "style_identify",
)


@dataclass(frozen=True)
class Reply:
    text: str
    # (topic id, button title) pairs; the channel layer turns them into buttons.
    suggestions: Tuple[Tuple[str, str], ...] = field(default_factory=tuple)


# The headings of a tip reply, in the playbook's language (English for any other).
TIP_LABELS = {
    "en": {"steps": "What to do:", "say": "Try saying:", "why": "Why it works:",
           "note": "Note", "note_why": "(general sales practice, not from the documents)",
           "source": "Source:"},
    "es": {"steps": "Qué hacer:", "say": "Prueba a decir:", "why": "Por qué funciona:",
           "note": "Nota", "note_why": "(práctica comercial general, no sale de los documentos)",
           "source": "Fuente:"},
}


def tip_reply(entry: Entry, playbook: Playbook) -> Reply:
    label = TIP_LABELS.get(playbook.language, TIP_LABELS["en"])
    lines = [bold(entry.title), entry.gist, "", bold(label["steps"])]
    lines += [f"{number}. {step}" for number, step in enumerate(entry.steps, start=1)]
    quote = '"{}"' if playbook.language == "en" else "«{}»"
    lines += ["", f"{bold(label['say'])} {quote.format(entry.say)}",
              f"{bold(label['why'])} {entry.why}"]
    if entry.general_knowledge:
        # The coach's own additions are always labelled, so nobody takes them for the documents.
        lines.append(f"{bold(label['note'])} {label['note_why']}: {entry.general_knowledge}")
    lines.append(bold(label["source"]) + " " + "; ".join(
        f"{source.document.title} ({source.document.file}), {source.section}"
        for source in entry.sources
    ))
    return Reply("\n".join(lines), _suggestions(entry.related, playbook))


def fallback_reply(user_text: str, playbook: Playbook) -> Reply:
    """What to say when no topic matched: why, what the coach does, a few suggestions."""
    text = user_text.strip()
    if not text:
        opening = "I didn't get any text there."
    elif text.startswith("/"):
        command = text.split("{", 1)[0].split()[0][:40]
        opening = f"I don't know the command {command}."
    elif not _mostly_latin(text):
        opening = "Sorry, I only understand English for now."
    else:
        opening = "I'm not sure which sales situation that is about."
    body = (
        " I'm a sales coach: tell me what a customer said or did (\"he says we're too"
        " expensive\", \"she keeps putting off the contract\") or ask about quoting,"
        " communication styles, key accounts or customer loyalty, and I'll give you the"
        " playbook's advice. Or pick one of these:"
    )
    return Reply(opening + body, _suggestions(SUGGESTED_TOPICS, playbook))


def help_reply(playbook: Playbook) -> Reply:
    text = (
        "I coach salespeople from our playbook. Ask me in your own words, for example:\n"
        "- a customer objection: \"client says we're too expensive\", \"they want 15% off\"\n"
        "- a difficult customer: one who hesitates, lingers or agrees fast then stalls\n"
        "- a communication style: analytical, amiable, expressive or driver\n"
        "- quoting, negotiation, key accounts, loyalty, follow-up and more\n"
        "You can also paste what the customer said. Every answer names its source document."
    )
    return Reply(text, _suggestions(SUGGESTED_TOPICS, playbook))


def _suggestions(topic_ids, playbook: Playbook) -> Tuple[Tuple[str, str], ...]:
    found: List[Tuple[str, str]] = []
    for topic_id in topic_ids:
        entry = playbook.get(topic_id)
        if entry is not None:
            found.append((entry.id, entry.title))
    return tuple(found)


def _mostly_latin(text: str) -> bool:
    letters = [char for char in text if char.isalpha()]
    if not letters:
        return True  # digits, punctuation, emoji: not a language question
    latin = sum(1 for char in letters if "LATIN" in unicodedata.name(char, ""))
    return latin / len(letters) >= 0.5
