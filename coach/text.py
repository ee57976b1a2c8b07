"""Text hygiene shared by the NLU pipeline and the coaching code."""

from __future__ import annotations

import re
import unicodedata

# Format characters (zero-width, bidi marks) and controls other than whitespace.
_DROP_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn"}
_WHITESPACE_RUN = re.compile(r"[ \t\r\f\v]+")
_BLANK_LINES = re.compile(r"\n{3,}")


def clean_text(text: str, max_chars: int) -> str:
    """Normalise user text: NFC, no control/format characters, tidy whitespace, capped.

    Newlines are kept (drafts and pasted emails have structure); everything else
    that is whitespace becomes a single space.
    """
    text = unicodedata.normalize("NFC", text[: max_chars * 2])
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(
        char for char in text
        if char in "\n\t" or unicodedata.category(char) not in _DROP_CATEGORIES
    )
    text = _WHITESPACE_RUN.sub(" ", text)
    text = _BLANK_LINES.sub("\n\n", text)
    text = "\n".join(line.strip() for line in text.split("\n")).strip()
    return text[:max_chars]
