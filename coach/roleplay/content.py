"""Role-play content: personas, styles, scenarios with their fact sheets, the reply banks.

Loaded from ``data/roleplay/`` (schema: ``docs/roleplay-content.md``) into frozen
dataclasses and validated at load time: every problem names the file, the entry and the
field, and all problems are reported at once (a trainer fixing a scenario file wants the
whole list, not one error per run). Scenarios can also come from elsewhere at run time
(a manager adding one to the database): ``validate_scenario`` / ``scenario_from_mapping``
take a plain mapping and ``Content.with_scenarios`` adds them.

Everything the trainee reads is per language: the reply banks (``lines/<language>.yml``),
the coach's own texts around them (``texts/<language>.yml``: scene, hints, scorecard, dates,
money) and the scenarios' texts (``scenarios.yml`` is written in its ``language``, English;
``scenario_texts/<language>.yml`` gives every other language's texts, keyed by scenario id,
while ids, numbers, tactics and sources stay in ``scenarios.yml``, one place).
``load_content(directory, language)`` returns one language's content.
"""

from __future__ import annotations

import re
import string
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any, Dict, Iterable, List, Mapping, Sequence, Tuple, TypeGuard, Union

import yaml

from coach.language import DEFAULT_LANGUAGE  # also the language personas.yml is written in

PERSONA_IDS = ("hesitant", "lingering", "quick_to_agree")
STYLE_IDS = ("analytical", "amiable", "expressive", "driver")
DIFFICULTIES = ("easy", "normal", "hard")
CONCERNS = ("price", "results", "service")
FACT_TOPICS = ("situation", "volumes", "budget", "timeline", "decision", "competitor",
               "past", "motivation", "needs")
PERSONA_TACTICS = {
    "hesitant": ("probe_reason", "acknowledge_view", "probe_concerns", "present_options",
                 "share_evaluation", "list_benefits", "propose_timeline"),
    "lingering": ("surface_issues", "ask_essential_question", "share_success_case",
                  "show_sincerity", "reduce_risk"),
    "quick_to_agree": ("pin_down", "early_benefit", "push_reason", "propose_timeline"),
}
GENERAL_MOVES = ("ask_needs", "quantify_value", "range_quote", "ask_budget", "summarize")
TACTIC_IDS = tuple(dict.fromkeys(
    [t for tactics in PERSONA_TACTICS.values() for t in tactics] + list(GENERAL_MOVES)))
TABOO_IDS = ("argue", "force_persuade", "refuse_on_spot", "ramble", "badmouth_competitor",
             "make_excuses", "premature_exact_price", "exaggerate", "talk_behind_back")
DOUBT_KINDS = ("competitor", "colleague", "timing", "price")
DODGE_KINDS = ("busy", "meetings", "hiring")

_ID = re.compile(r"^[a-z][a-z0-9_]{0,63}$")
MAX_SHORT_WORDS = 15
# Every bank may name the scenario's things; the banks below may also use their own.
COMMON_PLACEHOLDERS = frozenset({"product", "name", "competitor", "offer", "colleague"})



class RoleplayContentError(ValueError):
    """The role-play content is missing or malformed; ``problems`` lists every problem."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(self.problems))


# -- the models --------------------------------------------------------------------------------


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
class Fact:
    text: str  # the full first-person answer
    short: str  # the terse one (a driver's)
    ours: bool  # not from the documents: plausible, ours


@dataclass(frozen=True)
class Customer:
    name: str
    role: str


@dataclass(frozen=True)
class Competitor:
    name: str
    offer: str


@dataclass(frozen=True)
class Budget:
    amount: float
    currency: str
    period: str
    ours: bool

    def spoken(self) -> str:
        return f"{money(self.amount)} {self.currency} {self.period}".strip()


@dataclass(frozen=True)
class PriceRange:
    low: float
    high: float
    unit: str
    ours: bool


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    product: str
    customer: Customer
    situation: str
    hidden_concern: str
    concern_line: str
    concern_short: str
    concern_answered_by: Tuple[str, ...]
    competitor: Competitor
    colleague: str
    budget: Budget | None  # None only for a brief scenario (scenario_from_brief)
    price_range: PriceRange | None
    source: str
    facts: Mapping[str, Fact]  # empty only for a brief scenario
    language: str = DEFAULT_LANGUAGE  # the language its texts are written in


@dataclass(frozen=True)
class Lines:
    """The reply banks of one language, by dotted path ("answers.frames.driver")."""

    language: str
    banks: Mapping[str, Tuple[str, ...]]

    def bank(self, path: str) -> Tuple[str, ...]:
        return self.banks.get(path, ())


@dataclass(frozen=True)
class Texts:
    """The coach's own texts of one language (``texts/<language>.yml``), by dotted path."""

    language: str
    values: Mapping[str, Any]  # path -> str, or a tuple / mapping for the few lists

    def get(self, path: str) -> Any:
        return self.values[path]

    def format(self, path: str, **values: Any) -> str:
        return str(self.values[path]).format_map(values)

    def tactic(self, tactic_id: str) -> str:
        return self.values.get(f"tactics.{tactic_id}", tactic_id.replace("_", " "))

    def taboo(self, taboo_id: str) -> str:
        return self.values.get(f"taboos.{taboo_id}", taboo_id.replace("_", " "))

    def money(self, amount: float) -> str:
        """4500.0 -> '4,500' in English, '4.500' in Spanish; 4.5 -> '4.5' / '4,5'."""
        text = money(amount)
        table = {",": self.values["money.thousands"], ".": self.values["money.decimal"]}
        return "".join(table.get(char, char) for char in text)

    def number(self, value: float) -> str:
        """A score or points, shortest form: 13.3 -> '13.3' / '13,3'."""
        return f"{value:g}".replace(".", self.values["money.decimal"])

    def money_range(self, low: float, high: float) -> str:
        return self.format("money.range", low=self.money(low), high=self.money(high))

    def budget(self, budget: Budget) -> str:
        return " ".join(self.format("money.budget", amount=self.money(budget.amount),
                                    currency=budget.currency, period=budget.period).split())

    def spoken_date(self, day: date) -> str:
        """2026-12-10 -> 'Thursday 10 December' / 'el jueves 10 de diciembre'."""
        return self.format("dates.spoken", weekday=self.values["dates.weekdays"][day.weekday()],
                           day=day.day, month=self.values["dates.months"][day.month - 1])


