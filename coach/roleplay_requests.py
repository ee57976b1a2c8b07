"""Reading a role-play request: which persona, style and scenario the trainee asked for.

The shortcut ``/roleplay_start{"persona": ..., "style": ...}`` gives them as
entities; in natural language ("practice with a driver who agrees too fast") the
words below name them.
"""

from __future__ import annotations

import re

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
    "analytical": r"analytical|analytic|data[- ]driven|numbers (guy|person|type)"
                  r"|detail[- ]oriented",
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



MOVE_PREFIX = "move_"
SECOND_MOVE_CONFIDENCE = 0.3  # a second move in the same message counts from here
BEST_MOVE_CONFIDENCE = 0.05  # in a role-play every line is a sales line: take the best move
NOT_A_MOVE = {"greet", "goodbye", "thanks", "help", "out_of_scope"}


def read_moves(top_intent: str, ranking) -> list:
    """The tactic ids a trainee line makes, from the NLU's intent and ranking.

    In a role-play the trainee speaks to the customer, so the line is read among the
    sales-move intents only: the best-ranked move counts (unless the line is small talk),
    and a second one when the NLU is fairly sure of it too.
    """
    moves = [r for r in ranking or [] if str(r.get("name", "")).startswith(MOVE_PREFIX)]
    moves.sort(key=lambda r: -float(r.get("confidence") or 0))
    chosen = []
    for rank, item in enumerate(moves):
        confidence = float(item.get("confidence") or 0)
        best = rank == 0 and (item["name"] == top_intent or (
            top_intent not in NOT_A_MOVE and confidence >= BEST_MOVE_CONFIDENCE))
        if best or confidence >= SECOND_MOVE_CONFIDENCE:
            chosen.append(item["name"])
    if top_intent.startswith(MOVE_PREFIX) and top_intent not in chosen:
        chosen.insert(0, top_intent)
    return [name[len(MOVE_PREFIX):] for name in chosen]
