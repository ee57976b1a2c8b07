"""What a trainee's line to the role-played customer is.

The trained NLU gives the kind of a question, small talk and the sales moves
(intents ``roleplay_ask_*``, ``roleplay_small_talk``, ``move_<tactic id>``); small rules
are more reliable for the rest and run first: a bare acknowledgement ("ok", "got it"),
money figures and ranges, and the proposed date (``coach.roleplay.dates``, parsed by
``dateparser``). In a role-play every line is said to the customer, so the NLU's ranking
is read among the role-play intents only: "Which competitor are you talking to?" may be
a tip intent first, and a competitor question second.

Bounded for any input: at most ``MAX_CHARS`` characters are read, the regexes have no
nested quantifiers, and the date search reads a capped prefix.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Mapping, Sequence

from coach.roleplay.dates import find_date

LINE_KINDS = ("question_situation", "question_budget", "question_timeline",
              "question_decision", "question_competitor", "price_quote", "date_proposal",
              "small_talk", "acknowledgement", "move", "other")
FACT_TOPICS = ("situation", "volumes", "budget", "timeline", "decision", "competitor",
               "past", "motivation", "needs")
MAX_CHARS = 2000

MOVE_PREFIX = "move_"
# Intents that say what kind of line it is (the moves are read from the ranking too).
INTENT_KINDS = {
    "roleplay_ask_situation": "question_situation",
    "move_ask_budget": "question_budget",
    "roleplay_ask_timeline": "question_timeline",
    "roleplay_ask_decision": "question_decision",
    "roleplay_ask_competitor": "question_competitor",
    "roleplay_small_talk": "small_talk",
}
KIND_TOPICS = {"question_budget": "budget", "question_timeline": "timeline",
               "question_decision": "decision", "question_competitor": "competitor"}
SECOND_MOVE_CONFIDENCE = 0.3  # a second move in the same line counts from here
UNSURE_QUESTION = 0.12  # below this, a question's topic is not known

_WORD = re.compile(r"[a-z0-9][a-z0-9'’]*")
# A bare acknowledgement is a short line made only of these words ("ok", "got it, thanks",
# "alright then", "that makes sense") and starting with one of the heads.
_ACK_WORDS = frozenset([
    "ok", "okay", "k", "kk", "sure", "thanks", "thank", "you", "thx", "ty", "cheers", "i", "see",
    "got", "it", "gotcha", "right", "alright", "all", "fine", "understood", "understand", "noted",
    "makes", "sense", "that", "thats", "that's", "fair", "enough", "good", "great", "perfect",
    "cool", "yes", "yeah", "yep", "yup", "uh", "huh", "mm", "mhm", "mhmm", "hmm", "of", "course",
    "sounds", "very", "well", "nice", "excellent", "to", "know", "ah", "oh", "then", "so", "much",
    "is", "true", "indeed", "appreciate", "appreciated", "wonderful", "lovely", "brilliant",
    "interesting", "really", "certainly", "absolutely", "definitely", "no", "problem", "for",
    "sharing", "point", "clear", "hear", "get", "roger", "will", "do"
])
_ACK_HEADS = frozenset([
    "ok", "okay", "k", "kk", "sure", "thanks", "thank", "thx", "ty", "cheers", "i", "got", "gotcha",
    "right", "alright", "all", "fine", "understood", "noted", "makes", "that", "thats", "that's",
    "fair", "good", "great", "perfect", "cool", "yes", "yeah", "yep", "yup", "uh", "mm", "mhm",
    "mhmm", "hmm", "of", "sounds", "very", "nice", "excellent", "ah", "oh", "true", "indeed",
    "appreciate", "appreciated", "wonderful", "lovely", "brilliant", "interesting", "really",
    "certainly", "absolutely", "definitely", "no", "well", "clear", "roger", "will"
])
MAX_ACK_WORDS = 6

# Money: a figure with a currency, or with k/m, or after a price word.
_NUMBER = r"\d{1,3}(?:[,.]\d{3}){0,4}(?:\.\d{1,2})?|\d{1,12}(?:\.\d{1,2})?"
_MONEY = re.compile(
    rf"(?P<sym>[$€£¥￥]|\b(?:rmb|cny|usd|eur|gbp)\b)\s?(?P<a>{_NUMBER})\s?(?P<ak>k|m|million)?\b"
    rf"|\b(?P<b>{_NUMBER})\s?(?P<bk>k|m|million|thousand)?\s?"
    rf"(?P<cur>yuan|rmb|kuai|dollars?|euros?|pounds?|bucks|usd|eur|cny)\b"
    rf"|\b(?P<c>{_NUMBER})\s?(?P<ck>k|m)\b",
    re.IGNORECASE)
# "3-5k", "480 to 25,000", "between 50 and 300": two figures joined as a range.
_RANGE = re.compile(
    rf"(?:{_NUMBER})\s?(?:k|m)?\s?(?:yuan|rmb|dollars?|euros?)?\s?(?:-|–|—|(?:up )?to|and)\s?"
    rf"[$€£¥]?\s?(?:{_NUMBER})(?:\s?[km]\b)?", re.IGNORECASE)
_PRICE_WORDS = re.compile(
    r"\b(?:cost|costs|price|prices|priced|pricing|quote|quoted|fee|fees|charge|charges|"
    r"comes? to|come in at|starts? at|starting at|from|range|ranges|ranging|between|"
    r"per (?:unit|month|year|user|piece|seat|licen[cs]e)|a (?:month|year|piece|unit)|"
    r"each|offer|deal|package|plan|plans|tier|tiers|model|models|investment|total|"
    r"discount|we can do|would be|will be|it's|it is)\b", re.IGNORECASE)
# A figure said as a price without a currency: "It's 4,850 per cabinet", "at 39 a month".
_BARE_PRICE = re.compile(
    rf"\b(?:it's|it is|that's|that is|costs?|priced at|price is|comes to|come in at|be at|"
    rf"starts? at|for just|for only|only|just)\s(?:about |around |roughly )?[$€£¥]?"
    rf"(?P<n>{_NUMBER})\s?(?P<k>k|m)?\b(?!\s?(?:%|percent|per ?cent|units|pieces|parts|"
    rf"people|users|staff|days|weeks|months|years|hours|minutes))"
    rf"|\b(?P<n2>{_NUMBER})\s?(?:k|m)?\s(?:per|a|each|apiece)\s(?:unit|cabinet|keyboard|"
    rf"month|year|user|seat|piece|part|licen[cs]e|kiosk|head|person|day)\b",
    re.IGNORECASE)
_TIER_WORDS = re.compile(r"\b(?:tiers?|models?|grades?|plans?|packages?|versions?|options?|"
                         r"depending|depends|basic|standard|premium|entry|top|"
                         r"small|large|up to|upwards|range|ranges|between)\b", re.IGNORECASE)

_QUESTION_START = frozenset({
    "what", "what's", "whats", "how", "how's", "who", "who's", "whom", "whose", "when",
    "where", "which", "why", "do", "does", "did", "is", "are", "was", "were", "can", "could",
    "would", "will", "have", "has", "should", "may", "might", "any", "anyone"})
_PROPOSAL = re.compile(r"\b(?:shall we|should we|can we|could we|let's|lets|let us|how about|"
                       r"what about|would .{0,30}work|does .{0,30}work|works for you|"
                       r"suit you|suits you|i propose|i suggest|we could|we can|"
                       r"i'll|i will|we'll|we will|meet|call|start|sign|deliver|install|"
                       r"schedule|book|set up|pencil|aim|kick off|go live|begin|trial|"
                       r"pilot|visit|come by|demo|review|send)\b", re.IGNORECASE)
_STRONG_DATE = re.compile(r"\d|(?:mon|tues|wednes|thurs|fri|satur|sun)day|tomorrow|week|fortnight|"
                          r"first|second|third|fourth|fifth|"
                          r"\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\b")
# A move whose dates are context, not a proposal ("the price holds until the 15th").
_NOT_DATE_MOVES = frozenset({"move_push_reason", "move_early_benefit", "move_summarize",
                             "move_reduce_risk", "move_quantify_value", "roleplay_small_talk",
                             "move_list_benefits", "move_share_success_case"})
# Multiplying a loss or adding up savings: figures that are not our price.
_VALUE_WORDS = re.compile(r"\b(?:lose|losing|lost|waste|wasting|save|saves|saving|savings|"
                          r"cost(?:s|ing)? you|add(?:s|ing)? up|times|multipl\w*|makes|"
                          r"over (?:a|the|"
                          r"five|ten|\d+) years?|per year that's|that's|which is)\b",
                          re.IGNORECASE)
_EVIDENCE = re.compile(r"\d|\b(?:data|figures?|numbers|report|reports|case study|study|"
                       r"tested|test|trial|measured|per ?cent|audit|certified|certificate|"
                       r"benchmark|survey|references?|proof|results showed|statistics)\b",
                       re.IGNORECASE)
_CLAIM = re.compile(r"\b(?:will|would|'ll|can|could|going to)\s(?:\w+\s)?(?:cut|save|reduce|"
                    r"lower|increase|boost|improve|double|triple|halve|pay for itself|"
                    r"solve|fix|eliminate|speed up|grow)\b|\bguarantee\w*|\bbest on the market"
                    r"|\bno risk\b|\bsaves? you\b|\bcuts? your\b", re.IGNORECASE)
_SUCCESS = re.compile(r"\b(?:one of our (?:clients|customers)|a (?:client|customer) of ours|"
                      r"another (?:client|customer|company)|(?:clients|customers) like you|"
                      r"a company (?:like yours|similar)|worked with|helped|last year,? (?:a|we)"
                      r"|case study|success stor(?:y|ies)|after switching|since switching)\b",
                      re.IGNORECASE)
_TOPIC_WORDS = (
    ("volumes", re.compile(r"\bhow (?:many|much|often|big|large)\b|\bvolumes?\b|\bquantit|"
                           r"\bper (?:day|week|month|year)\b|\ba (?:day|week|month)\b|"
                           r"\bnumber of\b|\bfigures?\b", re.IGNORECASE)),
    ("past", re.compile(r"\bbefore\b|\blast time\b|\bprevious|\bwent wrong\b|\btried\b|"
                        r"\bin the past\b|\bhappened\b|\bbad experience|\bused to\b",
                        re.IGNORECASE)),
    ("motivation", re.compile(r"\bwhy now\b|\bwhat would (?:make|it take|need to happen)|"
                              r"\bwhat made you\b|\bpriority\b|\bmove forward\b|\bconvince|"
                              r"\bmotivat|\bchange your mind\b|\bwhat would help",
                              re.IGNORECASE)),
    ("needs", re.compile(r"\bneed|\brequire|\bmust[- ]have|\bimportant to you\b|\blooking for\b|"
                         r"\bexpect", re.IGNORECASE)),
)


@dataclass(frozen=True)
class PriceMention:
    figures: tuple[float, ...]  # the amounts named, in order
    is_range: bool  # a range across tiers/models ("from 480 to 25,000", "3-5k")
    text: str  # as written


@dataclass(frozen=True)
class Reading:
    kind: str  # the line's main kind, one of LINE_KINDS
    moves: tuple[str, ...]  # contract tactic ids the line makes
    asks: str | None  # a FACT_TOPICS topic, "unknown", or None when nothing is asked
    price: PriceMention | None
    date: datetime.date | None  # the date proposed, resolved against `today`
    date_text: str | None
    evidence: bool
    claim: bool
    success_case: bool
    small_talk: bool
    acknowledgement: bool
    words: int

    def label(self) -> str:
        """The labelled-set kind: ``move_<first move>`` for a move, else the kind."""
        if self.kind == "move" and self.moves:
            return f"move_{self.moves[0]}"
        return self.kind


def read(text: str, intent: str | None, ranking: Sequence[Mapping], today: datetime.date,
         language: str = "en") -> Reading:
    """Read one trainee line said to the customer (see the module docstring)."""
    line = (text or "")[:MAX_CHARS]
    lowered = line.lower()
    words = _WORD.findall(lowered)
    ranked = _roleplay_ranking(intent, ranking)
    best, confidence = ranked[0] if ranked else (None, 0.0)
    question = _is_question(line, words)
    ack = _is_acknowledgement(words)
    price = _price(line)
    found = find_date(line, today, language) if not ack else None
    date, date_text = found if found else (None, None)
    evidence = bool(_EVIDENCE.search(line))
    claim = bool(_CLAIM.search(line))
    success = bool(_SUCCESS.search(line)) or best == "move_share_success_case"

    kind, asks = _kind(line, words, ranked, question, ack, price, date, date_text)
    if kind == "move" and INTENT_KINDS.get(best or ""):
        best = next((name for name, _ in ranked if name.startswith(MOVE_PREFIX)), None)
    moves = _moves(kind, ranked, best)
    if kind == "question_budget":
        moves = _with(moves, "ask_budget")
    if price is not None:
        moves = tuple(m for m in moves if m != "range_quote")
        if price.is_range:
            moves = _with(moves, "range_quote")
    if date is not None and kind == "date_proposal":
        moves = _with(moves, "propose_timeline")
    if success:
        moves = _with(moves, "share_success_case") if kind == "move" else moves
    return Reading(kind=kind, moves=moves, asks=asks, price=price, date=date,
                   date_text=date_text, evidence=evidence, claim=claim, success_case=success,
                   small_talk=kind == "small_talk", acknowledgement=ack, words=len(words))


def _roleplay_ranking(intent: str | None, ranking: Sequence[Mapping]) -> list[tuple[str, float]]:
    """The role-play intents of the NLU's ranking, best first."""
    ranked = []
    for item in ranking or ():
        name = str(item.get("name") or "")
        if name.startswith(MOVE_PREFIX) or name in INTENT_KINDS:
            try:
                ranked.append((name, float(item.get("confidence") or 0.0)))
            except (TypeError, ValueError):
                continue
    if not ranked and intent and (intent.startswith(MOVE_PREFIX) or intent in INTENT_KINDS):
        ranked.append((intent, 1.0))
    ranked.sort(key=lambda pair: -pair[1])
    return ranked


