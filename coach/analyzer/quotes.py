"""Cutting the quoted earlier messages out of a draft: those words are the customer's."""

from __future__ import annotations

import re

# Where an earlier message starts in a reply: "> ...", "On <date>, <name> wrote:",
# Outlook's "-----Original Message-----" and "From: ... Sent: ..." headers.
# Every repetition is bounded and no two neighbouring parts can match the same characters
# (no `\s*` across lines), so a search stays linear in the text's length whatever it holds.
_QUOTE_HEADER = re.compile(
    r"^[ \t]*(-{3,80}[ \t]*original message|on [^\n]{3,200}wrote:[ \t]*$"
    r"|from:[ \t][^\n]{1,300}$(?=(?:[ \t]*\r?\n){1,2}[ \t]*sent:))",
    re.IGNORECASE | re.MULTILINE,
)
_QUOTED_LINE = re.compile(r"^[ \t]*>.*$\n?", re.MULTILINE)


def strip_quoted(text: str) -> str:
    """The salesperson's own part of a draft.

    Lines quoted with ">" go wherever they are (replies may quote at the top); a reply
    header ("On ... wrote:", "-----Original Message-----", "From: ... Sent: ...") ends
    the salesperson's part.
    """
    match = _QUOTE_HEADER.search(text)
    own = text[: match.start()] if match else text
    return _QUOTED_LINE.sub("", own).strip()
