"""The Rasa training data stays in step with the playbook and the held-out set stays apart."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from actions.buttons import FORM_INTENTS, PART_INTENTS
from coach.playbook import load_playbook
from coach.settings import PROJECT_ROOT, load_settings

ROOT = PROJECT_ROOT
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


def _intents_per_file(paths) -> dict:
    """file name -> the intents of its blocks, in file order (an intent may repeat)."""
    return {Path(path).name: [block["intent"]
                              for block in yaml.safe_load(Path(path).read_text()).get("nlu", [])
                              if "intent" in block]
            for path in paths}


def test_nlu_files_mirror_the_playbook_files_one_to_one():
    """data/nlu/tips_<stem>.yml holds the tip intents of data/playbook/<stem>.yml, in its order,
    each in one block, and nothing else; no topic's intent lives in any other file."""
    settings = load_settings()
    playbook = load_playbook(settings.playbook_dir, settings.sources_file)
    expected: dict = {}
    for topic in playbook.ids:  # in file order
        expected.setdefault(f"tips_{Path(playbook.files[topic]).stem}.yml", []).append(
            f"tip_{topic}")
    per_file = _intents_per_file(sorted((ROOT / "data" / "nlu").glob("*.yml")))
    missing = sorted(set(expected) - set(per_file))
    assert not missing, f"no NLU file for a playbook file: data/nlu/{missing}"
    for name, intents in expected.items():
        assert per_file[name] == intents, (
            f"data/nlu/{name}: expected the blocks {intents} (the order of "
            f"data/playbook/{name[len('tips_'):]}), found {per_file[name]}")
    topic_intents = {intent for intents in expected.values() for intent in intents}
    for name, intents in per_file.items():
        if name not in expected:
            strays = [intent for intent in intents if intent in topic_intents]
            assert not strays, (f"data/nlu/{name}: these topics' examples belong in the file "
                                f"named after their playbook file: {strays}")


def test_no_training_example_is_written_twice(training):
    """Across every NLU file, each example (ignoring case) belongs to one intent only once."""
    owners: dict = {}
    for intent, examples in training.items():
        for example in examples:
            owners.setdefault(example.lower(), []).append(intent)
    repeated = {example: intents for example, intents in owners.items() if len(intents) > 1}
    assert not repeated, f"examples written more than once: {list(repeated.items())[:5]}"
