"""How each channel shows a tip: the short first answer in one message, its details
(steps, why it works, every source) one click away in the platform's own way.

A tip reply carries its details as the bot message's ``tip`` metadata (built by
``actions/buttons.py``); Rasa hands it to the output channel as a keyword argument.
Teams puts each detail in an Adaptive Card ``Action.ShowCard``, the web page in an
expandable section; Slack keeps them as buttons whose answer is posted in the
thread; the terminal numbers them. No Rasa imports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Dict, List, Mapping, Sequence, Tuple

from coach.language import LANGUAGES
from coach.markup import parse, plain
from coach.tips import part_titles, tip_texts

# The follow-up intents of actions/buttons.py (PART_INTENTS), as their buttons send them.
DETAIL_PAYLOAD = re.compile(r"^/tip_(steps|why|source|more)(\{.*\})?$", re.DOTALL)
ADAPTIVE_CARD = "application/vnd.microsoft.card.adaptive"
ADAPTIVE_VERSION = "1.4"
TEAMS_ACTIONS_PER_SET = 5  # Teams shows at most 6 actions in a set; stay below
AUTOLINK = re.compile(r"://|\bwww\.", re.IGNORECASE)


@dataclass(frozen=True)
class Detail:
    part: str
    title: str
    text: str  # coach markup: a bold heading line, then the detail itself
    payload: str

    @property
    def body(self) -> str:
        """The detail without its heading (the button or section label says it)."""
        lines = self.text.split("\n")
        return "\n".join(lines[1:]) if len(lines) > 1 and lines[0].startswith("**") else self.text


def tip_details(tip: Any) -> List[Detail]:
    """The details of a tip message's metadata; nothing if it is missing or malformed."""
    if not isinstance(tip, Mapping) or not isinstance(tip.get("details"), list):
        return []
    details = []
    for item in tip["details"]:
        if isinstance(item, Mapping) and all(isinstance(item.get(key), str)
                                             for key in ("part", "title", "text", "payload")):
            details.append(Detail(item["part"], item["title"], item["text"], item["payload"]))
    return details


def is_detail_button(button: Mapping[str, Any]) -> bool:
    return bool(DETAIL_PAYLOAD.match(str(button.get("payload") or "")))


def other_buttons(buttons: Sequence[Mapping[str, Any]], details: Sequence[Detail]
                  ) -> List[Mapping[str, Any]]:
    """The buttons a channel still shows once it shows the details its own way."""
    shown = {detail.payload for detail in details}
    return [button for button in buttons if button.get("payload") not in shown]


# -- Slack ----------------------------------------------------------------------------------


def slack_button_blocks(buttons: Sequence[Mapping[str, Any]], limit: int,
                        title_limit: int) -> List[Dict[str, Any]]:
    """Buttons as Slack actions blocks: a tip's details on their own row, first, then the
    rest (related topics); each detail's answer is posted in the thread when clicked."""
    rows = [[b for b in buttons if is_detail_button(b)],
            [b for b in buttons if not is_detail_button(b)]]
    blocks, number = [], 0
    for row in rows:
        elements = []
        for button in row:
            if number >= limit:
                break
            elements.append({"type": "button", "action_id": f"coach_button_{number}",
                             "text": {"type": "plain_text", "emoji": True,
                                      "text": _shorten(button["title"], title_limit)},
                             "value": button["payload"]})
            number += 1
        if elements:
            blocks.append({"type": "actions", "elements": elements})
    return blocks


# -- Teams ----------------------------------------------------------------------------------


def teams_tip_card(text: str, buttons: Sequence[Mapping[str, Any]],
                   details: Sequence[Detail]) -> Dict[str, Any]:
    """The tip as one Adaptive Card: the short answer, its related topics as buttons, and
    one ``Action.ShowCard`` per detail, which opens in place without a round trip."""
    body: List[Dict[str, Any]] = _text_blocks(text)
    rest = [_submit(button) for button in other_buttons(buttons, details)]
    if rest:
        body.append({"type": "ActionSet", "actions": rest[:TEAMS_ACTIONS_PER_SET]})
    card: Dict[str, Any] = {
        "type": "AdaptiveCard", "version": ADAPTIVE_VERSION,
        "$schema": "http://adaptivecards.io/schemas/adaptive-card.json",
        "msteams": {"width": "Full"}, "body": body,
        # Spoken by screen readers and shown where the card cannot be drawn.
        "fallbackText": plain(text),
    }
    if details:
        card["actions"] = [{"type": "Action.ShowCard", "title": detail.title,
                            "card": {"type": "AdaptiveCard", "version": ADAPTIVE_VERSION,
                                     "body": _text_blocks(detail.body)}}
                           for detail in details[:TEAMS_ACTIONS_PER_SET]]
    return {"contentType": ADAPTIVE_CARD, "content": card}


