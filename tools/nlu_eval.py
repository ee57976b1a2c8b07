"""Evaluate a trained model's intent classification on a labelled NLU file.

    python -m tools.nlu_eval MODEL.tar.gz tests/data/nlu_heldout.yml [--out results/x.json]

Out-of-scope examples count as right when the model says core_out_of_scope or falls
back (nlu_fallback): both lead to the same "here is what I can do" reply.

``predict`` (a model's verdicts on texts) and ``cli`` (the command line: a model, a data
file, ``--out``) serve every evaluation tool alike (tools/topic_eval.py).
"""

from __future__ import annotations

import argparse
import asyncio
import json
from collections import Counter
from pathlib import Path
from typing import Callable, Collection, Dict, List, Tuple

import yaml

FALLBACK_OK = {"core_out_of_scope"}


def load_examples(path: Path) -> List[Tuple[str, str]]:
    pairs = []
    for block in yaml.safe_load(Path(path).read_text()).get("nlu", []):
        for line in block.get("examples", "").splitlines():
            if line.startswith("- "):
                pairs.append((line[2:].strip(), block["intent"]))
    return pairs


def is_correct(expected: str, predicted: str) -> bool:
    if expected == predicted:
        return True
    return expected in FALLBACK_OK and predicted in {"nlu_fallback", "core_out_of_scope"}


def predict(model: Path, texts: List[str], ignored: Collection[str] = ("nlu_fallback",)
            ) -> List[Tuple[str, str, float]]:
    """(predicted intent, the classifier's best intent but the ``ignored`` verdicts laid
    over it (the fallback's), its confidence) per text."""
    _quiet_logs()
    return asyncio.run(_predict(model, texts, frozenset(ignored)))


async def _predict(model: Path, texts: List[str], ignored: Collection[str]
                   ) -> List[Tuple[str, str, float]]:
    from rasa.core.agent import Agent

    agent = Agent.load(str(model))
    predictions = []
    for text in texts:
        parsed = await agent.parse_message(text)
        ranking = [r for r in parsed.get("intent_ranking") or [] if r["name"] not in ignored]
        best = ranking[0] if ranking else {"name": "", "confidence": 0.0}
        predictions.append(((parsed.get("intent") or {}).get("name") or "",
                            best["name"], float(best["confidence"])))
    return predictions


def evaluate(model: Path, data: Path) -> Dict:
    pairs = load_examples(data)
    results = predict(model, [text for text, _ in pairs])
    predictions = [predicted for predicted, _, _ in results]
    errors = [
        {"text": text, "expected": expected, "predicted": predicted, "best": best,
         "confidence": round(confidence, 3)}
        for (text, expected), (predicted, best, confidence) in zip(pairs, results)
        if not is_correct(expected, predicted)
    ]
    best_right = sum(is_correct(expected, best) for (_, expected), (_, best, _) in
                     zip(pairs, results))
    per_intent = Counter(expected for _, expected in pairs)
    wrong = Counter(error["expected"] for error in errors)
    return {
        "examples": len(pairs),
        "accuracy": round(1 - len(errors) / len(pairs), 4),
        "accuracy_without_fallback": round(best_right / len(pairs), 4),
        "fallbacks": sum(1 for p in predictions if p == "nlu_fallback"),
        "per_intent_accuracy": {
            intent: round(1 - wrong[intent] / count, 3) for intent, count in per_intent.items()
        },
        "errors": errors,
    }


def _quiet_logs() -> None:
    """Rasa logs every parse at debug level through structlog: keep the report readable."""
    import logging

    import structlog

    logging.getLogger().setLevel(logging.WARNING)
    structlog.configure(wrapper_class=structlog.make_filtering_bound_logger(logging.WARNING))


def cli(evaluate: Callable[[Path, Path], Dict], print_report: Callable[[Dict], None]) -> None:
    """An evaluation's command line: MODEL DATA [--out report.json], then its report."""
    parser = argparse.ArgumentParser()
    parser.add_argument("model", type=Path)
    parser.add_argument("data", type=Path)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    report = evaluate(args.model, args.data)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    print_report(report)


def print_report(report: Dict) -> None:
    print(f"accuracy {report['accuracy']:.3f} on {report['examples']} examples "
          f"({report['accuracy_without_fallback']:.3f} without fallback), "
          f"{report['fallbacks']} fallbacks, {len(report['errors'])} errors")
    for error in report["errors"]:
        print(f"  {error['expected']:<34} -> {error['predicted']:<20} {error['best']:<30} "
              f"{error['confidence']:.2f} {error['text'][:70]}")


if __name__ == "__main__":
    cli(evaluate, print_report)
