"""Negative judgements about others, as ``badmouth_competitor`` or ``talk_behind_back``.

A judgement ("junk", "an idiot", "keeps failing") is matched as a phrase; who it is about
decides the taboo: a competitor or its offer, or a person or team (the customer's people,
our colleagues). The target is guessed from the words before the judgement (the subject,
usually), the person and company words of the rules, and capitalised names: a single
capitalised word judged like a product is a brand unless it is a common first name or the
sentence says "he"/"she".
"""

from __future__ import annotations

from typing import Dict, Tuple

from coach.analyzer.findings import Analysis, finding, span_text
from coach.analyzer.matchers import Hits, Matchers
from coach.analyzer.rules import AnalyzerError

# A judgement's target is looked for among this many tokens before it (the nearest wins):
# looking through the whole sentence for each judgement was quadratic in a long sentence.
TARGET_WINDOW = 40


class JudgementDetector:
    def __init__(self, rules: Dict, matchers: Matchers) -> None:
        taboos = rules["taboos"]
        matchers.add("talk_behind_back:confidence",
                     taboos["talk_behind_back"]["confidence_phrases"])
        # asking to keep it secret ("no se lo digas a nadie"): with a person named in that
        # sentence or the next or previous one, it is talk behind their back with no judgement
        matchers.add("talk_behind_back:secret",
                     taboos["talk_behind_back"].get("secret_phrases", []))
        matchers.add("judgement:product", rules["judgements"]["product"])
        matchers.add("judgement:person", rules["judgements"]["person"])
        targets = rules["targets"]
        self._person_words = set(targets["person_words"]) | set(
            targets.get("customer_org_words", []))
        self._competitor_words = set(targets["competitor_words"])
        self._rival_words = set(targets.get("rival_words", []))
        self._self_words = set(targets["self_words"])
        self._thing_words = set(targets.get("thing_words", []))
        self._first_names = set(targets.get("first_names", []))
        self._customer_self_words = set(targets.get("customer_self_words", []))
        self._place_words = set(targets.get("place_words", []))
        self._competitor_cues = {tuple(cue.split()) for cue in targets.get("competitor_cues", [])}
        self._words = _Words(targets)
        if targets.get("names_at_sentence_start"):
            self._words.known = _known_words(matchers.nlp)

    def find(self, analysis: Analysis, hits: Hits, sentences, own: str) -> None:
        """Negative judgements, as badmouthing or back-talk depending on their target."""
        seen: Dict[int, str | None] = {}  # token -> what it may be as a target
        confidences = {number for number, _, _ in hits.get("talk_behind_back:confidence", [])}
        secrets = sorted({hit[0]: hit for hit in hits.get("talk_behind_back:secret", [])}.values())
        confidences |= {number for number, _, _ in secrets}
        excuses = {found.start for found in analysis.findings
                   if found.taboo == "make_excuses"}
        kinds: Dict[Tuple[int, int, int], set] = {}
        for kind in ("product", "person"):
            for hit in hits.get(f"judgement:{kind}", []):
                kinds.setdefault(hit, set()).add(kind)
        # "un mentiroso" (of people) ends where "mentiroso" (of companies) does: one word
        # said of both, whose target decides, not two judgements of one kind each.
        ending: Dict[Tuple[int, int], set] = {}
        for (number, _, end), of_kinds in kinds.items():
            ending.setdefault((number, end), set()).update(of_kinds)
        for (number, _, end), of_kinds in kinds.items():
            of_kinds.update(ending[(number, end)])
        targets: Dict[int, str] = {}  # sentence -> last target, to resolve "they"
        flagged = set()
        # Judgements of one kind first: in a sentence with both, their target is the surer.
        ordered = sorted(kinds.items(), key=lambda item: (item[0][0], len(item[1]), item[0][1]))
        for (number, start, end), of_kinds in ordered:
            sentence = sentences[number]
            kind_name = "both" if len(of_kinds) == 2 else next(iter(of_kinds))
            target: str | None
            if kind_name == "both" and number in targets:
                target = targets[number]
            else:
                target = self._target(sentence, start, kind_name, own, end, seen)
            if target == "pronoun":
                target = (targets.get(number) or targets.get(number - 1)
                          or targets.get(number - 2)
                          or ("person" if kind_name == "person" else "competitor"))
            if target in (None, "self") and number in confidences:
                target = "person"
            if target is None and kind_name == "person" and any(
                    self._names_someone(sentences[n], own, seen)
                    for n in (number - 1, number - 2) if n >= 0):
                target = "person"  # "Tu jefe se apunta los méritos. Menudo personaje."
            if target in (None, "self"):
                continue
            targets[number] = target
            if target == "competitor" and sentence.start_char in excuses:
                continue  # blaming a courier or supplier is the excuse, not competitor talk
            taboo = "badmouth_competitor" if target == "competitor" else "talk_behind_back"
            if (taboo, number) in flagged:
                continue
            flagged.add((taboo, number))
            evidence = span_text(sentence.doc, start, end, own)
            analysis.findings.append(finding(taboo, sentence, own, evidence))
        for number, start, end in secrets:
            if ("talk_behind_back", number) in flagged or not any(
                    self._names_someone(sentences[n], own, seen)
                    for n in (number - 1, number, number + 1) if 0 <= n < len(sentences)):
                continue
            flagged.add(("talk_behind_back", number))
            sentence = sentences[number]
            evidence = span_text(sentence.doc, start, end, own)
            analysis.findings.append(finding("talk_behind_back", sentence, own, evidence))

    def _names_someone(self, sentence, own: str, seen: Dict[int, str | None]) -> bool:
        """A person word or a person's name in the sentence (not the greeted reader)."""
        return any(self._candidate_of(token, sentence, own, seen) in ("person", "name")
                   for token in sentence)

    def _target(self, sentence, judgement_start: int, kind: str, own: str,
                judgement_end: int | None = None,
                seen: Dict[int, str | None] | None = None) -> str | None:
        """Who a judgement is about: 'person', 'competitor', 'self', 'pronoun' or None.

        A judgement only said of people ("an idiot") looks for a person first, one only
        said of products ("junk") for a company first; otherwise the nearest candidate
        before the judgement (the subject, usually) wins.
        """
        doc = sentence.doc
        before = [doc[i] for i in range(max(sentence.start, judgement_start - TARGET_WINDOW),
                                        judgement_start)]
        after = [doc[i] for i in range(judgement_start, min(sentence.end, judgement_start + 6))]
        words = self._words
        if judgement_end is not None and doc[judgement_end - 1].lower_ in words.object_pronouns:
            return "person"  # "embarrassed by him": the judgement names its target
        subject = next((t for t in reversed(before[-4:]) if t.lower_ not in words.linking), None)
        if subject is not None and subject.lower_ in self._thing_words:
            return None  # "..., which was a nightmare": a thing or an event, no one run down
        seen = {} if seen is None else seen
        candidates = [(t, self._candidate_of(t, sentence, own, seen))
                      for t in list(reversed(before)) + after]
        # "we"/"I" speak for us only right before the judgement ("we're a mess"), not in a
        # clause further back ("the chain we installed for was so stingy").
        candidates = [(t, c) for t, c in candidates if c is not None
                      and not (c == "self" and t.lower_ in self._words.near_self
                               and judgement_start - t.i > 3)]
        preferred = {"person": "person", "product": "competitor"}.get(kind)
        if kind == "both" and any(c == "person" for t, c in candidates if t.i < judgement_start):
            preferred = "person"  # "the people at your Shenzhen branch are clueless"
        if not preferred:
            first = candidates[0][1] if candidates else None
            return "person" if first == "name" else first
        for token, candidate in candidates:  # before the judgement (nearest first), then after
            if candidate == "self" and token.i < judgement_start:
                return "self"
            if candidate == "name" and kind != "product":
                return "person"
            if candidate in (preferred, "pronoun"):
                return candidate
        names = [t for t, c in candidates if c == "name"]
        if names and kind == "product" \
                and not _named_person(names[0], self._person_words, self._words) \
                and names[0].lower_ not in self._first_names \
                and not any(t.lower_ in self._words.personal_pronouns for t in before + after):
            return "competitor"  # "Klyra is nowhere near as good": a product judgement, a brand
        return "person" if names else None  # "the hotel was a disaster": no one to run down

    def _candidate_of(self, token, sentence, own: str, seen: Dict[int, str | None]) -> str | None:
        """What a token may be as a target, once per token of a text: many judgements in one
        long sentence look at the same tokens (a 20,000-character one took 2 s without it)."""
        if token.i not in seen:
            seen[token.i] = self._candidate(token, sentence, own)
        return seen[token.i]

    def _candidate(self, token, sentence, own: str) -> str | None:
        doc = sentence.doc
        word = token.lower_
        owners = [doc[i].lower_ for i in range(max(token.i - 2, sentence.start), token.i)]
        if word in self._person_words:
            if owners and owners[-1] in self._words.yours:
                return "person"  # "tu sucursal de Monterrey": the customer's own, wherever
            possessor = [doc[i] for i in range(max(token.i - 3, sentence.start), token.i - 1)
                         if doc[i + 1].lower_ in self._words.possessive_marks]
            possessor += self._owner_after(token, sentence)
            if any(owner in self._words.their for owner in owners) or any(
                    _looks_like_name(own[t.idx: t.idx + len(t)], t, sentence, own, self._words)
                    for t in possessor):
                return "competitor"  # their support staff, Apex's engineers
            return "person"
        if word in self._words.pronouns:
            return "pronoun"
        if word in self._rival_words:
            return "competitor"  # "our competitor is a joke": the competition is never us
        if word in self._competitor_words or word in self._customer_self_words:
            if any(owner in self._words.ours for owner in owners):
                return "self"  # "our system", "nuestro antiguo sistema"
            if owners and owners[-1] in self._words.yours and word in self._customer_self_words:
                return "person"  # "your company is a mess": the customer's own people
            return "pronoun" if word in self._words.its else "competitor"
        if self._words.unknown(token) and not own[token.idx: token.idx + 1].isupper():
            cue = tuple(doc[i].lower_ for i in range(max(token.i - 2, sentence.start), token.i))
            if cue in self._competitor_cues or cue[-1:] in self._competitor_cues:
                return "competitor"  # "los de norvex", typed in lower case: a brand
        if _looks_like_name(own[token.idx: token.idx + len(token)], token, sentence, own,
                            self._words):
            if self._greeted(token):
                return None  # "Hola Jimena, ...": the reader, no one run down
            cue = tuple(doc[i].lower_ for i in range(max(token.i - 2, sentence.start), token.i))
            if len(cue) == 2 and cue[1] in self._words.owner_after and cue[0] in self._person_words:
                yours = token.i >= 3 and doc[token.i - 3].lower_ in self._words.yours
                return "person" if yours else "competitor"  # "los técnicos de Fluxor": the
                # name owns the people ("tu sucursal de Monterrey": a place of the customer's)
            if cue in self._competitor_cues or cue[-1:] in self._competitor_cues:
                return "competitor"  # "compared to Sparro", "than Klyra", "go with Tellmark"
            if len(cue) == 2 and cue[1] in self._words.owner_after and (
                    cue[0] in self._competitor_words or cue[0] in self._words.product_nouns) \
                    and word not in self._first_names:
                return "competitor"  # "el sistema de Lumitec": the name owns the product
            first = token.i - 1  # the name's first word: "los de Eléctricas Pérez"
            if first > sentence.start and own[doc[first].idx: doc[first].idx + 1].isupper():
                cue_of_first = tuple(doc[i].lower_
                                     for i in range(max(first - 2, sentence.start), first))
                if cue_of_first in self._competitor_cues \
                        or cue_of_first[-1:] in self._competitor_cues:
                    return "competitor"
            if cue and cue[-1] in self._place_words:
                return None  # "to Spain", "in Dubai": a place, no one to run down
            if _named_person(token, self._person_words, self._words) \
                    or not _looks_like_company(token, own, self._words):
                return "name"  # "Kevin is hopeless", "Mark's a disaster": a person's name
            return "competitor"
        if word in self._words.we and token.i >= sentence.start:
            return "self"
        return None

    def _greeted(self, token) -> bool:
        """A name right after a greeting ("Hola", "Buenas tardes Ing.", ``greeting_words``)."""
        doc = token.doc
        i = token.i - 1
        while i >= 0 and (doc[i].lower_ in self._words.titles or doc[i].text == "."):
            i -= 1
        return i >= 0 and doc[i].lower_ in self._words.greeting_words

    def _owner_after(self, token, sentence) -> list:
        """Names owning a person word after it: "los técnicos de Apex" (``owner_after``)."""
        doc = sentence.doc
        if not self._words.owner_after:
            return []
        return [doc[i + 1] for i in range(token.i + 1, min(token.i + 3, sentence.end - 1))
                if doc[i].lower_ in self._words.owner_after]


