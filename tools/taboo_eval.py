"""Precision and recall of the taboo analyzer on a labelled file.

    python -m tools.taboo_eval tests/data/taboo_lines_dev.yml [--draft] [--errors] [--language es]

Each item is a text and the taboo ids a coach would flag in it (``[]`` = clean).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Dict, List

import yaml

from coach.analyzer import TABOO_IDS, TabooAnalyzer, analyzer_for


def load_items(path: Path) -> List[Dict]:
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))["items"]


def evaluate(analyzer: TabooAnalyzer, items: List[Dict], draft: bool) -> Dict:
    counts = {taboo: {"tp": 0, "fp": 0, "fn": 0} for taboo in TABOO_IDS}
    errors = []
    for item in items:
        expected = set(item["taboos"])
        found = set(analyzer.analyze(item["text"], draft=draft).taboos)
        for taboo in TABOO_IDS:
            key = ("tp" if taboo in expected else "fp") if taboo in found else (
                "fn" if taboo in expected else None)
            if key:
                counts[taboo][key] += 1
        if expected != found:
            errors.append({"text": item["text"], "expected": sorted(expected),
                           "found": sorted(found)})
    per_taboo = {taboo: _scores(**c) for taboo, c in counts.items()}
    total = {key: sum(c[key] for c in counts.values()) for key in ("tp", "fp", "fn")}
    return {"items": len(items), "per_taboo": per_taboo, "overall": _scores(**total),
            "errors": errors}


def _scores(tp: int, fp: int, fn: int) -> Dict:
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return {"precision": round(precision, 3), "recall": round(recall, 3),
            "tp": tp, "fp": fp, "fn": fn}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("data", type=Path)
    parser.add_argument("--draft", action="store_true")
    parser.add_argument("--errors", action="store_true")
    parser.add_argument("--language", default="en", choices=("en", "es"))
    args = parser.parse_args()
    analyzer = analyzer_for(args.language)  # as the action server loads it
    report = evaluate(analyzer, load_items(args.data), args.draft)
    for taboo, scores in report["per_taboo"].items():
        print(f"{taboo:<24} P {scores['precision']:.2f}  R {scores['recall']:.2f}  "
              f"(tp {scores['tp']}, fp {scores['fp']}, fn {scores['fn']})")
    overall = report["overall"]
    print(f"{'overall':<24} P {overall['precision']:.3f}  R {overall['recall']:.3f}")
    if args.errors:
        for error in report["errors"]:
            print(f"- expected {error['expected']} found {error['found']}: "
                  f"{error['text'].strip()[:300]!r}")


if __name__ == "__main__":
    main()