def _is_question(line: str, words: list[str]) -> bool:
    return "?" in line or bool(words and words[0] in _QUESTION_START)


def _is_acknowledgement(words: list[str]) -> bool:
    """A line made only of acknowledgement words: "ok", "got it, thanks", "I see"."""
    if not words or len(words) > MAX_ACK_WORDS or words[0] not in _ACK_HEADS:
        return False
    return all(word in _ACK_WORDS for word in words)


def _amount(number: str, scale: str | None) -> float:
    digits = number.replace(",", "")
    if digits.count(".") > 1 or (digits.count(".") == 1 and len(digits.split(".")[1]) == 3):
        digits = digits.replace(".", "")  # "25.000": a thousands separator
    value = float(digits)
    factor = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6}.get((scale or "").lower(), 1)
    return value * factor


def _price(line: str) -> PriceMention | None:
    """The money figures named, when the line names a price."""
    figures: list[float] = []
    spans: list[tuple[int, int]] = []
    for match in _MONEY.finditer(line):
        if match.group("sym"):
            figures.append(_amount(match.group("a"), match.group("ak")))
        elif match.group("b"):
            figures.append(_amount(match.group("b"), match.group("bk")))
        else:
            figures.append(_amount(match.group("c"), match.group("ck")))
        spans.append(match.span())
        if len(figures) >= 12:
            break
    ranged = _RANGE.search(line)
    if not figures:
        bare = _BARE_PRICE.search(line)
        if bare is None and not (ranged and _TIER_WORDS.search(line)):
            return None
        if bare is not None:
            figures.append(_amount(bare.group("n") or bare.group("n2"), bare.group("k")))
            spans.append(bare.span())
        else:
            spans.append(ranged.span())
    if ranged:
        # "3-5k", "480 yuan to 25,000": both ends count, the unit of one end scales the other
        ends = [m for m in re.finditer(rf"({_NUMBER})\s?(k|m)?\b", ranged.group(0), re.I)][:2]
        values = [_amount(m.group(1), m.group(2)) for m in ends]
        if len(values) == 2 and values[0] < values[1] / 100 and ends[1].group(2):
            values[0] = _amount(ends[0].group(1), ends[1].group(2))
        # the range's ends replace the figures read inside it ("5k" of "3-5k")
        kept = [f for f, span in zip(figures, spans)
                if span[1] <= ranged.start() or span[0] >= ranged.end()]
        figures = values + [f for f in kept if f not in values]
    is_range = bool(ranged) or (len(set(figures)) >= 2 and bool(_TIER_WORDS.search(line)))
    start, end = spans[0][0], spans[-1][1]
    return PriceMention(tuple(figures), is_range, line[start:end].strip())


