"""The customer's reaction to each trainee line, deterministic from the session's seed.

Plain Python: no Rasa, no database. The caller reads the trainee line
(``coach.roleplay.reading``), runs the taboo analyzer, and passes both here with the
session state; the engine returns the customer's message and the new state. Same seed
and same trainee lines give the same customer lines (every random choice is seeded by
the seed, the turn and the bank) and, through the state, the same score.

How the customer behaves (documents 003 and 001; the model is told in docs/roleplay.md):

- it answers what was asked from the scenario's fact sheet, in the style's voice (a driver
  gets the short answer), and says so honestly when the fact sheet has no answer;
- it reacts to what the line was: a price is named back and judged against the budget
  (a range differently from one exact figure), a claim without evidence draws a request
  for proof from an analytical customer, a success case a question about it, small talk
  is welcomed or cut short, an acknowledgement gets an in-character reply, a proposed date
  is accepted or countered with a specific weekday;
- the persona acts over the whole session: the hesitant raises a new doubt every few
  turns until the real reason is found; the lingering drifts and never commits until the
  essential question is asked; the quick-to-agree says yes, then dodges dates until
  pinned down with a short timeline and a reason to start now;
- it commits only to what works: at least two of the persona's own tactics, enough
  interest, and for the hesitant and the lingering the hidden concern surfaced and
  answered by one of the scenario's ``concern_answered_by`` tactics;
- it never says the same line twice in a session and refers back to what was said.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Dict, List, Mapping, Sequence, Tuple

from coach.roleplay.content import (
    DODGE_KINDS,
    DOUBT_KINDS,
    GENERAL_MOVES,
    Content,
    Scenario,
    Texts,
)
from coach.roleplay.prices import PriceMention
from coach.roleplay.reading import Reading
from coach.roleplay.state import SessionState

PROBING_MOVES = ("probe_reason", "probe_concerns", "surface_issues", "ask_essential_question")
CLOSING_MOVES = ("propose_timeline", "pin_down")
PRESSURE_MOVES = ("pin_down", "push_reason")
TRUST_MOVES = ("show_sincerity", "reduce_risk", "acknowledge_view")
START_REASONS = ("push_reason", "early_benefit")  # the quick-to-agree's "why start now"
QUALIFYING_MOVES = ("ask_needs", "ask_budget")
MAX_INTEREST = 10
RECALL_EVERY = 3  # turns between two references back
EARLIEST_DAYS, LATEST_DAYS = 1, 42  # a next step from tomorrow to six weeks out
QUICK_SHORT_TIMELINE_DAYS = 21  # "a short, clear timeline" for the quick-to-agree


@dataclass(frozen=True)
class Difficulty:
    """How hard the customer is: resistance, number of doubts, patience."""

    start_interest: int
    win_interest: int
    min_persona_tactics: int
    probes_needed: int  # probing turns before the real reason comes out
    doubt_every: int  # the hesitant raises a new doubt every N turns
    patience: int  # turns in a row without progress before the customer walks away
    max_taboos: int
    max_turns: int
    long_message_words: int  # a driver's patience with long messages


DIFFICULTY = {
    "easy": Difficulty(4, 6, 2, 1, 4, 6, 4, 24, 70),
    "normal": Difficulty(3, 7, 2, 2, 3, 4, 3, 20, 60),
    "hard": Difficulty(2, 9, 3, 3, 2, 3, 2, 16, 45),
}


@dataclass(frozen=True)
class TraineeTurn:
    """A trainee line as the reading and the taboo analyzer see it."""

    text: str
    reading: Reading
    taboos: Sequence[str] = ()
    taboo_quotes: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Reaction:
    message: str  # what the customer says back (without the "Customer:" label)
    outcome: str | None  # None while the session goes on; won | lost
    state: SessionState


class SessionOver(ValueError):
    """A turn was played on a session that already has an outcome."""


def new_state(content: Content, persona: str, style: str | None, scenario: str, seed: int,
              difficulty: str = "normal", today: date | None = None,
              language: str = "en") -> SessionState:
    if persona not in content.personas:
        raise ValueError(f"unknown persona {persona!r}")
    if style is not None and style not in content.styles:
        raise ValueError(f"unknown style {style!r}")
    if scenario not in content.scenarios:
        raise ValueError(f"unknown scenario {scenario!r}")
    if difficulty not in DIFFICULTY:
        raise ValueError(f"unknown difficulty {difficulty!r}")
    return SessionState(persona=persona, style=style, scenario=scenario, seed=int(seed),
                        difficulty=difficulty, started=(today or date.today()).isoformat(),
                        language=language, interest=DIFFICULTY[difficulty].start_interest)


def scene(content: Content, state: SessionState) -> str:
    """The scene, out of character: who is who, the briefing, the difficulty, the signals.

    A scenario written in another language than the session's (a manager's own, with no
    translation) is played with the texts it has, and the scene says so in one line.
    """
    texts = content.texts
    persona = content.personas[state.persona]
    scenario = content.scenarios[state.scenario]
    style = content.styles.get(state.style or "")
    who = persona.name.lower()
    if style:
        who = texts.format("scene.who", persona=who, style=style.name.lower())
    customer = scenario.customer.name
    if scenario.customer.role:
        customer = texts.format("scene.customer", name=customer, role=scenario.customer.role)
    text = texts.format("scene.text", title=scenario.title, customer=customer, who=who,
                        difficulty=texts.get(f"difficulties.{state.difficulty}"),
                        situation=scenario.situation)
    if scenario.language != content.language:
        text += "\n" + texts.get("scene.other_language")
    return text


def open_session(content: Content, state: SessionState) -> Tuple[str, SessionState]:
    """The customer's first line (it counts as said: it will not come back)."""
    state = state.copy()
    composer = _Composer(content, state)
    message = composer.pick(f"openings.{state.persona}") or composer.concern_short()
    state.said.append(message)
    return message, state


