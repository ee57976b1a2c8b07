"""The quality figures the tests assert, measured now and written into docs/quality.md.

    ./run measure                          # set up, train if the data changed, measure, write
    python -m tools.measure --model M.tar.gz [--no-docs]

Two generated sections of docs/quality.md, each with its date and this command:

- intent accuracy of the trained model on each language's held-out questions (the sets,
  the evaluation and the floors of ``tests/nlu/``);
- the taboo analyzer's precision and recall per language: per labelled set, and per taboo
  over all of a language's sets (what ``tests/unit/test_analyzer.py`` asserts).

The same functions the tests call do the measuring (``tools.nlu_eval``, ``tools.taboo_eval``),
on the same files (``tests/unit/test_measure.py`` keeps the lists below equal to the tests').
Full reports go to ``results/measure.json``. Nobody edits these figures by hand.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Callable, Dict, List, Sequence, Tuple

from coach.settings import PROJECT_ROOT, RESULTS_DIR
from tools.quality_doc import QUALITY_FILE, replace_section

COMMAND = "./run measure"
DATA = PROJECT_ROOT / "tests" / "data"
# the Spanish taboo lines are the learned second opinion's examples since 2026-12-02
EXAMPLES_ES = PROJECT_ROOT / "data" / "taboo_rules" / "examples" / "es"
NLU_START = "<!-- measure:nlu:start (written by tools/measure.py; do not edit) -->"
NLU_END = "<!-- measure:nlu:end -->"
TABOO_START = "<!-- measure:taboos:start (written by tools/measure.py; do not edit) -->"
TABOO_END = "<!-- measure:taboos:end -->"
# The intent that opens a draft review (review_draft before issue 9's names, then review_request).
REVIEW_INTENTS = {"review_draft", "review_request"}


@dataclass(frozen=True)
class IntentSet:
    """Held-out questions to the trained model, and the floor its test asserts."""

    language: str
    path: Path
    floor: float
    test: str  # the test that asserts the floor


def _labelled_items(path: Path) -> List[Dict[str, Any]]:
    from tools.taboo_eval import load_items

    return load_items(path)


def _review_drafts(path: Path) -> List[Dict[str, Any]]:
    """A set of review requests: the draft of each one labelled with taboos (as its test reads
    it; the other messages are no review requests and have no taboo labels)."""
    return [{"text": item["draft"], "taboos": item["taboos"]} for item in _labelled_items(path)
            if "taboos" in item]


@dataclass(frozen=True)
class TabooSets:
    """One language's labelled sets of one kind (role-play lines, or drafts)."""

    language: str
    kind: str  # "lines" | "drafts"
    paths: Tuple[Path, ...]
    draft: bool  # analysed as a pasted draft (quoted text and signatures left out)
    floor: Tuple[float, float]  # precision, recall the test asserts
    per_taboo: bool  # the floor holds per taboo too, not only overall
    test: str
    items: Callable[[Path], List[Dict[str, Any]]] = _labelled_items


INTENT_SETS: Tuple[IntentSet, ...] = (
    IntentSet("en", DATA / "nlu_heldout.yml", 0.90, "tests/nlu/test_heldout_accuracy.py"),
)
_EN_SPLITS = ("dev", "test", "holdout", "blind")
TABOO_SETS: Tuple[TabooSets, ...] = (
    TabooSets("en", "lines",
              tuple(DATA / f"taboo_lines_{split}.yml" for split in (*_EN_SPLITS, "round5")),
              False, (0.90, 0.90), True, "tests/unit/test_analyzer.py"),
    TabooSets("en", "drafts", tuple(DATA / f"drafts_{split}.yml" for split in _EN_SPLITS),
              True, (0.90, 0.90), True, "tests/unit/test_analyzer.py"),
    # Spanish: the lines are the rules' tuning set; the drafts were written blind, measured
    # three times, then used for tuning (2026-12-02); their test asserts the measured level.
    TabooSets("es", "lines", (EXAMPLES_ES / "lines.yml",), False, (0.90, 0.90), True,
              "tests/unit/test_analyzer_es.py"),
    TabooSets("es", "drafts", (DATA / "es" / "drafts_heldout.yml",), True, (0.885, 0.98), False,
              "tests/unit/test_analyzer_es.py", _review_drafts),
)


