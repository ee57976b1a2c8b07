"""The spaCy side: the text made into sentences, and the phrase matchers over it.

Phrases are matched on lemmas of the lower-cased text (``PhraseMatcher``, attr LEMMA), or
on the words as written (attr LOWER) where the tense matters. Every hit is labelled
("argue", "argue:cancel", "judgement:person", ...) and placed in its sentence.
"""

from __future__ import annotations

import re
from typing import Dict, Iterable, List, Tuple

from coach.analyzer.rules import expand

Hits = Dict[str, List[Tuple[int, int, int]]]  # label -> [(sentence, token start, token end)]

WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")  # an English word (``rules.word_pattern``)
# spaCy's tokenizer splits punctuation off a token one piece at a time, searching the whole
# token each time: quadratic in a long run without spaces (31 s for 20,000 quote marks).
# No word is this long, so longer runs are cut into pieces of this size before tokenizing.
LONGEST_TOKEN = 64
_LONG_RUN = re.compile(rf"\S{{{LONGEST_TOKEN + 1},}}")


class Matchers:
    """A lemma matcher and an exact-words matcher sharing one set of labels."""

    def __init__(self, nlp, word: re.Pattern[str] = WORD, abbreviations: Iterable[str] = (),
                 lemmas: Dict[str, str] | None = None) -> None:
        from spacy.matcher import PhraseMatcher

        self.nlp = nlp
        self.word = word  # a word of the language, for counting words
        # words whose dot ends no sentence ("sr", "dr", "mr"), lower case, without the dot
        self.abbreviations = frozenset(a.lower().rstrip(".") for a in abbreviations)
        # words whose lemma, for matching, is another than the lemma table's: Spanish "nos"
        # is "no" there, "se" is "ser", "de" is "dar" ("nos es posible" read "no es posible")
        self._lemmas = dict(lemmas or {})
        if "sentencizer" not in nlp.pipe_names:
            nlp.add_pipe("sentencizer")
        self._matcher = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self._exact_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")

    def add(self, label: str, phrases: Iterable[str], exact: bool = False) -> None:
        """Phrases matched on lemmas, or as written if ``exact`` or if one starts with "=":
        a lemma table maps some words to an unrelated verb's form (Spanish "tarde" ->
        "tardar", "unos" -> "uno"), so such a phrase says it wants the words themselves."""
        as_written: List[str] = []
        on_lemmas: List[str] = []
        for phrase in phrases:
            wanted = as_written if exact or phrase.startswith("=") else on_lemmas
            wanted += [text for text in expand(phrase.lower().removeprefix("=")) if text]
        if as_written:
            self._exact_matcher.add(label, [self.nlp.make_doc(text) for text in as_written])
        if on_lemmas:
            patterns = list(self.nlp.pipe(on_lemmas))
            for pattern in patterns:
                self._own_lemmas(pattern)
            self._matcher.add(label, patterns)

    def _own_lemmas(self, doc) -> list:
        """Gives the words of ``lemmas`` their own lemma; returns what to put back."""
        changed = [(token, token.lemma_) for token in doc if token.lower_ in self._lemmas]
        for token, _ in changed:
            token.lemma_ = self._lemmas[token.lower_]
        return changed

    def parse(self, lowered: str):
        """The lower-cased text as a Doc with its sentences."""
        doc = self.nlp(_break_long_runs(lowered))
        return _split_lines(_join_abbreviations(doc, self.abbreviations))

    def hits(self, doc, sentences) -> Hits:
        index_of = {}
        for number, sentence in enumerate(sentences):
            for token in sentence:
                index_of[token.i] = number
        hits: Hits = {}
        changed = self._own_lemmas(doc)  # for the matcher only: the detectors see the table's
        try:
            matches = [*self._matcher(doc), *self._exact_matcher(doc)]
        finally:
            for token, lemma in changed:
                token.lemma_ = lemma
        for match_id, start, end in matches:
            label = self.nlp.vocab.strings[match_id]
            hits.setdefault(label, []).append((index_of[start], start, end))
        return hits


def _break_long_runs(text: str) -> str:
    """The text with a space every LONGEST_TOKEN characters of a run without spaces.

    Characters are replaced, not inserted, so offsets into the original text stay true.
    """
    def cut(match: re.Match) -> str:
        run = match.group(0)
        return "".join(" " if number % LONGEST_TOKEN == LONGEST_TOKEN - 1 else char
                       for number, char in enumerate(run))
    return _LONG_RUN.sub(cut, text)


def _join_abbreviations(doc, abbreviations: frozenset):
    """No sentence break after a title's dot on the same line ("estimado sr. ruiz, ...")."""
    if not abbreviations:
        return doc
    for token in doc[2:]:
        dot, word = doc[token.i - 1], doc[token.i - 2]
        if dot.text == "." and not word.whitespace_ and word.text in abbreviations \
                and not token.is_space and token.is_sent_start:
            token.is_sent_start = False
    return doc


def _split_lines(doc):
    """Sentence breaks at blank lines, and after greeting, bullet or signature lines.

    E-mails are hard-wrapped and full of lines without a full stop ("Hi Ms. Fang,",
    "- two invoices: no", "Tel: ..."); a line break after such a line ends a sentence.
    """
    for token in doc[1:]:
        previous = doc[token.i - 1]
        if not previous.is_space or "\n" not in previous.text:
            continue
        line_end = doc[token.i - 2] if token.i >= 2 else None
        if "\n\n" in previous.text or line_end is None or line_end.text in (",", ":", ";") \
                or token.text in ("-", "*", "•", "–") or line_end.is_punct:
            token.is_sent_start = True
    return doc
