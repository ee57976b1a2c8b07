"""Tip replies: a short first answer that reads in a glance, its parts one step away, the
full answer on request; all in the coach markup, with their source."""

import pytest

from coach.markup import plain
from coach.playbook import load_playbook
from coach.settings import load_settings
from coach.tips import (
    SUGGESTED_TOPICS,
    TipForm,
    TipPart,
    fallback_reply,
    form_reply,
    help_reply,
    no_tip_reply,
    part_reply,
    short_source,
    tip_reply,
)


@pytest.fixture(scope="module")
def playbook():
    settings = load_settings()
    return load_playbook(settings.playbook_dir, settings.sources_file)


@pytest.fixture(scope="module")
def spanish():
    settings = load_settings()
    return load_playbook(settings.playbook_dir, settings.sources_file, language="es")


def test_the_short_answer_is_the_gist_a_line_to_say_and_the_source(playbook):
    entry = playbook.get("objection_price_too_high")
    reply = tip_reply(entry, playbook)
    lead, say, source = reply.text.split("\n")
    assert lead == f"**{entry.title}** — Don't cut the price; make the value bigger than the price."
    assert say.startswith('**Say:** "Let\'s check the numbers together.') and say.endswith('"')
    assert source == ("**Source:** How to raise the customer's sense of gain (000), Section 1; "
                      "+1 more")
    assert [d.part for d in reply.details] == [TipPart.STEPS, TipPart.WHY, TipPart.SOURCE]
    assert [d.title for d in reply.details] == ["Steps", "Why it works", "Source"]
    assert reply.topic == entry.id
    assert [topic for topic, _ in reply.suggestions] == list(entry.related)


def test_every_short_answer_is_three_lines_in_whole_sentences_from_the_entry(playbook):
    for entry in playbook.entries():
        reply = tip_reply(entry, playbook)
        lead, say, source = reply.text.split("\n")
        gist = lead.split(" — ", 1)[1]
        assert entry.gist.startswith(gist.rstrip(".")) and gist.endswith((".", "!", "?")), entry.id
        line = say[len('**Say:** "'):-1]
        assert entry.say.startswith(line.rstrip(".")), entry.id
        assert len(plain(lead)) <= 190 and len(plain(say)) <= 200, entry.id
        assert len(plain(source)) <= 96, entry.id  # one line at 100 columns
        assert entry.steps[0] in reply.details[0].text and entry.why in reply.details[1].text


def test_the_full_answer_has_everything_and_offers_the_way_back(playbook):
    entry = playbook.get("customer_hesitant")
    reply = tip_reply(entry, playbook, TipForm.FULL, form_offer=TipForm.SHORT)
    lines = reply.text.splitlines()
    assert lines[0] == f"**{entry.title}**" and lines[1] == entry.gist
    assert reply.text.index("1. ") < reply.text.index("**Source:** ")
    assert "003_0f14ce19c7067779.txt" in lines[-1] and not reply.details
    assert reply.form_offer is TipForm.SHORT


def test_each_part_answers_alone_and_offers_the_other_two(playbook):
    entry = playbook.get("objection_discount")
    steps = part_reply(entry, TipPart.STEPS, playbook)
    assert steps.text.startswith(f"**{entry.title}: what to do**\n1. {entry.steps[0]}")
    assert [d.part for d in steps.details] == [TipPart.WHY, TipPart.SOURCE]
    why = part_reply(entry, TipPart.WHY, playbook)
    assert entry.why in why.text and "1. " not in why.text
    source = part_reply(entry, TipPart.SOURCE, playbook)
    for cited in entry.sources:  # the long citation: every document and section
        assert f"- {cited.document.title} ({cited.document.file}), {cited.section}" in source.text
    more = part_reply(entry, TipPart.MORE, playbook, form_offer=TipForm.FULL)
    assert more.text == tip_reply(entry, playbook, TipForm.FULL).text
    assert more.form_offer is TipForm.FULL and all(r.topic == entry.id
                                                   for r in (steps, why, source, more))