def end(state: SessionState) -> SessionState:
    """The trainee stopped: the outcome is 'ended'."""
    state = state.copy()
    state.outcome = "ended"
    return state


def react(content: Content, state: SessionState, turn: TraineeTurn) -> Reaction:
    """The customer's reaction to one trainee line; returns the new state."""
    if state.outcome:
        raise SessionOver("the session is over")
    state = state.copy()
    return _Turn(content, state, turn).play()


def hint(content: Content, state: SessionState) -> Tuple[str, str]:
    """(tactic to try next, why) from where the session stands, without changing it."""
    persona = content.personas[state.persona]
    scenario = content.scenarios[state.scenario]
    texts = content.texts
    used = set(state.tactics)
    order = list(persona.hint_order)
    if state.persona in ("hesitant", "lingering"):
        if not state.concern_revealed:
            probing = [t for t in order if t in PROBING_MOVES]
            untried = [t for t in probing if t not in used]
            return (untried or probing)[0], texts.get("hints.find_concern")
        if not state.concern_answered:
            answers = [t for t in scenario.concern_answered_by if t in persona.yields_to] \
                or list(scenario.concern_answered_by)
            return answers[0], texts.format(
                "hints.answer_concern", concern=texts.get(f"concerns.{scenario.hidden_concern}"))
        if state.persona == "lingering" and "ask_essential_question" not in used:
            return "ask_essential_question", texts.get("hints.essential")
    if state.persona == "quick_to_agree":
        if "pin_down" not in used:
            return "pin_down", texts.get("hints.pin_down")
        if not used & set(START_REASONS):
            return "push_reason", texts.get("hints.start_reason")
    own = [t for t in order if t in used]
    if len(own) < DIFFICULTY[state.difficulty].min_persona_tactics:
        untried = [t for t in order if t not in used and t not in CLOSING_MOVES]
        if untried:
            return untried[0], texts.get("hints.untried")
    closing = [t for t in order if t in CLOSING_MOVES] or ["propose_timeline"]
    return closing[0], texts.get("hints.close")


# -- one turn ----------------------------------------------------------------------------------


