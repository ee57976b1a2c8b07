"""What the analyzer returns: findings (a taboo, the sentence, the words that showed it)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import List, Tuple

from coach.analyzer.rules import TABOO_IDS


@dataclass(frozen=True)
class Finding:
    taboo: str
    quote: str  # the salesperson's own words: the sentence that carries the taboo
    evidence: str  # the words that triggered it
    start: int  # character offsets of the sentence in the analysed text
    end: int


@dataclass
class Analysis:
    text: str  # what was analysed (a draft without its quoted part)
    words: int
    findings: List[Finding] = field(default_factory=list)
    # character spans of sentences about off-topic personal matters
    off_topic: List[Tuple[int, int]] = field(default_factory=list)

    @property
    def taboos(self) -> List[str]:
        """Taboo ids found, each once, in the contract's order."""
        found = {finding.taboo for finding in self.findings}
        return [taboo for taboo in TABOO_IDS if taboo in found]


@dataclass(frozen=True)
class Context:
    """What the conversation so far tells the analyzer (role-play)."""

    customer_qualified: bool = False  # needs, quantity or budget already asked/stated


def finding(taboo: str, sentence, own: str, evidence: str) -> Finding:
    """A finding quoting the whole sentence (a spaCy span) from the original text."""
    start, end = sentence.start_char, sentence.end_char
    return Finding(taboo, own[start:end].strip(), evidence, start, end)


def span_text(doc, start: int, end: int, own: str) -> str:
    """The original words of tokens [start, end)."""
    return own[doc[start].idx: doc[end - 1].idx + len(doc[end - 1])]
