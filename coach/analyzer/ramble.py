"""``ramble``: long messages, and off-topic personal chatter (weekend, weather, pets...).

A chat line rambles when it is a wall of text, or has off-topic sentences; a draft (an
e-mail may be long) when its off-topic part is long or most of it, or when one run-on
sentence packs several personal matters.

In a draft, a personal story rarely names its topic in every sentence ("Ayer fui al
concierto. Terminé sin voz."): where the rules list the words of business (``on_topic``),
the sentences after an off-topic one that have none of them carry the story on, up to the
next sentence about business or one that comes back to it ("Bueno, ..."). Such a
digression of two sentences or more and some twenty words rambles; a one-sentence friendly
opener does not. So does one run-on sentence longer than any business sentence. Where the
rules set ``draft_min_words``, a shorter draft never rambles: it is no long message.
"""

from __future__ import annotations

from typing import Dict, List, Set

from coach.analyzer.findings import Analysis, finding
from coach.analyzer.matchers import Hits, Matchers


class RambleDetector:
    def __init__(self, taboos: Dict, matchers: Matchers) -> None:
        self._word = matchers.word
        ramble = taboos["ramble"]
        matchers.add("ramble:off_topic", ramble["off_topic_phrases"])
        matchers.add("ramble:off_topic", ramble.get("off_topic_words", []))
        matchers.add("ramble:on_topic", ramble.get("on_topic", []))
        matchers.add("ramble:back", ramble.get("back_to_topic", []))
        self._long_words = int(ramble["long_message_words"])
        self._long_draft_off_topic = int(ramble["long_draft_off_topic_words"])
        self._dense_hits = int(ramble.get("dense_sentence_hits", 0)) or None
        self._dense_words = int(ramble.get("dense_sentence_words", 0))
        digression = ramble.get("draft_digression") or {}
        self._digression_words = int(digression.get("words", 0)) or None
        self._digression_sentences = int(digression.get("sentences", 2))
        self._carry_on_words = int(digression.get("carry_on_words", 4))
        self._personal = frozenset(digression.get("personal_words", []))
        self._dense_draft_hits = int(digression.get("dense_hits", 0)) or None
        self._dense_draft_words = int(digression.get("dense_words", 0))
        self._run_on_words = int(ramble.get("run_on_sentence_words", 0)) or None
        # A draft shorter than this is no long message, whatever it chats about
        self._draft_min_words = int(ramble.get("draft_min_words", 0))

    def find(self, analysis: Analysis, hits: Hits, sentences, own: str, draft: bool) -> None:
        off_topic = sorted({number for number, _, _ in hits.get("ramble:off_topic", [])})
        analysis.off_topic = [(sentences[n].start_char, sentences[n].end_char) for n in off_topic]
        words_in = [len(self._word.findall(sentence.text)) for sentence in sentences]
        off_topic_words = sum(words_in[n] for n in off_topic)
        # Mostly personal chatter: at least two off-topic sentences making up 40% of it.
        mostly_off_topic = len(off_topic) >= 2 and off_topic_words >= 0.4 * analysis.words
        # One run-on sentence with several distinct personal matters in it.
        per_sentence: Dict[int, set] = {}
        for number, start, _ in hits.get("ramble:off_topic", []):
            per_sentence.setdefault(number, set()).add(start)
        dense = self._dense_hits is not None and any(
            len(starts) >= self._dense_hits and words_in[n] >= self._dense_words
            for n, starts in per_sentence.items())
        if draft:
            rambling = analysis.words >= self._draft_min_words and (
                off_topic_words >= self._long_draft_off_topic or len(off_topic) >= 3
                or mostly_off_topic or dense
                or self._digresses(off_topic, hits, sentences, words_in, analysis)
                or (self._run_on_words is not None
                    and max(words_in, default=0) >= self._run_on_words))
        else:
            rambling = analysis.words >= self._long_words or len(off_topic) >= 2 or (
                off_topic and analysis.words >= self._long_words // 2) or dense
        if not rambling:
            return
        sentence = sentences[off_topic[0]] if off_topic else max(
            sentences, key=lambda s: len(self._word.findall(s.text)))
        evidence = f"{analysis.words} words" + (
            f", {len(off_topic)} off-topic sentence(s)" if off_topic else "")
        analysis.findings.append(finding("ramble", sentence, own, evidence))

    def _digresses(self, off_topic: List[int], hits: Hits, sentences, words_in: List[int],
                   analysis: Analysis) -> bool:
        """A personal story in a draft: off-topic sentences and those that carry it on."""
        if self._digression_words is None:
            return False
        # the weather or a holiday given as the reason for a delay is an excuse, not a story
        excuses = {found.start for found in analysis.findings if found.taboo == "make_excuses"}
        off_topic = [n for n in off_topic if sentences[n].start_char not in excuses]
        on_topic = {number for number, _, _ in hits.get("ramble:on_topic", [])}
        back = {number for number, _, _ in hits.get("ramble:back", [])}

        def carries_on(number: int) -> bool:  # no business, some words, said of oneself
            return number not in on_topic and number not in back \
                and words_in[number] >= self._carry_on_words \
                and (not self._personal or any(t.lower_ in self._personal
                                               for t in sentences[number]))

        story: Set[int] = set(off_topic)
        for number in off_topic:
            following = number + 1
            while following < len(words_in) and carries_on(following):
                story.add(following)
                following += 1
        # "Bueno, ...": the sentence before the way back was the story, if not business
        story |= {number - 1 for number in back if story and number >= 1
                  and number - 1 not in on_topic and words_in[number - 1] >= self._carry_on_words}
        words = sum(words_in[n] for n in story)
        if len(story) >= self._digression_sentences and words >= self._digression_words:
            return True
        # one long sentence with several personal matters (overlapping hits count once)
        spans: Dict[int, List[tuple]] = {}
        for number, start, end in hits.get("ramble:off_topic", []):
            if number in off_topic:
                spans.setdefault(number, []).append((start, end))
        return self._dense_draft_hits is not None and any(
            _separate(found) >= self._dense_draft_hits and words_in[n] >= self._dense_draft_words
            for n, found in spans.items())


def _separate(spans: List[tuple]) -> int:
    """How many of these token spans remain once overlapping ones are merged."""
    count, reach = 0, -1
    for start, end in sorted(spans):
        if start >= reach:
            count += 1
        reach = max(reach, end)
    return count
