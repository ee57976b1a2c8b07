"""The terminal chat (channels/terminal.py) against the real servers: the same conversation,
buttons picked by number, and the stdin loop as `./run start` runs it."""

from __future__ import annotations

import re
import subprocess
import sys
from typing import List

import pytest

from channels.terminal import TerminalChat
from tests.channels.conversation import SHORT_ANSWER_LINES, TIP_QUESTION, Button, Reply, play
from tools.servers import ROOT, new_sender

pytestmark = pytest.mark.server


class TerminalDriver:
    def __init__(self, coach) -> None:
        self.chat = TerminalChat(coach.url, new_sender("terminal"), ansi=False)

    def say(self, text: str) -> List[Reply]:
        return _replies(self.chat.turn(text))

    def click(self, reply: Reply, index: int) -> List[Reply]:
        printed = self.chat.turn(reply.buttons[index].handle)
        assert printed[0] == f"(you chose: {reply.buttons[index].title})"
        return _replies(printed[1:])

    def open(self, reply: Reply, title: str) -> List[Reply]:
        # The terminal's way: the detail's number, like any other choice.
        return self.click(reply, [button.title for button in reply.buttons].index(title))


CHOICE = re.compile(r"\[(\d+)\] (.+?)(?=  \[|  \(|  · |$)")


def _replies(printed: List[str]) -> List[Reply]:
    """Printed blocks back into replies: text blocks, each followed by its numbered buttons
    (one per line, or several per line for a tip's choices)."""
    replies: List[Reply] = []
    for block in printed:
        if block.startswith("  ") and "[" in block and replies:
            for number, title in CHOICE.findall(block):
                replies[-1].buttons.append(Button(title, number))
        elif not block.startswith("(type a number"):
            replies.append(Reply(block))
    return replies


def test_whole_conversation_in_the_terminal(coach):
    seen = play(TerminalDriver(coach))
    assert [b.title for b in seen["tip"][0].buttons][:3] == ["Steps", "Why it works", "Source"]


def test_the_first_answer_fits_8_lines_at_100_columns(coach):
    chat = TerminalChat(coach.url, new_sender("terminal"), width=100)
    printed = "\n".join(chat.turn(TIP_QUESTION))
    lines = printed.split("\n")
    assert len(lines) <= SHORT_ANSWER_LINES and all(len(line) <= 100 for line in lines), printed
    assert "[1] Steps" in printed and "(or type: steps, why, source, more)" in printed
    steps = chat.turn("1")
    assert steps[0] == "(you chose: Steps)" and "1. Ask what the problem costs" in steps[1]


def test_the_terminal_loop_reads_stdin_until_stop(coach):
    run = subprocess.run(
        [sys.executable, "-m", "channels.terminal", "--url", coach.url,
         "--trainee", new_sender("terminal")],
        input=f"{TIP_QUESTION}\n1\n\n/stop\nnot read\n", capture_output=True, text=True,
        cwd=ROOT, timeout=120)
    assert run.returncode == 0, run.stderr
    out = run.stdout
    assert "Source:" in out and "  [1] " in out and "(you chose: " in out
    assert "\033[" not in out  # no terminal codes when the output is not a terminal
    assert "didn't get any text" in out  # the empty line got a clear answer
    assert out.rstrip().endswith("Bye! Your progress is saved.") and "not read" not in out


def test_an_unreachable_server_is_reported_not_fatal():
    chat = TerminalChat("http://127.0.0.1:9", "nobody", timeout=2)
    assert "not answering" in chat.turn("hello")[0]