def test_general_knowledge_stays_labelled_in_the_why(playbook):
    noted = [entry for entry in playbook.entries() if entry.general_knowledge]
    for entry in noted:
        why = part_reply(entry, TipPart.WHY, playbook).text
        assert "not from the documents" in why and entry.general_knowledge in why


def test_a_long_source_line_is_cut_at_words():
    from coach.playbook import Document, Entry, Source

    document = Document("003_x.txt", "Six bad habits to drop in customer relationships (and other "
                        "field notes)", "zh")
    entry = Entry("x", "T", "G.", ("a", "b", "c"), "W.", "S.",
                  (Source(document, "Five taboos in communicating with customers, taboo 4: "
                                    "rambling"), Source(document, "other")), ("y",))
    line = short_source(entry)
    assert line.startswith("Six bad habits to drop in customer relationships (003), Five ")
    assert line.endswith("…; +1 more") and len(line) <= 88


def test_every_reply_uses_only_the_coach_markup(playbook):
    for entry in playbook.entries():
        for reply in (tip_reply(entry, playbook), tip_reply(entry, playbook, TipForm.FULL),
                      *(part_reply(entry, part, playbook) for part in TipPart)):
            # Bold marks only where the reply puts them; the playbook's own text has none.
            assert not any(mark in plain(reply.text) for mark in ("*", "__", "<", "`", "#")), (
                entry.id)


def test_a_spanish_short_answer_is_in_spanish(spanish):
    entry = spanish.get("objection_price_too_high")
    reply = tip_reply(entry, spanish)
    assert "**Di:** «" in reply.text and "**Fuente:** " in reply.text
    assert [d.title for d in reply.details] == ["Pasos", "Por qué funciona", "Fuente"]
    assert "qué hacer" in reply.details[0].text and "Say:" not in reply.text


def test_asking_for_a_part_without_a_tip_says_so_and_suggests(playbook):
    assert "haven't given you a tip yet" in no_tip_reply(playbook).text
    assert "don't know that topic" in no_tip_reply(playbook, unknown_topic=True).text
    assert [t for t, _ in no_tip_reply(playbook).suggestions] == list(SUGGESTED_TOPICS)


def test_the_form_confirmation_says_how_to_switch_back():
    assert "short answers" in form_reply(TipForm.FULL).text
    assert form_reply(TipForm.FULL).form_offer is TipForm.SHORT
    assert "full answer" in form_reply(TipForm.SHORT).text
    assert form_reply(TipForm.SHORT).form_offer is TipForm.FULL


def test_fallback_explains_and_suggests(playbook):
    reply = fallback_reply("what's the weather in Paris", playbook)
    assert "sales coach" in reply.text
    assert [topic for topic, _ in reply.suggestions] == list(SUGGESTED_TOPICS)


def test_an_out_of_scope_message_is_said_to_be_outside(playbook):
    reply = fallback_reply("what's the weather in Paris", playbook, outside=True)
    assert reply.text.startswith("That's outside what I coach.")
    assert "which sales situation" not in reply.text
    assert [topic for topic, _ in reply.suggestions] == list(SUGGESTED_TOPICS)
    # what cannot be read at all says so first, whatever the NLU thought
    assert fallback_reply("客户说太贵了怎么办", playbook, outside=True).text.startswith("Sorry")


@pytest.mark.parametrize(
    ("text", "opening"),
    [("", "I didn't get any text"), ("   ", "I didn't get any text"),
     ("客户说太贵了怎么办", "only understand English"),
     ("العميل يقول السعر مرتفع", "only understand English"),
     ("🤷‍♂️🤷‍♂️", "not sure which sales situation"),
     ('/roleplay_start{"persona": "x"', "don't know the command /roleplay_start")],
)
def test_fallback_opening_fits_the_input(playbook, text, opening):
    assert opening in fallback_reply(text, playbook).text.split(".")[0]


def test_help_lists_what_the_coach_does(playbook):
    reply = help_reply(playbook)
    assert "objection" in reply.text and "communication style" in reply.text
    assert "always give me the full answer" in reply.text
    assert len(reply.suggestions) == len(SUGGESTED_TOPICS)
