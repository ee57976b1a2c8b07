"""The English and Spanish playbooks stay in step, and each is written in its own language."""

from __future__ import annotations

import re
import textwrap

import pytest
import yaml

# spaCy's own stop-word lists (a well-kept source) decide what counts as Spanish or English.
from spacy.lang.en.stop_words import STOP_WORDS as EN_STOP_WORDS
from spacy.lang.es.stop_words import STOP_WORDS as ES_STOP_WORDS

from coach.playbook import PlaybookError, load_playbook, load_playbooks
from coach.settings import load_settings
from tests.conftest import SPEC_DIR

SETTINGS = load_settings()
# Words in only one list, so 'a', 'no', 'me' (in both) say nothing about the language.
ONLY_ES = ES_STOP_WORDS - EN_STOP_WORDS
ONLY_EN = EN_STOP_WORDS - ES_STOP_WORDS
WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


@pytest.fixture(scope="module")
def books():
    return load_playbooks(SETTINGS.playbook_dir, SETTINGS.sources_file)


def _texts(entry):
    yield "title", entry.title
    yield "gist", entry.gist
    for number, step in enumerate(entry.steps, start=1):
        yield f"step {number}", step
    yield "why", entry.why
    yield "say", entry.say
    if entry.general_knowledge:
        yield "general_knowledge", entry.general_knowledge


def _stop_word_counts(text: str):
    words = [word.lower() for word in WORD.findall(text)]
    return sum(word in ONLY_ES for word in words), sum(word in ONLY_EN for word in words)


def test_both_languages_have_the_same_topics_in_the_same_files(books):
    english, spanish = books["en"], books["es"]
    assert spanish.ids == english.ids
    assert spanish.files == english.files
    assert english.language == "en" and spanish.language == "es"


def test_every_contract_topic_and_every_addition_exists_in_both(books, topic_ids):
    for language, book in books.items():
        missing = [topic for topic in topic_ids if topic not in book]
        assert not missing, f"{language}: contract topics without an entry: {missing}"


@pytest.mark.parametrize("field", ["sources", "related", "steps", "general_knowledge"])
def test_entries_match_in_structure(books, field):
    """Same documents, related topics, number of steps; a note in one means a note in both."""
    english, spanish = books["en"], books["es"]
    for entry in english.entries():
        other = spanish.get(entry.id)
        if field == "sources":
            assert [s.document.file for s in other.sources] == \
                   [s.document.file for s in entry.sources], entry.id
            assert all(source.section for source in other.sources), entry.id
        elif field == "related":
            assert other.related == entry.related, entry.id
        elif field == "steps":
            assert len(other.steps) == len(entry.steps), entry.id
        else:
            assert bool(other.general_knowledge) == bool(entry.general_knowledge), entry.id


def test_related_topics_link_both_ways_for_the_new_topics(books):
    """The topics added beyond the contract are linked from the entries they point to."""
    spec = yaml.safe_load((SPEC_DIR / "topics.yml").read_text())["topics"]
    added = [topic for topic in books["en"].ids if topic not in {t["id"] for t in spec}]
    assert len(added) >= 3, added
    for book in books.values():
        for topic in added:
            for other in book.get(topic).related:
                assert topic in book.get(other).related, f"{other} does not link back to {topic}"


def test_spanish_entries_are_written_in_spanish(books):
    """Every field, titles included, has more Spanish-only than English-only stop words, and
    over a whole entry English ones are rare (a stray 'ten', as in 'ten preparadas', is fine)."""
    for entry in books["es"].entries():
        total_spanish = total_english = 0
        for field, text in _texts(entry):
            spanish, english = _stop_word_counts(text)
            assert spanish >= 1 and english < spanish, f"{entry.id} {field} not Spanish: {text!r}"
            total_spanish += spanish
            total_english += english
        assert total_english * 20 <= total_spanish, f"{entry.id}: too many English words"
        for source in entry.sources:
            spanish, english = _stop_word_counts(source.section)
            assert english <= spanish, f"{entry.id} source section: {source.section!r}"


def test_english_entries_are_still_english(books):
    """The same measure reads every English entry as English, so the check above can fail."""
    for entry in books["en"].entries():
        spanish, english = _stop_word_counts(" ".join(text for _, text in _texts(entry)))
        assert english > 20 * max(1, spanish), entry.id
        assert any(_stop_word_counts(text)[0] == 0 for _, text in _texts(entry)), entry.id


