"""The two readers of the reply markup agree: ``coach/markup.py`` (every Python channel)
and ``web/chat.js`` (the web chat page, run here under node).

For each input both sides are turned into the same normalised tree: blocks (a
paragraph of lines, a bullet list, a numbered list of items with their numbers), each
line a list of plain and bold runs. The Python tree is built from ``parse()`` and
``BOLD`` as the markup is documented; the JavaScript tree is read back from the HTML
that ``renderMarkdown()`` builds, so its escaping is checked too: whatever the input,
the page gets only the markup's own tags, and every character of the text comes back.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from typing import List, Tuple

import pytest

from coach.markup import BOLD, parse

ROOT = Path(__file__).resolve().parents[2]
CHAT_JS = ROOT / "web" / "chat.js"

# Reads a JSON list of texts on stdin; writes, for each, what chat.js makes of it.
NODE_SCRIPT = """
const chat = require(process.argv[1]);
let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const out = JSON.parse(input).map((text) => ({
    lines: chat.parseLines(text), html: chat.renderMarkdown(text),
  }));
  process.stdout.write(JSON.stringify(out));
});
"""

HAND_WRITTEN = [
    "",
    "plain text",
    "**Objection: too expensive**\nDon't drop the price.",
    "**bold** then **more bold** and ** not bold",
    "**unclosed bold",
    "****",
    "***three***",
    "- one\n- two\n- **three**",
    "1. first\n2. second\n3. third",
    "3. starts at three\n4. four",
    "1. one\n3. three, as written",
    "007. leading zeros",
    "- item\n  continues here\n  and here\n- next",
    "1. step\n   detail of the step\n2. step two",
    "text\n  indented, but not under a list item",
    "- item\n\n  after a blank line",
    "para one\npara one, line two\n\npara two",
    "- bullet\n1. numbered\n- bullet again\ntext",
    "line\r\nwith CRLF\r\n- and a bullet",
    "a\rb",
    "- \n1. \n-x\n1.x\n -  spaced",
    "<script>alert(1)</script>",
    "**<img src=x onerror=alert(1)>**",
    "- <b>not bold</b> & \"quotes\" 'single' > <",
    "Tom & Jerry's \"deal\" <costs> &amp; &lt;",
    "[your invoice](https://evil.example) www.example.com",
    "Customer: \"Too expensive.\"",
    "**Score: 62/100**",
    "   \n\t\n  - indented bullet\n\t1. tabbed number",
    "Ünïcödé — “quotes” 価格が高すぎる 😀",
    "١. Arabic-Indic digit\n². superscript two\n１. full-width one",
    "12345678901234567890. a very long number",
    "\u00a0non-breaking\u00a0\n\u2028line separator\u2029\n\ufeffbyte order mark",
    "\x85next line\x1cfile separator\x1d\x1e\x1f",
    "\x00\x01\x07\x1b[31mred\x1b[0m",
    "** spaced bold **\n**a**b**c**",
    "- **Steps:** do this\n  **then** that",
    "- a\rb\n1. c\u2028d\n**e\u2029f** g",
    "9" * 5000 + ". five thousand digits are not a step number",
    "123456789. nine digits\n1234567890. ten digits",
]

# Pieces a hostile or careless text is made of: markup markers, HTML and entities,
# every kind of space and line break either side may treat differently, odd digits.
PIECES = ["**", "*", "- ", "-", "1. ", "12. ", ".", " ", "  ", "\t", "\n", "\n", "\r\n", "\r",
          "<", ">", "&", "&amp;", '"', "'", "<b>", "</li>", "<script>", "word", "two words",
          "\u00a0", "\u2028", "\u2029", "\ufeff", "\x85", "\x1c", "\x0b", "\x0c", "\x00",
          "١", "²", "３", "é", "価格", "😀", "\u200b"]


def generated(count: int = 400, seed: int = 9) -> List[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(PIECES) for _ in range(rng.randint(1, 25))) for _ in range(count)]


INPUTS = HAND_WRITTEN + generated()

Runs = Tuple[Tuple[str, str], ...]  # (("bold" | "text", text), ...)


def runs(text: str) -> Runs:
    """A line's plain and bold runs, as BOLD reads them (empty runs dropped)."""
    out, at = [], 0
    for match in BOLD.finditer(text):
        out += [("text", text[at:match.start()]), ("bold", match.group(1))]
        at = match.end()
    out.append(("text", text[at:]))
    return _merged(out)


def _merged(pieces) -> Runs:
    merged: list = []
    for kind, text in pieces:
        if not text:
            continue
        if merged and merged[-1][0] == kind:
            merged[-1] = (kind, merged[-1][1] + text)
        else:
            merged.append((kind, text))
    return tuple(merged)


def python_tree(text: str) -> list:
    """Blocks as coach/markup.py documents them: consecutive text lines are one
    paragraph, consecutive bullets (or numbered lines) one list, a continuation line
    belongs to the list item above it, a blank line ends the block."""
    blocks: list = []
    open_kind = None
    for line in parse(text):
        if line.kind == "blank":
            open_kind = None
        elif line.kind == "text":
            if open_kind == "p":
                blocks[-1]["lines"].append(runs(line.text))
            else:
                blocks.append({"tag": "p", "lines": [runs(line.text)]})
                open_kind = "p"
        elif line.kind in ("bullet", "numbered"):
            tag = "ul" if line.kind == "bullet" else "ol"
            item = {"number": line.number if tag == "ol" else None, "lines": [runs(line.text)]}
            if open_kind == tag:
                blocks[-1]["items"].append(item)
            else:
                blocks.append({"tag": tag, "items": [item]})
                open_kind = tag
        else:  # continuation: parse() only gives one right under a list item
            blocks[-1]["items"][-1]["lines"].append(runs(line.text))
    return blocks