@dataclass(frozen=True)
class Content:
    personas: Mapping[str, Persona]
    styles: Mapping[str, Style]
    scenarios: Mapping[str, Scenario]
    lines: Lines
    texts: Texts

    @property
    def language(self) -> str:
        return self.lines.language

    def with_scenarios(self, extra: Iterable[Scenario]) -> Content:
        """This content plus scenarios given at run time (a later one replaces an id)."""
        scenarios = dict(self.scenarios)
        scenarios.update({scenario.id: scenario for scenario in extra})
        return replace(self, scenarios=scenarios)


def money(amount: float) -> str:
    """4500.0 -> '4,500'; 4.5 -> '4.5' (how the customer says a figure)."""
    return f"{amount:,.0f}" if float(amount).is_integer() else f"{amount:,.2f}".rstrip("0")


# -- the reply-bank schema -----------------------------------------------------------------------


@dataclass(frozen=True)
class BankSpec:
    minimum: int
    allowed: frozenset = frozenset()  # placeholders beyond COMMON_PLACEHOLDERS
    required: frozenset = frozenset()


def _spec(minimum: int, allowed: Iterable[str] = (), required: Iterable[str] = ()) -> BankSpec:
    required = frozenset(required)
    return BankSpec(minimum, frozenset(allowed) | required, required)


def _bank_specs() -> Dict[str, BankSpec]:
    specs: Dict[str, BankSpec] = {}
    for persona in PERSONA_IDS:
        specs[f"openings.{persona}"] = _spec(4)
        specs[f"acknowledgements.{persona}"] = _spec(10)
        specs[f"other.{persona}"] = _spec(8)
        specs[f"dates.accept.{persona}"] = _spec(4, ["proposed"], ["date"])
        specs[f"dates.counter.{persona}"] = _spec(4, ["proposed"], ["date"])
        specs[f"won.{persona}"] = _spec(4, required=["date"])
        specs[f"lost.{persona}"] = _spec(4)
    for style in STYLE_IDS:
        specs[f"answers.frames.{style}"] = _spec(6, required=["fact"])
        specs[f"answers.cannot.{style}"] = _spec(5)
    specs["answers.again"] = _spec(6, required=["fact"])
    # A scenario that states no budget (a brief one): asked for it, the customer says so,
    # and a price is named back without a budget to judge it against.
    specs["answers.no_budget"] = _spec(5)
    specs["persona.hesitant.hedges"] = _spec(10)
    for kind in DOUBT_KINDS:
        specs[f"persona.hesitant.doubts.{kind}"] = _spec(3)
    specs["persona.lingering.drifts"] = _spec(10)
    specs["persona.lingering.non_answers"] = _spec(8)
    specs["persona.quick_to_agree.agrees"] = _spec(10)
    for kind in DODGE_KINDS:
        specs[f"persona.quick_to_agree.dodges.{kind}"] = _spec(4)
    specs["small_talk.welcomed"] = _spec(10)
    specs["small_talk.polite"] = _spec(6)
    specs["small_talk.cut_short"] = _spec(6)
    for kind in ("exact_within", "exact_above", "range_within", "range_above", "again"):
        specs[f"prices.{kind}"] = _spec(4, ["figure", "budget"])
    specs["prices.no_budget"] = _spec(6, ["figure"])
    specs["claims.proof_request"] = _spec(6)
    specs["claims.evidence_welcomed"] = _spec(5)
    specs["success_case.questions"] = _spec(6, ["case"])
    specs["dates.too_soon"] = _spec(5, ["proposed"])
    for tactic in TACTIC_IDS:
        specs[f"tactics.{tactic}"] = _spec(3)
    for taboo in TABOO_IDS:
        specs[f"taboos.{taboo}"] = _spec(3)
    specs["styles.analytical.pleased"] = _spec(4)
    for style, kinds in (("amiable", ("pressured", "pleased")),
                         ("expressive", ("bored", "pleased")),
                         ("driver", ("impatient", "pleased"))):
        for kind in kinds:
            specs[f"styles.{style}.{kind}"] = _spec(4)
    specs["recall.figure"] = _spec(4, required=["figure"])
    specs["recall.concern"] = _spec(4, required=["concern"])
    specs["recall.case"] = _spec(4, required=["case"])
    for persona in ("hesitant", "lingering"):
        specs[f"concern.hints.{persona}"] = _spec(5)
    specs["concern.answered"] = _spec(5, ["concern"])
    specs["concern.settled"] = _spec(4, ["concern"])  # probed again once it was answered
    return specs


