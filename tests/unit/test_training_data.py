"""The Rasa training data stays in step with the playbook and the held-out set stays apart."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from actions.buttons import FORM_INTENTS, PART_INTENTS
from coach.playbook import load_playbook
from coach.settings import load_settings

ROOT = Path(__file__).resolve().parents[2]
MIN_EXAMPLES = 15


def _plain(example: str) -> str:
    """'[agrees too fast]{"entity": ...}' -> 'agrees too fast'"""
    return re.sub(r"\[([^\]]*)\](\{[^}]*\}|\([^)]*\))", r"\1", example)


def _nlu_examples(paths) -> dict:
    examples: dict = {}
    for path in paths:
        for block in yaml.safe_load(Path(path).read_text()).get("nlu", []):
            if "intent" in block:
                lines = [_plain(line[2:].strip()) for line in block["examples"].splitlines()
                         if line.startswith("- ")]
                examples.setdefault(block["intent"], []).extend(lines)
    return examples


@pytest.fixture(scope="module")
def training():
    return _nlu_examples(sorted((ROOT / "data" / "nlu").glob("*.yml")))


@pytest.fixture(scope="module")
def heldout():
    return _nlu_examples([ROOT / "tests" / "data" / "nlu_heldout.yml",
                          ROOT / "tests" / "data" / "moves_heldout.yml"])


@pytest.fixture(scope="module")
def domain():
    return yaml.safe_load((ROOT / "domain.yml").read_text())


def test_each_playbook_topic_has_an_intent_examples_and_a_rule(training, domain):
    settings = load_settings()
    playbook = load_playbook(settings.playbook_dir, settings.sources_file)
    rules = yaml.safe_load((ROOT / "data" / "rules" / "tips.yml").read_text())["rules"]
    ruled = {rule["steps"][0]["intent"] for rule in rules
             if rule["steps"][1] == {"action": "action_tip"}}
    for topic in playbook.ids:
        intent = f"tip_{topic}"
        assert intent in domain["intents"], intent
        assert intent in ruled, intent
        assert len(training.get(intent, [])) >= MIN_EXAMPLES, intent
    tip_intents = {i for i in domain["intents"] if i.startswith("tip_")}
    follow_ups = set(PART_INTENTS.values()) | set(FORM_INTENTS.values())
    assert tip_intents - follow_ups == {f"tip_{topic}" for topic in playbook.ids}
    assert follow_ups <= tip_intents and not follow_ups & {f"tip_{t}" for t in playbook.ids}


def test_every_intent_has_enough_varied_examples(training, domain):
    for intent in domain["intents"]:
        examples = training.get(intent, [])
        assert len(examples) >= MIN_EXAMPLES, f"{intent}: {len(examples)} examples"
        assert len({e.lower() for e in examples}) == len(examples), f"{intent}: duplicates"


def test_heldout_set_covers_every_intent_and_shares_no_example(training, heldout, domain):
    assert set(heldout) == set(domain["intents"])
    seen = {example.lower() for examples in training.values() for example in examples}
    copied = [e for examples in heldout.values() for e in examples if e.lower() in seen]
    assert not copied, f"held-out examples copied from training data: {copied[:5]}"