def _shown(path: Path) -> str:
    return str(path.relative_to(PROJECT_ROOT))


def _ratio(value: float) -> str:
    return f"{value:.3f}"


# -- intents --------------------------------------------------------------------------------------


def measure_intents(model: Path, sets: Sequence[IntentSet] = INTENT_SETS) -> List[Dict[str, Any]]:
    from tools.nlu_eval import evaluate

    rows = []
    for one in sets:
        report = evaluate(model, one.path)
        rows.append({"language": one.language, "set": _shown(one.path), "floor": one.floor,
                     "test": one.test, **report,
                     # what tests/nlu/test_heldout_accuracy.py also counts (issue 15)
                     "taken_for_reviews": sum(1 for error in report["errors"]
                                              if error["predicted"] in REVIEW_INTENTS)})
    return rows



def intents_section(rows: Sequence[Dict[str, Any]], model: Path, today: str) -> str:
    lines = [
        NLU_START,
        "## NLU: intent accuracy on the held-out questions",
        "",
        f"Measured {today} with `{COMMAND}` (`tools/measure.py`, model `{model.name}`): the "
        "trained model's intent for every question of each held-out set (written apart from "
        "the training data, never trained on). An out-of-scope question counts as right when "
        "the model says `core_out_of_scope` or falls back. \"Without fallback\" takes the best "
        "intent even when its confidence is under the fallback threshold.",
        "",
        "| language | set | questions | accuracy | without fallback | fallbacks "
        "| taken for a draft review | the test's floor |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for row in rows:
        lines.append(
            f"| {row['language']} | `{row['set']}` | {row['examples']} "
            f"| {_ratio(row['accuracy'])} | {_ratio(row['accuracy_without_fallback'])} "
            f"| {row['fallbacks']} | {row['taken_for_reviews']} "
            f"| {row['floor']:.2f} (`{row['test']}`) |")
    worst = [(row["language"], intent, accuracy) for row in rows
             for intent, accuracy in row["per_intent_accuracy"].items() if accuracy < 0.8]
    if worst:
        lines += ["", "Intents under 0.8 on their held-out questions: " + ", ".join(
            f"`{intent}` {accuracy:.2f} ({language})"
            for language, intent, accuracy in sorted(worst, key=lambda item: item[2])) + "."]
    lines.append(NLU_END)
    return "\n".join(lines)


# -- taboo analyzer -------------------------------------------------------------------------------


def _analyzer(language: str) -> Any:
    """The analyzer of a language, as the action server and the tests get it."""
    from coach.analyzer import analyzer_for

    return analyzer_for(language)


def measure_taboos(sets: Sequence[TabooSets] = TABOO_SETS,
                   analyzer_for: Callable[[str], Any] = _analyzer) -> List[Dict[str, Any]]:
    from tools.taboo_eval import evaluate

    analyzers: Dict[str, Any] = {}
    rows = []
    for one in sets:
        analyzer = analyzers.setdefault(one.language, analyzer_for(one.language))
        every: List[Dict[str, Any]] = []
        per_set = []
        for path in one.paths:
            items = one.items(path)
            every += items
            report = evaluate(analyzer, items, one.draft)
            per_set.append({"set": _shown(path), "items": report["items"],
                            "overall": report["overall"]})
        union = evaluate(analyzer, every, one.draft)
        rows.append({"language": one.language, "kind": one.kind, "floor": list(one.floor),
                     "per_taboo_floor": one.per_taboo, "test": one.test, "sets": per_set,
                     "items": union["items"],
                     "overall": union["overall"], "per_taboo": union["per_taboo"]})
    return rows


def taboos_section(rows: Sequence[Dict[str, Any]], today: str) -> str:
    lines = [
        TABOO_START,
        "## Taboo analyzer: precision and recall",
        "",
        f"Measured {today} with `{COMMAND}` (`tools/measure.py`): what the analyzer flags in "
        "each labelled set (role-play lines, and drafts pasted for review) against the taboos "
        "a coach would flag. Which sets were used for tuning, and so which figure is the "
        "estimate for new text, is said in \"Taboo analyzer: how to measure\" above.",
        "",
        "| language | labelled set | items | precision | recall |",
        "|---|---|---|---|---|",
    ]
    for row in rows:
        for one in row["sets"]:
            lines.append(f"| {row['language']} | `{one['set']}` | {one['items']} "
                         f"| {_ratio(one['overall']['precision'])} "
                         f"| {_ratio(one['overall']['recall'])} |")
        lines.append(f"| {row['language']} | **all {row['kind']}** | {row['items']} "
                     f"| **{_ratio(row['overall']['precision'])}** "
                     f"| **{_ratio(row['overall']['recall'])}** |")
    columns = [f"{row['language']} {row['kind']}" for row in rows]
    floors = [f"{row['language']} {row['kind']}: P {row['floor'][0]:.2f} / R {row['floor'][1]:.2f}"
              f"{' per taboo' if row['per_taboo_floor'] else ' overall'} (`{row['test']}`)"
              for row in rows]
    lines += ["", "The floors the tests assert: " + "; ".join(floors) + ".", "",
              "Per taboo over all of a language's sets of one kind (precision / recall):", "",
              "| taboo | " + " | ".join(columns) + " |",
              "|---|" + "---|" * len(columns)]
    taboos = sorted({taboo for row in rows for taboo in row["per_taboo"]})
    for taboo in taboos:
        cells = []
        for row in rows:
            scores = row["per_taboo"].get(taboo)
            cells.append(f"{scores['precision']:.2f} / {scores['recall']:.2f}" if scores
                         else "-")
        lines.append(f"| `{taboo}` | " + " | ".join(cells) + " |")
    lines.append(TABOO_END)
    return "\n".join(lines)


# -- the command ----------------------------------------------------------------------------------


def _below_floor(intents: Sequence[Dict[str, Any]], taboos: Sequence[Dict[str, Any]]) -> List[str]:
    """What the tests would fail on, said here too (the figures are written all the same)."""
    failed = [f"{row['set']}: accuracy {row['accuracy']:.3f} < {row['floor']}"
              for row in intents if row["accuracy"] < row["floor"]]
    for row in taboos:
        precision, recall = row["floor"]
        checked = [("overall", row["overall"])]
        if row["per_taboo_floor"]:
            checked += list(row["per_taboo"].items())
        for name, scores in checked:
            if scores["precision"] < precision or scores["recall"] < recall:
                failed.append(f"{row['language']} {row['kind']}, {name}: P {scores['precision']}"
                              f" R {scores['recall']} < P {precision} R {recall}")
    return failed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, required=True, help="the coach's trained model")
    parser.add_argument("--no-docs", action="store_true", help="do not rewrite docs/quality.md")
    args = parser.parse_args(argv)
    today = date.today().isoformat()
    print("taboo analyzer...", flush=True)
    taboos = measure_taboos()
    print("intents (loading the model)...", flush=True)
    intents = measure_intents(args.model)
    out = RESULTS_DIR / "measure.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps({"date": today, "model": args.model.name, "intents": intents,
                               "taboos": taboos}, indent=2, ensure_ascii=False))
    nlu, taboo = intents_section(intents, args.model, today), taboos_section(taboos, today)
    print(nlu, taboo, sep="\n\n")
    if not args.no_docs:
        replace_section(QUALITY_FILE, NLU_START, NLU_END, nlu)
        replace_section(QUALITY_FILE, TABOO_START, TABOO_END, taboo)
        print(f"(written to {_shown(QUALITY_FILE)}; full reports in {_shown(out)})")
    failed = _below_floor(intents, taboos)
    for problem in failed:
        print(f"below the test's floor: {problem}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
