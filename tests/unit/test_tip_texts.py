"""The tips feature's texts come from data/tips/<language>.yml, every language with the
English file's keys, and a broken file fails loudly with the file and the key named."""

from pathlib import Path

import pytest

from channels.tip_views import terminal_choices, typed_words
from coach.language import LANGUAGES
from coach.tips import (
    TEXTS_DIR,
    TipForm,
    TipPart,
    TipTextsError,
    form_reply,
    form_titles,
    part_titles,
    tip_texts,
)

ENGLISH = (TEXTS_DIR / "en.yml").read_text(encoding="utf-8")
# The English file's text as a Spanish file would say it holds Spanish (its language: key).
AS_SPANISH = ENGLISH.replace("\nlanguage: en\n", "\nlanguage: es\n")


def _keys(node, where=""):
    keys = set()
    for key, value in node.items():
        here = f"{where}.{key}" if where else key
        keys |= _keys(value, here) if isinstance(value, dict) else {here}
    return keys


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_language_has_a_texts_file_with_the_english_keys(language):
    assert (TEXTS_DIR / f"{language}.yml").exists()
    assert _keys(tip_texts(language)) == _keys(tip_texts("en"))


def test_spanish_texts_are_spanish_and_labels_differ_from_english():
    spanish, english = tip_texts("es"), tip_texts("en")
    assert part_titles("es")[TipPart.STEPS] == "Pasos"
    assert form_titles("es")[TipForm.SHORT] == "Respuestas cortas"
    same = [key for key in _keys(english) if key.count(".") == 1 and
            spanish[key.split(".")[0]][key.split(".")[1]] == english[key.split(".")[0]][
                key.split(".")[1]]]
    assert same == [], same  # nothing left in English
    assert "¿" in spanish["fallback"]["body"] and "«" in spanish["help"]


def test_a_language_without_a_file_speaks_english(tmp_path):
    (tmp_path / "en.yml").write_text(ENGLISH, encoding="utf-8")
    assert tip_texts("zh", tmp_path)["parts"]["steps"] == "Steps"


@pytest.mark.parametrize(("content", "message"), [
    ("parts: [", "not valid YAML"),
    ("- a list", "expected a mapping"),
    (ENGLISH, "'language' must be 'es', not 'en'"),
    (AS_SPANISH.replace("\nlanguage: es\n", "\n"), "'language' must be 'es', not None"),
    (AS_SPANISH.replace('  steps: "Steps"\n', ""), "missing keys ['steps']"),
    (AS_SPANISH.replace('typed_words:', 'typo_words:'), "unknown keys ['typo_words']"),
    (AS_SPANISH.replace('  more: "Full answer"', '  more: ""'),
     "'parts.more' must be a non-empty"),
    (AS_SPANISH.split("help:")[0] + "help:\n  text: hello\n", "'help' must be a text"),
], ids=["yaml", "list", "language", "no-language", "missing", "unknown", "empty", "shape"])
def test_a_broken_texts_file_names_the_file_and_the_key(tmp_path, content, message):
    (tmp_path / "en.yml").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "es.yml").write_text(content, encoding="utf-8")
    with pytest.raises(TipTextsError, match="es.yml") as error:
        tip_texts("es", tmp_path)
    assert message in str(error.value)


def test_the_form_reply_speaks_its_language():
    assert form_reply(TipForm.FULL, "es").text.startswith("Hecho:")
    assert form_reply(TipForm.FULL, "es").form_offer is TipForm.SHORT
    assert form_reply(TipForm.SHORT, "es").language == "es"


def test_the_terminal_names_the_typed_words_in_the_tips_language():
    spanish = [{"title": t, "payload": f'/tip_{p}{{"tip_topic": "negotiation"}}'}
               for p, t in (("steps", "Pasos"), ("why", "Por qué funciona"),
                            ("source", "Fuente"))]
    lines, _ = terminal_choices(spanish + [{"title": "Otro", "payload": "/tip_reciprocity"}],
                                100)
    assert "[1] Pasos" in lines[0] and "(o escribe: pasos, por qué, fuente, más)" in lines[0]
    assert lines[1].strip().startswith("Relacionados: [4] Otro")  # no English label left
    assert typed_words([{"title": "Steps"}]) == "(or type: steps, why, source, more)"
    assert typed_words([{"title": "Something else"}]) == "(or type: steps, why, source, more)"


def test_the_code_names_no_language_but_the_default():
    # Chinese must stay possible as data: no "es" branch in the tips code.
    for path in ("coach/tips.py", "actions/tips.py", "actions/buttons.py",
                 "channels/tip_views.py"):
        source = (Path(TEXTS_DIR).parent.parent / path).read_text(encoding="utf-8")
        assert '"es"' not in source and "'es'" not in source, path
