"""The taboo analyzer: the rules of one language on its spaCy pipeline, and the detectors."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Dict, List, Sequence, Tuple

from coach.analyzer.findings import Analysis, Context, Finding
from coach.analyzer.judgements import JudgementDetector
from coach.analyzer.learned import LearnedOpinion, load_examples, parse_learned
from coach.analyzer.matchers import Matchers
from coach.analyzer.phrases import PhraseDetector
from coach.analyzer.prices import PriceDetector
from coach.analyzer.quotes import ENGLISH_HEADERS, header_pattern, strip_quoted
from coach.analyzer.ramble import RambleDetector
from coach.analyzer.rules import AnalyzerError, load_rules, parse_info, word_pattern
from coach.nlp import fold_accents, load_pipeline


class TabooAnalyzer:
    def __init__(self, nlp, rules: Dict, examples: Sequence[Tuple[str, frozenset]] = ()) -> None:
        """``examples`` (labelled texts) train the learned second opinion on drafts when the
        rules ask for one (their ``learned`` section); without them there is none."""
        self.info = parse_info(rules)
        learned = parse_learned(rules)
        text = rules.get("text") or {}
        # Spanish is typed with and without accents: its text is read without them (the
        # pipeline's lemmas have none either, coach/nlp.py), offsets unchanged.
        self._fold = bool(text.get("fold_accents", False))
        # reply headers are searched in the draft as written, before anything is folded
        quotes = rules.get("quotes") or ENGLISH_HEADERS
        try:
            self._quote_header = header_pattern(quotes)
        except (KeyError, TypeError) as error:
            raise AnalyzerError(f"taboo rules: quotes: expected {sorted(ENGLISH_HEADERS)}, "
                                "each a list of words") from error
        if self._fold:
            rules = _folded(rules)
        taboos = rules["taboos"]
        abbreviations = (rules.get("text") or {}).get("abbreviations") or []  # folded too
        if not isinstance(abbreviations, list) or not all(
                isinstance(word, str) for word in abbreviations):
            raise AnalyzerError("taboo rules: text.abbreviations: expected a list of words")
        lemmas = (rules.get("text") or {}).get("lemmas") or {}
        if not isinstance(lemmas, dict) or not all(
                isinstance(word, str) and isinstance(lemma, str) for word, lemma in lemmas.items()):
            raise AnalyzerError("taboo rules: text.lemmas: expected a mapping of word: lemma")
        self._matchers = Matchers(nlp, word_pattern(rules), abbreviations, lemmas)
        self._phrases = PhraseDetector(taboos, self._matchers, text.get("negations") or ())
        self._ramble = RambleDetector(taboos, self._matchers)
        self._prices = PriceDetector(taboos, self._matchers, fold=self._fold)
        self._judgements = JudgementDetector(rules, self._matchers)
        self.learned = LearnedOpinion(examples, learned, self._normalise) \
            if learned and examples else None

    @classmethod
    def from_files(cls, spacy_dir: Path, rules_file: Path,
                   examples_dir: Path | None = None) -> TabooAnalyzer:
        rules = load_rules(rules_file)
        examples = load_examples(examples_dir) \
            if examples_dir is not None and parse_learned(rules) else ()
        return cls(load_pipeline(spacy_dir), rules, examples)

    def _normalise(self, text: str) -> str:
        lowered = text.lower()
        return fold_accents(lowered) if self._fold else lowered

    def analyze(self, text: str, *, draft: bool = False,
                context: Context | None = None) -> Analysis:
        context = context or Context()
        own = strip_quoted(text, self._quote_header) if draft else text
        lowered = own.lower()
        if len(lowered) != len(own):  # rare case-folding length changes: keep offsets true
            lowered = own
        if self._fold:
            lowered = fold_accents(lowered)
        doc = self._matchers.parse(lowered)
        sentences = list(doc.sents)
        hits = self._matchers.hits(doc, sentences)
        words = len(self._matchers.word.findall(fold_accents(own) if self._fold else own))
        analysis = Analysis(text=own, words=words)
        self._phrases.find(analysis, hits, sentences, own)
        self._judgements.find(analysis, hits, sentences, own)
        self._prices.find(analysis, hits, sentences, own, context)
        self._ramble.find(analysis, hits, sentences, own, draft)
        if draft and self.learned is not None:
            self._second_opinion(analysis, [(s.start_char, s.end_char) for s in sentences], own)
        analysis.findings.sort(key=lambda found: (found.start, found.taboo))
        return analysis

    def _second_opinion(self, analysis: Analysis, spans: List[Tuple[int, int]],
                        own: str) -> None:
        """Withdraw the rules' findings the learned model is sure are not there, and add
        the taboos it is confident of and the rules did not find, each quoting the sentence
        likeliest to carry it."""
        assert self.learned is not None
        settings = self.learned.settings
        verdicts = self.learned.verdicts(own)
        withdrawn = {taboo for taboo, p in verdicts.items() if p < settings.withdraw_below}
        if withdrawn:
            analysis.findings = [found for found in analysis.findings
                                 if found.taboo not in withdrawn]
        found = set(analysis.taboos)
        bar = settings.beside_findings if found else settings.threshold
        missed = [taboo for taboo, p in verdicts.items() if p >= bar and taboo not in found]
        if not missed:
            return
        for taboo, (start, end) in self.learned.likeliest_sentences(missed, spans, own).items():
            quote = own[start:end].strip()
            analysis.findings.append(Finding(taboo, quote, quote, start, end))


# What the coach says about a taboo keeps its accents; everything matched loses them.
_SHOWN = ("label", "why", "instead", "topic", "rewrite")


def _folded(value, key: str = ""):
    """The rules with every matched string without accents (see ``coach.nlp``)."""
    if isinstance(value, str):
        return value if key in _SHOWN else fold_accents(value)
    if isinstance(value, list):
        return [_folded(item, key) for item in value]
    if isinstance(value, dict):
        return {name: _folded(item, str(name)) for name, item in value.items()}
    return value


@cache
def analyzer_for(language: str = "en") -> TabooAnalyzer:
    """The analyzer of one language ("en", "es"), loaded once per process on first use.

    Its rules are ``<taboo_rules_dir>/<language>.yml`` and its pipeline the language's
    saved spaCy directory (``coach.settings``); an unknown language is an AnalyzerError.
    """
    from coach.settings import load_settings

    settings = load_settings()
    rules_file = settings.taboo_rules_file(language)
    if not rules_file.is_file():
        raise AnalyzerError(f"no taboo rules for language {language!r} ({rules_file})")
    examples = settings.taboo_examples_dir(language)
    return TabooAnalyzer.from_files(settings.spacy_pipeline_dir(language), rules_file,
                                    examples if examples.is_dir() else None)