class _Turn:
    def __init__(self, content: Content, state: SessionState, turn: TraineeTurn) -> None:
        self.content, self.state, self.turn = content, state, turn
        self.reading = turn.reading
        self.level = DIFFICULTY.get(state.difficulty, DIFFICULTY["normal"])
        self.persona = content.personas[state.persona]
        self.scenario = content.scenarios[state.scenario]
        self.composer = _Composer(content, state)
        self.today = state.started_on
        self.revealed_now = False
        self.asked_proof = False  # a proof request is already in this reply
        self.proposed: date | None = None

    # The order matters: what was said is recorded first, then the customer decides.
    def play(self) -> Reaction:
        state, reading = self.state, self.reading
        state.turn += 1
        state.trainee_messages += 1
        taboos = list(dict.fromkeys(self.turn.taboos))
        moves = [m for m in dict.fromkeys(reading.moves)
                 # one exact price is not a range quote, whatever it sounded like
                 if not (m == "range_quote" and "premature_exact_price" in taboos)]
        if reading.price is not None and reading.price.options and "present_options" not in moves:
            moves.append("present_options")  # tiers priced as a choice: options laid out
        new_moves = [m for m in moves if m not in state.tactics]
        state.tactics += new_moves
        if any(m in QUALIFYING_MOVES for m in moves):
            state.qualified = True
        persona_moves = [m for m in moves if m in self.persona.yields_to]
        progress = sum(2 if m in new_moves else 1 for m in persona_moves)
        progress += 1 if any(m in GENERAL_MOVES for m in new_moves) else 0
        if reading.words > self.level.long_message_words:
            state.long_messages += 1
        # Figures count as evidence for the analytical: a price, a range, a measured result.
        if (reading.evidence and (moves or reading.claim)) or reading.price is not None:
            state.evidence_given = True
        if reading.success_case or "share_success_case" in moves:
            state.story_or_praise = True
        for taboo in taboos:
            state.taboo_count += 1
            if taboo not in state.taboos:
                state.taboos.append(taboo)
                state.taboo_quotes[taboo] = str(
                    self.turn.taboo_quotes.get(taboo) or self.turn.text)[:200]
            if taboo == "premature_exact_price":
                state.price_named_early = True
        progress -= 3 * len(taboos)
        progress += self._style_progress(moves)

        parts: List[str] = []
        answered_concern = self._concern_progress(moves, parts, taboos)
        if answered_concern:
            progress += 2
        state.interest = max(0, min(MAX_INTEREST, state.interest + progress))
        asked_new = reading.asks in self.scenario.facts \
            and reading.asks not in state.answered_topics
        if progress > 0:
            state.stalls = 0
        elif not asked_new:
            state.stalls += 1

        if self._walks_away():
            state.outcome = "lost"
            return self._finish(self.composer.pick(f"lost.{state.persona}")
                                or self.content.texts.get("engine.lost"))
        # A date counts when the line proposes it ("what would it take to start this
        # month?" names a time but proposes nothing).
        closing_move = any(m in CLOSING_MOVES for m in moves)
        self.proposed = reading.date if (reading.kind == "date_proposal" or closing_move) \
            else None
        closing = self.proposed is not None or closing_move
        if closing and not taboos and self._ready(self.proposed):
            return self._win(self.proposed)
        if not parts:
            self._react(moves, taboos, closing, parts)
        if not taboos:
            self._persona_behaviour(moves, closing, parts)
            self._style_colour(moves, parts, closing, progress)
            self._recall(moves, closing, parts)
        message = self.composer.join(parts) or self._fallback()
        state.said.append(message)
        return Reaction(message, None, state)

    # -- what the line does to the customer ------------------------------------------------

    def _style_progress(self, moves: Sequence[str]) -> int:
        state, reading = self.state, self.reading
        if state.style == "driver" and reading.words > self.level.long_message_words:
            return -2
        if state.style == "amiable" and any(m in PRESSURE_MOVES for m in moves) \
                and not any(m in state.tactics for m in TRUST_MOVES):
            state.pressure_before_trust += 1
            return -2
        if state.style == "analytical" and reading.evidence and (moves or reading.claim):
            return 1
        if state.style == "expressive" and (reading.success_case
                                            or "share_success_case" in moves):
            return 1
        return 0

    def _concern_progress(self, moves: Sequence[str], parts: List[str],
                          taboos: Sequence[str]) -> bool:
        """Probing uncovers the hidden concern; the right tactics answer it."""
        state, scenario = self.state, self.scenario
        if taboos:
            return False
        if state.concern_revealed and not state.concern_answered \
                and any(m in scenario.concern_answered_by for m in moves):
            state.concern_answered = True
            parts.append(self.composer.pick("concern.answered") or "")
            return True
        if any(m in PROBING_MOVES for m in moves) and not state.concern_revealed:
            state.probes += 1
            if state.probes >= self.level.probes_needed:
                state.concern_revealed = self.revealed_now = True
                parts.append(scenario.concern_line)
            elif state.persona in ("hesitant", "lingering"):
                state.concern_hinted = True
                parts.append(self.composer.pick(f"concern.hints.{state.persona}") or "")
        return False

    def _walks_away(self) -> bool:
        state, level = self.state, self.level
        # The lingering "won't walk away" (document 003): aimless turns wear them down slower.
        patience = level.patience * (2 if state.persona == "lingering" else 1)
        return (state.taboo_count >= level.max_taboos or state.stalls >= patience
                or state.turn >= level.max_turns or (state.interest == 0 and state.turn >= 3))

    def _ready(self, proposed: date | None) -> bool:
        """Would the customer commit now? Only to what works (see the module docstring)."""
        state = self.state
        own = [t for t in state.tactics if t in self.persona.yields_to]
        if state.interest < self.level.win_interest or len(own) < self.level.min_persona_tactics:
            return False
        if state.persona in ("hesitant", "lingering") and not (state.concern_revealed
                                                               and state.concern_answered):
            return False
        if state.persona == "lingering" and "ask_essential_question" not in state.tactics:
            return False
        if state.persona == "quick_to_agree":
            pinned = "pin_down" in state.tactics and set(START_REASONS) & set(state.tactics)
            short = proposed is not None and \
                (proposed - self.today).days <= QUICK_SHORT_TIMELINE_DAYS
            return bool(pinned and short)
        return True

    def _win(self, proposed: date | None) -> Reaction:
        state = self.state
        agreed = acceptable_date(proposed, self.today, state.difficulty) if proposed else None
        accepted = agreed is not None
        if agreed is not None:
            state.proposed_dates.append(agreed.isoformat())
            line = self.composer.pick(f"dates.accept.{state.persona}", date=agreed)
        elif proposed is not None:
            agreed = counter_date(proposed, self.today, state.seed)
            state.proposed_dates.append(proposed.isoformat())
            line = self.composer.pick(f"dates.counter.{state.persona}", date=agreed,
                                      proposed=proposed)
        else:  # a close without a date: the customer names one (in the won line)
            agreed, line = counter_date(None, self.today, state.seed), None
        state.outcome = "won"
        state.next_step = agreed.isoformat()
        # The commitment is said once: an accepting line is the commitment itself (a closing
        # line after it said it twice: "cerramos el martes... Cerrémoslo ya"); a countering
        # line only proposes, so the closing line commits, to "that day", not the date again.
        closing = None
        if not (line and accepted):
            closing = self.composer.pick(f"won.{state.persona}", date=self.content.texts.get(
                "engine.same_day") if line else agreed)
        return self._finish(self.composer.join([line or "", closing or ""])
                            or self.content.texts.format(
                                "engine.won", date=self.content.texts.spoken_date(agreed)))

    def _finish(self, message: str) -> Reaction:
        self.state.said.append(message)
        return Reaction(message, self.state.outcome, self.state)

    def _react(self, moves: Sequence[str], taboos: Sequence[str], closing: bool,
               parts: List[str]) -> None:
        """The main part of the reply: a reaction to what the line was."""
        state, reading, pick = self.state, self.reading, self.composer.pick
        if taboos:
            parts.append(pick(f"taboos.{taboos[0]}") or "")
            return
        if any(m in PROBING_MOVES for m in moves) and state.concern_revealed:
            if state.concern_answered:  # "¿qué más le preocupa?" once it was answered
                parts.append(pick("concern.settled") or "")
            else:
                parts.append(pick("recall.concern") or "")
                state.last_recall_turn = state.turn
            return
        if closing:
            parts.append(self._not_yet(self.proposed))
            return
        if reading.kind == "acknowledgement":  # "ok thanks" is nothing more, whatever else
            parts.append(pick(f"acknowledgements.{state.persona}")
                         or pick(f"other.{state.persona}") or "")
            return
        if reading.asks is not None:
            parts.append(self._answer(reading.asks))
            for topic in reading.also_asks:  # the second question of the line, if on the sheet
                if topic in self.scenario.facts and topic not in state.answered_topics:
                    parts.append(self._answer(topic, framed=False))
            return
        if reading.price is not None:
            parts.append(self._price(reading.price))
            return
        if reading.success_case:
            case = _case_words(self.turn.text, self.content.texts)
            state.case_cited = state.case_cited or case
            parts.append(pick("success_case.questions", case=case) or "")
            return
        if reading.claim and not reading.evidence and state.style == "analytical":
            parts.append(pick("claims.proof_request") or "")
            self.asked_proof = True
            return
        if reading.claim and reading.evidence:
            parts.append(pick("claims.evidence_welcomed") or "")
            return
        for move in moves:
            line = pick(f"tactics.{move}")
            if line:
                parts.append(line)
                return
        if reading.small_talk or reading.kind == "small_talk":
            if state.persona == "lingering":
                parts.append(pick("small_talk.welcomed") or "")
            elif state.style == "driver":
                parts.append(pick("small_talk.cut_short") or "")
            else:
                parts.append(pick("small_talk.polite") or "")
            return
        if reading.acknowledgement or reading.kind == "acknowledgement":
            parts.append(pick(f"acknowledgements.{state.persona}")
                         or pick(f"other.{state.persona}") or "")
            return
        parts.append(pick(f"other.{state.persona}") or "")

    def _answer(self, topic: str, framed: bool = True) -> str:
        """The fact asked for, in the style's frame (``framed``: not for a second answer in
        the same reply, which follows the first as it is)."""
        state, pick = self.state, self.composer.pick
        fact = self.scenario.facts.get(topic)
        if fact is None and topic == "budget" and self.scenario.budget is None:
            return pick("answers.no_budget") or pick(
                f"answers.cannot.{state.style or 'amiable'}") or ""
        if fact is None:
            return pick(f"answers.cannot.{state.style or 'amiable'}") or ""
        if topic in state.answered_topics:
            return pick("answers.again", fact=fact.short) or ""
        state.answered_topics.append(topic)
        text = fact.short if state.style == "driver" else fact.text
        if not framed:
            return text
        return pick(f"answers.frames.{state.style or 'amiable'}", fact=text) or text

    def _price(self, price: PriceMention) -> str:
        state, pick = self.state, self.composer.pick
        figures = [f for f in price.figures if f > 0] or [0.0]
        texts = self.content.texts
        spoken = (texts.money_range(min(figures), max(figures)) if price.is_range
                  and len(figures) > 1 else texts.money(figures[0]))
        if spoken in state.quoted_figures:
            return pick("prices.again", figure=spoken) or ""
        state.quoted_figures.append(spoken)
        budget = self.scenario.budget
        if budget is None:  # a brief scenario that states no budget: nothing to judge against
            return pick("prices.no_budget", figure=spoken) or ""
        within = min(figures) <= budget.amount
        kind = ("range_" if price.is_range else "exact_") + ("within" if within else "above")
        return pick(f"prices.{kind}", figure=spoken) or ""

    def _not_yet(self, proposed: date | None) -> str:
        """A date or a close, but the customer is not ready: the persona's way of saying so."""
        state, pick = self.state, self.composer.pick
        if proposed is not None:
            state.proposed_dates.append(proposed.isoformat())
        if state.persona == "quick_to_agree":
            state.dodges += 1
            kind = DODGE_KINDS[(state.dodges - 1 + state.seed) % len(DODGE_KINDS)]
            return (pick(f"persona.quick_to_agree.dodges.{kind}")
                    or self._any_dodge() or pick("dates.too_soon", proposed=proposed) or "")
        if state.persona == "lingering":
            return pick("persona.lingering.non_answers") or pick("dates.too_soon",
                                                                  proposed=proposed) or ""
        doubt = self._doubt(force=True)
        return doubt or pick("dates.too_soon", proposed=proposed) or ""

    def _any_dodge(self) -> str | None:
        for kind in DODGE_KINDS:
            line = self.composer.pick(f"persona.quick_to_agree.dodges.{kind}")
            if line:
                return line
        return None

    def _doubt(self, force: bool = False) -> str | None:
        """The hesitant's next new issue, when one is due (or forced by a close)."""
        state = self.state
        if state.persona != "hesitant" or state.concern_revealed:
            return None
        if not force and state.turn - state.last_doubt_turn < self.level.doubt_every:
            return None
        order = _seeded_order(DOUBT_KINDS, state.seed)
        remaining = [k for k in order if k not in state.doubts_raised]
        if not remaining:
            return None
        line = self.composer.pick(f"persona.hesitant.doubts.{remaining[0]}")
        if line:
            state.doubts_raised.append(remaining[0])
            state.last_doubt_turn = state.turn
        return line

    # -- what is added to the main part ----------------------------------------------------

    def _persona_behaviour(self, moves: Sequence[str], closing: bool, parts: List[str]) -> None:
        state, pick, reading = self.state, self.composer.pick, self.reading
        if closing:
            return
        alternate = (state.turn + state.seed) % 2 == 0
        if state.persona == "hesitant":
            doubt = self._doubt()
            if doubt:
                parts.append(doubt)
            elif reading.asks in self.scenario.facts and alternate:
                parts.append(pick("persona.hesitant.hedges") or "")
        elif state.persona == "lingering":
            if "ask_essential_question" not in state.tactics and (
                    alternate or reading.small_talk or reading.asks is not None):
                parts.append(pick("persona.lingering.drifts") or "")
        elif state.persona == "quick_to_agree" and alternate and (
                moves or reading.asks is not None):
            parts.append(pick("persona.quick_to_agree.agrees") or "")

    def _style_colour(self, moves: Sequence[str], parts: List[str], closing: bool,
                      progress: int) -> None:
        state, reading, pick = self.state, self.reading, self.composer.pick
        if state.style == "driver" and reading.words > self.level.long_message_words:
            parts.append(pick("styles.driver.impatient") or "")
        elif state.style == "amiable" and any(m in PRESSURE_MOVES for m in moves) \
                and not any(m in state.tactics for m in TRUST_MOVES):
            parts.append(pick("styles.amiable.pressured") or "")
        elif state.style == "analytical" and moves and reading.claim and not reading.evidence \
                and reading.asks is None and not self.asked_proof:
            if reading.kind == "move":
                parts.append(pick("claims.proof_request") or "")
        elif state.style == "expressive" and "quantify_value" in moves \
                and not reading.success_case:
            parts.append(pick("styles.expressive.bored") or "")
        elif state.style and progress > 0 and not closing and not self.revealed_now \
                and any(m in self.persona.yields_to for m in moves) \
                and (state.turn + state.seed) % 3 == 0:
            if state.style == "driver" and reading.words > 30:
                return
            if state.style == "amiable" and not _says_we(self.turn.text, self.content.texts):
                return
            if state.style == "expressive" and not state.story_or_praise:
                return
            if state.style == "analytical" and not reading.evidence:
                return
            parts.append(pick(f"styles.{state.style}.pleased") or "")

    def _recall(self, moves: Sequence[str], closing: bool, parts: List[str]) -> None:
        """Refer back to what was said before, now and then."""
        state, pick = self.state, self.composer.pick
        if state.turn - state.last_recall_turn < RECALL_EVERY or len(parts) >= 3 \
                or self.revealed_now:
            return
        line = None
        if state.concern_revealed and not state.concern_answered and moves \
                and not set(moves) & set(self.scenario.concern_answered_by):
            line = pick("recall.concern")
        elif state.case_cited and (closing or "reduce_risk" in moves):
            line = pick("recall.case", case=state.case_cited)
        elif state.quoted_figures and self.reading.price is None and (
                closing or "quantify_value" in moves or self.reading.asks == "budget"):
            line = pick("recall.figure", figure=state.quoted_figures[-1])
        if line:
            parts.append(line)
            state.last_recall_turn = state.turn

    def _fallback(self) -> str:
        """Every bank of this kind is used up: a line not said yet, from any bank."""
        pick = self.composer.pick
        for path in (f"other.{self.state.persona}", f"acknowledgements.{self.state.persona}",
                     "persona.lingering.drifts", "persona.hesitant.hedges",
                     "persona.quick_to_agree.agrees", "small_talk.polite"):
            line = pick(path)
            if line:
                return line
        for fact in self.scenario.facts.values():
            if fact.text not in self.state.said:
                return fact.text
        return self.content.texts.format("engine.fallback", turn=self.state.turn)


