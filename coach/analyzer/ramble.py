"""``ramble``: long messages, and off-topic personal chatter (weekend, weather, pets...).

A chat line rambles when it is a wall of text, or has off-topic sentences; a draft (an
e-mail may be long) when its off-topic part is long or most of it, or when one run-on
sentence packs several personal matters.
"""

from __future__ import annotations

from typing import Dict

from coach.analyzer.findings import Analysis, finding
from coach.analyzer.matchers import Hits, Matchers


class RambleDetector:
    def __init__(self, taboos: Dict, matchers: Matchers) -> None:
        self._word = matchers.word
        ramble = taboos["ramble"]
        matchers.add("ramble:off_topic", ramble["off_topic_phrases"])
        matchers.add("ramble:off_topic", ramble.get("off_topic_words", []))
        self._long_words = int(ramble["long_message_words"])
        self._long_draft_off_topic = int(ramble["long_draft_off_topic_words"])
        self._dense_hits = int(ramble.get("dense_sentence_hits", 0)) or None
        self._dense_words = int(ramble.get("dense_sentence_words", 0))

    def find(self, analysis: Analysis, hits: Hits, sentences, own: str, draft: bool) -> None:
        off_topic = sorted({number for number, _, _ in hits.get("ramble:off_topic", [])})
        analysis.off_topic = [(sentences[n].start_char, sentences[n].end_char) for n in off_topic]
        off_topic_words = sum(len(self._word.findall(sentences[n].text)) for n in off_topic)
        # Mostly personal chatter: at least two off-topic sentences making up 40% of it.
        mostly_off_topic = len(off_topic) >= 2 and off_topic_words >= 0.4 * analysis.words
        # One run-on sentence with several distinct personal matters in it.
        per_sentence: Dict[int, set] = {}
        for number, start, _ in hits.get("ramble:off_topic", []):
            per_sentence.setdefault(number, set()).add(start)
        dense = self._dense_hits is not None and any(
            len(starts) >= self._dense_hits
            and len(self._word.findall(sentences[n].text)) >= self._dense_words
            for n, starts in per_sentence.items())
        if draft:
            rambling = (off_topic_words >= self._long_draft_off_topic or len(off_topic) >= 3
                        or mostly_off_topic or dense)
        else:
            rambling = analysis.words >= self._long_words or len(off_topic) >= 2 or (
                off_topic and analysis.words >= self._long_words // 2) or dense
        if not rambling:
            return
        sentence = sentences[off_topic[0]] if off_topic else sentences[0]
        evidence = f"{analysis.words} words" + (
            f", {len(off_topic)} off-topic sentence(s)" if off_topic else "")
        analysis.findings.append(finding("ramble", sentence, own, evidence))

