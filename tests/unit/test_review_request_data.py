"""Draft-review requests' data in every language: each language's segments and cues, and
a broken cue file refused. The requests themselves, Spanish ones included, are tested
language by language in test_review_request.py."""

from __future__ import annotations

import pytest

from coach.review_request import REVIEW_DIR, languages, load_cues, load_examples


def test_every_language_has_segments_and_cues_and_english_is_untouched_by_order():
    assert {"en", "es"} <= set(languages())
    examples = load_examples()
    assert all(examples[language][label] for language in ("en", "es")
               for label in ("request", "draft", "other"))
    cues = load_cues()
    # English patterns come first, so English regexes read as before
    assert cues["greeting"][0] == "hi" and "hola" in cues["greeting"]


def test_a_cue_file_with_a_nested_quantifier_or_a_missing_key_is_refused(tmp_path):
    for language in ("en", "zz"):
        (tmp_path / language).mkdir()
        (tmp_path / language / "request_segments.yml").write_text(
            "request: [a]\ndraft: [b]\nother: [c]\n", encoding="utf-8")
    english = (REVIEW_DIR / "en" / "cues.yml").read_text(encoding="utf-8")
    (tmp_path / "en" / "cues.yml").write_text(english, encoding="utf-8")
    (tmp_path / "zz" / "cues.yml").write_text(
        english.replace("greeting: ['hi',", "greeting: ['(?:ha+)+',"), encoding="utf-8")
    with pytest.raises(ValueError, match="nested quantifier"):
        load_cues(tmp_path)
    (tmp_path / "zz" / "cues.yml").write_text("greeting: [hola]\n", encoding="utf-8")
    with pytest.raises(ValueError, match="keys"):
        load_cues(tmp_path)
