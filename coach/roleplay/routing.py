"""Is a line typed during a role-play for the coach, or for the customer?

Only the contract's explicit signals leave the role (docs/contract/roleplay.md, "In
character"): "hint", "stop" / "end" / "stop the role-play", "check my reply: ...",
"coach: ..." or "/tip ...", and the ``/roleplay_*`` shortcuts. Everything else, including
a question that sounds like one for the coach ("how do I handle the price?") and a bare
"ok", is said to the customer. The words are matched on the whole line (a signal is the
line, or opens it with a colon), never by what the NLU guesses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

ROUTE_KINDS = ("customer", "hint", "stop", "review", "coach_question")
MAX_CHARS = 20000

_HINT = re.compile(r"(?:/roleplay_hint\b.*|hint|a hint|hint please|give me a hint|/hint)",
                   re.IGNORECASE | re.DOTALL)
_STOP = re.compile(r"(?:/roleplay_end\b.*|/stop|stop|end|quit|exit|stop the role-?play|"
                   r"end the role-?play|stop role-?play|end role-?play|stop the session|"
                   r"end the session|stop roleplaying|stop role-playing)",
                   re.IGNORECASE | re.DOTALL)
# "check my reply: <draft>" and the phrasings the draft review takes outside a role-play.
_REVIEW = re.compile(r"(?:check|review) (?:my|this) (?:reply|draft|message|email|e-mail|answer)"
                     r"|is this ok to send|is this okay to send",
                     re.IGNORECASE)
_COACH = re.compile(r"coach\b|/tip\b", re.IGNORECASE)
_TRAILING = " \t\r\n.!"


@dataclass(frozen=True)
class Route:
    kind: str  # one of ROUTE_KINDS
    text: str  # the draft for "review", the question for "coach_question", else the line


def route(text: str) -> Route:
    """Where a line typed during a role-play goes, and the text that goes there."""
    line = (text or "")[:MAX_CHARS]
    bare = line.strip().strip(_TRAILING.strip()).strip()
    if _HINT.fullmatch(bare):
        return Route("hint", "")
    if _STOP.fullmatch(bare):
        return Route("stop", "")
    stripped = line.lstrip()
    review = _REVIEW.match(stripped)
    if review:
        rest = stripped[review.end():]
        rest = rest[1:] if rest[:1] in (":", "?", "-") else rest
        return Route("review", rest.lstrip(" :?-\t").strip() if rest.strip() else "")
    coach = _COACH.match(stripped)
    if coach:
        rest = stripped[coach.end():]
        if coach.group(0).lower() == "/tip" or rest.lstrip()[:1] in (":", ",", "-"):
            return Route("coach_question", rest.lstrip(" \t:,-").strip())
    return Route("customer", line)