def test_spanish_entries_cite_the_documents_by_their_spanish_titles(books):
    english_titles = {source.document.file: source.document.title
                      for entry in books["en"].entries() for source in entry.sources}
    for entry in books["es"].entries():
        for source in entry.sources:
            assert source.document.title != english_titles[source.document.file], entry.id
            assert _stop_word_counts(source.document.title)[0] >= 1, source.document.title


def test_the_default_language_is_english_and_unchanged(books):
    default = load_playbook(SETTINGS.playbook_dir, SETTINGS.sources_file)
    assert default.language == "en"
    assert [entry.title for entry in default.entries()] == \
           [entry.title for entry in books["en"].entries()]


ENTRY = """
entries:
  - id: alpha
    title: Alfa
    gist: Haz la cosa.
    steps: [uno, dos, tres]
    why: Porque sí.
    say: Hola.
    sources: [{document: doc.txt, section: Parte 1}]
    related: [alpha_two]
  - id: alpha_two
    title: Alfa dos
    gist: Haz la otra cosa.
    steps: [uno, dos, tres]
    why: Porque sí.
    say: Buenas.
    sources: [{document: doc.txt, section: Parte 2}]
    related: [alpha]
"""
SOURCES = "documents:\n  doc.txt:\n    title: A document\n    titles: {es: Un documento}\n" \
          "    language: es\n"


def _book(tmp_path, spanish_body: str = ENTRY, sources: str = SOURCES):
    book = tmp_path / "book"
    (book / "es").mkdir(parents=True, exist_ok=True)
    (book / "en").mkdir(parents=True, exist_ok=True)
    (book / "en" / "a.yml").write_text(textwrap.dedent(ENTRY))
    (book / "es" / "a.yml").write_text(textwrap.dedent(spanish_body))
    (tmp_path / "sources.yml").write_text(sources)
    return book, tmp_path / "sources.yml"


def test_a_spanish_playbook_loads_from_its_directory_with_spanish_titles(tmp_path):
    spanish = load_playbook(*_book(tmp_path), language="es")
    assert spanish.ids == ["alpha", "alpha_two"] and spanish.language == "es"
    assert spanish.get("alpha").sources[0].document.title == "Un documento"
    assert load_playbook(*_book(tmp_path)).get("alpha").sources[0].document.title == "A document"


def test_a_broken_spanish_entry_names_the_spanish_file_entry_and_field(tmp_path):
    broken = ENTRY.replace("gist: Haz la otra cosa.", "gist: ''")
    with pytest.raises(PlaybookError, match=r"es/a\.yml: entry 2 \(alpha_two\): 'gist'"):
        load_playbook(*_book(tmp_path, broken), language="es")


def test_a_document_without_a_spanish_title_fails_for_spanish_only(tmp_path):
    plain = "documents:\n  doc.txt:\n    title: A document\n    language: es\n"
    assert load_playbook(*_book(tmp_path, sources=plain))
    with pytest.raises(PlaybookError, match="document 'doc.txt'.*'titles'"):
        load_playbook(*_book(tmp_path, sources=plain), language="es")


def test_unknown_or_missing_languages_fail_clearly(tmp_path):
    book, sources = _book(tmp_path)
    with pytest.raises(PlaybookError, match="unknown playbook language 'fr'"):
        load_playbook(book, sources, language="fr")
    for path in (book / "es").glob("*.yml"):
        path.unlink()
    with pytest.raises(PlaybookError, match="no playbook files"):
        load_playbook(book, sources, language="es")


def test_a_spanish_tip_reads_in_spanish_and_labels_the_coachs_own_addition(books):
    from coach.tips import TipForm, tip_reply

    reply = tip_reply(books["es"].get("taboo_ramble"), books["es"], TipForm.FULL)
    for heading in ("Qué hacer:", "Prueba a decir:", "Por qué funciona:", "Fuente:",
                    "no sale de los documentos"):
        assert heading in reply.text, heading
    assert "What to do" not in reply.text and "Source:" not in reply.text
    assert books["es"].get("taboo_ramble").general_knowledge in reply.text
    related = list(books["es"].get("taboo_ramble").related)
    assert [topic for topic, _ in reply.suggestions] == related
    english = tip_reply(books["en"].get("taboo_ramble"), books["en"], TipForm.FULL).text
    assert "Note** (general sales practice, not from the documents)" in english