def _submit(button: Mapping[str, Any]) -> Dict[str, Any]:
    # messageBack: Teams shows the title as the trainee's message and sends the payload
    # in `value` (channels/teams.py reads it back), like the hero card buttons do.
    return {"type": "Action.Submit", "title": button["title"],
            "data": {"msteams": {"type": "messageBack", "displayText": button["title"],
                                 "text": "", "value": {"payload": button["payload"]}}}}


def _text_blocks(text: str) -> List[Dict[str, Any]]:
    """One wrapped TextBlock per line of markup (Adaptive Cards draw **bold** and lists)."""
    blocks: List[Dict[str, Any]] = []
    for line in parse(text):
        if line.kind == "blank":
            continue
        if line.kind == "numbered":
            content = f"{line.number}. {line.text}"
        elif line.kind == "bullet":
            content = f"- {line.text}"
        else:
            content = line.text
        blocks.append({"type": "TextBlock", "text": _no_links(content), "wrap": True,
                       "spacing": "Small"})
    return blocks


def _no_links(text: str) -> str:
    """Card text never becomes a link (TextBlocks read Markdown links and bare URLs), as
    in channels/formatting.py's Teams markdown; a zero-width space breaks them up."""
    return AUTOLINK.sub(lambda m: m.group(0)[0] + "\u200b" + m.group(0)[1:],
                        text.replace("](", "]\u200b("))


# -- terminal -------------------------------------------------------------------------------


def terminal_choices(buttons: Sequence[Mapping[str, Any]], width: int | None, first: int = 1
                     ) -> Tuple[List[str], List[Mapping[str, Any]]]:
    """A tip's buttons as numbered choices: its details on one line with the words that
    work too, then the related topics on at most two (titles shortened only if needed).
    Returns the lines and the buttons in the order of their numbers (from ``first``)."""
    details = [b for b in buttons if is_detail_button(b)]
    rest = [b for b in buttons if not is_detail_button(b)]
    lines: List[str] = []
    if details:
        lines += _rows([f"[{n}] {b['title']}" for n, b in enumerate(details, start=first)]
                       + [typed_words(details)], width)
    for limit in (None, 36, 30, 24):
        related = _rows([f"[{n}] {_shorten(b['title'], limit) if limit else b['title']}"
                         for n, b in enumerate(rest, start=first + len(details))],
                        width, _tip_texts(details)["related"] if details else "") if rest else []
        if len(related) <= 2 or not details:
            break
    return lines + related, details + rest


def typed_words(details: Sequence[Mapping[str, Any]]) -> str:
    """The words that ask for a tip's parts, in the language of its detail buttons."""
    return _tip_texts(details)["typed_words"]


def _tip_texts(details: Sequence[Mapping[str, Any]]) -> Mapping[str, Any]:
    """The tips' texts in the language of a tip's detail buttons (the terminal gets only
    the buttons over REST; their titles say the language)."""
    titles = {str(button.get("title")) for button in details}
    for language in LANGUAGES:
        if titles <= set(part_titles(language).values()):
            return tip_texts(language)
    return tip_texts()


def _rows(items: Sequence[str], width: int | None, label: str = "") -> List[str]:
    """Items two spaces apart, wrapped between items (never inside one) at ``width``."""
    rows: List[str] = []
    current, empty = "  " + label, True
    for item in items:
        candidate = current + ("" if empty else "  ") + item
        if width and len(candidate) > width and not empty:
            rows.append(current)
            current = "    " + item
        else:
            current = candidate
        empty = False
    rows.append(current)
    return rows


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"