BANK_SPECS = _bank_specs()


def _placeholders(line: str) -> List[str] | None:
    """The {names} a line uses, or None when its braces are malformed."""
    try:
        return [name for _, name, _, _ in string.Formatter().parse(line) if name is not None]
    except ValueError:
        return None


def validate_lines(data: Any, where: str = "lines") -> List[str]:
    """Every problem of a reply-bank mapping (``lines/<language>.yml``); [] when valid."""
    if not isinstance(data, Mapping):
        return [f"{where}: expected a mapping of banks"]
    problems = []
    if not isinstance(data.get("language"), str) or not data.get("language"):
        problems.append(f"{where}: 'language' is missing (e.g. language: en)")
    for path, spec in BANK_SPECS.items():
        node: Any = data
        for key in path.split("."):
            node = node.get(key) if isinstance(node, Mapping) else None
        if node is None:
            problems.append(f"{where}: {path}: missing (a list of at least {spec.minimum} lines)")
            continue
        if not isinstance(node, list):
            problems.append(f"{where}: {path}: expected a list of lines")
            continue
        if len(node) < spec.minimum:
            problems.append(f"{where}: {path}: {len(node)} line(s), at least {spec.minimum} "
                            f"needed so no line repeats in a session")
        seen = set()
        for index, line in enumerate(node):
            at = f"{where}: {path}[{index}]"
            if not isinstance(line, str) or not line.strip():
                problems.append(f"{at}: expected a non-empty line of text")
                continue
            if line in seen:
                problems.append(f"{at}: the same line appears twice in this bank")
            seen.add(line)
            names = _placeholders(line)
            if names is None:
                problems.append(f"{at}: unbalanced braces in {line[:60]!r}")
                continue
            unknown = sorted(set(names) - spec.allowed - COMMON_PLACEHOLDERS)
            if unknown:
                problems.append(f"{at}: placeholder(s) {_braced(unknown)} not allowed here "
                                f"(allowed: {_braced(spec.allowed | COMMON_PLACEHOLDERS)})")
            missing = sorted(spec.required - set(names))
            if missing:
                problems.append(f"{at}: needs {_braced(missing)}")
    return problems


def _braced(names: Iterable[str]) -> str:
    return ", ".join("{" + name + "}" for name in sorted(names))


def lines_from_mapping(data: Mapping[str, Any]) -> Lines:
    banks = {}
    for path in BANK_SPECS:
        node: Any = data
        for key in path.split("."):
            node = node[key]
        banks[path] = tuple(str(line).strip() for line in node)
    return Lines(str(data["language"]), banks)


# -- scenarios ---------------------------------------------------------------------------------

_SCENARIO_TEXT = ("title", "product", "situation", "concern_line", "concern_short", "colleague",
                  "source")