# -- choosing and filling lines ----------------------------------------------------------------


class _Composer:
    """Picks bank lines never used before in the session and fills their placeholders."""

    def __init__(self, content: Content, state: SessionState) -> None:
        self.content, self.state = content, state
        self.scenario: Scenario = content.scenarios[state.scenario]

    def pick(self, path: str, **values) -> str | None:
        lines = self.content.lines.bank(path)
        used = set(self.state.used_lines)
        free = [i for i in range(len(lines)) if f"{path}#{i}" not in used]
        if not free:
            return None
        chooser = random.Random(f"{self.state.seed}:{self.state.turn}:{path}")
        index = chooser.choice(free)
        self.state.used_lines.append(f"{path}#{index}")
        return self.fill(lines[index], **values)

    def fill(self, line: str, **values) -> str:
        scenario, texts = self.scenario, self.content.texts
        # A brief scenario leaves these empty: the session's language says them.
        brief = "engine.brief."
        table: Dict[str, str] = {
            "product": scenario.product, "name": scenario.customer.name,
            "competitor": scenario.competitor.name or texts.get(brief + "competitor"),
            "offer": scenario.competitor.offer or texts.get(brief + "offer"),
            "colleague": scenario.colleague or texts.get(brief + "colleague"),
            "concern": self.concern_short(),
            "budget": texts.budget(scenario.budget) if scenario.budget
            else texts.get("engine.budget_unknown"),
            "case": texts.get("engine.case_unknown"),
            "figure": self.state.quoted_figures[-1] if self.state.quoted_figures
            else texts.get("engine.figure_unknown"),
            "fact": "", "date": "", "proposed": "",
        }
        for key, value in values.items():
            if isinstance(value, date):
                table[key] = texts.spoken_date(value)
            elif value is not None:
                table[key] = str(value)
        return _capitalise(line.format_map(table))

    def concern_short(self) -> str:
        return self.scenario.concern_short or self.content.texts.get(
            f"engine.brief.concern_{self.scenario.hidden_concern}")

    def join(self, parts: Sequence[str]) -> str:
        """The parts as one message, none said before in this session."""
        kept: List[str] = []
        for part in parts:
            part = part.strip()
            if part and part not in kept and part not in self.state.said:
                kept.append(part)
        message = " ".join(kept)
        return "" if message in self.state.said else message


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:] if text else text


