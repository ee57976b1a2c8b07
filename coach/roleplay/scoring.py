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
from coach.roleplay.content import GENERAL_MOVES, Content, Texts
from coach.roleplay.engine import DIFFICULTY
from coach.roleplay.state import SessionState

WEIGHTS = {"persona_tactics": 40, "good_moves": 15, "taboos": 20, "pricing": 15, "style_fit": 10}
TABOO_TOPICS = {
    "argue": "taboo_argue", "force_persuade": "taboo_force_persuade",
    "refuse_on_spot": "taboo_refuse_on_spot", "ramble": "taboo_ramble",
    "badmouth_competitor": "objection_competitor", "make_excuses": "own_mistake",
    "premature_exact_price": "pricing_quoting", "exaggerate": "why_customers_leave",
    "talk_behind_back": "taboo_talk_behind_back",
}
@dataclass(frozen=True)
class Scorecard:
    score: float
    parts: Dict[str, Dict[str, Any]]  # name -> {"points", "max", "detail"}
    advice: List[Dict[str, str]]  # [{"text", "topic"}], two or three, most important first
    persona_tactics: List[str]
    taboos: List[str]
    concern: str  # what happened to the hidden concern, in words


def score_session(content: Content, state: SessionState) -> Scorecard:
    """The scorecard, its words in the content's language (the session's)."""
    texts = content.texts
    persona = content.personas[state.persona]
    used = [t for t in state.tactics if t in persona.yields_to]
    target = min(4, len(persona.yields_to))  # nobody needs every tactic in one call
    general = [t for t in state.tactics if t in GENERAL_MOVES]
    total = len(persona.yields_to)
    detail = "scorecard.details."
    parts = {
        "persona_tactics": _part("persona_tactics", min(1.0, len(used) / target),
                                 texts.format(detail + "persona_tactics_used", used=len(used),
                                              total=total, tactics=_labels(texts, used))
                                 if used else texts.format(detail + "persona_tactics",
                                                           used=0, total=total)),
        "good_moves": _part("good_moves", min(1.0, len(general) / 3),
                            _labels(texts, general) or texts.get(detail + "none")),
        "taboos": _part("taboos", max(0.0, 1 - 0.35 * state.taboo_count),
                        texts.get(detail + "no_taboos") if not state.taboos else "; ".join(
                            texts.format(detail + "taboo", taboo=texts.get(f"taboo_labels.{t}"),
                                         quote=state.taboo_quotes.get(t, "")[:80])
                            for t in state.taboos)),
        "pricing": _pricing(state, texts),
        "style_fit": _style_fit(state, texts),
    }
    score = round(sum(part["points"] for part in parts.values()), 1)
    return Scorecard(score, parts, _advice(content, state, used), used, list(state.taboos),
                     concern_text(content, state))


def _labels(texts: Texts, tactics: List[str]) -> str:
    return ", ".join(texts.get(f"tactic_labels.{t}") for t in tactics)


def concern_text(content: Content, state: SessionState) -> str:
    texts = content.texts
    concern = texts.get(f"concerns.{content.scenarios[state.scenario].hidden_concern}")
    if state.concern_answered:
        return texts.format("scorecard.concern.answered", concern=concern)
    if state.concern_revealed:
        return texts.format("scorecard.concern.revealed", concern=concern)
    if state.concern_hinted:
        return texts.get("scorecard.concern.hinted")
    return texts.get("scorecard.concern.never")


def _part(name: str, fraction: float, detail: str) -> Dict[str, Any]:
    return {"points": round(WEIGHTS[name] * fraction, 1), "max": WEIGHTS[name], "detail": detail}


def _pricing(state: SessionState, texts: Texts) -> Dict[str, Any]:
    if state.price_named_early:
        return _part("pricing", 0.0, texts.get("scorecard.details.pricing_early"))
    if any(t in state.tactics for t in ("range_quote", "ask_budget")):
        return _part("pricing", 1.0, texts.get("scorecard.details.pricing_qualified"))
    return _part("pricing", 2 / 3, texts.get("scorecard.details.pricing_none"))


def _style_fit(state: SessionState, texts: Texts) -> Dict[str, Any]:
    style = state.style
    detail = "scorecard.details."
    messages = max(1, state.trainee_messages)
    short_share = 1 - state.long_messages / messages
    if style == "driver":
        return _part("style_fit", short_share,
                     texts.format(detail + "driver", brief=messages - state.long_messages,
                                  messages=messages))
    if style == "analytical":
        return _part("style_fit", 1.0 if state.evidence_given else 0.4,
                     texts.get(detail + ("analytical_yes" if state.evidence_given
                                         else "analytical_no")))
    if style == "amiable":
        pressure = state.pressure_before_trust
        return _part("style_fit", max(0.0, 1 - 0.4 * pressure),
                     texts.get(detail + "amiable_yes") if not pressure
                     else texts.format(detail + "amiable_no", pressure=pressure))
    if style == "expressive":
        return _part("style_fit", 1.0 if state.story_or_praise else 0.4,
                     texts.get(detail + ("expressive_yes" if state.story_or_praise
                                         else "expressive_no")))
    return _part("style_fit", short_share, texts.get(detail + "no_style"))


