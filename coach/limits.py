"""How much of one message the coach reads, and the note it adds when it reads less.

Every channel caps the text it passes on (issue 12): a role-play line or a tip question is
read up to ``MAX_LINE_CHARS``; a draft review request ("check my reply: ...") up to
``MAX_REVIEW_MESSAGE_CHARS`` (the draft's own cap plus room for the request's words).
"""

from __future__ import annotations

from typing import Tuple

from coach.review import MAX_DRAFT_CHARS, split_request

MAX_LINE_CHARS = 2000
MAX_REVIEW_MESSAGE_CHARS = MAX_DRAFT_CHARS + 200


def message_limit(text: str) -> int:
    """The characters read of this message: more for a draft review request (the request
    before or after the draft, or a draft pasted alone: ``coach.review_request``, linear)."""
    head = text[:MAX_REVIEW_MESSAGE_CHARS]
    return MAX_REVIEW_MESSAGE_CHARS if split_request(head) is not None else MAX_LINE_CHARS


def cap_message(text: str) -> Tuple[str, str | None]:
    """The part of the message the coach reads, and a note for the reply if it was cut."""
    limit = message_limit(text)
    if len(text) <= limit:
        return text, None
    note = (f"(Your message was {len(text):,} characters long; I read the first {limit:,}.")
    if limit == MAX_LINE_CHARS:
        note += (f" To have a draft of up to {MAX_DRAFT_CHARS:,} characters reviewed, start "
                 "the message with \"check my reply:\".")
    return text[:limit], note + ")"