def _seeded_order(items: Sequence[str], seed: int) -> List[str]:
    order = list(items)
    random.Random(f"{seed}:order").shuffle(order)
    return order


# A capitalised name (Latin letters, accents included) not opening a sentence.
_UPPER, _LOWER = "A-ZÁÉÍÓÚÑÜ", "a-záéíóúñü"
_WORD = f"[{_UPPER}][{_LOWER}]+"
_NAME = re.compile(rf"(?<![.!?¿¡]\s)(?<!^)\b({_WORD}(?:\s{_WORD}){{0,3}})")


def _case_words(text: str, texts: Texts) -> str:
    """The success case told, in a few words: a company named in it, or a generic phrase."""
    not_names = set(texts.get("engine.case_not_names"))
    for match in _NAME.finditer(text[:600]):
        name = match.group(1)
        if name.split()[0] not in not_names:
            return name
    lowered = text[:600].lower()
    for phrase, words in texts.get("engine.case_phrases").items():
        if phrase in lowered:
            return words
    return texts.get("engine.case_unknown")


def _says_we(text: str, texts: Texts) -> bool:
    """The trainee speaks of "we" (the amiable's word): a we-word, or a we-form verb ending."""
    words = set(texts.get("engine.we_words"))
    endings = tuple(texts.get("engine.we_endings"))
    for word in re.findall(r"[^\W\d_]+", text[:2000].lower()):
        if word in words or (endings and len(word) > 4 and word.endswith(endings)):
            return True
    return False


# -- dates -------------------------------------------------------------------------------------


def acceptable_date(proposed: date | None, today: date, difficulty: str = "normal") -> date | None:
    """The proposed date if the customer can take it: a weekday, tomorrow to six weeks out."""
    if proposed is None:
        return None
    days = (proposed - today).days
    earliest = EARLIEST_DAYS + (1 if difficulty == "hard" else 0)
    if proposed.weekday() >= 5 or not earliest <= days <= LATEST_DAYS:
        return None
    return proposed


def counter_date(proposed: date | None, today: date, seed: int) -> date:
    """A specific weekday the customer offers instead: near the one proposed, never past."""
    if proposed is None:
        day = today + timedelta(days=5 + seed % 5)  # "how about ...": about a week out
    elif (proposed - today).days < EARLIEST_DAYS + 1:
        day = today + timedelta(days=2)  # too soon or already past
    elif (proposed - today).days > LATEST_DAYS:
        day = today + timedelta(days=14)  # too far: two weeks out
    else:
        day = proposed  # a weekend: the Monday after
    while day.weekday() >= 5:
        day += timedelta(days=1)
    if (day - today).days > LATEST_DAYS:  # a Monday just past the window: the Friday before
        day -= timedelta(days=3)
    return day
