"""Scenarios a manager writes from their own deals: checking them and their storage rules.

A scenario has every field of ``data/roleplay/scenarios.yml``. Every problem is named
(field and what is wrong), not only the first. Team scenarios live in the database; their
ids may not take a repository scenario's id, so a shipped scenario is never shadowed.
The body may be YAML or JSON (JSON is read as YAML); anchors and aliases are refused, so
a small upload cannot expand into a huge one.
"""

from __future__ import annotations

import logging
import re
from typing import Any, Collection, Dict, Iterable, List

import yaml

from coach.db import TeamScenarioRecord
from coach.manager.assignments import RequestError
from coach.roleplay.content import (
    BRIEF_FIELDS,
    CONCERNS,
    FACT_TOPICS,
    TACTIC_IDS,
    Scenario,
    scenario_from_brief,
    scenario_from_mapping,
    validate_scenario,
)

logger = logging.getLogger(__name__)

FIELDS = BRIEF_FIELDS  # the form's fields; a full scenario also has its fact sheet (facts)
HIDDEN_CONCERNS = ("price", "results", "service")
SCENARIO_ID = re.compile(r"^[a-z][a-z0-9_]{2,63}$")
MAX_CHARS = {"title": 120, "product": 120, "customer": 200, "situation": 1500,
             "concern_line": 600, "source": 300}
MAX_BODY_BYTES = 64 * 1024


# The page's form, field by field (dotted names make the nested mapping; see manager.js).
FORM: List[Dict[str, Any]] = [
    {"name": "id", "label": "Id (lower-case letters, digits, _)", "kind": "input"},
    {"name": "title", "label": "Title", "kind": "input"},
    {"name": "product", "label": "Product", "kind": "input"},
    {"name": "customer", "label": "Customer (who the coach plays)", "kind": "input"},
    {"name": "situation", "label": "Situation", "kind": "textarea"},
    {"name": "hidden_concern", "label": "Hidden concern", "kind": "select",
     "options": list(HIDDEN_CONCERNS)},
    {"name": "concern_line", "label": "What the customer says once the concern comes out",
     "kind": "textarea"},
    {"name": "source", "label": "Source (the deal it comes from)", "kind": "input"},
]
for _field in FORM:
    _field["group"] = "The deal"


def _spec(name: str, label: str, kind: str, group: str,
          options: List[str] | None = None) -> Dict[str, Any]:
    spec: Dict[str, Any] = {"name": name, "label": label, "kind": kind, "group": group}
    if options is not None:
        spec["options"] = options
    return spec


# The full form: every field of data/roleplay/scenarios.yml, the fact sheet included
# (the engine's own topic and tactic lists, so it cannot drift from what is checked).
FULL_FORM: List[Dict[str, Any]] = [
    _spec("id", "Id (lower-case letters, digits, _)", "input", "The deal"),
    _spec("title", "Title", "input", "The deal"),
    _spec("product", "Product", "input", "The deal"),
    _spec("customer.name", "Customer's name", "input", "The deal"),
    _spec("customer.role", "Customer's role", "input", "The deal"),
    _spec("situation", "Situation", "textarea", "The deal"),
    _spec("source", "Source (the deal it comes from)", "input", "The deal"),
    _spec("hidden_concern", "Hidden concern", "select", "The hidden concern", list(CONCERNS)),
    _spec("concern_line", "What the customer says once the concern comes out", "textarea",
          "The hidden concern"),
    _spec("concern_short", "The concern in a few words", "input", "The hidden concern"),
    _spec("concern_answered_by", "Tactics that answer it", "checkboxes", "The hidden concern",
          list(TACTIC_IDS)),
    _spec("competitor.name", "Competitor", "input", "Competitor and colleague"),
    _spec("competitor.offer", "Competitor's offer", "input", "Competitor and colleague"),
    _spec("colleague", "A colleague the customer mentions", "input", "Competitor and colleague"),
    _spec("budget.amount", "Budget", "number", "Money"),
    _spec("budget.currency", "Currency", "input", "Money"),
    _spec("budget.period", "Budget period (e.g. a year)", "input", "Money"),
    _spec("budget.ours", "The budget is our own figure (not from the deal)", "checkbox", "Money"),
    _spec("price_range.low", "Price range: low", "number", "Money"),
    _spec("price_range.high", "Price range: high", "number", "Money"),
    _spec("price_range.unit", "Price unit (e.g. a year)", "input", "Money"),
    _spec("price_range.ours", "The prices are our own figures", "checkbox", "Money"),
] + [spec for topic in FACT_TOPICS for spec in (
    _spec(f"facts.{topic}.text", "What the customer says", "textarea",
          f"Fact sheet: {topic.replace('_', ' ')}"),
    _spec(f"facts.{topic}.short", "The same, briefly (at most 15 words, ends with .)", "input",
          f"Fact sheet: {topic.replace('_', ' ')}"),
    _spec(f"facts.{topic}.ours", "Our own fact (not from the deal)", "checkbox",
          f"Fact sheet: {topic.replace('_', ' ')}"),
)]


