"""Cutting the quoted earlier messages out of a draft: those words are the customer's.

The words of the reply headers are data (``quotes`` in each rules file): a Spanish
mail client writes "El lun, 3 jun 2024, Ana escribió:" and "-----Mensaje original-----".
"""

from __future__ import annotations

import re
from typing import Dict, Iterable, Pattern

# English mail clients' headers: the default, and what a rules file without `quotes` gets.
ENGLISH_HEADERS = {
    "original_message": ["original message"],
    "reply_intro": ["on"],
    "wrote": ["wrote:"],
    "from": ["from:"],
    "sent": ["sent:"],
}
_QUOTED_LINE = re.compile(r"^[ \t]*>.*$\n?", re.MULTILINE)


def _words(words: Iterable[str]) -> str:
    return "|".join(re.escape(word) for word in words)


def header_pattern(headers: Dict = ENGLISH_HEADERS) -> Pattern[str]:
    """Where an earlier message starts in a reply: "On <date>, <name> wrote:", Outlook's
    "-----Original Message-----" and "From: ... Sent: ..." headers (and their translations).

    Every repetition is bounded and no two neighbouring parts can match the same characters
    (no `\\s*` across lines), so a search stays linear in the text's length whatever it holds.
    """
    return re.compile(
        rf"^[ \t]*(-{{3,80}}[ \t]*(?:{_words(headers['original_message'])})"
        rf"|(?:{_words(headers['reply_intro'])}) [^\n]{{3,200}}"
        rf"(?:{_words(headers['wrote'])})[ \t]*$"
        rf"|(?:{_words(headers['from'])})[ \t][^\n]{{1,300}}$"
        rf"(?=(?:[ \t]*\r?\n){{1,2}}[ \t]*(?:{_words(headers['sent'])})))",
        re.IGNORECASE | re.MULTILINE,
    )


_ENGLISH_HEADER = header_pattern()


def strip_quoted(text: str, header: Pattern[str] = _ENGLISH_HEADER) -> str:
    """The salesperson's own part of a draft.

    Lines quoted with ">" go wherever they are (replies may quote at the top); a reply
    header ("On ... wrote:", "-----Original Message-----", "From: ... Sent: ...") ends
    the salesperson's part.
    """
    match = header.search(text)
    own = text[: match.start()] if match else text
    return _QUOTED_LINE.sub("", own).strip()