def validate_scenario(data: Any, where: str = "scenario") -> List[str]:
    """Every problem of one scenario mapping, each naming the field; [] when valid."""
    if not isinstance(data, Mapping):
        return [f"{where}: expected a mapping with id, title, product, ..."]
    scenario_id = data.get("id")
    at = f"{where} {scenario_id!r}" if isinstance(scenario_id, str) else where
    problems = []
    if not isinstance(scenario_id, str) or not _ID.match(scenario_id):
        problems.append(f"{at}: id: expected lowercase letters, digits and _ "
                        f"(got {str(scenario_id)[:40]!r})")
    for name in _SCENARIO_TEXT:
        if not _text(data.get(name)):
            problems.append(f"{at}: {name}: missing or empty")
        elif "{" in data[name] or "}" in data[name]:
            problems.append(f"{at}: {name}: must not contain braces")
    customer = data.get("customer")
    if not isinstance(customer, Mapping):
        problems.append(f"{at}: customer: expected {{name: ..., role: ...}}")
    else:
        problems += [f"{at}: customer.{k}: missing or empty" for k in ("name", "role")
                     if not _text(customer.get(k))]
    if data.get("hidden_concern") not in CONCERNS:
        problems.append(f"{at}: hidden_concern: must be one of {', '.join(CONCERNS)} "
                        f"(got {str(data.get('hidden_concern'))[:40]!r})")
    answered = data.get("concern_answered_by")
    if not isinstance(answered, list) or not answered:
        problems.append(f"{at}: concern_answered_by: expected a list of tactic ids")
    else:
        unknown = [str(t)[:40] for t in answered if t not in TACTIC_IDS]
        if unknown:
            problems.append(f"{at}: concern_answered_by: unknown tactic id(s) "
                            f"{', '.join(unknown)} (valid: {', '.join(TACTIC_IDS)})")
        for persona in ("hesitant", "lingering"):
            if not set(answered) & set(PERSONA_TACTICS[persona]):
                problems.append(f"{at}: concern_answered_by: needs at least one {persona} "
                                f"tactic ({', '.join(PERSONA_TACTICS[persona])}), or that "
                                f"persona could never win this scenario")
    competitor = data.get("competitor")
    if not isinstance(competitor, Mapping):
        problems.append(f"{at}: competitor: expected {{name: ..., offer: ...}}")
    else:
        problems += [f"{at}: competitor.{k}: missing or empty" for k in ("name", "offer")
                     if not _text(competitor.get(k))]
    budget = data.get("budget")
    if not isinstance(budget, Mapping):
        problems.append(f"{at}: budget: expected {{amount, currency, period, ours}}")
    else:
        if not _number(budget.get("amount")) or budget["amount"] <= 0:
            problems.append(f"{at}: budget.amount: expected a positive number")
        problems += [f"{at}: budget.{k}: missing or empty" for k in ("currency", "period")
                     if not _text(budget.get(k))]
        if not isinstance(budget.get("ours"), bool):
            problems.append(f"{at}: budget.ours: expected true or false")
    prices = data.get("price_range")
    if not isinstance(prices, Mapping):
        problems.append(f"{at}: price_range: expected {{low, high, unit, ours}}")
    else:
        low, high = prices.get("low"), prices.get("high")
        if not (_number(low) and _number(high)) or low <= 0 or high < low:
            problems.append(f"{at}: price_range: low and high must be positive numbers, "
                            f"low <= high")
        if not _text(prices.get("unit")):
            problems.append(f"{at}: price_range.unit: missing or empty")
        if not isinstance(prices.get("ours"), bool):
            problems.append(f"{at}: price_range.ours: expected true or false")
    facts = data.get("facts")
    if not isinstance(facts, Mapping):
        problems.append(f"{at}: facts: expected a mapping of the topics {', '.join(FACT_TOPICS)}")
    else:
        for topic in FACT_TOPICS:
            fact = facts.get(topic)
            if not isinstance(fact, Mapping):
                problems.append(f"{at}: facts.{topic}: missing (expected {{text, short, ours}})")
                continue
            for key in ("text", "short"):
                value = fact.get(key)
                if not _text(value):
                    problems.append(f"{at}: facts.{topic}.{key}: missing or empty")
                elif "{" in value or "}" in value:
                    problems.append(f"{at}: facts.{topic}.{key}: must not contain braces")
                elif value.strip()[-1] not in ".!?":
                    problems.append(f"{at}: facts.{topic}.{key}: must end with . ! or ?")
            if _text(fact.get("short")) and len(fact["short"].split()) > MAX_SHORT_WORDS:
                problems.append(f"{at}: facts.{topic}.short: at most {MAX_SHORT_WORDS} words "
                                f"(a driver's answer)")
            if not isinstance(fact.get("ours"), bool):
                problems.append(f"{at}: facts.{topic}.ours: expected true or false")
        extra = sorted(set(map(str, facts)) - set(FACT_TOPICS))
        if extra:
            problems.append(f"{at}: facts: unknown topic(s) {', '.join(extra)} "
                            f"(valid: {', '.join(FACT_TOPICS)})")
    return problems


def scenario_from_mapping(data: Mapping[str, Any]) -> Scenario:
    """A Scenario from a mapping; raises RoleplayContentError naming every problem."""
    problems = validate_scenario(data)
    if problems:
        raise RoleplayContentError(problems)
    budget, prices = data["budget"], data["price_range"]
    return Scenario(
        id=data["id"], title=_clean(data["title"]), product=_clean(data["product"]),
        customer=Customer(_clean(data["customer"]["name"]), _clean(data["customer"]["role"])),
        situation=_clean(data["situation"]), hidden_concern=data["hidden_concern"],
        concern_line=_clean(data["concern_line"]), concern_short=_clean(data["concern_short"]),
        concern_answered_by=tuple(dict.fromkeys(data["concern_answered_by"])),
        competitor=Competitor(_clean(data["competitor"]["name"]),
                              _clean(data["competitor"]["offer"])),
        colleague=_clean(data["colleague"]),
        budget=Budget(float(budget["amount"]), _clean(budget["currency"]),
                      _clean(budget["period"]), budget["ours"]),
        price_range=PriceRange(float(prices["low"]), float(prices["high"]),
                               _clean(prices["unit"]), prices["ours"]),
        source=_clean(data["source"]),
        facts={topic: Fact(_clean(data["facts"][topic]["text"]),
                           _clean(data["facts"][topic]["short"]),
                           data["facts"][topic]["ours"]) for topic in FACT_TOPICS},
    )


