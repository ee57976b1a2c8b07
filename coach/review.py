"""Draft review: "check my reply: ..." -> the taboos in a message before it is sent.

The request is recognised by ``coach.review_request`` (``split_request`` here), so the
NLU pipeline and the action agree on where the draft starts and ends. The review
quotes the offending words, says why they hurt and what to write instead (from ``data/taboos.yml``,
itself from the playbook's documents), and ends with a rewrite of the weakest
sentence; a clean draft gets "good to send" and one strength.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from typing import Dict, List, Tuple

from coach.analyzer import Analysis, Finding, TabooAnalyzer
from coach.markup import bold
from coach.review_request import find_request

MAX_DRAFT_CHARS = 5000

def split_request(message: str) -> str | None:
    """The draft in a review request ('' if the request has no draft), None if no request.

    Where the request ends and the draft begins is read by ``coach.review_request``
    (segments and a trained classifier), before or after the draft, pasted alone or not.
    """
    request = find_request(message)
    # Not cut here: review_draft cuts at MAX_DRAFT_CHARS and says so in the review.
    return None if request is None else request.draft


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


PASTED_NOTE = ("This reads like a message to a customer, so I reviewed it as a draft. "
               "(Wanted a tip instead? Use the button below.)")

ASK_FOR_DRAFT = (
    "Sure, paste the message you plan to send and I'll check it for the things that "
    "push customers away (arguing, flat refusals, early exact prices, overpromising...)."
)


def _problems(analysis: Analysis, analyzer: TabooAnalyzer) -> str:
    count = len(analysis.taboos)
    lines = [bold(f"I found {count} thing{'s' if count > 1 else ''} to fix before you send this:")]
    first_seen: Dict[str, Finding] = {}
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
