"""Only the contract's explicit signals leave the role; everything else is for the customer."""

import pytest

from coach.roleplay.routing import route


@pytest.mark.parametrize("text, kind, rest", [
    ("hint", "hint", ""), ("Hint!", "hint", ""), ("/roleplay_hint", "hint", ""),
    ("stop", "stop", ""), ("end", "stop", ""), ("Stop the role-play.", "stop", ""),
    ("/roleplay_end", "stop", ""),
    ("check my reply: Dear Mr Chen, our price is final.", "review",
     "Dear Mr Chen, our price is final."),
    ("check my reply:", "review", ""),
    ("coach: how do I quote?", "coach_question", "how do I quote?"),
    ("/tip price objection", "coach_question", "price objection"),
    ("ok", "customer", "ok"),
    ("Which competitor are you talking to?", "customer", "Which competitor are you talking to?"),
    ("how do I know this will work for you?", "customer", "how do I know this will work for you?"),
    ("hint: is it the price?", "customer", "hint: is it the price?"),
    ("Can you check this with finance?", "customer", "Can you check this with finance?"),
    ("end of next week works?", "customer", "end of next week works?"),
])
def test_a_line_goes_where_the_contract_says(text, kind, rest):
    assert route(text) == (route(text).__class__(kind, rest))


@pytest.mark.parametrize("text", ["", "\x00\x01", "a" * 20000, "stop" * 5000, ":" * 30000])
def test_any_input_is_routed(text):
    assert route(text).kind in ("customer", "stop")


# -- the topic of a coach question inside a role-play -------------------------------------------

# (question, the NLU's topic, the topic answered while playing the lingering customer)
ASIDES = {
    "en": [
        ("how do I close this customer?", "closing_buying_signals", "customer_lingering"),
        ("how do I close?", "closing_buying_signals", "customer_lingering"),
        ("How should I handle him?", None, "customer_lingering"),
        ("what do I do now", "objection_no_budget", "customer_lingering"),
        ("how can I get her to sign?", "closing_buying_signals", "customer_lingering"),
        ("any advice?", None, "customer_lingering"),
        ("how do I close this customer?", "customer_hesitant", "customer_lingering"),
        ("what if he asks for a discount?", "objection_discount", "objection_discount"),
        ("how do I quote without scaring him off?", "pricing_quoting", "pricing_quoting"),
        ("how do I handle a hesitant customer?", "customer_hesitant", "customer_hesitant"),
        ("what are buying signals?", "closing_buying_signals", "closing_buying_signals"),
        ("and the weather?", None, None),
    ],
    "es": [
        ("¿cómo cierro con este cliente?", "closing_buying_signals", "customer_lingering"),
        ("¿Cómo cierro?", "closing_buying_signals", "customer_lingering"),
        ("¿qué hago?", None, "customer_lingering"),
        ("¿cómo lo convenzo?", "objection_no_budget", "customer_lingering"),
        ("como la cierro", None, "customer_lingering"),
        ("¿cómo consigo que firme?", "closing_buying_signals", "customer_lingering"),
        ("¿qué le digo ahora a este señor?", None, "customer_lingering"),
        ("¿y si me pide un descuento?", "objection_discount", "objection_discount"),
        ("¿qué hago si me pide descuento?", "objection_discount", "objection_discount"),
        ("¿cómo trato a un cliente indeciso?", "customer_hesitant", "customer_hesitant"),
        ("¿qué son las señales de compra?", "closing_buying_signals",
         "closing_buying_signals"),
        ("¿y el tiempo mañana?", None, None),
    ],
}


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_coach_question_about_this_customer_gets_the_personas_topic(language):
    from coach.roleplay.routing import aside_topic

    for question, nlu, expected in ASIDES[language]:
        assert aside_topic(question, language, "lingering", nlu) == expected, question
    for persona in ("hesitant", "quick_to_agree"):
        assert aside_topic(ASIDES[language][0][0], language, persona,
                           "closing_buying_signals") == f"customer_{persona}"
