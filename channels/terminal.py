"""Chat with the coach in a terminal, through the Rasa server's REST channel.

``./run start`` opens it. Unlike ``rasa shell`` it keeps one trainee id across
runs (your login name, or ``--trainee``), so progress builds up from day to
day; it shows bold text, numbers the buttons (type the number to click one; a
tip's steps, why and source share one line), and
says clearly when the server is not reachable instead of exiting.

The REST channel answers local clients only (``channels/rest.py``). To chat with a coach
on another machine, pass that coach's sender token (``--token``, or ``COACH_SENDER_TOKEN``;
the coach's operator prints it with ``python -m coach sender-token <trainee>``).
"""

from __future__ import annotations

import argparse
import getpass
import os
import re
import shutil
import sys
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Dict, List, Sequence, TextIO
from urllib.parse import urlparse

import requests
import yaml

from channels.access import is_loopback
from channels.formatting import terminal
from channels.tip_views import is_detail_button, terminal_choices
from coach.language import DEFAULT_LANGUAGE, LANGUAGES, light_reader, supported
from coach.secret import sender_token

QUIT = {"/stop", "/quit", "/exit"}
LIST_MARK = re.compile(r"^(\s*(?:\d+\. |- )?)")
ANSI = re.compile(r"\033\[[0-9;]*m")
WORDS_DIR = Path(__file__).resolve().parent.parent / "data" / "terminal"
_KEYS = ("welcome", "prompt", "bye", "chose", "refused", "unreachable", "chart", "pick",
         "no_answer")


@cache
def words(language: str = DEFAULT_LANGUAGE) -> Dict[str, str]:
    """The terminal's own words in `language` (data/terminal/<language>.yml)."""
    path = WORDS_DIR / f"{supported(language) or DEFAULT_LANGUAGE}.yml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    missing = [key for key in _KEYS if not isinstance((data or {}).get(key), str)]
    if missing:
        raise ValueError(f"{path}: missing {missing}")
    return data


