"""The playbook loader: the real playbook covers the contract; broken data fails clearly."""

from __future__ import annotations

import textwrap

import pytest

from coach.playbook import PlaybookError, load_playbook
from coach.settings import load_settings

SETTINGS = load_settings()


@pytest.fixture(scope="module")
def playbook():
    return load_playbook(SETTINGS.playbook_dir, SETTINGS.sources_file)


def test_every_contract_topic_has_advice_and_a_source(playbook, topic_ids):
    missing = [topic for topic in topic_ids if topic not in playbook]
    assert not missing, f"topics.yml ids without a playbook entry: {missing}"
    for topic in topic_ids:
        entry = playbook.get(topic)
        assert entry.gist and len(entry.steps) >= 3 and entry.say and entry.why, topic
        assert entry.sources, topic
        for source in entry.sources:
            assert source.document.file.endswith(".txt") and source.section, topic


def test_entries_cite_the_documents_named_in_the_contract(playbook, topic_ids):
    """topics.yml names the document numbers each topic comes from (e.g. '003 (...)')."""
    import yaml

    from tests.conftest import SPEC_DIR

    spec = {t["id"]: t["source"] for t in yaml.safe_load((SPEC_DIR / "topics.yml").read_text())
            ["topics"]}
    for topic in topic_ids:
        cited = {source.document.file[:3] for source in playbook.get(topic).sources}
        first_named = spec[topic].split()[0]
        assert first_named in cited, f"{topic}: the contract's main source {first_named} missing"


def test_related_topics_exist_and_are_not_self(playbook):
    for entry in playbook.entries():
        assert entry.related
        assert entry.id not in entry.related
        assert all(topic in playbook for topic in entry.related), entry.id


def _write(tmp_path, body: str):
    (tmp_path / "book" / "en").mkdir(parents=True, exist_ok=True)
    (tmp_path / "book" / "en" / "a.yml").write_text(textwrap.dedent(body))
    (tmp_path / "sources.yml").write_text(
        "documents:\n  doc.txt:\n    title: A document\n    language: es\n"
    )
    return tmp_path / "book", tmp_path / "sources.yml"


GOOD_ENTRY = """
entries:
  - id: alpha
    title: Alpha
    gist: Do the thing.
    steps: [one, two, three]
    why: Because.
    say: Hello.
    sources: [{document: doc.txt, section: Part 1}]
    related: [beta]
  - id: beta
    title: Beta
    gist: Do the other thing.
    steps: [one, two, three]
    why: Because.
    say: Hi.
    sources: [{document: doc.txt, section: Part 2}]
    related: [alpha]
"""


def test_a_valid_playbook_loads(tmp_path):
    book = load_playbook(*_write(tmp_path, GOOD_ENTRY))
    assert book.ids == ["alpha", "beta"]
    assert book.get("alpha").sources[0].document.title == "A document"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("steps: [one, two, three]\n    why: Because.\n    say: Hello.",
          "steps: [one]\n    why: Because.\n    say: Hello."), "'steps' must be a list"),
        (("gist: Do the thing.", "gist: ''"), "'gist' must be a non-empty string"),
        (("document: doc.txt, section: Part 1", "document: nope.txt, section: Part 1"),
         "unknown document 'nope.txt'"),
        (("related: [beta]", "related: [gamma]"), "unknown topics ['gamma']"),
        (("id: beta", "id: alpha"), "already defined"),
        (("title: Alpha", "title: Alpha\n    colour: red"), "unknown fields ['colour']"),
        (("gist: Do the thing.", "gist: " + "x" * 400), "more than"),
    ],
)
def test_a_broken_entry_fails_with_a_clear_error(tmp_path, change, message):
    old, new = change
    assert old in GOOD_ENTRY
    with pytest.raises(PlaybookError, match=message.replace("[", r"\[").replace("]", r"\]")) as err:
        load_playbook(*_write(tmp_path, GOOD_ENTRY.replace(old, new, 1)))
    assert "a.yml" in str(err.value)


def test_malformed_yaml_and_missing_files_fail_clearly(tmp_path):
    with pytest.raises(PlaybookError, match="not valid YAML"):
        load_playbook(*_write(tmp_path, "entries: [\n"))
    with pytest.raises(PlaybookError, match="no playbook files"):
        load_playbook(tmp_path / "empty", tmp_path / "sources.yml")
