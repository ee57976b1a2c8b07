"""One conversation, played the same way through every channel.

A trainee asks for a tip (a short first answer), opens its steps the channel's own
way, asks "why" and "source" in words, clicks a related-topic button, has a draft reviewed,
plays a whole role-play to its scorecard and asks for their progress. Each
channel test supplies a driver that speaks its platform's protocol and reads the
replies back as the trainee would see them (markup removed).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, List, Protocol

TIP_QUESTION = "client says we're too expensive"
DETAIL_TITLES = ("Steps", "Why it works", "Source")
SHORT_ANSWER_LINES = 8  # the short answer's budget (the terminal's, at 100 columns)
DRAFT = ("check my reply: You're wrong about our price, it is fair. "
         "The price is $4,999 and that's final.")
# What a persona button sends (with a fixed seed, so every channel plays the same session).
ROLEPLAY_START = "/roleplay_start" + json.dumps({"persona": "hesitant", "style": "driver",
                                                 "seed": 7, "scenario": "efax_service"})
# The hesitant customer's own tactics, its hidden concern (service) surfaced and answered,
# then a dated next step (docs/roleplay.md, "Interest, winning and losing").
WINNING_LINES = [
    "What's really holding you back?",
    "Is it the price, the results or the service that worries you?",
    "We could start with a one-month pilot in one office, with our engineer on call, so the "
    "risk stays small.",
    "Fair point, they are a strong supplier.",
    "Shall we sign next Tuesday?",
]
PROGRESS_QUESTION = "how am I doing?"


@dataclass
class Button:
    title: str
    handle: Any = None  # whatever the driver needs to click it


@dataclass
class Reply:
    text: str
    buttons: List[Button] = field(default_factory=list)
    image: bool = False


class Driver(Protocol):
    def say(self, text: str) -> List[Reply]: ...

    def click(self, reply: Reply, index: int) -> List[Reply]: ...

    def open(self, reply: Reply, title: str) -> List[Reply]:
        """Show the tip detail ``title`` the channel's way (a card, a section, a button)."""


def unmark(text: str) -> str:
    """Channel text without emphasis marks, for comparing across channels."""
    return re.sub(r"\*\*|\*", "", text)


def joined(replies: List[Reply]) -> str:
    return "\n".join(reply.text for reply in replies)


def play(driver: Driver) -> dict:
    """Run the conversation; assert what every channel must show; return the replies."""
    seen = {}

    tip = driver.say(TIP_QUESTION)
    text = joined(tip)
    assert len(tip) == 1, "the first answer is one message"
    assert "Say:" in text and "Source:" in text and "What to do:" not in text, text
    with_buttons = [reply for reply in tip if reply.buttons]
    assert with_buttons, "the tip offers its details and related topics as buttons"
    titles = [b.title for b in with_buttons[0].buttons]
    assert all(title in titles for title in DETAIL_TITLES), titles
    seen["tip"] = tip

    steps = joined(driver.open(with_buttons[0], "Steps"))
    assert "Ask what the problem costs them" in steps and "Hold the price rather" in steps, steps
    why = joined(driver.say("why"))  # a word refers to the last tip
    assert "Multiplying turns an obvious but tolerable problem" in why, why
    sources = driver.say("source")
    source = joined(sources)
    assert "000_5c399f6207d61895.txt" in source and "002_ffa9f6289f1c6362.txt" in source, source
    seen["details"] = (steps, why, source)

    # The source answer offers the related topics too: click one (the terminal's numbers
    # belong to its last answer, so a related topic is picked from there).
    last = [reply for reply in sources if reply.buttons][-1]
    index = next(n for n, b in enumerate(last.buttons) if b.title not in DETAIL_TITLES)
    button = last.buttons[index]
    clicked = driver.click(last, index)
    assert clicked and clicked[0].text.splitlines()[0].strip().startswith(button.title), (
        button.title, joined(clicked))
    assert "Source:" in joined(clicked)
    seen["clicked"] = clicked

    review = joined(driver.say(DRAFT))
    assert "to fix before you send this" in review, review
    assert "Instead:" in review and "You're wrong about our price" in review
    seen["review"] = review

    start = joined(driver.say(ROLEPLAY_START))
    assert "Customer:" in start, start
    scorecard = ""
    for line in WINNING_LINES:
        replies = driver.say(line)
        assert replies and replies[0].text.startswith("Customer:"), joined(replies)
        scorecard = next((r.text for r in replies if r.text.startswith("Scorecard:")), "")
        if scorecard:
            break
    assert scorecard, "the role-play ended with a scorecard"
    assert "Outcome: won" in scorecard, scorecard
    assert re.search(r"Score:?\s*\d+(\.\d+)?\s*/\s*100", scorecard, re.IGNORECASE), scorecard
    seen["scorecard"] = scorecard

    progress = driver.say(PROGRESS_QUESTION)
    assert "Your role-play progress" in joined(progress), joined(progress)
    assert "Sessions: 1 " in joined(progress), joined(progress)
    seen["progress"] = progress
    return seen
