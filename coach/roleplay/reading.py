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
from coach.roleplay.prices import PriceMention, find_price

LINE_KINDS = ("question_situation", "question_budget", "question_timeline",
              "question_decision", "question_competitor", "price_quote", "date_proposal",
              "small_talk", "acknowledgement", "move", "other")
FACT_TOPICS = ("situation", "volumes", "budget", "timeline", "decision", "competitor",
               "past", "motivation", "needs")
MAX_CHARS = 2000

MOVE_PREFIX = "roleplay_move_"
# Intents that say what kind of line it is (the moves are read from the ranking too).
INTENT_KINDS = {
    "roleplay_ask_situation": "question_situation",
    "roleplay_move_ask_budget": "question_budget",
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

_QUESTION_START = frozenset({
    "what", "what's", "whats", "how", "how's", "who", "who's", "whom", "whose", "when",
    "where", "which", "why", "do", "does", "did", "is", "are", "was", "were", "can", "could",
    "would", "will", "have", "has", "should", "may", "might", "any", "anyone"})
# Asking without a question mark: "Walk me through how you store the parts now."
_ASKING = re.compile(r"^(?:so,? |and |ok,? |okay,? |now,? )?(?:tell me|walk me through|talk me "
                     r"through|take me through|describe|explain|help me understand|"
                     r"i'd (?:like|love) to (?:know|hear|understand)|i'm curious|i wonder|"
                     r"i was wondering|give me an idea|let me ask|may i ask|"
                     r"can i ask)\b", re.IGNORECASE)
_PROPOSAL = re.compile(r"\b(?:shall we|should we|can we|could we|let's|lets|let us|how about|"
                       r"what about|would .{0,30}work|does .{0,30}work|works for you|"
                       r"suit you|suits you|i propose|i suggest|we could|we can|"
                       r"i'll|i will|we'll|we will|meet|call|start|sign|deliver|install|"
                       r"schedule|book|set up|pencil|aim|kick off|go live|begin|trial|"
                       r"pilot|visit|come by|demo|review|send)\b", re.IGNORECASE)
_STRONG_DATE = re.compile(r"\d|(?:mon|tues|wednes|thurs|fri|satur|sun)day|tomorrow|week|fortnight|"
                          r"first|second|third|fourth|fifth|"
                          r"\b(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\b")
# A line that asks how things are or chats ("How do you handle faxes today?", "Nice weather
# today") names today as the present, not as a date: "today"/"tonight" is proposed only in
# a line that commits to a next step ("Can we sign today?").
_NOW_WORDS = frozenset({"today", "tonight", "now"})
_COMMIT = re.compile(r"\b(?:sign|signed|signing|signature|order|close|finali[sz]e|confirm|"
                     r"agree|decide|go ahead|start|kick off|book|schedule|meet|call|send|"
                     r"deliver|install|visit|come by|demo|trial|pilot|lock|wrap)\b", re.IGNORECASE)
# A move that closes keeps its date even when the line is more than a proposal.
_CLOSING_MOVES = frozenset({"roleplay_move_pin_down", "roleplay_move_propose_timeline"})
_CHAT_OR_ASK = frozenset({"roleplay_small_talk", "roleplay_ask_situation",
                          "roleplay_ask_decision", "roleplay_ask_competitor",
                          "roleplay_move_ask_needs", "roleplay_move_ask_budget"})
# "went live in four months", "took two weeks": a duration told, not a date proposed.
_TOLD = re.compile(r"\b(?:went|was|were|had|took|got|did|finished|completed|delivered|saved|"
                   r"cut|ran|launched|recovered|paid|switched|moved)\b", re.IGNORECASE)
# Multiplying a loss or adding up a gain: figures that are the customer's, not our price
# ("500 units a month and 120 yuan margin each, that's 60,000 a month for you").
_VALUE_WORDS = re.compile(r"\b(?:lose|losing|lost|waste|wasting|save|saves|saved|saving|savings|"
                          r"margin|margins|profit|revenue|earn|earns|extra|gain|worth|"
                          r"cost(?:s|ing)? you|add(?:s|ing)? (?:it )?up|times|multipl\w*|"
                          r"over (?:a|the|five|ten|\d+) years?|for you|which is)\b",
                          re.IGNORECASE)
# ...and these say so whatever the NLU read ("every month you wait costs you 1,600 yuan").
_LOSS_OR_GAIN = re.compile(r"\b(?:costs? you|costing you|you(?:'re| are)? (?:lose|losing|"
                           r"waste|wasting|save|saving)|saves? you|margins?|you wait|"
                           r"you'd save|you'll save|you could save|in lost)\b", re.IGNORECASE)
_VALUE_MOVES = frozenset({"roleplay_move_quantify_value", "roleplay_move_early_benefit",
                          "roleplay_move_push_reason"})
# Evidence: a result measured (a rate, a count of cases), a test, a report, a reference;
# not any digit (a date or a price is no evidence).
_EVIDENCE = re.compile(r"\d\s?(?:%|per ?cent|percent)|\b\d[\d,.]{0,15}\s(?:clients|customers|"
                       r"companies|firms|filings|installations|projects|sites|stores|"
                       r"hospitals|schools|factories|users|cases|applications)\b|"
                       r"\b(?:data|figures|report|reports|case study|study|studies|tested|"
                       r"test results|trial results|measured|audit|audited|certified|"
                       r"certificate|benchmark|survey|references?|proof|results showed|"
                       r"statistics|track record|approval rate|success rate|"
                       r"independent(?:ly)?|on record|documented)\b", re.IGNORECASE)
_CLAIM = re.compile(r"\b(?:will|would|'ll|can|could|going to)\s(?:\w+\s){0,2}(?:cut|save|"
                    r"reduce|lower|increase|boost|improve|double|triple|halve|pay for itself|"
                    r"solve|fix|eliminate|speed up|grow|protect|transform|guarantee|never|"
                    r"always|outperform|beat|last)\b|\bguarantee\w*|\bbest (?:in|on)\b"
                    r"|\bnumber one\b|\bno\.? ?1\b|\bleading\b|\bunbeatable\b|\bno risk\b"
                    r"|\bsaves? you\b|\bcuts? your\b|\bcompletely\b|\bfully protected\b"
                    r"|\bnobody (?:else )?(?:can|does)\b|\bthe only\b"
                    r"|\b(?:approval|success) rate\b", re.IGNORECASE)
# Another customer's success: "one of our clients", "a firm like yours went live in ...".
_SUCCESS = re.compile(r"\b(?:one of our (?:clients|customers)|a (?:client|customer) of ours|"
                      r"another (?:client|customer|company)|(?:clients|customers) like you|"
                      r"(?:company|firm|business|shop|clinic|chain|factory|agency|restaurant|"
                      r"distributor|hospital|school|office) (?:like yours|similar to yours|"
                      r"just like you)|worked with|we helped|helped (?:a|an|them)|"
                      r"last year,? (?:a|we)|case study|success stor(?:y|ies)|after switching|"
                      r"since switching|since they switched|went live)\b", re.IGNORECASE)
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
    price = find_price(line)
    found = find_date(line, today, language) if not ack else None
    date, date_text = found if found else (None, None)
    if price is not None and (_LOSS_OR_GAIN.search(line) or (
            best in _VALUE_MOVES and _VALUE_WORDS.search(line))):
        price = None  # a value calculation: the figures are the customer's gain or loss
    evidence = not ack and bool(_EVIDENCE.search(line))
    claim = not ack and not question and bool(_CLAIM.search(line))

    kind, asks = _kind(line, words, ranked, question, ack, price, date, date_text)
    if kind != "date_proposal" and not (
            kind == "move" and best in _CLOSING_MOVES and not _context_date(line, best, date_text)):
        date, date_text = None, None  # named as context, not proposed
    success = not ack and kind not in ("acknowledgement", "small_talk") and (
        bool(_SUCCESS.search(line))
        or (kind == "move" and best == "roleplay_move_share_success_case"))
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
    return "?" in line or bool(words and words[0] in _QUESTION_START) or bool(
        _ASKING.match(line.lstrip()))


def _is_acknowledgement(words: list[str]) -> bool:
    """A line made only of acknowledgement words: "ok", "got it, thanks", "I see"."""
    if not words or len(words) > MAX_ACK_WORDS or words[0] not in _ACK_HEADS:
        return False
    return all(word in _ACK_WORDS for word in words)


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
            best == "roleplay_move_quantify_value" and _VALUE_WORDS.search(line)):
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
            if not question:
                return "move", None
            if best == "roleplay_move_ask_needs":
                return "move", "needs"
            return "move", next((name for name, pattern in _TOPIC_WORDS if pattern.search(line)),
                                None)
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
    if _context_date(line, best, date_text):
        return False
    if len(words) <= 6:
        return True
    if not _PROPOSAL.search(line):
        return False
    # A day named ("the 5th of January", "Friday", "tomorrow", "in two weeks") is proposed
    # whatever else the line does; "today", a month or "end of the month" only in a line
    # about the next step.
    if _STRONG_DATE.search(date_text):
        return True
    return best in ("roleplay_move_propose_timeline", "roleplay_move_pin_down",
                    "roleplay_ask_timeline")


def _context_date(line: str, best: str | None, date_text: str | None) -> bool:
    """A date named as the present ("how do you do it today?") or a duration told ("went
    live in four months"), never a proposal."""
    if not date_text:
        return True
    if date_text in _NOW_WORDS and (best in _CHAT_OR_ASK or not _COMMIT.search(line)):
        return True
    return date_text.split()[0] in ("in", "within") and bool(
        _TOLD.search(line) or _SUCCESS.search(line))


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
