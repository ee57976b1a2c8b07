"""The role-play scorecard: an honest, deterministic score from the session state.

The state is built from the transcript alone (what the reading, the analyzer and the
engine saw in each trainee line), so the same transcript always gets the same score.
Parts (100 in all):

- persona tactics used, out of those document 003 recommends for this persona: 40
- general good moves (needs, budget, value, range, summary): 15
- taboos, each quoted in the trainee's own words: 20, minus 7 per taboo
- pricing discipline (no exact price before qualifying; range or budget first): 15
- fit to the communication style (document 001): 10

The scorecard also says what the engine required for a win (the hidden concern surfaced
and answered, the persona's tactics, the date agreed), from the same state the engine
decided on, so outcome and scorecard cannot contradict each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Dict, List

from coach.markup import bold
from coach.roleplay.content import GENERAL_MOVES, Content
from coach.roleplay.engine import DIFFICULTY, spoken_date
from coach.roleplay.state import SessionState

WEIGHTS = {"persona_tactics": 40, "good_moves": 15, "taboos": 20, "pricing": 15, "style_fit": 10}
TABOO_TOPICS = {
    "argue": "taboo_argue", "force_persuade": "taboo_force_persuade",
    "refuse_on_spot": "taboo_refuse_on_spot", "ramble": "taboo_ramble",
    "badmouth_competitor": "objection_competitor", "make_excuses": "own_mistake",
    "premature_exact_price": "pricing_quoting", "exaggerate": "why_customers_leave",
    "talk_behind_back": "taboo_talk_behind_back",
}
OUTCOME_TEXT = {"won": "won: the customer agreed to a next step on {date}",
                "lost": "lost: the customer walked away",
                "ended": "ended: you stopped the session"}


@dataclass(frozen=True)
class Scorecard:
    score: float
    parts: Dict[str, Dict[str, Any]]  # name -> {"points", "max", "detail"}
    advice: List[Dict[str, str]]  # [{"text", "topic"}], two or three, most important first
    persona_tactics: List[str]
    taboos: List[str]
    concern: str  # what happened to the hidden concern, in words


def score_session(content: Content, state: SessionState) -> Scorecard:
    persona = content.personas[state.persona]
    used = [t for t in state.tactics if t in persona.yields_to]
    target = min(4, len(persona.yields_to))  # nobody needs every tactic in one call
    general = [t for t in state.tactics if t in GENERAL_MOVES]
    parts = {
        "persona_tactics": _part("persona_tactics", min(1.0, len(used) / target),
                                 f"{len(used)} of the {len(persona.yields_to)} recommended"
                                 + (f": {', '.join(used)}" if used else "")),
        "good_moves": _part("good_moves", min(1.0, len(general) / 3),
                            ", ".join(general) if general else "none"),
        "taboos": _part("taboos", max(0.0, 1 - 0.35 * state.taboo_count),
                        "none" if not state.taboos else "; ".join(
                            f"{t}: \"{state.taboo_quotes.get(t, '')[:80]}\""
                            for t in state.taboos)),
        "pricing": _pricing(state),
        "style_fit": _style_fit(state),
    }
    score = round(sum(part["points"] for part in parts.values()), 1)
    return Scorecard(score, parts, _advice(content, state, used), used, list(state.taboos),
                     concern_text(content, state))


def concern_text(content: Content, state: SessionState) -> str:
    concern = content.scenarios[state.scenario].hidden_concern
    if state.concern_answered:
        return f"surfaced and answered ({concern})"
    if state.concern_revealed:
        return f"surfaced ({concern}) but not answered"
    if state.concern_hinted:
        return "hinted at, never surfaced"
    return "never surfaced"


def _part(name: str, fraction: float, detail: str) -> Dict[str, Any]:
    return {"points": round(WEIGHTS[name] * fraction, 1), "max": WEIGHTS[name], "detail": detail}


def _pricing(state: SessionState) -> Dict[str, Any]:
    if state.price_named_early:
        return _part("pricing", 0.0, "named one exact price before qualifying the customer")
    if any(t in state.tactics for t in ("range_quote", "ask_budget")):
        return _part("pricing", 1.0, "let the customer state needs/budget or gave a range")
    return _part("pricing", 2 / 3, "price never came up")


def _style_fit(state: SessionState) -> Dict[str, Any]:
    style = state.style
    messages = max(1, state.trainee_messages)
    short_share = 1 - state.long_messages / messages
    if style == "driver":
        return _part("style_fit", short_share,
                     f"{messages - state.long_messages} of {messages} messages brief")
    if style == "analytical":
        return _part("style_fit", 1.0 if state.evidence_given else 0.4,
                     "gave figures or evidence" if state.evidence_given
                     else "gave no figures or evidence")
    if style == "amiable":
        pressure = state.pressure_before_trust
        return _part("style_fit", max(0.0, 1 - 0.4 * pressure),
                     "no pressure before trust" if not pressure
                     else f"pushed {pressure} time(s) before building trust")
    if style == "expressive":
        return _part("style_fit", 1.0 if state.story_or_praise else 0.4,
                     "used stories or recognition" if state.story_or_praise
                     else "no story or recognition")
    return _part("style_fit", short_share, "kept messages focused")


def _advice(content: Content, state: SessionState, used: List[str]) -> List[Dict[str, str]]:
    persona = content.personas[state.persona]
    advice: List[Dict[str, str]] = []
    for taboo in state.taboos[:2]:
        advice.append({"text": f"Avoid {taboo.replace('_', ' ')}: you said "
                               f"\"{state.taboo_quotes.get(taboo, '')[:80]}\".",
                       "topic": TABOO_TOPICS[taboo]})
    if state.persona in ("hesitant", "lingering") and not state.concern_answered:
        what = ("find the real reason behind the excuses" if not state.concern_revealed
                else "answer the worry they told you before asking for a date")
        advice.append({"text": f"With this customer type, {what}.",
                       "topic": f"customer_{persona.id}"})
    untried = [t for t in persona.hint_order if t not in used]
    if untried:
        advice.append({"text": f"With this customer type, try {untried[0].replace('_', ' ')} "
                               f"early.", "topic": f"customer_{persona.id}"})
    if state.price_named_early:
        advice.append({"text": "Qualify before quoting: ask grade, quantity and budget, then "
                               "give a range.", "topic": "pricing_quoting"})
    elif "ask_needs" not in state.tactics:
        advice.append({"text": "Ask about their needs before presenting.",
                       "topic": "needs_discovery"})
    if state.style and _style_fit(state)["points"] < WEIGHTS["style_fit"]:
        advice.append({"text": f"Adapt to the {state.style} style.",
                       "topic": f"style_{state.style}"})
    if state.style:
        advice.append({"text": f"Keep adapting to the {state.style} style: it changes what "
                               f"this customer needs to hear.",
                       "topic": f"style_{state.style}"})
    advice.append({"text": "Before the next call, plan which tactics you will use with this "
                           "customer type.", "topic": f"customer_{persona.id}"})
    unique, seen = [], set()
    for item in advice:
        if item["topic"] not in seen:
            seen.add(item["topic"])
            unique.append(item)
    return unique[:3]


def scorecard_text(content: Content, state: SessionState, card: Scorecard,
                   playbook_titles: Dict[str, str] | None = None) -> str:
    persona = content.personas[state.persona]
    scenario = content.scenarios[state.scenario]
    style = f", {state.style}" if state.style else ""
    labels = {"persona_tactics": "Persona tactics", "good_moves": "Good sales moves",
              "taboos": "Taboos", "pricing": "Pricing discipline",
              "style_fit": f"Fit to the {state.style or 'conversation'} style"}
    when = spoken_date(date.fromisoformat(state.next_step)) if state.next_step else ""
    lines = [bold(f"Scorecard: {persona.name}{style}, {scenario.title}"),
             bold("Outcome:") + " " + OUTCOME_TEXT[state.outcome or "ended"].replace("{date}",
                                                                                    when),
             bold(f"Score: {card.score:g}/100"),
             bold("Difficulty:") + f" {state.difficulty}"]
    for name, part in card.parts.items():
        lines.append(f"- {labels[name]}: {part['points']:g}/{part['max']} ({part['detail']})")
    if state.persona in ("hesitant", "lingering"):
        lines.append(f"- Hidden concern: {card.concern}")
    needed = DIFFICULTY[state.difficulty].min_persona_tactics
    if state.outcome != "won":
        lines.append(f"- To win: at least {needed} of the persona's tactics"
                     + (", the hidden concern surfaced and answered"
                        if state.persona in ("hesitant", "lingering") else
                        ", pinned down with a short timeline and a reason to start now")
                     + ", then a dated next step")
    if card.advice:
        lines.append(bold("Next time:"))
        for number, item in enumerate(card.advice, start=1):
            title = (playbook_titles or {}).get(item["topic"], item["topic"])
            lines.append(f"{number}. {item['text']} (playbook: {title})")
    return "\n".join(lines)