class _Words:
    """The small words the target guessing reads, from the rules' ``targets`` (per language)."""

    def __init__(self, targets: Dict) -> None:
        def words(key: str) -> frozenset:
            value = targets.get(key, [])
            if not isinstance(value, list) or not all(isinstance(w, str) for w in value):
                raise AnalyzerError(f"taboo rules: targets.{key}: expected a list of words")
            return frozenset(value)

        # a sentence that says "he" or "her" near a name is about a person, not a brand
        self.personal_pronouns = words("personal_pronouns")
        self.object_pronouns = words("object_pronouns")  # "embarrassed by him"
        # between a subject and its judgement: "which was really a nightmare"
        self.linking = words("linking_words")
        # capitalised at a sentence's start without being a name
        self.common_capitalised = words("common_capitalised")
        self.product_nouns = words("product_nouns")  # "Boxwell's board": a company
        self.pronouns = words("they_words")  # resolved from the sentences before
        self.its = words("its_words")
        self.their = words("their_words")  # "their support staff": a competitor's people
        self.ours = words("our_words")
        self.yours = words("your_words")
        self.we = words("we_words")
        self.near_self = words("near_self_words")  # "we"/"I" only right before it
        self.possessive_marks = words("possessive_marks")  # "Apex's engineers"
        self.owner_after = words("owner_after")  # "los técnicos de Apex"
        self.titles = words("title_words")  # "Mr Chen", "Dr. Ruiz": a person
        self.greeting_words = words("greeting_words")  # "Hola Marta,": the reader
        self.title_prefixes = tuple(words("title_prefixes"))
        # At a sentence's start (`names_at_sentence_start`), a common first name is a name,
        # and so is a word the language's lemma table does not know ("Tecnoval"), unless it
        # ends like an ordinary word of the language ("-mente").
        self.first_names_at_start = words("first_names") if targets.get(
            "names_at_sentence_start") else frozenset()
        self.known: frozenset = frozenset()  # filled by the detector from the pipeline
        self.word_endings = tuple(words("word_endings"))

    def unknown(self, token) -> bool:
        word = token.lower_
        return bool(self.known) and word not in self.known and word.isalpha() \
            and len(word) > 2 and not word.endswith(self.word_endings) \
            and token.lemma_ == word


