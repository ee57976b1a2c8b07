"""Text hygiene shared by the NLU pipeline and the coaching code."""

from __future__ import annotations

import re
import unicodedata

# Format characters (zero-width, bidi marks) and controls other than whitespace.
_DROP_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn"}
_WHITESPACE_RUN = re.compile(r"[ \t\r\f\v]+")
_BLANK_LINES = re.compile(r"\n{3,}")
# spaCy's tokenizer splits punctuation off a token one piece at a time, searching the
# whole token each time: quadratic in the length of a run without spaces (4.7 s for 5,200
# quote marks). No word is this long, so longer runs are split into pieces of this size.
LONGEST_WORD = 64
_LONG_RUN = re.compile(rf"\S{{{LONGEST_WORD + 1},}}")


def clean_text(text: str, max_chars: int) -> str:
    """Normalise user text: NFC, no control/format characters, tidy whitespace, capped.

    Newlines are kept (drafts and pasted emails have structure); everything else
    that is whitespace becomes a single space. Runs of more than LONGEST_WORD characters
    without a space (never a word: a URL, a pasted blob, an attack) are split.
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
    text = _LONG_RUN.sub(_split_run, text)
    return text[:max_chars]


def _split_run(match: re.Match) -> str:
    run = match.group(0)
    return " ".join(run[start:start + LONGEST_WORD] for start in range(0, len(run), LONGEST_WORD))


def mostly_latin(text: str) -> bool:
    """Are most of its letters Latin? (No letters at all: digits, emoji; say yes.) The coach
    reads Latin-script languages only; anything else gets the "languages I speak" reply."""
    letters = [char for char in text if char.isalpha()]
    if not letters:
        return True
    latin = sum(1 for char in letters if "LATIN" in unicodedata.name(char, ""))
    return latin / len(letters) >= 0.5
