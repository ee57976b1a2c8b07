"""Reading a role-play request: which persona, style and scenario the trainee asked for.

The shortcut ``/roleplay_start{"persona": ..., "style": ...}`` gives them as
entities; in natural language ("practice with a driver who agrees too fast") the
words below name them.
"""

from __future__ import annotations

import re

from coach.roleplay import PERSONA_IDS, STYLE_IDS

PERSONA_WORDS = {
    "hesitant": r"hesitant|hesitat\w*|indecisive|waver\w*|fence[- ]sitter|always has an excuse"
                r"|excuses|can'?t decide|undecided|procrastinat\w*",
    "lingering": r"linger\w*|won'?t commit|neither yes nor no|never says (yes|no)"
                 r"|reluctant to let|drags? (it|things) out|strings? (me|us) along"
                 r"|noncommittal|non-committal",
    "quick_to_agree": r"quick[- ]to[- ]agree"
                      r"|agrees? (too )?(fast|quickly|easily|readily|to everything)"
                      r"|says? yes (easily|too fast|to everything)|yes[- ]man|easy yes"
                      r"|readily[- ]agree\w*|agreeable buyer",
}
STYLE_WORDS = {
    "analytical": r"analytical|analytic|data[- ]driven|numbers (guy|person|type)|detail[- ]oriented",
    "amiable": r"amiable|friendly|cordial|easy[- ]going|people[- ]pleaser",
    "expressive": r"expressive|chatty|talkative|extrovert\w*|enthusiastic",
    "driver": r"driver|aggressive|dominant|impatient|no[- ]nonsense|straight to the point",
}


def find_persona(text: str) -> str | None:
    return _find(text, PERSONA_WORDS)


def find_style(text: str) -> str | None:
    return _find(text, STYLE_WORDS)


def _find(text: str, table) -> str | None:
    lowered = (text or "").lower()
    hits = [(match.start(), key) for key, pattern in table.items()
            for match in [re.search(rf"\b({pattern})\b", lowered)] if match]
    return min(hits)[1] if hits else None


def normalise(value: str | None, valid) -> str | None:
    """'Quick to agree' -> 'quick_to_agree'; None stays None."""
    if value is None:
        return None
    key = re.sub(r"[\s-]+", "_", str(value).strip().lower())
    return key if key in valid else str(value)


VALID_PERSONAS, VALID_STYLES = PERSONA_IDS, STYLE_IDS
