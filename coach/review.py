"""Draft review: "check my reply: ..." -> the taboos in a message before it is sent.

The request wording is recognised here (``split_request``) so the NLU pipeline and
the action agree on where the draft starts. The review quotes the offending
words, says why they hurt and what to write instead (from ``data/taboos.yml``,
itself from the playbook's documents), and ends with a rewrite of the weakest
sentence; a clean draft gets "good to send" and one strength.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import List, Tuple

from coach.analyzer import Analysis, TabooAnalyzer
from coach.markup import bold

MAX_DRAFT_CHARS = 5000

# "check my reply: ...", "is this ok to send?", "review my email - ...",
# "can you look over this draft"
_REQUEST = re.compile(
    r"""^\s*(?:hey\s+coach[,!]?\s*|coach[,:]?\s*|hi[,!]?\s*|quick\s+one[,:]?\s*|pls\s+|please\s+)?
    (?:
        (?:can\s+you\s+|could\s+you\s+|would\s+you\s+|pls\s+|please\s+)?
        (?:check|review|proofread|look\s+over|look\s+at|go\s+over|read\s+over|vet|critique|rate)
        \s+(?:my|this|the|our)?\s*
        (?:reply|response|answer|email|e-mail|mail|message|msg|draft|text|note|letter|wording|chat|dm)
        (?:\s+(?:draft
               |to\s+(?:the|my|a)\s+(?:customer|client|buyer|prospect)
               |before\s+i\s+send(?:\s+it)?))*
      | is\s+(?:this|it|my\s+(?:reply|email|message|draft))
        \s+(?:ok|okay|fine|good|alright|safe)\s+to\s+send
      | (?:can|should)\s+i\s+send\s+(?:this|that)
      | draft\s+(?:review|check)
      | how\s+does\s+this\s+(?:sound|read)
      | any\s+taboos\s+in\s+(?:this|my\s+(?:reply|email|message|draft))
    )
    \s*(?:please|pls)?\s*(?:\?|:|-|–|—|\.|!)*\s*""",
    re.IGNORECASE | re.VERBOSE,
)


def split_request(message: str) -> str | None:
    """The draft in a review request ('' if the request has no draft), None if no request."""
    match = _REQUEST.match(message or "")
    if not match:
        return None
    # Not cut here: review_draft cuts at MAX_DRAFT_CHARS and says so in the review.
    return message[match.end():].strip().strip('"“”').strip()


@dataclass(frozen=True)
class Review:
    taboos: List[str]
    text: str


def review_draft(draft: str, analyzer: TabooAnalyzer) -> Review:
    draft = (draft or "").strip()
    if not draft:
        return Review([], ASK_FOR_DRAFT)
    truncated = len(draft) > MAX_DRAFT_CHARS
    analysis = analyzer.analyze(draft[:MAX_DRAFT_CHARS], draft=True)
    note = (f"\n(I reviewed the first {MAX_DRAFT_CHARS:,} characters.)" if truncated else "")
    if not analysis.findings:
        return Review([], f"{bold('Good to send.')} {_strength(analysis)}{note}")
    return Review(analysis.taboos, _problems(analysis, analyzer) + note)


ASK_FOR_DRAFT = (
    "Sure, paste the message you plan to send and I'll check it for the things that "
    "push customers away (arguing, flat refusals, early exact prices, overpromising...)."
)


def _problems(analysis: Analysis, analyzer: TabooAnalyzer) -> str:
    count = len(analysis.taboos)
    lines = [bold(f"I found {count} thing{'s' if count > 1 else ''} to fix before you send this:")]
    first_seen = {}
    for finding in analysis.findings:  # in the order they appear in the draft
        first_seen.setdefault(finding.taboo, finding)
    for number, (taboo, finding) in enumerate(first_seen.items(), start=1):
        info = analyzer.info[taboo]
        quoted = finding.evidence if taboo == "ramble" else finding.quote
        lines += [
            f"{number}. {bold(info.label + ':')} \"{_short(quoted)}\"",
            f"   Why it hurts: {info.why}",
            f"   Instead: {info.instead}",
        ]
    weakest, rewrite = _weakest_rewrite(analysis, analyzer)
    lines += ["", f"{bold('Your weakest sentence:')} \"{_short(weakest, 240)}\"",
              f"{bold('Try:')} \"{rewrite}\""]
    return "\n".join(lines)


def _weakest_rewrite(analysis: Analysis, analyzer: TabooAnalyzer) -> Tuple[str, str]:
    """The sentence carrying the most taboos (first one on a tie), and a better version."""
    per_sentence = Counter((f.start, f.end) for f in analysis.findings)
    (start, end), _ = max(per_sentence.items(), key=lambda item: (item[1], -item[0][0]))
    weakest = analysis.text[start:end].strip()
    taboo = next(f.taboo for f in analysis.findings if (f.start, f.end) == (start, end))
    rewrite = analyzer.info[taboo].rewrite
    if not rewrite:  # rambling: the same message without its off-topic sentences
        kept, cursor = [], 0
        for off_start, off_end in analysis.off_topic:
            kept.append(analysis.text[cursor:off_start])
            cursor = off_end
        kept.append(analysis.text[cursor:])
        rewrite = _short(" ".join(" ".join(kept).split()), 400) or "Lead with the point."
        if not analysis.off_topic:
            weakest = analysis.text
            rewrite = "Say the one thing the customer needs in two or three sentences."
    return weakest, rewrite


def _strength(analysis: Analysis) -> str:
    text = analysis.text.lower()
    if "?" in text:
        return "Strength: you end with a question, which keeps the customer talking."
    if re.search(r"\b(from|between)\b[^.]{0,40}\d[^.]{0,20}\b(to|and)\b\s*[$€£¥]?\d", text):
        return "Strength: you give a price range, which leaves room to negotiate."
    if re.search(r"\b(on me|my mistake|my fault|i apologi[sz]e)\b", text):
        return "Strength: you own the problem instead of making excuses."
    if re.search(r"\b(monday|tuesday|wednesday|thursday|friday|tomorrow|next week|by \d)", text):
        return "Strength: you propose a concrete next step with a date."
    if analysis.words <= 80:
        return "Strength: it's short and to the point."
    return "Strength: it stays polite and on the customer's topic."


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3].rstrip() + "..."
