"""tools/measure.py: it measures what the tests assert, on the tests' own files, and rewrites
only its own sections of docs/quality.md."""

from __future__ import annotations

import inspect
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from tools import measure
from tools.quality_doc import replace_section


def test_the_taboo_sets_are_the_analyzer_tests_sets():
    from tests.unit import test_analyzer, test_analyzer_es

    sets = {(row.language, row.kind): row for row in measure.TABOO_SETS}
    assert set(sets) == {(language, kind) for language in ("en", "es")
                         for kind in ("lines", "drafts")}
    for kind, name in (("lines", "taboo_lines"), ("drafts", "drafts")):
        row = sets["en", kind]
        assert row.paths == tuple(test_analyzer.DATA / f"{name}_{split}.yml"
                                  for split in test_analyzer.SPLITS_OF[name])
        assert row.floor == (test_analyzer.THRESHOLD,) * 2 and row.per_taboo
    lines, drafts = sets["es", "lines"], sets["es", "drafts"]
    assert lines.paths == (test_analyzer_es.EXAMPLES / "lines.yml",)
    assert lines.floor == (test_analyzer_es.GOAL,) * 2 and lines.per_taboo
    assert drafts.paths == (test_analyzer_es.DATA / "drafts_heldout.yml",)
    floor = test_analyzer_es.HELDOUT_FLOOR
    assert drafts.floor == (floor["precision"], floor["recall"]) and not drafts.per_taboo
    assert drafts.items(drafts.paths[0]) == test_analyzer_es._heldout_drafts()
    for row in measure.TABOO_SETS:
        assert all(path.exists() for path in row.paths)
        assert Path(measure.PROJECT_ROOT / row.test).exists()


def test_the_intent_sets_are_the_nlu_tests_sets():
    for row in measure.INTENT_SETS:
        test_file = measure.PROJECT_ROOT / row.test
        source = test_file.read_text(encoding="utf-8")
        assert row.path.name in source, (row.path.name, row.test)
        assert f"REQUIRED_ACCURACY = {row.floor:.2f}" in source
        assert row.path.exists()


class _FlagsPrice:
    """A stand-in analyzer: flags premature_exact_price wherever a digit is."""

    def analyze(self, text: str, draft: bool = False):
        return SimpleNamespace(taboos=["premature_exact_price"] if any(
            c.isdigit() for c in text) else [])


def _labelled(tmp_path: Path, name: str, items) -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump({"items": items}), encoding="utf-8")
    return path


def test_taboo_figures_per_set_union_and_taboo(tmp_path, monkeypatch):
    monkeypatch.setattr(measure, "PROJECT_ROOT", tmp_path)
    one = _labelled(tmp_path, "a.yml", [{"text": "it's 4,250", "taboos": ["premature_exact_price"]},
                                        {"text": "hello", "taboos": []}])
    two = _labelled(tmp_path, "b.yml", [{"text": "call me at 5", "taboos": []}])
    sets = (measure.TabooSets("en", "lines", (one, two), False, (0.9, 0.9), True, "t.py"),)
    rows = measure.measure_taboos(sets, lambda language: _FlagsPrice())
    assert [s["overall"]["precision"] for s in rows[0]["sets"]] == [1.0, 0.0]
    assert rows[0]["items"] == 3 and rows[0]["overall"]["precision"] == 0.5
    section = measure.taboos_section(rows, "2026-12-01")
    assert "| en | **all lines** | 3 | **0.500** | **1.000** |" in section
    assert "| `premature_exact_price` | 0.50 / 1.00 |" in section
    assert measure._below_floor([], rows)  # 0.5 < 0.9: said, as the test would fail


def test_intent_section_and_floor():
    row = {"language": "en", "set": "tests/data/x.yml", "floor": 0.9, "test": "t.py",
           "examples": 10, "accuracy": 0.8, "accuracy_without_fallback": 0.9, "fallbacks": 1,
           "taken_for_reviews": 0, "per_intent_accuracy": {"tip_a": 0.5, "tip_b": 1.0}}
    section = measure.intents_section([row], Path("models/coach-x.tar.gz"), "2026-12-01")
    assert section.startswith(measure.NLU_START) and section.endswith(measure.NLU_END)
    assert "| en | `tests/data/x.yml` | 10 | 0.800 | 0.900 | 1 | 0 | 0.90 (`t.py`) |" in section
    assert "`tip_a` 0.50 (en)" in section and "tip_b" not in section
    assert measure._below_floor([row], []) == ["tests/data/x.yml: accuracy 0.800 < 0.9"]


def test_sections_replace_themselves_and_leave_the_rest(tmp_path):
    path = tmp_path / "quality.md"
    path.write_text("# Quality\n\nhand-written\n", encoding="utf-8")
    for figure in ("first", "second"):
        block = f"{measure.NLU_START}\n{figure}\n{measure.NLU_END}"
        replace_section(path, measure.NLU_START, measure.NLU_END, block)
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Quality\n\nhand-written\n")
    assert text.count(measure.NLU_START) == 1 and "second" in text and "first" not in text
    with pytest.raises(ValueError):
        replace_section(path, measure.NLU_START, measure.NLU_END, "no markers")


def test_the_command_is_one_of_run():
    from tools import cli

    assert cli.COMMANDS["measure"] is cli.cmd_measure
    assert "measure" in inspect.getdoc(cli)
