"""Each channel's rendering of the coach's markup, and the channel helpers that need no server."""

from rasa.shared.core.events import ActionExecuted, BotUttered, UserUttered

from channels.dedupe import RecentKeys
from channels.formatting import slack_mrkdwn, teams_markdown, terminal
from channels.slack import _chunks
from channels.teams import message_text
from channels.terminal import TerminalChat
from channels.webchat import conversation_history
from coach.markup import parse, plain

REPLY = ("**Title & more**\nThe gist.\n\n**What to do:**\n1. First <step>\n2. Second\n"
         "- a bullet\n   continued here\n\n**Source:** Doc (file.txt)")


def test_parse_classifies_every_line():
    kinds = [line.kind for line in parse(REPLY)]
    assert kinds == ["text", "text", "blank", "text", "numbered", "numbered", "bullet",
                     "continuation", "blank", "text"]
    assert parse("3. three")[0].number == 3
    assert parse("   indented first line")[0].kind == "text"  # nothing to continue


def test_slack_bold_bullets_and_escaping():
    text = slack_mrkdwn(REPLY)
    assert text.startswith("*Title &amp; more*\n")
    assert "1. First &lt;step&gt;" in text and "• a bullet" in text
    assert "**" not in text and "*Source:* Doc (file.txt)" in text


def test_teams_markdown_keeps_lists_together_and_separates_paragraphs():
    text = teams_markdown(REPLY)
    assert text.startswith("**Title &amp; more**\n\nThe gist.")
    assert "1. First &lt;step&gt;\n2. Second\n- a bullet\n   - continued here" in text
    assert text.endswith("\n\n**Source:** Doc (file.txt)")


def test_terminal_bold_or_plain():
    assert terminal("**Hi** there") == "\033[1mHi\033[0m there"
    assert terminal("**Hi** there", ansi=False) == "Hi there" == plain("**Hi** there")


def test_recent_keys_remember_within_their_window():
    now = [0.0]
    keys = RecentKeys(ttl=10, capacity=3, clock=lambda: now[0])
    assert keys.first_time("a") and not keys.first_time("a")
    now[0] = 11.0
    assert keys.first_time("a")  # forgotten after the window
    for key in "bcd":
        keys.first_time(key)
    assert keys.first_time("a")  # the oldest went when capacity was reached


def test_slack_chunks_respect_the_limit_and_keep_order():
    text = "\n".join(f"line {n:04d} " + "x" * 50 for n in range(200))
    chunks = _chunks(text, 3000)
    assert all(len(chunk) <= 3000 for chunk in chunks)
    assert "\n".join(chunks) == text
    assert [len(c) for c in _chunks("y" * 7000, 3000)] == [3000, 3000, 1000]


def test_teams_text_drops_mentions_and_reads_clicked_buttons():
    assert message_text({"text": "<at>Sales Coach</at> hi &amp; hello"}) == "hi & hello"
    assert message_text({"text": "", "value": {"payload": "/tip_x"}}) == "/tip_x"
    assert message_text({"text": None, "value": "/core_help"}) == "/core_help"
    assert message_text({"value": {"payload": 42}}) == ""
    assert message_text({}) == ""


def test_the_terminal_wraps_words_with_hanging_list_indents():
    chat = TerminalChat("http://unused", "t", width=30)
    wrapped = chat._wrap("1. " + "word " * 12 + "\nshort")
    lines = wrapped.split("\n")
    assert all(len(line) <= 30 for line in lines) and lines[-1] == "short"
    assert lines[0].startswith("1. word") and lines[1].startswith("   word")


def test_web_history_shows_clicked_buttons_by_title_and_keeps_the_last_messages():
    button = {"title": "Price objection", "payload": "/tip_objection_price_too_high"}
    events = [UserUttered("hi"), ActionExecuted("action_core_help"),
              BotUttered("**Hello**", {"buttons": [button]}),
              UserUttered("/tip_objection_price_too_high"),
              BotUttered(None, {"image": "data:image/png;base64,AAAA"})]
    items = conversation_history(events)
    assert [item["role"] for item in items] == ["user", "bot", "user", "bot"]
    assert items[1]["quick_replies"][0]["payload"] == button["payload"]
    assert items[2]["text"] == "Price objection"
    assert items[3]["attachment"]["payload"]["src"].startswith("data:image/png")
    assert conversation_history(events, length=2) == items[-2:]


def test_the_terminal_prompt_follows_the_conversation_language(monkeypatch):
    import io

    from channels import terminal as terminal_module

    class Tty(io.StringIO):
        def isatty(self) -> bool:
            return True

    chat = TerminalChat("http://127.0.0.1:9", "nobody", language="es")
    monkeypatch.setattr(chat, "turn", lambda line: ["¡Hola!"])
    out = io.StringIO()
    terminal_module.run(chat, Tty("hola\n/stop\n"), out)
    assert "\ntú> " in out.getvalue() and "you>" not in out.getvalue()