# The tactics that answer each kind of hidden concern, as the shipped scenarios have them.
CONCERN_ANSWERS = {
    "price": ("present_options", "range_quote", "quantify_value", "reduce_risk"),
    "results": ("share_success_case", "share_evaluation"),
    "service": ("reduce_risk", "show_sincerity", "share_success_case", "present_options"),
}
BRIEF_FIELDS = ("id", "title", "product", "customer", "situation", "hidden_concern",
                "concern_line", "source")


def scenario_from_brief(data: Mapping[str, str]) -> Scenario:
    """A scenario written with the brief fields only (``BRIEF_FIELDS``, all text: the
    manager's form of docs/manager.md), already checked by the caller.

    It has no fact sheet, so a question about the customer's facts gets the honest "I'd
    have to check that" reply; its competitor, colleague and concern in a few words are
    left empty, and the session's language says them (texts ``engine.brief.*``: a Spanish
    customer never says "another supplier"); the concern is answered by the tactics that
    answer that kind of concern in the shipped scenarios; a price is named back without a
    budget to judge it against. The full schema (``scenario_from_mapping``) gives the
    customer everything.
    """
    name, _, role = _clean(data["customer"]).partition(",")
    concern = data["hidden_concern"]
    return Scenario(
        id=data["id"], title=_clean(data["title"]), product=_clean(data["product"]),
        customer=Customer(name.strip(), role.strip()), situation=_clean(data["situation"]),
        hidden_concern=concern, concern_line=_clean(data["concern_line"]),
        concern_short="", concern_answered_by=CONCERN_ANSWERS[concern],
        competitor=Competitor("", ""), colleague="", budget=None, price_range=None,
        source=_clean(data["source"]), facts={})


def validate_scenario_file_data(data: Any, where: str) -> List[str]:
    if not isinstance(data, Mapping) or not isinstance(data.get("scenarios"), list):
        return [f"{where}: expected a mapping with a list 'scenarios'"]
    problems, seen = [], set()
    for index, item in enumerate(data["scenarios"]):
        problems += validate_scenario(item, f"{where}: scenarios[{index}]")
        scenario_id = item.get("id") if isinstance(item, Mapping) else None
        if scenario_id in seen:
            problems.append(f"{where}: scenarios[{index}]: duplicate id {scenario_id!r}")
        seen.add(scenario_id)
    if not data["scenarios"]:
        problems.append(f"{where}: scenarios: the list is empty")
    return problems


def check_scenario_file(path: Path) -> List[str]:
    """Every problem of a scenario file a trainer wrote; [] when it is valid."""
    data, problems = _read(Path(path))
    return problems or validate_scenario_file_data(data, str(path))


def check_lines_file(path: Path) -> List[str]:
    data, problems = _read(Path(path))
    return problems or validate_lines(data, str(path))


# -- the coach's own texts (texts/<language>.yml) -----------------------------------------------


