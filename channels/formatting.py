"""Render the coach's markup (``coach/markup.py``) for each platform. No Rasa imports."""

from __future__ import annotations

import html
import re
from typing import List

from coach.markup import BOLD, Line, parse, plain

ANSI_BOLD, ANSI_RESET = "\033[1m", "\033[0m"
# Where Teams would make a link of text a trainee typed (and the coach quotes back).
_AUTOLINK = re.compile(r"://|\b(www)\.", re.IGNORECASE)
ZERO_WIDTH_SPACE = "&#8203;"


def slack_mrkdwn(text: str) -> str:
    """Slack mrkdwn: *bold*, bullet characters, and &, <, > escaped as Slack asks."""
    out: List[str] = []
    for line in parse(text):
        body = _bold(_escape(line.text), "*", "*")
        out.append(_list_line(line, body, bullet="• ", indent="      ◦ "))
    return "\n".join(out).strip()


def teams_markdown(text: str) -> str:
    """Teams markdown: **bold** and lists; Teams joins single line breaks, so each plain
    line becomes its own paragraph while list items stay one per line."""
    out: List[str] = []
    previous = "blank"
    for line in parse(text):
        if line.kind == "blank":
            previous = "blank"
            continue
        body = _bold(_no_links(_escape(line.text)), "**", "**")
        rendered = _list_line(line, body, bullet="- ", indent="   - ")
        in_list = line.kind in ("bullet", "numbered", "continuation")
        joiner = "\n" if in_list and previous in ("bullet", "numbered", "continuation") else "\n\n"
        out.append((joiner if out else "") + rendered)
        previous = line.kind
    return "".join(out)


def terminal(text: str, ansi: bool = True) -> str:
    """Terminal text: bold as ANSI bold (or plain when the output is not a terminal)."""
    return "\n".join(
        _list_line(line, _bold(line.text, ANSI_BOLD, ANSI_RESET) if ansi else plain(line.text),
                   bullet="- ", indent="   ")
        for line in parse(text)
    ).strip("\n")


def _list_line(line: Line, body: str, bullet: str, indent: str) -> str:
    if line.kind == "bullet":
        return bullet + body
    if line.kind == "numbered":
        return f"{line.number}. {body}"
    if line.kind == "continuation":
        return indent + body
    return body


def _bold(text: str, opening: str, closing: str) -> str:
    return BOLD.sub(lambda match: f"{opening}{match.group(1)}{closing}", text)


def _no_links(text: str) -> str:
    """Teams markdown without links: [text](url) brackets as entities, and URLs broken
    with a zero-width space so Teams does not auto-link them. The coach's own replies
    hold no links, so only quoted trainee text is affected: a draft quoting
    "[your invoice](https://evil.example)" must not become a phishing link in a channel."""
    text = text.replace("[", "&#91;").replace("]", "&#93;")
    return _AUTOLINK.sub(lambda m: f"{m.group(1)}{ZERO_WIDTH_SPACE}." if m.group(1)
                         else f":{ZERO_WIDTH_SPACE}//", text)


def _escape(text: str) -> str:
    """&, < and > as entities: Slack reads <...> as links/mentions, Teams as HTML."""
    return html.escape(text, quote=False)