def _known_words(nlp) -> frozenset:
    """Every word of the pipeline's lemma table, as a form or as a lemma."""
    lemmatizer = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
    if lemmatizer is None or "lemma_lookup" not in lemmatizer.lookups.tables:
        return frozenset()
    return frozenset(lemmatizer.lookups.get_table("lemma_lookup").values())


def _looks_like_name(original: str, token, sentence, own: str, words: _Words) -> bool:
    """A capitalised word that is not an ordinary sentence-initial word: a name or brand."""
    if not original[:1].isupper() or token.lower_ in words.common_capitalised:
        return False
    camel = any(char.isupper() for char in original[1:])
    possessive = token.i + 1 < len(token.doc) and \
        token.doc[token.i + 1].lower_ in words.possessive_marks
    if camel or possessive:
        return True
    if token.i == sentence.start:
        if token.lower_ in words.first_names_at_start or words.unknown(token):
            return True  # "Marcos es un vago", "Tecnoval deja mucho que desear"
        following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
        return bool(following is not None and own[following.idx:following.idx + 1].isupper())
    previous = own[token.doc[token.i - 1].idx: token.doc[token.i - 1].idx + 2]
    return not previous.startswith(words.title_prefixes)


def _named_person(token, person_words, words: _Words) -> bool:
    doc = token.doc
    window = [doc[i].lower_ for i in range(max(token.i - 2, 0), token.i)]
    return any(word in person_words for word in window) or (
        token.i > 0 and doc[token.i - 1].lower_ in words.titles)


def _looks_like_company(token, own: str, words: _Words) -> bool:
    """CamelCase ("OrderEasy"), or a capitalised name followed by another ("Apex Machining")."""
    doc = token.doc
    original = own[token.idx: token.idx + len(token)]
    if any(char.isupper() for char in original[1:]):
        return True
    following = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if following is not None and following.lower_ in words.possessive_marks \
            and token.i + 2 < len(doc):
        # "Boxwell's board": a name owning a product is a company
        return doc[token.i + 2].lower_ in words.product_nouns or (
            token.i + 3 < len(doc) and doc[token.i + 3].lower_ in words.product_nouns)
    return bool(following is not None and own[following.idx:following.idx + 1].isupper())