def _text_specs() -> Dict[str, BankSpec]:
    """Every text path with its placeholders (BankSpec.minimum unused: one text each)."""
    specs: Dict[str, BankSpec] = {}

    def add(path: str, allowed: Iterable[str] = (), required: Iterable[str] = ()) -> None:
        specs[path] = _spec(1, allowed, required)

    add("customer_label")
    add("dates.spoken", required=["weekday", "day", "month"])
    add("money.range", required=["low", "high"])
    add("money.budget", ["currency", "period"], ["amount"])
    for difficulty in DIFFICULTIES:
        add(f"difficulties.{difficulty}")
    for concern in CONCERNS:
        add(f"concerns.{concern}")
    for tactic in TACTIC_IDS:
        add(f"tactics.{tactic}")
        add(f"tactic_labels.{tactic}")
    for taboo in TABOO_IDS:
        add(f"taboos.{taboo}")
        add(f"taboo_labels.{taboo}")
    add("scene.customer", ["role"], ["name"])
    add("scene.who", required=["persona", "style"])
    add("scene.text", required=["title", "difficulty", "customer", "who", "situation"])
    add("scene.other_language")
    add("engine.lost")
    add("engine.won", required=["date"])
    add("engine.same_day")
    add("engine.fallback", ["turn"])
    for key in ("budget_unknown", "figure_unknown", "case_unknown"):
        add(f"engine.{key}")
    # A brief scenario's words, in the session's language (scenario_from_brief).
    for key in ("competitor", "offer", "colleague") + tuple(f"concern_{c}" for c in CONCERNS):
        add(f"engine.brief.{key}")
    for key in ("find_concern", "essential", "pin_down", "start_reason", "untried", "close"):
        add(f"hints.{key}")
    add("hints.answer_concern", ["concern"])
    add("hints.message", required=["tactic", "why", "advice"])
    add("hints.playbook", required=["title", "gist"])
    add("scorecard.title", required=["persona", "style", "title"])
    add("scorecard.style", required=["style"])
    add("scorecard.outcome")
    add("scorecard.outcomes.won", required=["date"])
    add("scorecard.outcomes.lost")
    add("scorecard.outcomes.ended")
    add("scorecard.score", required=["score"])
    add("scorecard.difficulty")
    for part in ("persona_tactics", "good_moves", "taboos", "pricing"):
        add(f"scorecard.labels.{part}")
    add("scorecard.labels.style_fit", required=["style"])
    add("scorecard.no_style")
    add("scorecard.part", required=["label", "points", "max", "detail"])
    add("scorecard.hidden_concern", required=["concern"])
    add("scorecard.to_win", required=["needed", "condition"])
    add("scorecard.to_win_concern")
    add("scorecard.to_win_pinned")
    add("scorecard.next_time")
    add("scorecard.advice", required=["number", "text", "title"])
    add("scorecard.details.persona_tactics", required=["used", "total"])
    add("scorecard.details.persona_tactics_used", required=["used", "total", "tactics"])
    add("scorecard.details.taboo", required=["taboo", "quote"])
    add("scorecard.details.driver", required=["brief", "messages"])
    add("scorecard.details.amiable_no", required=["pressure"])
    for key in ("none", "no_taboos", "pricing_early", "pricing_qualified", "pricing_none",
                "analytical_yes",
                "analytical_no", "amiable_yes", "expressive_yes", "expressive_no", "no_style"):
        add(f"scorecard.details.{key}")
    add("scorecard.concern.answered", required=["concern"])
    add("scorecard.concern.revealed", required=["concern"])
    add("scorecard.concern.hinted")
    add("scorecard.concern.never")
    add("scorecard.tips.taboo", required=["taboo", "quote"])
    add("scorecard.tips.try_tactic", required=["tactic"])
    add("scorecard.tips.adapt", required=["style"])
    add("scorecard.tips.keep_adapting", required=["style"])
    for key in ("find_reason", "answer_worry", "qualify", "needs", "plan"):
        add(f"scorecard.tips.{key}")
    add("actions.practise", required=["persona"])
    add("actions.picked_join")
    add("actions.picked", required=["items"])
    for key in ("nothing_started", "not_in_roleplay", "empty", "crossed", "ask_for_draft",
                "out_of_character", "back_after_review", "back_after_tip", "no_roleplay_hint",
                "no_roleplay"):
        add(f"actions.{key}")
    return specs


TEXT_SPECS = _text_specs()
# Texts that are lists of words: (path, exact size, or 0 for any size).
TEXT_LISTS = (("dates.weekdays", 7), ("dates.months", 12), ("engine.case_not_names", 0),
              ("engine.we_words", 0), ("engine.we_endings", 0))
TEXT_SEPARATORS = ("money.thousands", "money.decimal")  # may be "" or a space


def _node(data: Any, path: str) -> Any:
    for key in path.split("."):
        data = data.get(key) if isinstance(data, Mapping) else None
    return data


def validate_texts(data: Any, where: str = "texts") -> List[str]:
    """Every problem of a texts mapping (``texts/<language>.yml``); [] when valid."""
    if not isinstance(data, Mapping):
        return [f"{where}: expected a mapping of texts"]
    problems = []
    if not _text(data.get("language")):
        problems.append(f"{where}: 'language' is missing (e.g. language: en)")
    for path, spec in TEXT_SPECS.items():
        value = _node(data, path)
        if not _text(value):
            problems.append(f"{where}: {path}: missing or empty (a line of text)")
            continue
        names = _placeholders(value)
        if names is None:
            problems.append(f"{where}: {path}: unbalanced braces in {value[:60]!r}")
            continue
        unknown = sorted(set(names) - spec.allowed)
        if unknown:
            problems.append(f"{where}: {path}: placeholder(s) {_braced(unknown)} not allowed "
                            f"here (allowed: {_braced(spec.allowed) or 'none'})")
        missing = sorted(spec.required - set(names))
        if missing:
            problems.append(f"{where}: {path}: needs {_braced(missing)}")
    for path, size in TEXT_LISTS:
        value = _node(data, path)
        if not isinstance(value, list) or not all(_text(item) for item in value) \
                or (size and len(value) != size):
            problems.append(f"{where}: {path}: expected a list of "
                            + (f"{size} words" if size else "words"))
    for path in TEXT_SEPARATORS:
        if not isinstance(_node(data, path), str):
            problems.append(f"{where}: {path}: expected a string (it may be empty)")
    phrases = _node(data, "engine.case_phrases")
    if not isinstance(phrases, Mapping) or not phrases \
            or not all(_text(k) and _text(v) for k, v in phrases.items()):
        problems.append(f"{where}: engine.case_phrases: expected a mapping of phrases to the "
                        f"words said back")
    for section, ids in (("personas", PERSONA_IDS), ("styles", STYLE_IDS)):
        names = data.get(section)
        if names is None:
            continue  # this language uses personas.yml's names
        for item_id in ids:
            item = names.get(item_id) if isinstance(names, Mapping) else None
            if not isinstance(item, Mapping) or not _text(item.get("name")) \
                    or not _text(item.get("description")):
                problems.append(f"{where}: {section}.{item_id}: needs a name and a description "
                                f"(or leave out '{section}' to use personas.yml's)")
    return problems


