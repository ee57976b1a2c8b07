"""How each channel shows a tip (channels/tip_views.py and the channels' use of it), from
the message the tip action sends: no server needed."""

from __future__ import annotations

import json
import re

import pytest

from actions.buttons import (
    FORM_INTENTS,
    PART_INTENTS,
    part_of_intent,
    part_payload,
    reply_buttons,
    reply_metadata,
    topic_of_intent,
)
from channels.formatting import slack_mrkdwn
from channels.terminal import TerminalChat
from channels.tip_views import (
    DETAIL_PAYLOAD,
    is_detail_button,
    slack_button_blocks,
    teams_tip_card,
    terminal_choices,
    tip_details,
)
from channels.webchat import conversation_history, web_message
from coach.playbook import load_playbook
from coach.settings import load_settings
from coach.tips import TipForm, TipPart, tip_reply


@pytest.fixture(scope="module")
def playbook():
    settings = load_settings()
    return load_playbook(settings.playbook_dir, settings.sources_file)


@pytest.fixture(scope="module")
def tip(playbook):
    reply = tip_reply(playbook.get("objection_price_too_high"), playbook)
    return reply.text, reply_buttons(reply), reply_metadata(reply)["tip"]


def test_follow_up_buttons_name_their_topic_and_channels_recognise_them():
    for part, intent in PART_INTENTS.items():
        payload = part_payload(part, "negotiation")
        assert payload == f'/{intent}{{"tip_topic": "negotiation"}}'
        assert DETAIL_PAYLOAD.match(payload) and part_of_intent(intent) is part
        assert topic_of_intent(intent) == ""  # never taken for a topic
    for intent in FORM_INTENTS.values():
        assert topic_of_intent(intent) == "" and not DETAIL_PAYLOAD.match(f"/{intent}")
    assert topic_of_intent("tip_negotiation") == "negotiation"
    assert not is_detail_button({"payload": "/tip_negotiation"})


def test_the_tip_message_carries_its_details_and_a_full_answer_none(tip, playbook):
    text, buttons, meta = tip
    assert [b["title"] for b in buttons[:3]] == ["Steps", "Why it works", "Source"]
    assert [d["part"] for d in meta["details"]] == ["steps", "why", "source"]
    assert [d["payload"] for d in meta["details"]] == [b["payload"] for b in buttons[:3]]
    full = tip_reply(playbook.get("negotiation"), playbook, TipForm.FULL,
                     form_offer=TipForm.SHORT)
    assert reply_metadata(full)["tip"]["details"] == []
    assert reply_buttons(full)[-1] == {"title": "Short answers", "payload": "/tip_prefer_short"}


@pytest.mark.parametrize("tip_meta", [None, "x", {"details": "x"}, {"details": [1, {"part": 2}]},
                                      {"details": [{"part": "steps", "title": "S"}]}])
def test_malformed_tip_metadata_is_ignored(tip_meta):
    assert tip_details(tip_meta) == []


def test_teams_gets_one_card_with_a_show_card_per_detail(tip):
    text, buttons, meta = tip
    attachment = teams_tip_card(text, buttons, tip_details(meta))
    card = attachment["content"]
    assert attachment["contentType"] == "application/vnd.microsoft.card.adaptive"
    shows = card["actions"]
    assert [a["type"] for a in shows] == ["Action.ShowCard"] * 3
    assert [a["title"] for a in shows] == ["Steps", "Why it works", "Source"]
    steps = [block["text"] for block in shows[0]["card"]["body"]]
    assert steps[0].startswith("1. Ask what the problem costs them") and len(steps) == 6
    assert "000_5c399f6207d61895.txt" in json.dumps(shows[2]["card"])
    # The short answer: three text blocks, then the related topics as messageBack buttons.
    texts = [b for b in card["body"] if b["type"] == "TextBlock"]
    assert len(texts) == 3 and texts[0]["text"].startswith("**Customer says it's too expensive**")
    related = card["body"][-1]["actions"]
    assert [a["data"]["msteams"]["value"]["payload"] for a in related] == [
        b["payload"] for b in buttons[3:]]
    assert all(a["type"] == "Action.Submit" and a["data"]["msteams"]["type"] == "messageBack"
               for a in related)