def _kind(line, words, ranked, question, ack, price, date, date_text):
    """(kind, asked topic) of the line."""
    best, confidence = ranked[0] if ranked else (None, 0.0)
    if not words:
        return "other", None
    if ack:
        return "acknowledgement", None
    if date is not None and _proposes(line, words, best, date_text or ""):
        return "date_proposal", None
    if price is not None and not (question and best in INTENT_KINDS) and not (
            best == "move_quantify_value" and _VALUE_WORDS.search(line)):
        return "price_quote", None
    kind = INTENT_KINDS.get(best or "")
    if kind in KIND_TOPICS or kind == "question_situation":
        if not question:  # a statement read as a question: its best move instead
            kind, best = None, next((name for name, _ in ranked if name.startswith(MOVE_PREFIX)),
                                    None)
        elif confidence < UNSURE_QUESTION:
            return "question_situation", "unknown"
    if kind is None:
        if best is not None:
            return "move", "needs" if best == "move_ask_needs" and question else None
        return ("question_situation", "unknown") if question else ("other", None)
    if kind == "small_talk":
        return kind, None
    if kind == "question_situation":
        topic = next((name for name, pattern in _TOPIC_WORDS if pattern.search(line)),
                     None)
        if topic is None:
            topic = "situation" if confidence >= UNSURE_QUESTION else "unknown"
        return kind, topic
    return kind, KIND_TOPICS[kind]