def start_language(environ: Dict[str, str]) -> str:
    """COACH_LANGUAGE, else the locale's language (LANG=es_ES.UTF-8), else English."""
    for name in ("COACH_LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        code = supported((environ.get(name) or "")[:2])
        if code:
            return code
    return DEFAULT_LANGUAGE


@dataclass
class TerminalChat:
    url: str
    trainee: str
    ansi: bool = False
    width: int | None = None  # wrap at this many columns (None: don't wrap)
    timeout: float = 60.0
    token: str | None = None  # the sender token, for a coach that is not on this machine
    buttons: List[Dict[str, Any]] = field(default_factory=list)  # of the last reply
    # The terminal's own words follow the conversation: the language the coach's last
    # reply is written in (the server decides it; see docs/languages.md).
    language: str = DEFAULT_LANGUAGE

    @property
    def words(self) -> Dict[str, str]:
        return words(self.language)

    def turn(self, line: str) -> List[str]:
        """Send one line (or the button its number names); return what to print."""
        choice = line.strip()
        if choice.isdigit() and 1 <= int(choice) <= len(self.buttons):
            button = self.buttons[int(choice) - 1]
            shown = [self.words["chose"].format(title=button["title"])]
            line = button["payload"]
        else:
            shown = []
        try:
            headers = {"X-Coach-Sender-Token": self.token} if self.token else {}
            reply = requests.post(f"{self.url}/webhooks/rest/webhook",
                                  json={"sender": self.trainee, "message": line},
                                  headers=headers, timeout=self.timeout)
            if reply.status_code in (403, 413):
                return shown + [self.words["refused"].format(reason=reply.json().get("message"))]
            reply.raise_for_status()
            messages = reply.json()
        except (requests.RequestException, ValueError) as error:
            return shown + [self.words["unreachable"].format(url=self.url, error=error)]
        self._follow(messages)
        return shown + self._render(messages)

    def _follow(self, messages: Sequence[Dict[str, Any]]) -> None:
        said = "\n".join(m["text"] for m in messages
                         if isinstance(m, dict) and isinstance(m.get("text"), str))
        self.language = light_reader().detect(said) or self.language

    def _render(self, messages: Sequence[Dict[str, Any]]) -> List[str]:
        printed: List[str] = []
        self.buttons = []
        compact = False
        for message in messages:
            if message.get("text"):
                printed.append(self._wrap(terminal(message["text"], ansi=self.ansi)))
            if message.get("image"):
                printed.append(self.words["chart"])
            buttons = message.get("buttons") or []
            if any(is_detail_button(button) for button in buttons):
                # A tip: its steps, why and source as a numbered choice on one line, the
                # related topics on the next, so the first answer stays short.
                lines, ordered = terminal_choices(buttons, self.width, len(self.buttons) + 1)
                printed += lines
                self.buttons += ordered
                compact = True
                continue
            for button in buttons:
                self.buttons.append(button)
                printed.append(f"  [{len(self.buttons)}] {button['title']}")
        if self.buttons and not compact:
            printed.append(self.words["pick"])
        return printed or [self.words["no_answer"]]

    def _wrap(self, text: str) -> str:
        """Wrap at word boundaries, list items with a hanging indent."""
        if not self.width:
            return text
        return "\n".join(
            _fill(line, self.width, " " * len(LIST_MARK.match(ANSI.sub("", line)).group(1)))
            for line in text.split("\n"))


def _fill(line: str, width: int, indent: str) -> str:
    """Greedy word wrap in which ANSI codes take no room (textwrap counts them, so bold
    lines used to wrap several columns early)."""
    stripped = line.lstrip(" ")
    rows: List[str] = []
    current, used = line[:len(line) - len(stripped)], len(line) - len(stripped)
    start = True
    for word in stripped.split(" "):
        size = len(ANSI.sub("", word))
        if not start and used + 1 + size > width:
            rows.append(current)
            current, used = indent + word, len(indent) + size
        else:
            current += word if start else " " + word
            used += size if start else 1 + size
        start = False
    rows.append(current)
    return "\n".join(rows)


def _local_address(url: str) -> bool:
    host = urlparse(url).hostname or ""
    return host == "localhost" or is_loopback(host)


def run(chat: TerminalChat, stdin: TextIO, stdout: TextIO) -> None:
    interactive = stdin.isatty()
    stdout.write(chat.words["welcome"] + "\n")
    while True:
        if interactive:
            stdout.write("\n" + chat.words["prompt"])
            stdout.flush()
        line = stdin.readline()
        if not line or line.strip() in QUIT:
            stdout.write(chat.words["bye"] + "\n")
            return
        stdout.write("\n".join(chat.turn(line.rstrip("\n"))) + "\n")
        stdout.flush()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", default=os.environ.get("COACH_URL", "http://127.0.0.1:5005"))
    parser.add_argument("--trainee", default=os.environ.get("COACH_TRAINEE") or getpass.getuser(),
                        help="whose progress this is (default: your login name)")
    parser.add_argument("--token", default=os.environ.get("COACH_SENDER_TOKEN"),
                        help="the trainee's sender token, for a coach on another machine")
    parser.add_argument("--language", choices=LANGUAGES, default=start_language(dict(os.environ)),
                        help="the terminal's words until the coach answers (default: "
                             "COACH_LANGUAGE or the locale); then they follow the coach")
    args = parser.parse_args(argv)
    interactive = sys.stdout.isatty()
    token = args.token
    if not token and not _local_address(args.url):
        token = sender_token(args.trainee)  # a coach of this checkout behind a local proxy
    chat = TerminalChat(args.url.rstrip("/"), args.trainee, token=token, ansi=interactive,
                        width=shutil.get_terminal_size().columns - 1 if interactive else None,
                        language=args.language)
    try:
        run(chat, sys.stdin, sys.stdout)
    except KeyboardInterrupt:
        sys.stdout.write("\n" + chat.words["bye"] + "\n")


if __name__ == "__main__":
    main()