def _advice(content: Content, state: SessionState, used: List[str]) -> List[Dict[str, str]]:
    texts = content.texts
    persona = content.personas[state.persona]
    style = content.styles.get(state.style or "")
    style_name = style.name.lower() if style else (state.style or "")
    tip = "scorecard.tips."
    advice: List[Dict[str, str]] = []
    for taboo in state.taboos[:2]:
        advice.append({"text": texts.format(tip + "taboo", taboo=texts.taboo(taboo),
                                            quote=state.taboo_quotes.get(taboo, "")[:80]),
                       "topic": TABOO_TOPICS[taboo]})
    if state.persona in ("hesitant", "lingering") and not state.concern_answered:
        what = "find_reason" if not state.concern_revealed else "answer_worry"
        advice.append({"text": texts.get(tip + what), "topic": f"customer_{persona.id}"})
    untried = [t for t in persona.hint_order if t not in used]
    if untried:
        advice.append({"text": texts.format(tip + "try_tactic", tactic=texts.tactic(untried[0])),
                       "topic": f"customer_{persona.id}"})
    if state.price_named_early:
        advice.append({"text": texts.get(tip + "qualify"), "topic": "pricing_quoting"})
    elif "ask_needs" not in state.tactics:
        advice.append({"text": texts.get(tip + "needs"), "topic": "needs_discovery"})
    if state.style and _style_fit(state, texts)["points"] < WEIGHTS["style_fit"]:
        advice.append({"text": texts.format(tip + "adapt", style=style_name),
                       "topic": f"style_{state.style}"})
    if state.style:
        advice.append({"text": texts.format(tip + "keep_adapting", style=style_name),
                       "topic": f"style_{state.style}"})
    advice.append({"text": texts.get(tip + "plan"), "topic": f"customer_{persona.id}"})
    unique, seen = [], set()
    for item in advice:
        if item["topic"] not in seen:
            seen.add(item["topic"])
            unique.append(item)
    return unique[:3]


def scorecard_text(content: Content, state: SessionState, card: Scorecard,
                   playbook_titles: Dict[str, str] | None = None) -> str:
    """The scorecard as the trainee reads it, in the content's language.

    ``playbook_titles`` (topic id -> title) should be the same language's playbook.
    """
    texts = content.texts
    persona = content.personas[state.persona]
    scenario = content.scenarios[state.scenario]
    known = content.styles.get(state.style or "")
    style_name = known.name.lower() if known else state.style
    style = texts.format("scorecard.style", style=style_name) if state.style else ""
    fit_style = style_name or texts.get("scorecard.no_style")
    labels = {name: texts.format(f"scorecard.labels.{name}", style=fit_style)
              for name in WEIGHTS}
    when = texts.spoken_date(date.fromisoformat(state.next_step)) if state.next_step else ""
    outcome = texts.format(f"scorecard.outcomes.{state.outcome or 'ended'}", date=when)
    lines = [bold(texts.format("scorecard.title", persona=persona.name, style=style,
                               title=scenario.title)),
             bold(texts.get("scorecard.outcome")) + " " + outcome,
             bold(texts.format("scorecard.score", score=texts.number(card.score))),
             bold(texts.get("scorecard.difficulty"))
             + f" {texts.get(f'difficulties.{state.difficulty}')}"]
    for name, part in card.parts.items():
        lines.append(texts.format("scorecard.part", label=labels[name],
                                  points=texts.number(part["points"]), max=part["max"],
                                  detail=part["detail"]))
    if state.persona in ("hesitant", "lingering"):
        lines.append(texts.format("scorecard.hidden_concern", concern=card.concern))
    needed = DIFFICULTY[state.difficulty].min_persona_tactics
    if state.outcome != "won":
        condition = texts.get("scorecard.to_win_concern" if state.persona in (
            "hesitant", "lingering") else "scorecard.to_win_pinned")
        lines.append(texts.format("scorecard.to_win", needed=needed, condition=condition))
    if card.advice:
        lines.append(bold(texts.get("scorecard.next_time")))
        for number, item in enumerate(card.advice, start=1):
            title = (playbook_titles or {}).get(item["topic"], item["topic"])
            lines.append(texts.format("scorecard.advice", number=number, text=item["text"],
                                      title=title))
    return "\n".join(lines)