def test_slack_puts_the_details_on_their_own_row(tip):
    _, buttons, _ = tip
    rows = slack_button_blocks(buttons, 25, 75)
    assert [[e["text"]["text"] for e in row["elements"]] for row in rows][0] == [
        "Steps", "Why it works", "Source"]
    assert len(rows) == 2 and len(rows[1]["elements"]) == 4
    ids = [e["action_id"] for row in rows for e in row["elements"]]
    assert len(set(ids)) == len(ids) == 7
    assert len(slack_button_blocks(buttons, 2, 75)) == 1  # the limit counts every button
    assert slack_button_blocks([{"title": "x" * 90, "payload": "/core_help"}], 25, 75)[0][
        "elements"][0]["text"]["text"].endswith("…")


def test_the_web_page_gets_details_as_sections_and_the_rest_as_quick_replies(tip):
    text, buttons, meta = tip
    message = web_message(text, buttons, meta)
    assert [d["title"] for d in message["tip"]["details"]] == ["Steps", "Why it works", "Source"]
    assert message["tip"]["details"][0]["text"].startswith("1. ")  # no repeated heading
    assert [q["payload"] for q in message["quick_replies"]] == [b["payload"] for b in buttons[3:]]
    assert web_message(text, buttons) == {"text": text, "quick_replies": [
        {"content_type": "text", "title": b["title"], "payload": b["payload"]} for b in buttons]}


def test_web_history_shows_a_tip_again_with_its_sections(tip):
    from rasa.shared.core.events import BotUttered

    text, buttons, meta = tip
    items = conversation_history([BotUttered(text, {"buttons": buttons}, {"tip": meta})])
    assert items[0]["tip"]["details"][1]["title"] == "Why it works"
    assert len(items[0]["quick_replies"]) == 4


def test_the_terminal_numbers_the_details_on_one_line_and_the_related_on_two(tip, playbook):
    for entry in playbook.entries():
        buttons = reply_buttons(tip_reply(entry, playbook))
        lines, ordered = terminal_choices(buttons, 100)
        assert lines[0].startswith("  [1] Steps  [2] Why it works  [3] Source  (or type:")
        assert len(lines) <= 3 and all(len(line) <= 100 for line in lines), entry.id
        assert ordered == [b for b in buttons if is_detail_button(b)] + [
            b for b in buttons if not is_detail_button(b)]
        numbers = [int(n) for n in re.findall(r"\[(\d+)\]", "\n".join(lines))]
        assert numbers == list(range(1, len(buttons) + 1)), entry.id


def test_every_short_answer_fits_8_lines_at_100_columns_in_the_terminal(playbook):
    for entry in playbook.entries():
        reply = tip_reply(entry, playbook)
        for ansi in (False, True):  # bold takes no columns in a real terminal either
            chat = TerminalChat("http://unused", "t", width=100, ansi=ansi)
            printed = "\n".join(chat._render([{"text": reply.text,
                                               "buttons": reply_buttons(reply)}]))
            visible = re.sub(r"\033\[[0-9;]*m", "", printed).split("\n")
            assert len(visible) <= 8 and max(map(len, visible)) <= 100, (entry.id, printed)
        assert len(chat.buttons) == len(reply_buttons(reply))
    # Typing a detail's number sends that detail's payload (the numbered choice).
    assert chat.buttons[0]["payload"] == f'/tip_steps{{"tip_topic": "{entry.id}"}}'


def test_slack_text_of_a_short_answer_is_three_lines(tip):
    text, _, _ = tip
    assert len(slack_mrkdwn(text).split("\n")) == 3


def test_part_names_match_the_payload_pattern():
    assert {m for m in ("steps", "why", "source", "more")} == {p.value for p in TipPart}


def test_the_length_report_rewrites_only_its_own_section(tmp_path, playbook):
    from tools import tip_lengths

    path = tmp_path / "quality.md"
    path.write_text("# Quality\n\n## Benchmark\nkept\n")
    tip_lengths.write(path, tip_lengths.section({"en": playbook}))
    tip_lengths.write(path, tip_lengths.section({"en": playbook}))  # again: replaced, not added
    text = path.read_text()
    assert text.startswith("# Quality\n\n## Benchmark\nkept\n")
    assert text.count(tip_lengths.BEGIN) == 1
    row = next(line for line in text.splitlines() if "terminal (100 columns)" in line)
    longest = int(row.split("|")[3].split("/")[1])
    assert longest <= 8  # the budget, measured the way the report says


def test_card_text_never_becomes_a_link():
    card = teams_tip_card("**T** — see [x](https://evil.example) or www.evil.example", [], [])
    text = card["content"]["body"][0]["text"]
    assert "](" not in text and "://" not in text and "www." not in text
    assert text.replace("\u200b", "") == "**T** — see [x](https://evil.example) or www.evil.example"