def texts_from_mapping(data: Mapping[str, Any]) -> Texts:
    values: Dict[str, Any] = {path: str(_node(data, path)) for path in TEXT_SPECS}
    for path, _ in TEXT_LISTS:
        values[path] = tuple(str(item) for item in _node(data, path))
    for path in TEXT_SEPARATORS:
        values[path] = str(_node(data, path))
    values["engine.case_phrases"] = {str(k).lower(): str(v)
                                     for k, v in _node(data, "engine.case_phrases").items()}
    return Texts(str(data["language"]), values)


def check_texts_file(path: Path) -> List[str]:
    data, problems = _read(Path(path))
    return problems or validate_texts(data, str(path))


# -- scenario texts in another language (scenario_texts/<language>.yml) -------------------------

# Every text of a scenario, as dotted paths; everything else stays in scenarios.yml.
SCENARIO_TEXT_PATHS = (
    ("title", "product", "customer.name", "customer.role", "situation", "concern_line",
     "concern_short", "competitor.name", "competitor.offer", "colleague", "budget.currency",
     "budget.period", "price_range.unit")
    + tuple(f"facts.{topic}.{key}" for topic in FACT_TOPICS for key in ("text", "short")))


def _leaf_paths(data: Mapping[str, Any], prefix: str = "") -> List[str]:
    paths = []
    for key, value in data.items():
        path = f"{prefix}{key}"
        paths += _leaf_paths(value, path + ".") if isinstance(value, Mapping) else [path]
    return paths


def _with_texts(item: Mapping[str, Any], texts: Mapping[str, Any]) -> Dict[str, Any]:
    """A scenarios.yml item with its text fields replaced by ``texts``."""
    merged: Dict[str, Any] = {key: (dict(value) if isinstance(value, Mapping) else value)
                              for key, value in item.items()}
    merged["facts"] = {topic: dict(fact) for topic, fact in (item.get("facts") or {}).items()}
    for path in SCENARIO_TEXT_PATHS:
        keys = path.split(".")
        node = merged
        for key in keys[:-1]:
            node = node.setdefault(key, {})
        node[keys[-1]] = _node(texts, path)
    return merged


def validate_scenario_texts(data: Any, scenario_items: Sequence[Mapping[str, Any]],
                            language: str, where: str) -> List[str]:
    """Every problem of one language's scenario texts against scenarios.yml's items."""
    if not isinstance(data, Mapping) or not isinstance(data.get("scenarios"), Mapping):
        return [f"{where}: expected a mapping with 'language' and 'scenarios' (by scenario id)"]
    problems = []
    if data.get("language") != language:
        problems.append(f"{where}: language: expected {language!r} "
                        f"(got {str(data.get('language'))[:20]!r})")
    items = {item.get("id"): item for item in scenario_items if isinstance(item, Mapping)}
    texts = data["scenarios"]
    for scenario_id in items:
        if scenario_id not in texts:
            problems.append(f"{where}: {scenario_id}: missing (every scenario of scenarios.yml "
                            f"needs its texts in {language})")
    for scenario_id, entry in texts.items():
        at = f"{where}: {scenario_id}"
        if scenario_id not in items:
            problems.append(f"{at}: unknown scenario id (scenarios.yml has "
                            f"{', '.join(map(str, items))})")
            continue
        if not isinstance(entry, Mapping):
            problems.append(f"{at}: expected a mapping of the scenario's texts")
            continue
        extra = sorted(set(_leaf_paths(entry)) - set(SCENARIO_TEXT_PATHS))
        if extra:
            problems.append(f"{at}: not a text field: {', '.join(extra)} (ids, numbers, "
                            f"tactics and sources stay in scenarios.yml)")
        missing = [path for path in SCENARIO_TEXT_PATHS if not _text(_node(entry, path))]
        if missing:
            problems += [f"{at}: {path}: missing or empty" for path in missing]
            continue
        problems += validate_scenario(_with_texts(items[scenario_id], entry), where)
    return problems


