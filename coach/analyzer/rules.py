"""The taboo rules: their ids, loading from ``data/taboo_rules/<language>.yml``, validation
and the phrase syntax (``{a|b}`` alternatives, expanded into every combination)."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List

import yaml

TABOO_IDS = (
    "argue", "force_persuade", "refuse_on_spot", "ramble", "badmouth_competitor",
    "make_excuses", "premature_exact_price", "exaggerate", "talk_behind_back",
)
PHRASE_TABOOS = ("argue", "force_persuade", "refuse_on_spot", "make_excuses", "exaggerate")
# Rules of groups of phrases, each a list of two or more lists (phrases.py says what each does)
GROUP_RULES = ("together", "near", "not_when_together")


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


def expand(phrase: str) -> List[str]:
    """'a {b|c} d' -> ['a b d', 'a c d'] (alternatives may be empty or several words)."""
    parts = re.split(r"(\{[^{}]*\})", phrase)
    options = [part[1:-1].split("|") if part.startswith("{") else [part] for part in parts]
    return [" ".join("".join(combo).split()) for combo in itertools.product(*options)]


def word_pattern(rules: Dict) -> re.Pattern[str]:
    """A word, for counting words: letters of the rules' language (``text.letters``)."""
    letters = str((rules.get("text") or {}).get("letters") or "A-Za-z")
    if not re.fullmatch(r"[\w\-]{1,200}", letters) or "\\" in letters:
        raise AnalyzerError(
            f"taboo rules: text.letters: expected letters and ranges, got {letters!r}")
    return re.compile(rf"[{letters}][{letters}'’-]*")


def load_rules(rules_file: Path) -> Dict:
    try:
        rules = yaml.safe_load(Path(rules_file).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise AnalyzerError(f"{rules_file}: cannot load taboo rules ({error})") from error
    return rules


def parse_info(rules: Dict) -> Dict[str, TabooInfo]:
    """What the coach says about each taboo; checks the shape of the whole rules file."""
    taboos = rules.get("taboos") if isinstance(rules, dict) else None
    if not isinstance(taboos, dict):
        raise AnalyzerError("taboo rules: expected a 'taboos' mapping")
    missing = [taboo for taboo in TABOO_IDS if taboo not in taboos]
    if missing:
        raise AnalyzerError(f"taboo rules: no entry for {missing}")
    for taboo in PHRASE_TABOOS:
        for key in GROUP_RULES:
            together = taboos.get(taboo, {}).get(key, [])
            if not isinstance(together, list) or not all(
                    isinstance(rule, list) and len(rule) >= 2 and all(
                        isinstance(group, list) and group and all(isinstance(p, str) for p in group)
                        for group in rule) for rule in together):
                raise AnalyzerError(f"taboo rules: {taboo}: '{key}' must be a list of rules, "
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
