"""The taboo analyzer: the rules of one language on its spaCy pipeline, and the detectors."""

from __future__ import annotations

from pathlib import Path
from typing import Dict

from coach.analyzer.findings import Analysis, Context
from coach.analyzer.judgements import JudgementDetector
from coach.analyzer.matchers import WORD, Matchers
from coach.analyzer.phrases import PhraseDetector
from coach.analyzer.prices import PriceDetector
from coach.analyzer.quotes import strip_quoted
from coach.analyzer.ramble import RambleDetector
from coach.analyzer.rules import load_rules, parse_info
from coach.nlp import load_pipeline


class TabooAnalyzer:
    def __init__(self, nlp, rules: Dict) -> None:
        self.info = parse_info(rules)
        taboos = rules["taboos"]
        self._matchers = Matchers(nlp)
        self._phrases = PhraseDetector(taboos, self._matchers)
        self._ramble = RambleDetector(taboos, self._matchers)
        self._prices = PriceDetector(taboos, self._matchers)
        self._judgements = JudgementDetector(rules, self._matchers)

    @classmethod
    def from_files(cls, spacy_dir: Path, rules_file: Path) -> TabooAnalyzer:
        rules = load_rules(rules_file)
        return cls(load_pipeline(spacy_dir), rules)

    def analyze(self, text: str, *, draft: bool = False,
                context: Context | None = None) -> Analysis:
        context = context or Context()
        own = strip_quoted(text) if draft else text
        lowered = own.lower()
        if len(lowered) != len(own):  # rare case-folding length changes: keep offsets true
            lowered = own
        doc = self._matchers.parse(lowered)
        sentences = list(doc.sents)
        hits = self._matchers.hits(doc, sentences)
        words = len(WORD.findall(own))
        analysis = Analysis(text=own, words=words)
        self._phrases.find(analysis, hits, sentences, own)
        self._judgements.find(analysis, hits, sentences, own)
        self._prices.find(analysis, hits, sentences, own, context)
        self._ramble.find(analysis, hits, sentences, own, draft)
        analysis.findings.sort(key=lambda found: (found.start, found.taboo))
        return analysis