# -- personas and the whole directory ------------------------------------------------------------


def _personas(data: Any, where: str) -> Tuple[Dict[str, Persona], Dict[str, Style], List[str]]:
    personas, styles, problems = {}, {}, []
    data = data if isinstance(data, Mapping) else {}
    for persona_id in PERSONA_IDS:
        item = (data.get("personas") or {}).get(persona_id)
        at = f"{where}: personas.{persona_id}"
        if not isinstance(item, Mapping):
            problems.append(f"{at}: missing")
            continue
        yields = tuple(item.get("yields_to") or ())
        hints = tuple(item.get("hint_order") or yields)
        if yields != PERSONA_TACTICS[persona_id]:
            problems.append(f"{at}: yields_to must be the contract's "
                            f"{list(PERSONA_TACTICS[persona_id])}")
        if set(hints) != set(yields) or len(hints) != len(yields):
            problems.append(f"{at}: hint_order must list exactly the yields_to tactics")
        for key in ("name", "description"):
            if not _text(item.get(key)):
                problems.append(f"{at}.{key}: missing or empty")
        personas[persona_id] = Persona(persona_id, str(item.get("name", "")),
                                       str(item.get("description", "")), yields, hints)
    for style_id in STYLE_IDS:
        item = (data.get("styles") or {}).get(style_id)
        if not isinstance(item, Mapping) or not _text(item.get("name")) \
                or not _text(item.get("description")):
            problems.append(f"{where}: styles.{style_id}: needs a name and a description")
            continue
        styles[style_id] = Style(style_id, item["name"], item["description"])
    return personas, styles, problems


def load_content(directory: Path, language: str = DEFAULT_LANGUAGE) -> Content:
    """All of ``data/roleplay/`` in ``language``; raises RoleplayContentError listing every
    problem (a language needs its ``lines/``, ``texts/`` and, unless ``scenarios.yml`` is
    written in it, ``scenario_texts/`` file)."""
    directory = Path(directory)
    personas_data, problems = _read(directory / "personas.yml")
    personas, styles, persona_problems = _personas(personas_data, "personas.yml")
    problems += persona_problems
    scenario_data, read_problems = _read(directory / "scenarios.yml")
    scenario_problems = read_problems or validate_scenario_file_data(scenario_data,
                                                                     "scenarios.yml")
    problems += scenario_problems
    lines_data, read_problems = _read(directory / "lines" / f"{language}.yml")
    problems += read_problems or validate_lines(lines_data, f"lines/{language}.yml")
    texts_data, read_problems = _read(directory / "texts" / f"{language}.yml")
    problems += read_problems or validate_texts(texts_data, f"texts/{language}.yml")
    items = [] if scenario_problems else list(scenario_data["scenarios"])
    written_in = DEFAULT_LANGUAGE if scenario_problems else \
        str(scenario_data.get("language") or DEFAULT_LANGUAGE)
    translations: Mapping[str, Any] = {}
    if written_in != language and not scenario_problems:
        where = f"scenario_texts/{language}.yml"
        texts_file, read_problems = _read(directory / "scenario_texts" / f"{language}.yml")
        translation_problems = read_problems or validate_scenario_texts(texts_file, items,
                                                                        language, where)
        problems += translation_problems
        translations = {} if translation_problems else texts_file["scenarios"]
    if problems:
        raise RoleplayContentError(problems)
    scenarios = {}
    for item in items:
        if item["id"] in translations:
            scenario = scenario_from_mapping(_with_texts(item, translations[item["id"]]))
            scenarios[item["id"]] = replace(scenario, language=language)
        else:
            scenarios[item["id"]] = replace(scenario_from_mapping(item), language=written_in)
    texts = texts_from_mapping(texts_data)
    # This language's names for the personas and styles, where its texts give them.
    for item_id, item in (texts_data.get("personas") or {}).items():
        if item_id in personas:
            personas[item_id] = replace(personas[item_id], name=_clean(item["name"]),
                                        description=_clean(item["description"]))
    for item_id, item in (texts_data.get("styles") or {}).items():
        if item_id in styles:
            styles[item_id] = replace(styles[item_id], name=_clean(item["name"]),
                                      description=_clean(item["description"]))
    return Content(personas, styles, scenarios, lines_from_mapping(lines_data), texts)


def _read(path: Path) -> Tuple[Any, List[str]]:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8")), []
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        name = path.name if path.parent.name not in ("lines", "texts", "scenario_texts") \
            else f"{path.parent.name}/{path.name}"
        return None, [f"{name}: cannot load ({str(error).splitlines()[0][:200]})"]


def _text(value: Any) -> TypeGuard[str]:
    return isinstance(value, str) and bool(value.strip())


def _number(value: Any) -> TypeGuard[Union[int, float]]:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _clean(value: str) -> str:
    return " ".join(str(value).split())