class _TreeReader(HTMLParser):
    """chat.js's HTML back into the normalised tree; any other tag is an error."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list = []
        self.lines: list = []  # the lines of the open paragraph or list item
        self.pieces: list = []  # the runs of the current line
        self.bold = False
        self.unexpected: list = []

    def _end_line(self) -> None:
        self.lines.append(_merged(self.pieces))
        self.pieces = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "p":
            self.blocks.append({"tag": "p", "lines": []})
            self.lines = self.blocks[-1]["lines"]
        elif tag in ("ul", "ol"):
            self.blocks.append({"tag": tag, "items": [], "start": attrs.get("start")})
        elif tag == "li" and self.blocks and self.blocks[-1]["tag"] in ("ul", "ol"):
            block = self.blocks[-1]
            number = None
            if block["tag"] == "ol":
                value = attrs.get("value", block["start"] if not block["items"] else None)
                number = (int(value) if value is not None
                          else block["items"][-1]["number"] + 1)
            block["items"].append({"number": number, "lines": []})
            self.lines = block["items"][-1]["lines"]
        elif tag == "br":
            self._end_line()
        elif tag == "strong" and not self.bold:
            self.bold = True
        else:
            self.unexpected.append((tag, attrs))

    def handle_endtag(self, tag):
        if tag in ("p", "li"):
            self._end_line()
        elif tag == "strong":
            self.bold = False

    def handle_data(self, data):
        self.pieces.append(("bold" if self.bold else "text", data))


def js_tree(html: str) -> list:
    reader = _TreeReader()
    reader.feed(html)
    reader.close()
    assert not reader.unexpected, f"tags the markup never makes: {reader.unexpected}"
    for block in reader.blocks:
        block.pop("start", None)
    return reader.blocks


@pytest.fixture(scope="module")
def rendered():
    node = shutil.which("node")
    assert node, "node is not installed: this test runs web/chat.js under Node.js"
    result = subprocess.run([node, "-e", NODE_SCRIPT, str(CHAT_JS)],
                            input=json.dumps(INPUTS), capture_output=True, text=True,
                            timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert len(out) == len(INPUTS)
    return dict(zip(INPUTS, out))


def _cases():
    return [pytest.param(text, id=f"hand-{i}") for i, text in enumerate(HAND_WRITTEN)]


@pytest.mark.parametrize("text", _cases())
def test_both_read_the_lines_the_same_way(rendered, text):
    expected = [{"kind": line.kind, "text": line.text,
                 **({"number": line.number} if line.kind == "numbered" else {})}
                for line in parse(text)]
    assert rendered[text]["lines"] == expected


@pytest.mark.parametrize("text", _cases())
def test_both_build_the_same_blocks(rendered, text):
    assert js_tree(rendered[text]["html"]) == python_tree(text)


def test_hostile_and_generated_text_reads_the_same(rendered):
    """Hundreds of texts mixing markers, HTML, entities, odd spaces and digits."""
    disagreements = []
    for text in INPUTS:
        js = rendered[text]
        expected_lines = [{"kind": line.kind, "text": line.text,
                           **({"number": line.number} if line.kind == "numbered" else {})}
                          for line in parse(text)]
        if js["lines"] != expected_lines or js_tree(js["html"]) != python_tree(text):
            disagreements.append(text)
    assert not disagreements, (
        f"{len(disagreements)} of {len(INPUTS)} texts read differently, e.g. "
        f"{[repr(t) for t in disagreements[:5]]}")


def test_the_comparison_sees_a_difference():
    """The tree reader is not blind: a list item's number, a bold run and a line break
    each change the tree."""
    base = python_tree("1. **a** b\n   c")
    assert js_tree('<ol start="1"><li><strong>a</strong> b<br>c</li></ol>') == base
    assert js_tree('<ol start="2"><li><strong>a</strong> b<br>c</li></ol>') != base
    assert js_tree('<ol start="1"><li>a b<br>c</li></ol>') != base
    assert js_tree('<ol start="1"><li><strong>a</strong> b c</li></ol>') != base


RENDER_BOT = """
const chat = require(process.argv[1]);
let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  process.stdout.write(JSON.stringify(JSON.parse(input).map((t) => chat.renderBotText(t))));
});
"""


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_page_draws_each_languages_customer_lines_and_scorecard(language):
    # A Spanish scorecard once showed as plain text and "Cliente:" lines went unlabelled:
    # the page knew only the English words. They come from the role-play texts here.
    import yaml

    texts = yaml.safe_load((ROOT / "data" / "roleplay" / "texts" / f"{language}.yml")
                           .read_text(encoding="utf-8"))
    card = texts["scorecard"]
    scorecard = "\n".join([
        "**" + card["title"].format(persona="P", style="", title="T") + "**",
        "**" + card["outcome"] + "** x",
        "**" + card["score"].format(score=73) + "**",
        card["part"].format(label="A", points=30, max=40, detail="d"),
        card["part"].format(label="B", points=13, max=20, detail="e (f)"),
    ])
    customer = texts["customer_label"] + "Hola, **sí**."
    node = shutil.which("node")
    assert node, "node is not installed: this test runs web/chat.js under Node.js"
    result = subprocess.run([node, "-e", RENDER_BOT, str(CHAT_JS)],
                            input=json.dumps([scorecard, customer]), capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    drawn_card, drawn_customer = json.loads(result.stdout)
    assert drawn_card["classes"] == ["scorecard"]
    assert 'data-points="73"' in drawn_card["html"]
    assert drawn_card["html"].count('class="score-part"') == 2
    assert drawn_customer["classes"] == ["customer"]
    label = texts["customer_label"].strip()
    assert drawn_customer["html"].startswith(f'<p><strong class="speaker">{label}</strong> Hola')
