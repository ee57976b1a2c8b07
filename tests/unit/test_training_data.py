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


NLU_DIR = ROOT / "data" / "nlu"
LANGUAGES = ("en", "es")


@pytest.fixture(scope="module")
def training():
    """Every language's examples, by intent (the languages share their intents)."""
    return _nlu_examples(sorted(NLU_DIR.rglob("*.yml")))


@pytest.fixture(scope="module")
def heldout():
    return _nlu_examples([ROOT / "tests" / "data" / "nlu_heldout.yml",
                          ROOT / "tests" / "data" / "moves_heldout.yml"])


def _domain_files() -> dict:
    """feature name -> its domain file's content (domain/<feature>.yml)."""
    return {path.stem: yaml.safe_load(path.read_text()) or {}
            for path in sorted((ROOT / "domain").glob("*.yml"))}


@pytest.fixture(scope="module")
def domain():
    """The domain as Rasa merges it, for the keys these tests read."""
    merged: dict = {"intents": [], "actions": [], "slots": {}, "entities": [], "responses": {}}
    for part in _domain_files().values():
        merged["intents"] += part.get("intents") or []
        merged["actions"] += part.get("actions") or []
        merged["entities"] += part.get("entities") or []
        merged["slots"].update(part.get("slots") or {})
        merged["responses"].update(part.get("responses") or {})
    return merged


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


@pytest.mark.parametrize("language", LANGUAGES)
def test_nlu_files_mirror_the_playbook_files_one_to_one(language):
    """data/nlu/<language>/tips/<stem>.yml holds the tip intents of
    data/playbook/<language>/<stem>.yml, in its order, each in one block, and nothing else;
    no topic's intent lives in any other file of that language."""
    settings = load_settings()
    tips_dir = NLU_DIR / language / "tips"
    if language != "en" and not any(tips_dir.glob("*.yml")):
        pytest.skip(f"no {language} tip NLU files yet")
    playbook = load_playbook(settings.playbook_dir, settings.sources_file, language=language)
    expected: dict = {}
    for topic in playbook.ids:  # in file order
        expected.setdefault(Path(playbook.files[topic]).name, []).append(f"tip_{topic}")
    per_file = _intents_per_file(sorted(tips_dir.glob("*.yml")))
    assert sorted(per_file) == sorted(expected), (
        f"{tips_dir.relative_to(ROOT)} must hold one file per playbook file of "
        f"data/playbook/{language}/: {sorted(expected)}, found {sorted(per_file)}")
    for name, intents in expected.items():
        assert per_file[name] == intents, (
            f"data/nlu/{language}/tips/{name}: expected the blocks {intents} (the order of "
            f"data/playbook/{language}/{name}), found {per_file[name]}")
    topic_intents = {intent for intents in expected.values() for intent in intents}
    others = _intents_per_file(sorted((NLU_DIR / language).glob("*.yml")))
    for name, intents in others.items():
        strays = [intent for intent in intents if intent in topic_intents]
        assert not strays, (f"data/nlu/{language}/{name}: these topics' examples belong in "
                            f"data/nlu/{language}/tips/: {strays}")


def test_no_training_example_is_written_twice(training):
    """Across every NLU file, each example (ignoring case) belongs to one intent only once."""
    owners: dict = {}
    for intent, examples in training.items():
        for example in examples:
            owners.setdefault(example.lower(), []).append(intent)
    repeated = {example: intents for example, intents in owners.items() if len(intents) > 1}
    assert not repeated, f"examples written more than once: {list(repeated.items())[:5]}"


# One name prefix per feature (docs/architecture.md, "Names"): a feature's domain file,
# rule file and NLU files share its name, and what they declare starts with its prefix.
FEATURE_PREFIXES = {"core": "core_", "tips": "tip_", "roleplay": "roleplay_",
                    "review": "review_", "assignments": "assignment_", "language": "language"}
# Names Rasa fixes, and entities named by the contract's payloads (docs/contract/).
RASA_NAMES = re.compile(r"^(action_session_start|action_ask_\w+|validate_\w+_form)$")
CONTRACT_ENTITIES = {"persona", "style", "scenario", "seed", "difficulty", "lang"}


def _feature_of_nlu_file(name: str) -> str:
    stem = name[:-len(".yml")]
    if stem.startswith("core_"):
        return "core"
    return "tips" if stem.startswith("tip_") else stem


def test_domain_rules_and_nlu_files_are_named_by_feature():
    features = _domain_files()
    assert set(features) <= set(FEATURE_PREFIXES), sorted(set(features) - set(FEATURE_PREFIXES))
    rule_files = {path.stem for path in (ROOT / "data" / "rules").glob("*.yml")}
    assert rule_files <= set(features), f"rule files with no domain file: {rule_files}"
    for language in LANGUAGES:
        for path in sorted((NLU_DIR / language).glob("*.yml")):
            assert _feature_of_nlu_file(path.name) in features, path


def _prefixed(name: str, prefix: str, kind: str = "") -> bool:
    """``action_tip`` and ``action_tip_part`` are both the tips feature's (prefix ``tip_``)."""
    if not name.startswith(kind):
        return False
    name = name[len(kind):]
    return name == prefix.rstrip("_") or name.startswith(prefix)


def test_each_feature_declares_only_names_with_its_prefix():
    for feature, part in _domain_files().items():
        prefix = FEATURE_PREFIXES[feature]
        wrong = [name for name in part.get("intents") or [] if not _prefixed(name, prefix)]
        wrong += [name for name in part.get("actions") or []
                  if not _prefixed(name, prefix, "action_") and not RASA_NAMES.match(name)]
        wrong += [name for name in part.get("responses") or {}
                  if not _prefixed(name, prefix, "utter_")]
        wrong += [name for name in part.get("slots") or {} if not _prefixed(name, prefix)]
        wrong += [name for name in part.get("entities") or []
                  if not _prefixed(name, prefix) and name not in CONTRACT_ENTITIES
                  and feature != "review"]
        assert not wrong, f"domain/{feature}.yml: names without the prefix {prefix!r}: {wrong}"


def test_rules_and_nlu_use_only_their_own_features_intents():
    owner = {intent: feature for feature, part in _domain_files().items()
             for intent in part.get("intents") or []}
    for path in sorted((ROOT / "data" / "rules").glob("*.yml")):
        for rule in yaml.safe_load(path.read_text())["rules"]:
            assert rule["rule"].startswith(f"{FEATURE_PREFIXES[path.stem].rstrip('_')}"), (
                f"{path.name}: rule {rule['rule']!r} is not named '<feature>: <what>'")
            for step in rule.get("steps", []):
                if "intent" in step and step["intent"] != "nlu_fallback":
                    assert owner.get(step["intent"]) == path.stem, (path.name, step["intent"])
    for language in LANGUAGES:
        files = {"tips": sorted((NLU_DIR / language / "tips").glob("*.yml"))}
        for path in sorted((NLU_DIR / language).glob("*.yml")):
            files.setdefault(_feature_of_nlu_file(path.name), []).append(path)
        for feature, paths in files.items():
            for name, intents in _intents_per_file(paths).items():
                strays = [intent for intent in intents if owner.get(intent) != feature]
                assert not strays, f"data/nlu/{language}/{name}: another feature's: {strays}"


def test_intents_named_in_the_pipeline_exist(domain):
    config = yaml.safe_load((ROOT / "config.yml").read_text())
    named = [intent for component in config["pipeline"]
             for intent in component.get("defer_to_intents") or []]
    assert named and not set(named) - set(domain["intents"]), set(named) - set(domain["intents"])
