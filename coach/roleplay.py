"""The role-play engine: the coach plays a "problem" customer, the trainee sells.

Plain Python: no Rasa, no database. The state is a JSON-able dict the caller
stores after every turn (so a session survives restarts); given the same seed
and the same trainee turns, a session replays identically, and a new seed gives
other customer lines.

How the customer reacts (documents 003 and 001):
- the persona's own tactics move them toward commitment, general good moves
  help a little, taboos push them away;
- probing uncovers the scenario's hidden concern (price, results or service);
- the style colours the reaction: a driver loses patience with long messages,
  an analytical customer wants figures, an amiable one backs off under pressure,
  an expressive one warms to stories and recognition;
- the customer commits to a dated next step once interested enough and the
  trainee proposes one; walks away after too many taboos or too long without
  progress.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, Dict, List, Sequence, Tuple

import yaml

PERSONA_IDS = ("hesitant", "lingering", "quick_to_agree")
STYLE_IDS = ("analytical", "amiable", "expressive", "driver")
GENERAL_MOVES = ("ask_needs", "quantify_value", "range_quote", "ask_budget", "summarize")
PROBING_MOVES = ("probe_reason", "probe_concerns", "surface_issues", "ask_essential_question",
                 "ask_needs")
CLOSING_MOVES = ("propose_timeline", "pin_down")
PRESSURE_MOVES = ("pin_down", "push_reason")
TRUST_MOVES = ("show_sincerity", "reduce_risk", "acknowledge_view")
QUALIFYING_MOVES = ("ask_needs", "ask_budget")
LINE_KINDS = ("opening", "warmer", "neutral", "cooler", "concern", "won", "lost")
STYLE_LINE_KINDS = {"analytical": ("asks_evidence", "pleased"), "amiable": ("pressured", "pleased"),
                    "expressive": ("bored", "pleased"), "driver": ("impatient", "pleased")}

START_INTEREST, WIN_INTEREST, MAX_INTEREST = 3, 7, 10
MAX_TABOOS, MAX_STALLS, MAX_TURNS = 3, 4, 16
LONG_MESSAGE_WORDS = 60  # a driver's patience
_EVIDENCE = re.compile(r"\d|\b(data|figures?|numbers?|report|case|study|tested|measured|"
                       r"per ?cent|results?)\b", re.IGNORECASE)
_STORY_OR_PRAISE = re.compile(r"\b(story|one of our (clients|customers)|last year a|you've built|"
                              r"impressive|great job|well done|congratulations|your team has|"
                              r"proud|reputation|recogni[sz]ed?|imagine)\b", re.IGNORECASE)
_WORD = re.compile(r"[A-Za-z0-9][A-Za-z0-9'’-]*")


class RoleplayContentError(ValueError):
    """The role-play content (data/roleplay/*.yml) is missing or malformed."""


@dataclass(frozen=True)
class Persona:
    id: str
    name: str
    description: str
    yields_to: Tuple[str, ...]
    hint_order: Tuple[str, ...]


@dataclass(frozen=True)
class Style:
    id: str
    name: str
    description: str


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    product: str
    customer: str
    situation: str
    hidden_concern: str
    concern_line: str
    source: str


@dataclass(frozen=True)
class Content:
    personas: Dict[str, Persona]
    styles: Dict[str, Style]
    scenarios: Dict[str, Scenario]
    lines: Dict[str, Any]

    def find_scenario(self, text: str) -> Scenario | None:
        """The scenario whose product the trainee named ("...for moisture-proof cabinets")."""
        words = set(_words(text))
        best, best_score = None, 0
        for scenario in self.scenarios.values():
            keys = set(_words(f"{scenario.product} {scenario.title} {scenario.id}")) - _STOP
            score = len(keys & words)
            if score > best_score:
                best, best_score = scenario, score
        return best


_STOP = {"a", "an", "the", "for", "of", "and", "to", "in", "service", "services", "system",
         "systems", "s", "new", "with", "on", "your", "our"}


def _words(text: str) -> List[str]:
    return [w.lower().rstrip("s") for w in _WORD.findall(text or "")]


def load_content(directory: Path) -> Content:
    directory = Path(directory)
    raw = {name: _read(directory / f"{name}.yml") for name in ("personas", "scenarios", "lines")}
    personas, styles = {}, {}
    for persona_id in PERSONA_IDS:
        item = _need(raw["personas"].get("personas", {}), persona_id, "personas.yml: personas")
        yields = tuple(_need(item, "yields_to", f"personas.yml: {persona_id}"))
        hints = tuple(item.get("hint_order") or yields)
        if set(hints) != set(yields):
            raise RoleplayContentError(f"personas.yml: {persona_id}: hint_order must list "
                                       f"exactly the yields_to tactics")
        personas[persona_id] = Persona(persona_id, str(_need(item, "name", persona_id)),
                                       str(_need(item, "description", persona_id)), yields, hints)
    for style_id in STYLE_IDS:
        item = _need(raw["personas"].get("styles", {}), style_id, "personas.yml: styles")
        styles[style_id] = Style(style_id, str(_need(item, "name", style_id)),
                                 str(_need(item, "description", style_id)))
    scenarios = {}
    for item in raw["scenarios"].get("scenarios") or []:
        fields = ("id", "title", "product", "customer", "situation", "hidden_concern",
                  "concern_line", "source")
        values = [str(_need(item, name, f"scenarios.yml: {item.get('id', '?')}"))
                  for name in fields]
        scenario = Scenario(*values)
        if scenario.hidden_concern not in ("price", "results", "service"):
            raise RoleplayContentError(f"scenarios.yml: {scenario.id}: hidden_concern must be "
                                       f"price, results or service")
        scenarios[scenario.id] = scenario
    if len(scenarios) < 5:
        raise RoleplayContentError("scenarios.yml: at least five scenarios are needed")
    lines = raw["lines"].get("lines") or {}
    for persona_id in PERSONA_IDS:
        bank = _need(lines, persona_id, "lines.yml: lines")
        for kind in LINE_KINDS:
            options = _need(bank, kind, f"lines.yml: {persona_id}")
            if not isinstance(options, list) or not options:
                raise RoleplayContentError(f"lines.yml: {persona_id}.{kind}: need a list of lines")
        if not all("{date}" in line for line in bank["won"]):
            raise RoleplayContentError(f"lines.yml: {persona_id}.won: every line needs {{date}}")
    for style_id, kinds in STYLE_LINE_KINDS.items():
        for kind in kinds:
            if not _need(_need(lines.get("style", {}), style_id, "lines.yml: style"), kind,
                         f"lines.yml: style.{style_id}"):
                raise RoleplayContentError(f"lines.yml: style.{style_id}.{kind} is empty")
    return Content(personas, styles, scenarios, lines)


def _read(path: Path) -> Dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise RoleplayContentError(f"{path}: cannot load ({error})") from error
    if not isinstance(data, dict):
        raise RoleplayContentError(f"{path}: expected a mapping")
    return data


def _need(mapping: Any, key: str, where: str) -> Any:
    if not isinstance(mapping, dict) or mapping.get(key) in (None, "", [], {}):
        raise RoleplayContentError(f"{where}: missing '{key}'")
    return mapping[key]


# -- the session -------------------------------------------------------------------------------


@dataclass
class TraineeTurn:
    """What the trainee said, as the NLU and the analyzer read it."""

    text: str
    moves: Sequence[str] = ()
    taboos: Sequence[str] = ()
    taboo_quotes: Dict[str, str] = field(default_factory=dict)


@dataclass
class Reaction:
    lines: List[str]  # what the customer says back
    outcome: str | None  # None while the session goes on; won | lost
    state: Dict[str, Any]


def new_state(content: Content, persona: str, style: str | None, scenario: str, seed: int,
              today: date | None = None) -> Dict[str, Any]:
    if persona not in content.personas:
        raise ValueError(f"unknown persona {persona!r}")
    if style is not None and style not in content.styles:
        raise ValueError(f"unknown style {style!r}")
    if scenario not in content.scenarios:
        raise ValueError(f"unknown scenario {scenario!r}")
    return {
        "persona": persona, "style": style, "scenario": scenario, "seed": int(seed),
        "started": (today or date.today()).isoformat(),
        "turn": 0, "interest": START_INTEREST, "stalls": 0,
        "tactics": [],  # tactic ids used, each once, in order
        "taboos": [],  # taboo ids committed, each once, in order
        "taboo_count": 0, "taboo_quotes": {},
        "concern_revealed": False, "qualified": False, "price_named_early": False,
        "trainee_messages": 0, "long_messages": 0, "evidence_given": False,
        "story_or_praise": False, "pressure_before_trust": 0,
        "outcome": None, "next_step": None,
    }


def scene(content: Content, state: Dict[str, Any]) -> str:
    """Two or three lines setting the scene (out of character)."""
    persona = content.personas[state["persona"]]
    scenario = content.scenarios[state["scenario"]]
    style = content.styles.get(state["style"] or "")
    who = f"{persona.name.lower()}" + (f", {style.name.lower()} style" if style else "")
    return (f"Role-play: {scenario.title}. You are the salesperson; I am {scenario.customer} "
            f"({who}).\n{scenario.situation}\nI'll answer only as the customer from now on. "
            f"Type \"hint\" for a tip or \"stop\" to end.")


def opening(content: Content, state: Dict[str, Any]) -> str:
    return _line(content, state, state["persona"], "opening", 0)


def react(content: Content, state: Dict[str, Any], turn: TraineeTurn) -> Reaction:
    """The customer's reaction to one trainee turn; returns the new state."""
    if state.get("outcome"):
        raise ValueError("the session is over")
    state = _copy(state)
    persona = content.personas[state["persona"]]
    style = state["style"]
    state["turn"] += 1
    state["trainee_messages"] += 1
    words = len(_WORD.findall(turn.text))
    moves = [m for m in dict.fromkeys(turn.moves)
             # a line naming one exact price is not a range quote, whatever it sounded like
             if not (m == "range_quote" and "premature_exact_price" in turn.taboos)]
    new_tactics = [m for m in moves if m not in state["tactics"]]
    state["tactics"] += new_tactics
    if any(m in QUALIFYING_MOVES for m in moves):
        state["qualified"] = True
    progress = 0
    persona_moves = [m for m in moves if m in persona.yields_to]
    progress += sum(2 if m in new_tactics else 1 for m in persona_moves)
    progress += 1 if any(m in GENERAL_MOVES for m in moves) else 0
    style_kind = None
    evidence = bool(_EVIDENCE.search(turn.text))
    if words > LONG_MESSAGE_WORDS:
        state["long_messages"] += 1
    if evidence and moves:
        state["evidence_given"] = True
    if _STORY_OR_PRAISE.search(turn.text) or "share_success_case" in moves:
        state["story_or_praise"] = True
    trusted = any(m in state["tactics"] for m in TRUST_MOVES)
    if style == "driver":
        if words > LONG_MESSAGE_WORDS:
            progress -= 2
            style_kind = "impatient"
        elif words <= 35 and moves:
            style_kind = "pleased" if progress > 0 else None
    elif style == "analytical":
        if persona_moves and not evidence:
            style_kind = "asks_evidence"
        elif evidence and moves:
            progress += 1
            style_kind = "pleased"
    elif style == "amiable":
        if any(m in PRESSURE_MOVES for m in moves) and not trusted:
            state["pressure_before_trust"] += 1
            progress -= 2
            style_kind = "pressured"
        elif any(m in TRUST_MOVES for m in moves) or re.search(r"\bwe\b", turn.text, re.I):
            style_kind = "pleased" if progress > 0 else None
    elif style == "expressive":
        if _STORY_OR_PRAISE.search(turn.text) or "share_success_case" in moves:
            progress += 1
            style_kind = "pleased"
        elif "quantify_value" in moves and not persona_moves:
            style_kind = "bored"
    new_taboos = list(dict.fromkeys(turn.taboos))
    if new_taboos:
        progress -= 3 * len(new_taboos)
        state["taboo_count"] += len(new_taboos)
        for taboo in new_taboos:
            if taboo not in state["taboos"]:
                state["taboos"].append(taboo)
                state["taboo_quotes"][taboo] = turn.taboo_quotes.get(taboo, turn.text)[:200]
            if taboo == "premature_exact_price":
                state["price_named_early"] = True
    state["interest"] = max(0, min(MAX_INTEREST, state["interest"] + progress))
    state["stalls"] = 0 if progress > 0 else state["stalls"] + 1

    lines: List[str] = []
    if state["taboo_count"] >= MAX_TABOOS or state["stalls"] >= MAX_STALLS \
            or state["turn"] >= MAX_TURNS or (state["interest"] == 0 and state["turn"] >= 3):
        state["outcome"] = "lost"
        lines.append(_line(content, state, state["persona"], "lost", state["turn"]))
        return Reaction(lines, "lost", state)
    closing = any(m in CLOSING_MOVES for m in moves)
    # The quick-to-agree customer has no objection to uncover, only a date to pin down.
    concern_ok = state["concern_revealed"] or state["persona"] == "quick_to_agree"
    if closing and state["interest"] >= WIN_INTEREST and concern_ok and not new_taboos:
        state["outcome"] = "won"
        state["next_step"] = _next_step_date(state)
        lines.append(_line(content, state, state["persona"], "won", state["turn"])
                     .replace("{date}", state["next_step"]))
        return Reaction(lines, "won", state)
    if new_taboos:
        lines.append(_line(content, state, state["persona"], "cooler", state["turn"]))
    elif any(m in PROBING_MOVES for m in moves) and not state["concern_revealed"] \
            and state["interest"] >= START_INTEREST:
        state["concern_revealed"] = True
        lines.append(content.scenarios[state["scenario"]].concern_line)
    elif progress > 0:
        lines.append(_line(content, state, state["persona"], "warmer", state["turn"]))
        if not state["concern_revealed"] and state["interest"] >= WIN_INTEREST - 1:
            lines.append(_line(content, state, state["persona"], "concern", state["turn"]))
    else:
        lines.append(_line(content, state, state["persona"], "neutral", state["turn"]))
    if style_kind:
        lines.append(_line(content, state, ("style", style), style_kind, state["turn"]))
    return Reaction(lines, None, state)


def end(state: Dict[str, Any]) -> Dict[str, Any]:
    """The trainee stopped: the outcome is 'ended'."""
    state = _copy(state)
    state["outcome"] = "ended"
    return state


def hint(content: Content, state: Dict[str, Any]) -> Tuple[str, str]:
    """(tactic to try next, why) from the persona's tactics, without ending the session."""
    persona = content.personas[state["persona"]]
    if not state["concern_revealed"]:
        untried = [t for t in persona.hint_order
                   if t in PROBING_MOVES and t not in state["tactics"]]
        if untried:
            return untried[0], "the customer hasn't told you their real worry yet"
    untried = [t for t in persona.hint_order if t not in state["tactics"]]
    if state["interest"] >= WIN_INTEREST and state["concern_revealed"]:
        closing = [t for t in persona.hint_order if t in CLOSING_MOVES]
        if closing:
            return closing[0], "they are warm enough: propose a dated next step now"
    if untried:
        return untried[0], "this customer type yields to it and you haven't tried it yet"
    return persona.hint_order[-1], "keep going: you've tried every tactic once"


def _line(content: Content, state: Dict[str, Any], bank: Any, kind: str, turn: int) -> str:
    options = (content.lines["style"][bank[1]][kind] if isinstance(bank, tuple)
               else content.lines[bank][kind])
    chooser = random.Random(f"{state['seed']}:{turn}:{bank}:{kind}")
    product = content.scenarios[state["scenario"]].product
    return str(chooser.choice(options)).replace("{product}", product)


def _next_step_date(state: Dict[str, Any]) -> str:
    day = date.fromisoformat(state["started"]) + timedelta(days=7)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return f"{day.strftime('%A')} {day.day} {day.strftime('%B')}"


def _copy(state: Dict[str, Any]) -> Dict[str, Any]:
    copied = dict(state)
    for key in ("tactics", "taboos"):
        copied[key] = list(state[key])
    copied["taboo_quotes"] = dict(state["taboo_quotes"])
    return copied
