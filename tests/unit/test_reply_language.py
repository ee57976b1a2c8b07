"""Every reply carries the language it is written in, so the web chat page's own words
(status, placeholder, buttons) follow the conversation, not the browser: the actions set
``language`` on each message (a role-play's in the session's language), the domain's
responses carry it as ``metadata.language``, and the web chat sends it with the reply and
in the history a reloaded page shows."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
import yaml
from rasa.shared.core.events import BotUttered

from channels.webchat import WebChatOutput, conversation_history, reply_language

DOMAIN_DIR = Path(__file__).resolve().parents[2] / "domain"


class FakeServer:
    def __init__(self) -> None:
        self.sent = []

    async def emit(self, event, data, room=None):
        self.sent.append(data)


@pytest.mark.parametrize("kwargs", [{"language": "es"}, {"metadata": {"language": "es"}}],
                         ids=["action", "domain-response"])
def test_the_web_chat_sends_the_replys_language(kwargs):
    server = FakeServer()
    output = WebChatOutput(server, "bot_uttered")
    asyncio.run(output.send_text_message("web-1", "Hola", **kwargs))
    asyncio.run(output.send_text_with_buttons("web-1", "Elige", [{"title": "A", "payload": "/a"}],
                                              **kwargs))
    asyncio.run(output.send_image_url("web-1", "data:image/png;base64,AA", **kwargs))
    assert [message.get("language") for message in server.sent] == ["es", "es", "es"]
    assert server.sent[2]["attachment"]["payload"]["src"].startswith("data:image/png")


def test_a_reply_without_a_language_sends_none():
    server = FakeServer()
    asyncio.run(WebChatOutput(server, "bot_uttered").send_text_message("web-1", "Hi"))
    assert server.sent == [{"text": "Hi"}]
    assert reply_language({"language": "xx"}) is None  # only a language the coach speaks


def test_the_history_keeps_each_replys_language():
    items = conversation_history([BotUttered("Hola", {}, {"language": "es"}),
                                  BotUttered("Hi", {}, {"metadata": {"language": "en"}}),
                                  BotUttered("Old", {}, {})])
    assert [item.get("language") for item in items] == ["es", "en", None]


def test_every_domain_response_says_its_language():
    for path in sorted(DOMAIN_DIR.glob("*.yml")):
        responses = yaml.safe_load(path.read_text(encoding="utf-8")).get("responses") or {}
        for name, variations in responses.items():
            for variation in variations:
                conditions = {c["name"]: c["value"] for c in variation.get("condition") or []}
                expected = conditions.get("language", "en")
                assert (variation.get("metadata") or {}).get("language") == expected, (
                    path.name, name, variation.get("text"))
