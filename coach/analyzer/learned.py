"""A learned second opinion on drafts: a linear model per taboo, trained on labelled drafts.

Why: the rules find a taboo by its wordings, and on drafts by writers they never saw they
missed a quarter of them (docs/taboos.md, "The learned second opinion"): people run a
competitor down or make an excuse in more ways than any list holds. A word and character
n-gram model trained on every labelled Spanish draft and line we have catches many of those
ways. It only adds what the rules missed, on drafts (not role-play turns, whose score stays
the rules' alone), and only for the taboos said in words (not a price or a long message).

Trained when the analyzer loads (a few seconds, at the action server's warm-up), with a
fixed solver and no randomness: the same examples always give the same verdicts. The
examples are data, ``data/taboo_rules/examples/<language>/*.yml`` (``items: [{text, taboos}]``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Dict, List, Sequence, Tuple

import yaml

from coach.analyzer.rules import TABOO_IDS, AnalyzerError

# One model per taboo; C (weak regularisation), the threshold and the withdrawal bar were
# chosen by leaving each example file out in turn (docs/taboos.md), never on a blind set.
DEFAULT_C = 10.0
DEFAULT_THRESHOLD = 0.6
DEFAULT_WITHDRAW_BELOW = 0.0  # 0: the model never withdraws a rule's finding
_MIN_EXAMPLES = 10  # of a taboo, to learn it at all


@dataclass(frozen=True)
class LearnedSettings:
    taboos: Tuple[str, ...]
    threshold: float = DEFAULT_THRESHOLD
    c: float = DEFAULT_C
    # A rule's finding of one of ``taboos`` on a draft is withdrawn when the model gives it
    # less than this: a wording the rules know, used in a way none of the examples flags.
    withdraw_below: float = DEFAULT_WITHDRAW_BELOW
    # A taboo added to a draft the rules already flag needs this much (0: ``threshold``): two
    # taboos often come together in the examples, so one found lifts the model's others.
    threshold_beside_findings: float = 0.0

    @property
    def beside_findings(self) -> float:
        return self.threshold_beside_findings or self.threshold


def parse_learned(rules: Dict) -> LearnedSettings | None:
    """The rules file's ``learned`` section (none: no second opinion), checked."""
    section = rules.get("learned")
    if section is None:
        return None
    if not isinstance(section, dict):
        raise AnalyzerError("taboo rules: learned: expected a mapping")
    taboos = section.get("taboos")
    if not isinstance(taboos, list) or not taboos or any(t not in TABOO_IDS for t in taboos):
        raise AnalyzerError(f"taboo rules: learned.taboos: expected a list of ids from {TABOO_IDS}")
    threshold = section.get("threshold", DEFAULT_THRESHOLD)
    c = section.get("c", DEFAULT_C)
    withdraw_below = section.get("withdraw_below", DEFAULT_WITHDRAW_BELOW)
    # The models are trained class-balanced, so a threshold a little under 0.5 is still a
    # confident verdict; it must stay above the withdrawal bar.
    if not isinstance(threshold, (int, float)) or not 0.3 <= threshold < 1:
        raise AnalyzerError("taboo rules: learned.threshold: expected a number in [0.3, 1)")
    if not isinstance(c, (int, float)) or c <= 0:
        raise AnalyzerError("taboo rules: learned.c: expected a positive number")
    if not isinstance(withdraw_below, (int, float)) or not 0 <= withdraw_below < threshold:
        raise AnalyzerError("taboo rules: learned.withdraw_below: expected a number from 0 to "
                            "below the threshold")
    beside = section.get("threshold_beside_findings", threshold)
    if not isinstance(beside, (int, float)) or not threshold <= beside < 1:
        raise AnalyzerError("taboo rules: learned.threshold_beside_findings: expected a number "
                            "from the threshold to below 1")
    return LearnedSettings(tuple(taboos), float(threshold), float(c), float(withdraw_below),
                           float(beside))


def load_examples(directory: Path) -> List[Tuple[str, frozenset]]:
    """Every labelled example under ``directory`` (``*.yml``, sorted: a fixed order)."""
    files = sorted(Path(directory).glob("*.yml"))
    if not files:
        raise AnalyzerError(f"{directory}: no taboo examples (*.yml)")
    examples = []
    for path in files:
        try:
            items = yaml.safe_load(path.read_text(encoding="utf-8"))["items"]
        except (OSError, yaml.YAMLError, TypeError, KeyError) as error:
            raise AnalyzerError(f"{path}: cannot load taboo examples ({error})") from error
        for number, item in enumerate(items or [], 1):
            text = item.get("draft", item.get("text")) if isinstance(item, dict) else None
            taboos = item.get("taboos") if isinstance(item, dict) else None
            if not isinstance(text, str) or not isinstance(taboos, list):
                raise AnalyzerError(f"{path}: item {number}: expected a text and a taboos list")
            unknown = [taboo for taboo in taboos if taboo not in TABOO_IDS]
            if unknown:
                raise AnalyzerError(f"{path}: item {number}: unknown taboo ids {unknown}")
            examples.append((text, frozenset(taboos)))
    return examples


class LearnedOpinion:
    """Per-taboo probabilities for a text, from models trained on ``examples``."""

    def __init__(self, examples: Sequence[Tuple[str, frozenset]], settings: LearnedSettings,
                 normalise: Callable[[str], str]) -> None:
        # imported here: scikit-learn loads in a second, only where an analyzer is built
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.pipeline import make_union

        self.settings = settings
        self._normalise = normalise
        self._vectorizer = make_union(
            TfidfVectorizer(analyzer="word", ngram_range=(1, 2), min_df=2, sublinear_tf=True),
            TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), min_df=2, sublinear_tf=True))
        features = self._vectorizer.fit_transform([normalise(text) for text, _ in examples])
        self._models = {}
        for taboo in settings.taboos:
            labels = [taboo in taboos for _, taboos in examples]
            if sum(labels) < _MIN_EXAMPLES or all(labels):
                raise AnalyzerError(f"taboo examples: too few examples of {taboo!r} to learn it "
                                    f"({sum(labels)}; at least {_MIN_EXAMPLES}, and some without)")
            model = LogisticRegression(C=settings.c, class_weight="balanced", max_iter=5000,
                                       solver="lbfgs")
            self._models[taboo] = model.fit(features, labels)

    def probabilities(self, texts: Sequence[str]) -> Dict[str, List[float]]:
        features = self._vectorizer.transform([self._normalise(text) for text in texts])
        return {taboo: [float(p) for p in model.predict_proba(features)[:, 1]]
                for taboo, model in self._models.items()}

    def verdicts(self, text: str) -> Dict[str, float]:
        """The probability of each learned taboo in this text."""
        return {taboo: values[0] for taboo, values in self.probabilities([text]).items()}

    def flagged(self, text: str) -> Dict[str, float]:
        """The taboos this text likely commits, with their probability."""
        return {taboo: p for taboo, p in self.verdicts(text).items()
                if p >= self.settings.threshold}

    def likeliest_sentences(self, taboos: Sequence[str], spans: Sequence[Tuple[int, int]],
                            text: str) -> Dict[str, Tuple[int, int]]:
        """For each of ``taboos``, the sentence (of those at ``spans`` in ``text``) likeliest
        to carry it; the sentences are read once for all of them."""
        if len(spans) <= 1:
            only = spans[0] if spans else (0, len(text))
            return {taboo: only for taboo in taboos}
        values = self.probabilities([text[start:end] for start, end in spans])
        return {taboo: spans[max(range(len(spans)), key=values[taboo].__getitem__)]
                for taboo in taboos}
