"""The taboo analyzer: what in a salesperson's message would push a customer away.

Shared by role-play (each trainee turn) and draft review. Plain Python on the
project's spaCy pipeline (``coach.nlp``) plus a sentencizer; the rules are data
(``data/taboos.yml``, definitions in ``docs/taboos.md``):

- phrase rules on lemmas of the lower-cased text (``PhraseMatcher``), each taboo
  with phrases that cancel a match nearby ("that's impossible" vs "... let me
  check and get back to you");
- negative judgements classified by their target: about a competitor or its
  offer (``badmouth_competitor``) or about a person or team
  (``talk_behind_back``);
- money figures (numbers with a currency) that are not a range, not tied to the
  customer's stated needs and not the customer's own costs
  (``premature_exact_price``);
- message length and off-topic personal subjects (``ramble``).

Drafts are cut at the first quoted earlier message: those words are the
customer's, not the salesperson's.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterable, List, Tuple

import yaml

from coach.nlp import load_pipeline

TABOO_IDS = (
    "argue", "force_persuade", "refuse_on_spot", "ramble", "badmouth_competitor",
    "make_excuses", "premature_exact_price", "exaggerate", "talk_behind_back",
)
PHRASE_TABOOS = ("argue", "force_persuade", "refuse_on_spot", "make_excuses", "exaggerate")

# Where an earlier message starts in a reply: "> ...", "On <date>, <name> wrote:",
# Outlook's "-----Original Message-----" and "From: ... Sent: ..." headers.
# Every repetition is bounded and no two neighbouring parts can match the same characters
# (no `\s*` across lines), so a search stays linear in the text's length whatever it holds.
_QUOTE_HEADER = re.compile(
    r"^[ \t]*(-{3,80}[ \t]*original message|on [^\n]{3,200}wrote:[ \t]*$"
    r"|from:[ \t][^\n]{1,300}$(?=(?:[ \t]*\r?\n){1,2}[ \t]*sent:))",
    re.IGNORECASE | re.MULTILINE,
)
_QUOTED_LINE = re.compile(r"^[ \t]*>.*$\n?", re.MULTILINE)
# A number starts where no digit, comma or point comes before it, and is at most 25
# characters: with an unbounded `\d[\d,]*` a search re-scanned a long digit run from each of
# its digits (3.7 s for 10,000 digits). Longer runs are not prices.
_NUMBER = r"(?<![\d,.])\d[\d,]{0,24}(?:\.\d{1,6})?"
_MONEY = re.compile(
    rf"(?P<sym>[$€£¥￥₹]|\b(?:rmb|cny|usd|eur|gbp|hkd|jpy|sgd|aud|cad|chf)\b)\s?(?P<a>{_NUMBER})"
    rf"\s?(?P<ak>[km]\b)?"
    rf"|(?P<b>{_NUMBER})\s?(?P<bk>[km]\b)?\s?(?P<word>[a-z]{{1,7}}\b)?",
    re.IGNORECASE,
)
_NUMBER_RANGE = re.compile(rf"{_NUMBER}\s?[km]?\s?(?:-|–|to|and)\s?[$€£¥]?\s?{_NUMBER}",
                           re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_TIME_AFTER = re.compile(r"(?::\d|[ap]\.?m\b|o'?clock|h\b|hours?\b|hrs?\b)")
_TIME_BEFORE = re.compile(r"\b(?:at|by|until|till|before|after|around)\s$")
# Words that may follow a bare price without making it a count ("280,000 and that's final").
_NOT_A_NOUN = {"and", "or", "for", "plus", "net", "flat", "total", "all", "inclusive", "incl",
               "including", "excluding", "ex", "with", "is", "was", "that", "then", "so", "but"}
# spaCy's tokenizer splits punctuation off a token one piece at a time, searching the whole
# token each time: quadratic in a long run without spaces (31 s for 20,000 quote marks).
# No word is this long, so longer runs are cut into pieces of this size before tokenizing.
LONGEST_TOKEN = 64
_LONG_RUN = re.compile(rf"\S{{{LONGEST_TOKEN + 1},}}")
# A judgement's target is looked for among this many tokens before it (the nearest wins):
# looking through the whole sentence for each judgement was quadratic in a long sentence.
TARGET_WINDOW = 40


class AnalyzerError(ValueError):
    """The taboo rules are missing or malformed."""


@dataclass(frozen=True)
class TabooInfo:
    id: str
    label: str
    why: str
    instead: str
    topic: str
    rewrite: str  # a better version of the sentence ("" = rewrite from the message itself)


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


def strip_quoted(text: str) -> str:
    """The salesperson's own part of a draft.

    Lines quoted with ">" go wherever they are (replies may quote at the top); a reply
    header ("On ... wrote:", "-----Original Message-----", "From: ... Sent: ...") ends
    the salesperson's part.
    """
    match = _QUOTE_HEADER.search(text)
    own = text[: match.start()] if match else text
    return _QUOTED_LINE.sub("", own).strip()


def expand(phrase: str) -> List[str]:
    """'a {b|c} d' -> ['a b d', 'a c d'] (alternatives may be empty or several words)."""
    parts = re.split(r"(\{[^{}]*\})", phrase)
    options = [part[1:-1].split("|") if part.startswith("{") else [part] for part in parts]
    return [" ".join("".join(combo).split()) for combo in itertools.product(*options)]


class TabooAnalyzer:
    def __init__(self, nlp, rules: Dict) -> None:
        from spacy.matcher import PhraseMatcher

        self._nlp = nlp
        if "sentencizer" not in nlp.pipe_names:
            nlp.add_pipe("sentencizer")
        self.info = _parse_info(rules)
        taboos = rules["taboos"]
        self._matcher = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self._exact_matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for taboo in PHRASE_TABOOS:
            self._add(f"{taboo}", taboos[taboo].get("phrases", []))
            self._add(f"{taboo}", taboos[taboo].get("exact_phrases", []), exact=True)
            self._add(f"{taboo}:cancel", taboos[taboo].get("suppressed_by", []))
            self._add(f"{taboo}:not", taboos[taboo].get("not_when", []))
            for number, groups in enumerate(taboos[taboo].get("together", [])):
                for group, phrases in enumerate(groups):
                    self._add(f"{taboo}:together{number}:{group}", phrases)
        self._together_groups = {
            taboo: [len(groups) for groups in taboos[taboo].get("together", [])]
            for taboo in PHRASE_TABOOS}
        ramble = taboos["ramble"]
        self._add("ramble:off_topic", ramble["off_topic_phrases"])
        self._add("ramble:off_topic", ramble.get("off_topic_words", []))
        self._long_words = int(ramble["long_message_words"])
        self._long_draft_off_topic = int(ramble["long_draft_off_topic_words"])
        self._dense_hits = int(ramble.get("dense_sentence_hits", 0)) or None
        self._dense_words = int(ramble.get("dense_sentence_words", 0))
        price = taboos["premature_exact_price"]
        self._currency_words = {word.lower() for word in price["currency_words"]}
        # A bare figure is a price when the sentence says so ("the price is 4,850") or a
        # unit follows it ("4,850 per unit"); a figure followed by a noun is a count.
        self._price_cues = {word.lower() for word in price.get("price_cues", [])}
        self._unit_prices = tuple(phrase.lower() for phrase in price.get("unit_prices", []))
        for kind in ("range_phrases", "qualified_phrases", "their_cost_phrases"):
            self._add(f"price:{kind}", price[kind])
        self._add("talk_behind_back:confidence", taboos["talk_behind_back"]["confidence_phrases"])
        self._add("judgement:product", rules["judgements"]["product"])
        self._add("judgement:person", rules["judgements"]["person"])
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

    @classmethod
    def from_files(cls, spacy_dir: Path, rules_file: Path) -> TabooAnalyzer:
        try:
            rules = yaml.safe_load(Path(rules_file).read_text(encoding="utf-8"))
        except (OSError, yaml.YAMLError) as error:
            raise AnalyzerError(f"{rules_file}: cannot load taboo rules ({error})") from error
        return cls(load_pipeline(spacy_dir), rules)

    def _add(self, label: str, phrases: Iterable[str], exact: bool = False) -> None:
        texts = [text for phrase in phrases for text in expand(phrase.lower()) if text]
        if not texts:
            return
        if exact:
            self._exact_matcher.add(label, [self._nlp.make_doc(text) for text in texts])
        else:
            self._matcher.add(label, list(self._nlp.pipe(texts)))

    # -- analysis ---------------------------------------------------------------------------

    def analyze(self, text: str, *, draft: bool = False,
                context: Context | None = None) -> Analysis:
        context = context or Context()
        own = strip_quoted(text) if draft else text
        lowered = own.lower()
        if len(lowered) != len(own):  # rare case-folding length changes: keep offsets true
            lowered = own
        doc = _split_lines(self._nlp(_break_long_runs(lowered)))
        sentences = list(doc.sents)
        hits = self._hits(doc, sentences)
        words = len(_WORD.findall(own))
        analysis = Analysis(text=own, words=words)
        for taboo in PHRASE_TABOOS:
            self._phrase_findings(analysis, taboo, hits, sentences, own)
        self._judgement_findings(analysis, hits, sentences, own)
        self._price_findings(analysis, hits, sentences, own, context)
        self._ramble_findings(analysis, hits, sentences, own, draft)
        analysis.findings.sort(key=lambda finding: (finding.start, finding.taboo))
        return analysis

    def _hits(self, doc, sentences) -> Dict[str, List[Tuple[int, int, int]]]:
        """label -> [(sentence index, token start, token end)]"""
        index_of = {}
        for number, sentence in enumerate(sentences):
            for token in sentence:
                index_of[token.i] = number
        hits: Dict[str, List[Tuple[int, int, int]]] = {}
        for match_id, start, end in [*self._matcher(doc), *self._exact_matcher(doc)]:
            label = self._nlp.vocab.strings[match_id]
            hits.setdefault(label, []).append((index_of[start], start, end))
        return hits

    @staticmethod
    def _finding(taboo: str, sentence, own: str, evidence: str) -> Finding:
        start, end = sentence.start_char, sentence.end_char
        return Finding(taboo, own[start:end].strip(), evidence, start, end)

    def _phrase_findings(self, analysis: Analysis, taboo: str, hits, sentences, own) -> None:
        cancelled = {number + offset for number, _, _ in hits.get(f"{taboo}:cancel", [])
                     for offset in (-1, 0, 1)}
        cancelled |= {number for number, _, _ in hits.get(f"{taboo}:not", [])}
        if taboo == "make_excuses":  # owning the mistake anywhere cancels excuses nearby
            cancelled |= {n + o for n, _, _ in hits.get("make_excuses:cancel", [])
                          for o in (-2, -1, 0, 1, 2)}
        seen = set()
        for number, start, end in hits.get(taboo, []) + self._together_hits(taboo, hits):
            if number in cancelled or number in seen:
                continue
            seen.add(number)
            sentence = sentences[number]
            evidence = own[sentence.doc[start].idx: sentence.doc[end - 1].idx
                           + len(sentence.doc[end - 1])]
            analysis.findings.append(self._finding(taboo, sentence, own, evidence))

    def _together_hits(self, taboo: str, hits) -> List[Tuple[int, int, int]]:
        """Sentences where every group of a `together` rule has a phrase (first group's span)."""
        found = []
        for number, size in enumerate(self._together_groups[taboo]):
            groups = [hits.get(f"{taboo}:together{number}:{group}", []) for group in range(size)]
            sentences = set.intersection(*[{hit[0] for hit in group} for group in groups])
            found += [hit for hit in groups[0] if hit[0] in sentences]
        return found

    # -- judgements about others --------------------------------------------------------------

    def _judgement_findings(self, analysis: Analysis, hits, sentences, own) -> None:
        """Negative judgements, as badmouthing or back-talk depending on their target."""
        confidences = {number for number, _, _ in hits.get("talk_behind_back:confidence", [])}
        excuses = {finding.start for finding in analysis.findings
                   if finding.taboo == "make_excuses"}
        kinds: Dict[Tuple[int, int, int], set] = {}
        for kind in ("product", "person"):
            for hit in hits.get(f"judgement:{kind}", []):
                kinds.setdefault(hit, set()).add(kind)
        targets: Dict[int, str] = {}  # sentence -> last target, to resolve "they"
        flagged = set()
        # Judgements of one kind first: in a sentence with both, their target is the surer.
        ordered = sorted(kinds.items(), key=lambda item: (item[0][0], len(item[1]), item[0][1]))
        for (number, start, end), kind in ordered:
            sentence = sentences[number]
            kind_name = "both" if len(kind) == 2 else next(iter(kind))
            if kind_name == "both" and number in targets:
                target = targets[number]
            else:
                target = self._target(sentence, start, kind_name, own, end)
            if target == "pronoun":
                target = (targets.get(number) or targets.get(number - 1)
                          or targets.get(number - 2)
                          or ("person" if kind_name == "person" else "competitor"))
            if target in (None, "self") and number in confidences:
                target = "person"
            if target in (None, "self"):
                continue
            targets[number] = target
            if target == "competitor" and sentence.start_char in excuses:
                continue  # blaming a courier or supplier is the excuse, not competitor talk
            taboo = "badmouth_competitor" if target == "competitor" else "talk_behind_back"
            if (taboo, number) in flagged:
                continue
            flagged.add((taboo, number))
            doc = sentence.doc
            evidence = own[doc[start].idx: doc[end - 1].idx + len(doc[end - 1])]
            analysis.findings.append(self._finding(taboo, sentence, own, evidence))

    def _target(self, sentence, judgement_start: int, kind: str, own: str,
                judgement_end: int | None = None) -> str | None:
        """Who a judgement is about: 'person', 'competitor', 'self', 'pronoun' or None.

        A judgement only said of people ("an idiot") looks for a person first, one only
        said of products ("junk") for a company first; otherwise the nearest candidate
        before the judgement (the subject, usually) wins.
        """
        doc = sentence.doc
        before = [doc[i] for i in range(max(sentence.start, judgement_start - TARGET_WINDOW),
                                        judgement_start)]
        after = [doc[i] for i in range(judgement_start, min(sentence.end, judgement_start + 6))]
        if judgement_end is not None and doc[judgement_end - 1].lower_ in ("him", "her"):
            return "person"  # "embarrassed by him": the judgement names its target
        subject = next((t for t in reversed(before[-4:]) if t.lower_ not in _LINKING), None)
        if subject is not None and subject.lower_ in self._thing_words:
            return None  # "..., which was a nightmare": a thing or an event, no one run down
        candidates = [(t, self._candidate(t, sentence, kind, own))
                      for t in list(reversed(before)) + after]
        # "we"/"I" speak for us only right before the judgement ("we're a mess"), not in a
        # clause further back ("the chain we installed for was so stingy").
        candidates = [(t, c) for t, c in candidates if c is not None
                      and not (c == "self" and t.lower_ in ("we", "i", "us")
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
        if names and kind == "product" and not _named_person(names[0], self._person_words) \
                and names[0].lower_ not in self._first_names \
                and not any(t.lower_ in _PERSONAL_PRONOUNS for t in before + after):
            return "competitor"  # "Klyra is nowhere near as good": a product judgement, a brand
        return "person" if names else None  # "the hotel was a disaster": no one to run down

    def _candidate(self, token, sentence, kind: str, own: str) -> str | None:
        doc = sentence.doc
        word = token.lower_
        owners = [doc[i].lower_ for i in range(max(token.i - 2, sentence.start), token.i)]
        if word in self._person_words:
            possessor = [doc[i] for i in range(max(token.i - 3, sentence.start), token.i - 1)
                         if doc[i + 1].lower_ in ("'s", "’s")]
            if "their" in owners or any(
                    _looks_like_name(own[t.idx: t.idx + len(t)], t, sentence, own)
                    for t in possessor):
                return "competitor"  # their support staff, Apex's engineers
            return "person"
        if word in ("they", "them", "their"):
            return "pronoun"
        if word in self._rival_words:
            return "competitor"  # "our competitor is a joke": the competition is never us
        if word in self._competitor_words or word in self._customer_self_words:
            if owners and owners[-1] in ("our", "my"):
                return "self"
            if owners and owners[-1] == "your" and word in self._customer_self_words:
                return "person"  # "your company is a mess": the customer's own people
            return "pronoun" if word == "its" else "competitor"
        if _looks_like_name(own[token.idx: token.idx + len(token)], token, sentence, own):
            cue = tuple(doc[i].lower_ for i in range(max(token.i - 2, sentence.start), token.i))
            if cue in self._competitor_cues or cue[-1:] in self._competitor_cues:
                return "competitor"  # "compared to Sparro", "than Klyra", "go with Tellmark"
            if cue and cue[-1] in self._place_words:
                return None  # "to Spain", "in Dubai": a place, no one to run down
            if _named_person(token, self._person_words) or not _looks_like_company(token, own):
                return "name"  # "Kevin is hopeless", "Mark's a disaster": a person's name
            return "competitor"
        if word in ("we", "us", "ours", "i") and token.i >= sentence.start:
            return "self"
        return None

    # -- exact prices --------------------------------------------------------------------------

    def _price_findings(self, analysis: Analysis, hits, sentences, own, context) -> None:
        if context.customer_qualified:
            return
        qualified_anywhere = bool(hits.get("price:qualified_phrases"))
        if qualified_anywhere:
            return
        unusual = {n for kind in ("price:range_phrases", "price:their_cost_phrases")
                   for n, _, _ in hits.get(kind, [])}
        for number, sentence in enumerate(sentences):
            if number in unusual:
                continue
            text = own[sentence.start_char: sentence.end_char]
            if _NUMBER_RANGE.search(text):
                continue
            money = self._money(text)
            if money:
                analysis.findings.append(
                    self._finding("premature_exact_price", sentence, own, money))
                return  # one exact price is enough to say it

    def _money(self, text: str) -> str | None:
        # lower-case words only: "Darren Price" is a name, not a price
        said_price = bool(self._price_cues & set(_WORD.findall(text)))
        for match in _MONEY.finditer(text):
            if match.group("sym"):
                return match.group(0).strip()
            word = (match.group("word") or "").lower()
            if word in self._currency_words or (match.group("bk") and word not in (
                    "units", "unit", "users", "pages", "items", "seats")):
                return match.group(0).strip()
            if match.group("b") and self._bare_price(text, match.start("b"), match.end("b"),
                                                     said_price):
                return match.group("b")
        return None

    def _bare_price(self, text: str, start: int, end: int, said_price: bool) -> bool:
        """A figure with no currency: a price if a unit follows or the sentence says price."""
        after = text[end:end + 24].lower().lstrip()
        before = text[max(0, start - 8):start].lower()
        if _TIME_AFTER.match(after) or _TIME_BEFORE.search(before) or after[:1].isdigit():
            return False  # "at 11", "by 11:00": a time; "07700 900456": a phone number
        if after.startswith(self._unit_prices):
            return True
        next_word = _WORD.match(after)
        # "the final price is 280,000." / "280,000 and that's final": nothing counted after it
        return said_price and not after.startswith(("%", "-", "–")) and (
            next_word is None or next_word.group(0) in _NOT_A_NOUN)

    # -- rambling --------------------------------------------------------------------------------

    def _ramble_findings(self, analysis: Analysis, hits, sentences, own, draft: bool) -> None:
        off_topic = sorted({number for number, _, _ in hits.get("ramble:off_topic", [])})
        analysis.off_topic = [(sentences[n].start_char, sentences[n].end_char) for n in off_topic]
        off_topic_words = sum(len(_WORD.findall(sentences[n].text)) for n in off_topic)
        # Mostly personal chatter: at least two off-topic sentences making up 40% of it.
        mostly_off_topic = len(off_topic) >= 2 and off_topic_words >= 0.4 * analysis.words
        # One run-on sentence with several distinct personal matters in it.
        per_sentence: Dict[int, set] = {}
        for number, start, _ in hits.get("ramble:off_topic", []):
            per_sentence.setdefault(number, set()).add(start)
        dense = self._dense_hits is not None and any(
            len(starts) >= self._dense_hits
            and len(_WORD.findall(sentences[n].text)) >= self._dense_words
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
        analysis.findings.append(self._finding("ramble", sentence, own, evidence))


def _break_long_runs(text: str) -> str:
    """The text with a space every LONGEST_TOKEN characters of a run without spaces.

    Characters are replaced, not inserted, so offsets into the original text stay true.
    """
    def cut(match: re.Match) -> str:
        run = match.group(0)
        return "".join(" " if number % LONGEST_TOKEN == LONGEST_TOKEN - 1 else char
                       for number, char in enumerate(run))
    return _LONG_RUN.sub(cut, text)


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


# A sentence that says "he" or "her" near a name is about a person, not a brand.
_PERSONAL_PRONOUNS = {"he", "she", "him", "his", "her", "himself", "herself"}

# Between a subject and its judgement: "which was really a nightmare".
_LINKING = {"was", "is", "'s", "’s", "be", "been", "has", "had", "have", "'ve", "seemed", "seems",
            "looked", "looks", "sounded", "sounds", "really", "just", "so", "truly", "honestly",
            "frankly", "a", "an", "total", "complete", "real", "absolute", "bit", "quite", "very"}

_COMMON_CAPITALISED = {"i", "your", "our", "my", "the", "a", "an", "this", "that", "their",
                       "his", "her", "its", "we", "you", "they", "he", "she", "it", "hi",
                       "hello", "dear", "honestly", "frankly", "sorry", "thanks", "and", "but"}


def _looks_like_name(original: str, token, sentence, own: str) -> bool:
    """A capitalised word that is not an ordinary sentence-initial word: a name or brand."""
    if not original[:1].isupper() or token.lower_ in _COMMON_CAPITALISED:
        return False
    camel = any(char.isupper() for char in original[1:])
    possessive = token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ in ("'s", "’s")
    if camel or possessive:
        return True
    if token.i == sentence.start:
        following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
        return bool(following is not None and own[following.idx:following.idx + 1].isupper())
    previous = own[token.doc[token.i - 1].idx: token.doc[token.i - 1].idx + 2]
    return not previous.startswith(("Mr", "Ms", "Dr"))


def _named_person(token, person_words) -> bool:
    doc = token.doc
    window = [doc[i].lower_ for i in range(max(token.i - 2, 0), token.i)]
    return any(word in person_words for word in window) or (
        token.i > 0 and doc[token.i - 1].lower_ in ("mr", "ms", "mrs", "dr", "mr.", "ms."))


def _looks_like_company(token, own: str) -> bool:
    """CamelCase ("OrderEasy"), or a capitalised name followed by another ("Apex Machining")."""
    doc = token.doc
    original = own[token.idx: token.idx + len(token)]
    if any(char.isupper() for char in original[1:]):
        return True
    following = doc[token.i + 1] if token.i + 1 < len(doc) else None
    if following is not None and following.lower_ in ("'s", "’s") and token.i + 2 < len(doc):
        # "Boxwell's board": a name owning a product is a company
        return doc[token.i + 2].lower_ in _PRODUCT_NOUNS or (
            token.i + 3 < len(doc) and doc[token.i + 3].lower_ in _PRODUCT_NOUNS)
    return bool(following is not None and own[following.idx:following.idx + 1].isupper())


_PRODUCT_NOUNS = {"product", "products", "board", "boards", "machine", "machines", "software",
                  "service", "services", "support", "kiosk", "kiosks", "cabinet", "cabinets",
                  "keyboard", "keyboards", "pump", "pumps", "panels", "system", "systems", "crm",
                  "platform", "tooling", "parts", "quality", "prices", "price", "quote", "app"}


def _parse_info(rules: Dict) -> Dict[str, TabooInfo]:
    taboos = rules.get("taboos") if isinstance(rules, dict) else None
    if not isinstance(taboos, dict):
        raise AnalyzerError("taboo rules: expected a 'taboos' mapping")
    missing = [taboo for taboo in TABOO_IDS if taboo not in taboos]
    if missing:
        raise AnalyzerError(f"taboo rules: no entry for {missing}")
    for taboo in PHRASE_TABOOS:
        together = taboos.get(taboo, {}).get("together", [])
        if not isinstance(together, list) or not all(
                isinstance(rule, list) and len(rule) >= 2 and all(
                    isinstance(group, list) and group and all(isinstance(p, str) for p in group)
                    for group in rule) for rule in together):
            raise AnalyzerError(f"taboo rules: {taboo}: 'together' must be a list of rules, "
                                "each a list of two or more lists of phrases")
    for key in ("judgements", "targets"):
        if not isinstance(rules.get(key), dict):
            raise AnalyzerError(f"taboo rules: expected a '{key}' mapping")
    info = {}
    for taboo in TABOO_IDS:
        entry = taboos[taboo]
        for name in ("label", "why", "instead", "topic"):
            if not isinstance(entry.get(name), str) or not entry[name].strip():
                raise AnalyzerError(f"taboo rules: {taboo}: '{name}' must be a non-empty string")
        info[taboo] = TabooInfo(taboo, entry["label"], entry["why"], entry["instead"],
                                entry["topic"], str(entry.get("rewrite") or ""))
    return info

