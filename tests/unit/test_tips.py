"""Tip replies read well as plain chat text and carry their source."""

import pytest

from coach.markup import plain
from coach.playbook import load_playbook
from coach.settings import load_settings
from coach.tips import SUGGESTED_TOPICS, fallback_reply, help_reply, tip_reply


@pytest.fixture(scope="module")
def playbook():
    settings = load_settings()
    return load_playbook(settings.playbook_dir, settings.sources_file)


def test_tip_reply_puts_the_gist_first_then_steps_then_source(playbook):
    entry = playbook.get("customer_hesitant")
    reply = tip_reply(entry, playbook)
    lines = reply.text.splitlines()
    assert lines[0] == f"**{entry.title}**"
    assert lines[1] == entry.gist
    assert reply.text.index("1. ") < reply.text.index("**Source:** ")
    assert "003_0f14ce19c7067779.txt" in lines[-1]
    assert [topic for topic, _ in reply.suggestions] == list(entry.related)


def test_tip_reply_uses_only_the_coach_markup(playbook):
    for entry in playbook.entries():
        text = tip_reply(entry, playbook).text
        # Bold marks only where the reply puts them; the playbook's own text has none.
        assert not any(mark in plain(text) for mark in ("*", "__", "<", "`", "#")), entry.id


def test_fallback_explains_and_suggests(playbook):
    reply = fallback_reply("what's the weather in Paris", playbook)
    assert "sales coach" in reply.text
    assert [topic for topic, _ in reply.suggestions] == list(SUGGESTED_TOPICS)


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
    assert len(reply.suggestions) == len(SUGGESTED_TOPICS)