def read_body(raw: bytes) -> Any:
    """The uploaded mapping (YAML or JSON), or RequestError saying why it cannot be read."""
    if len(raw) > MAX_BODY_BYTES:
        raise RequestError({"body": f"too large (at most {MAX_BODY_BYTES // 1024} KB)"})
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise RequestError({"body": "not UTF-8 text"}) from None
    try:
        if any(isinstance(event, yaml.AliasEvent) for event in yaml.parse(text, yaml.SafeLoader)):
            raise RequestError({"body": "YAML anchors and aliases are not accepted"})
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        where = getattr(error, "problem_mark", None)
        at = f" (line {where.line + 1}, column {where.column + 1})" if where else ""
        raise RequestError({"body": f"not valid YAML or JSON{at}"}) from None
    if isinstance(data, dict) and isinstance(data.get("scenarios"), list) \
            and len(data["scenarios"]) == 1:
        data = data["scenarios"][0]  # a pasted scenarios.yml with one entry
    return data


def check_scenario(data: Any, reserved_ids: Collection[str]) -> Dict[str, Any]:
    """The scenario as stored, or RequestError with every problem.

    Two forms: the brief one (the form's text fields, stripped) and the full one of
    ``data/roleplay/scenarios.yml`` with its fact sheet (``facts``), checked by the
    role-play's own validation (docs/roleplay-content.md) so a team scenario can be as rich
    as a shipped one.
    """
    if isinstance(data, dict) and "facts" in data:
        return _check_full(data, reserved_ids)
    if not isinstance(data, dict):
        raise RequestError({"body": "expected one scenario: a mapping with "
                                    + ", ".join(FIELDS)})
    problems: Dict[str, str] = {}
    clean: Dict[str, str] = {}
    for field in FIELDS:
        value = data.get(field)
        if value is None or (isinstance(value, str) and not value.strip()):
            problems[field] = "missing"
            continue
        if not isinstance(value, str):
            problems[field] = f"must be text, not {type(value).__name__}"
            continue
        value = " ".join(value.replace("\x00", "").split())
        limit = MAX_CHARS.get(field)
        if limit and len(value) > limit:
            problems[field] = f"too long ({len(value)} characters, at most {limit})"
        clean[field] = value
    scenario_id = clean.get("id")
    if scenario_id is not None:
        if not SCENARIO_ID.match(scenario_id):
            problems["id"] = ("3-64 characters: lower-case letters, digits and _, "
                              "starting with a letter")
        elif scenario_id in reserved_ids:
            problems["id"] = f"'{scenario_id}' is a scenario shipped with the coach; pick another"
    concern = clean.get("hidden_concern")
    if concern is not None and concern not in HIDDEN_CONCERNS:
        problems["hidden_concern"] = f"must be one of: {', '.join(HIDDEN_CONCERNS)}"
    unknown = sorted(str(key)[:40] for key in data if key not in FIELDS)
    if unknown:
        problems["fields"] = f"unknown field(s): {', '.join(unknown)}"
    if problems:
        raise RequestError(problems)
    return clean


def _check_full(data: Dict[str, Any], reserved_ids: Collection[str]) -> Dict[str, Any]:
    problems: Dict[str, str] = {}
    for problem in validate_scenario(data, "scenario"):
        where, _, what = problem.partition(": ")[2].partition(": ")
        field = where if what else "body"
        problems[field] = f"{problems[field]}; {what or where}" if field in problems \
            else (what or where)
    scenario_id = data.get("id")
    if isinstance(scenario_id, str) and scenario_id in reserved_ids:
        problems["id"] = f"'{scenario_id}' is a scenario shipped with the coach; pick another"
    for field, limit in MAX_CHARS.items():
        value = data.get(field)
        if isinstance(value, str) and len(value) > limit:
            problems[field] = f"too long ({len(value)} characters, at most {limit})"
    if problems:
        raise RequestError(problems)
    return data


def problems_list(error: RequestError) -> List[Dict[str, str]]:
    return [{"field": field, "problem": text} for field, text in error.problems.items()]


def team_scenarios(records: Iterable[TeamScenarioRecord]) -> Dict[str, Scenario]:
    """The engine's scenarios for the stored ones that still check out (others logged)."""
    result: Dict[str, Scenario] = {}
    for record in records:
        try:
            clean = check_scenario(record.data, ())
            result[record.id] = (scenario_from_mapping(clean) if "facts" in clean
                                 else scenario_from_brief(clean))
        except (RequestError, ValueError) as error:
            logger.error("Team scenario %s no longer loads: %s", record.id, error)
            continue
    return result
