"""Phrase taboos (argue, force_persuade, refuse_on_spot, make_excuses, exaggerate).

Each taboo has phrases that show it, phrases that cancel a match in the same sentence or
a neighbouring one (``suppressed_by``: "that's impossible" vs "... let me check and get
back to you"), phrases that cancel it in the same sentence only (``not_when``), and
``together`` rules: groups of phrases that show it only when every group is in one
sentence (and ``not_when_together``: groups that cancel it when all are in one sentence, a
hypothetical such as "si un fax no llega, lo reenviamos"), and ``near`` rules: the same
in one sentence or the next ("Lo de X es pasarse. Te lo dejo en Y y listo.").
"""

from __future__ import annotations

from typing import Dict, Iterable, List, Tuple

from coach.analyzer.findings import Analysis, finding, span_text
from coach.analyzer.matchers import Hits, Matchers
from coach.analyzer.rules import GROUP_RULES, PHRASE_TABOOS


class PhraseDetector:
    def __init__(self, taboos: Dict, matchers: Matchers, negations: Iterable[str] = ()) -> None:
        # a cancelling phrase right after one of these does not cancel ("no es culpa mía")
        self._negations = frozenset(negations)
        for taboo in PHRASE_TABOOS:
            matchers.add(f"{taboo}", taboos[taboo].get("phrases", []))
            matchers.add(f"{taboo}", taboos[taboo].get("exact_phrases", []), exact=True)
            matchers.add(f"{taboo}:cancel", taboos[taboo].get("suppressed_by", []))
            matchers.add(f"{taboo}:not", taboos[taboo].get("not_when", []))
            for key in GROUP_RULES:
                for number, groups in enumerate(taboos[taboo].get(key, [])):
                    for group, phrases in enumerate(groups):
                        matchers.add(f"{taboo}:{key}{number}:{group}", phrases)
        # how many groups each rule has, per kind of rule and taboo
        self._group_sizes = {key: {taboo: [len(groups) for groups in taboos[taboo].get(key, [])]
                                   for taboo in PHRASE_TABOOS} for key in GROUP_RULES}

    def find(self, analysis: Analysis, hits: Hits, sentences, own: str) -> None:
        for taboo in PHRASE_TABOOS:
            self._find(analysis, taboo, hits, sentences, own)

    def _find(self, analysis: Analysis, taboo: str, hits: Hits, sentences, own: str) -> None:
        cancels = self._affirmed(hits.get(f"{taboo}:cancel", []), sentences)
        cancelled = {number + offset for number, _, _ in cancels for offset in (-1, 0, 1)}
        cancelled |= {number for number, _, _ in hits.get(f"{taboo}:not", [])}
        cancelled |= {number for number, _, _ in self._all_groups(taboo, hits,
                                                                  "not_when_together")}
        if taboo == "make_excuses":  # owning the mistake anywhere cancels excuses nearby
            cancelled |= {n + o for n, _, _ in cancels for o in (-2, -1, 0, 1, 2)}
        seen = set()
        for number, start, end in hits.get(taboo, []) + self._together_hits(taboo, hits) \
                + self._near_hits(taboo, hits):
            if number in cancelled or number in seen:
                continue
            seen.add(number)
            sentence = sentences[number]
            evidence = span_text(sentence.doc, start, end, own)
            analysis.findings.append(finding(taboo, sentence, own, evidence))

    def _affirmed(self, found, sentences) -> list:
        """The hits not right after a negation, or one word after it ("no ha sido cosa mía":
        a lemma phrase "es cosa mía" also matches "sido cosa mía"); punctuation ends the
        look back ("no, fue culpa mía" owns it)."""
        if not self._negations or not found:
            return found
        doc = sentences[0].doc

        def negated(start: int) -> bool:
            for before in range(start - 1, max(start - 3, -1), -1):
                if doc[before].is_punct:
                    return False
                if doc[before].lower_ in self._negations:
                    return True
            return False
        return [hit for hit in found if not negated(hit[1])]

    def _together_hits(self, taboo: str, hits: Hits) -> List[Tuple[int, int, int]]:
        """Sentences where every group of a `together` rule has a phrase (first group's span)."""
        return self._all_groups(taboo, hits, "together")

    def _all_groups(self, taboo: str, hits: Hits, key: str) -> List[Tuple[int, int, int]]:
        """First-group hits of the rules under ``key`` whose sentence has every group."""
        found = []
        for number, size in enumerate(self._group_sizes[key][taboo]):
            groups = [hits.get(f"{taboo}:{key}{number}:{group}", []) for group in range(size)]
            sentences = set.intersection(*[{hit[0] for hit in group} for group in groups])
            found += [hit for hit in groups[0] if hit[0] in sentences]
        return found

    def _near_hits(self, taboo: str, hits: Hits) -> List[Tuple[int, int, int]]:
        """First-group hits whose sentence, or the next one, has every other group too."""
        found = []
        for number, size in enumerate(self._group_sizes["near"][taboo]):
            groups = [{hit[0] for hit in hits.get(f"{taboo}:near{number}:{group}", [])}
                      for group in range(1, size)]
            found += [hit for hit in hits.get(f"{taboo}:near{number}:0", [])
                      if all(hit[0] in group or hit[0] + 1 in group for group in groups)]
        return found
