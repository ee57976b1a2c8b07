"""The coach's reply markup: the small Markdown subset every channel can render.

Replies are written once, in this subset, and each channel turns them into what
its platform shows well (Slack mrkdwn, Teams markdown, HTML, terminal text):

- ``**bold**`` spans, for titles and labels;
- lines starting with ``- `` are bullets, with ``1. `` numbered steps;
- a line indented by spaces continues the list item above it;
- a blank line separates paragraphs.

Nothing else is markup. Text quoted from a trainee or a customer may contain any
character, so each renderer escapes what its platform would interpret.

A reply meant for the asker only (a progress report, a draft review) carries
``PRIVATE: True`` next to its text; in a shared Slack or Teams conversation the
channel then delivers it privately and leaves a short note where it was asked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import List

PRIVATE = "coach_private"  # key on a reply (utter_message keyword) for "the asker only"
BOLD = re.compile(r"\*\*(.+?)\*\*")
BULLET = re.compile(r"^- (.*)$")
# ASCII digits, at most nine: "١. " or a 5,000-digit "number" is text, not a step
# (int() refuses over 4,300 digits, and the web chat reads numbers as JavaScript does).
NUMBERED = re.compile(r"^([0-9]{1,9})\. (.*)$")


def bold(text: str) -> str:
    return f"**{text}**"


def plain(text: str) -> str:
    """The text without markup (what a plain-text client shows)."""
    return BOLD.sub(r"\1", text)


@dataclass(frozen=True)
class Line:
    kind: str  # "text", "bullet", "numbered", "continuation" or "blank"
    text: str  # the line's content without its list marker or indentation
    number: int = 0


def parse(text: str) -> List[Line]:
    """The reply's lines, classified; renderers work from this, not from regexes of their own."""
    lines: List[Line] = []
    for raw in text.replace("\r\n", "\n").split("\n"):
        stripped = raw.strip()
        if not stripped:
            lines.append(Line("blank", ""))
        elif raw[:1] == " " and lines and lines[-1].kind in ("bullet", "numbered", "continuation"):
            lines.append(Line("continuation", stripped))
        elif bullet := BULLET.match(stripped):
            lines.append(Line("bullet", bullet.group(1)))
        elif numbered := NUMBERED.match(stripped):
            lines.append(Line("numbered", numbered.group(2), int(numbered.group(1))))
        else:
            lines.append(Line("text", stripped))
    return lines