def _proposes(line: str, words: list[str], best: str | None, date_text: str) -> bool:
    """A date in a line that proposes it: "Shall we sign on the 10th?", "Thursday 3pm?";
    not "the offer ends at the end of the month" or "let's put it on the table today"."""
    if len(words) <= 6:
        return True
    if not _PROPOSAL.search(line):
        return False
    # A day named ("the 5th of January", "Friday", "tomorrow", "in two weeks") is proposed
    # whatever else the line does; "today", a month or "end of the month" only in a line
    # about the next step.
    if _STRONG_DATE.search(date_text):
        return True
    return best in ("move_propose_timeline", "move_pin_down", "roleplay_ask_timeline")


def _moves(kind: str, ranked: list[tuple[str, float]], best: str | None) -> tuple[str, ...]:
    """The tactic ids the line makes: the best move for a move line, and any move the NLU
    is fairly sure of besides."""
    chosen: list[str] = []
    for name, confidence in ranked:
        if not name.startswith(MOVE_PREFIX):
            continue
        if (kind == "move" and name == best) or confidence >= SECOND_MOVE_CONFIDENCE:
            chosen.append(name[len(MOVE_PREFIX):])
    if kind == "move" and best and best.startswith(MOVE_PREFIX):
        top = best[len(MOVE_PREFIX):]
        chosen = [top] + [m for m in chosen if m != top]
    return tuple(dict.fromkeys(chosen))


def _with(moves: tuple[str, ...], move: str) -> tuple[str, ...]:
    return moves if move in moves else moves + (move,)
