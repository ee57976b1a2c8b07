"""Bad input gets HTTP 200 and a sensible reply, and the next message is answered normally."""

import pytest

from tools.servers import new_sender

pytestmark = pytest.mark.server

NORMAL = ("client says we're too expensive", "objection_price_too_high")

BAD_INPUTS = {
    "empty": "",
    "whitespace": "   \n\t  ",
    "huge": "price " * 17_000,  # about 100 KB
    "control_and_nul": "too\x00 expensive\x07\x1b[31m",
    "emoji": "🤑🤑🤑 💸",
    "rtl": "العميل يقول إن السعر مرتفع جدا",
    "cjk": "客户说价格太贵了,我该怎么办?",
    "broken_json_shortcut": '/tip_objection_discount{"topic": "oops',
    "unknown_intent_shortcut": "/no_such_intent",
    "unknown_intent_with_json": '/roleplay_start{"persona": "grumpy"}',
    "slash_only": "/",
    "binary_like": "\udcff\ufffd\x01\x02\x03PK\x03\x04",
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_gets_a_reply_and_the_conversation_goes_on(coach, name):
    sender = new_sender(name)
    response = coach.send(sender, BAD_INPUTS[name].encode("utf-8", "replace").decode("utf-8"))
    assert response.status_code == 200, response.text[:300]
    replies = response.json()
    assert replies and replies[0].get("text"), f"{name}: no reply"
    text, topic = NORMAL
    coach.say(sender, text)
    assert coach.slot(sender, "tip_topic") == topic


def test_bad_input_replies_say_what_went_wrong(coach):
    assert "didn't get any text" in coach.say(new_sender(), "   ")[0]["text"]
    assert "only understand English" in coach.say(new_sender(), BAD_INPUTS["cjk"])[0]["text"]


def test_a_valid_shortcut_with_broken_json_still_answers_its_topic(coach):
    sender = new_sender()
    coach.say(sender, BAD_INPUTS["broken_json_shortcut"])
    assert coach.slot(sender, "tip_topic") in {"objection_discount", None}


def test_non_json_body_gets_a_clear_error_not_a_crash(coach):
    import requests

    response = requests.post(f"{coach.url}/webhooks/rest/webhook", data=b"\x00\xffnot json",
                             headers={"Content-Type": "application/json"}, timeout=30)
    assert response.status_code < 500
    coach.say(new_sender(), "hello")


@pytest.mark.parametrize("name", ["empty", "huge", "control_and_nul", "cjk", "rtl",
                                  "broken_json_shortcut", "unknown_intent_with_json"])
def test_bad_input_during_a_role_play_keeps_the_session(coach, name):
    sender = new_sender(f"rp-{name}")
    coach.say(sender, '/roleplay_start{"persona": "lingering", "style": "driver", "seed": 3}')
    response = coach.send(sender, BAD_INPUTS[name])
    assert response.status_code == 200 and response.json()
    slots = coach.slot(sender, "roleplay_active"), coach.slot(sender, "roleplay_persona")
    assert slots == (True, "lingering")
    assert coach.say(sender, "What's still open on your side?")[0]["text"].startswith(
        "Customer: ")


@pytest.mark.parametrize("draft", ["\x00\x01\x02", "🤝" * 50, "客户说价格太贵了", "x" * 60_000,
                                   '{"json": "as a draft"}'])
def test_odd_drafts_get_a_review(coach, draft):
    sender = new_sender("odd-draft")
    response = coach.send(sender, "check my reply: " + draft)
    assert response.status_code == 200 and response.json()
    assert isinstance(coach.slot(sender, "review_taboos"), (list, type(None)))


@pytest.mark.parametrize("shortcut", ['/roleplay_start{"persona": "hesitant", "seed": "abc"}',
                                      '/roleplay_start{"persona": "hesitant", "scenario": "nope"}',
                                      '/roleplay_start{"persona": 42}',
                                      '/roleplay_start{"persona": "hesitant", "style": null}'])
def test_odd_role_play_shortcuts_never_crash(coach, shortcut):
    sender = new_sender("odd-start")
    response = coach.send(sender, shortcut)
    assert response.status_code == 200 and response.json()
