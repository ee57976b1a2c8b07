"""Every message an action sends says the language it is written in (``language``), so the
web chat page's own words follow the conversation: the trainee's language, a language
switch's new one, and a role-play's session language even after the trainee switched."""

from __future__ import annotations

import pytest

from actions.assignments import ActionAssignmentList
from actions.core import ActionCoreFallback, ActionCoreHelp
from actions.language import ActionLanguageSet
from actions.review import ActionAskReviewDraft, ActionReviewDraft
from actions.roleplay import (
    ActionRoleplayEnd,
    ActionRoleplayHint,
    ActionRoleplayProgress,
    ActionRoleplayStart,
    ActionRoleplayTurn,
)
from actions.tips import ActionTip, ActionTipForm, ActionTipPart
from tests.actions.conftest import make_tracker, run_action

DRAFT = {"en": "Hi Tom, you're wrong, our price is final.",
         "es": "Hola Tomás, se equivoca, nuestro precio es final."}


def _messages(action, intent, text="", language="en", **more):
    slots = {"language": language, **more.pop("slots", {})}
    return run_action(action, make_tracker(intent, text, slots=slots, sender="lang-1",
                                           **more))[1]


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_reply_outside_a_role_play_says_the_trainees_language(language):
    messages = []
    messages += _messages(ActionCoreHelp(), "core_help", "help", language)
    messages += _messages(ActionCoreFallback(), "nlu_fallback", "qwerty", language)
    messages += _messages(ActionTip(), "tip_objection_price_too_high", "too expensive",
                          language)
    messages += _messages(ActionTipPart(), "tip_steps", "steps", language,
                          slots={"tip_topic": "negotiation"})
    messages += _messages(ActionTipForm(), "tip_form_full", "full answers", language)
    messages += _messages(ActionAskReviewDraft(), "review_request", "check my reply", language)
    messages += _messages(ActionReviewDraft(), "review_request", DRAFT[language], language,
                          slots={"review_draft": DRAFT[language]})
    messages += _messages(ActionAssignmentList(), "assignment_list", "assignments", language)
    messages += _messages(ActionRoleplayProgress(), "roleplay_progress", "progress", language)
    messages += _messages(ActionRoleplayHint(), "roleplay_hint", "hint", language)
    messages += _messages(ActionRoleplayEnd(), "roleplay_end", "stop", language)
    messages += _messages(ActionLanguageSet(), "language", "language?", language)
    assert len(messages) >= 12
    assert [m.get("language") for m in messages] == [language] * len(messages), [
        (m.get("text") or "")[:40] for m in messages if m.get("language") != language]


def test_a_language_switch_is_confirmed_in_the_new_language():
    messages = _messages(ActionLanguageSet(), "language", "en español", "en",
                         entities=[{"entity": "lang", "value": "es"}])
    assert [m.get("language") for m in messages] == ["es"]


def test_a_role_play_speaks_its_session_language_even_after_a_switch():
    messages = _messages(ActionRoleplayStart(), "roleplay_start", "/roleplay_start", "es",
                         entities=[{"entity": "persona", "value": "hesitant"},
                                   {"entity": "seed", "value": "3"}])
    # The trainee now writes in English: the session keeps speaking Spanish.
    ranking = [{"name": "core_out_of_scope", "confidence": 0.9}]
    messages += _messages(ActionRoleplayTurn(), "core_out_of_scope",
                          "What volumes do you handle?", "en", ranking=ranking)
    messages += _messages(ActionRoleplayTurn(), "core_out_of_scope", "pista", "en",
                          ranking=ranking)
    messages += _messages(ActionRoleplayTurn(), "tip_objection_price_too_high",
                          "coach: el cliente dice que es caro", "en",
                          ranking=[{"name": "tip_objection_price_too_high", "confidence": 0.9}])
    messages += _messages(ActionRoleplayTurn(), "core_out_of_scope",
                          "revisa mi respuesta: Se equivoca, el precio es final.", "en",
                          ranking=ranking)
    messages += _messages(ActionRoleplayEnd(), "roleplay_end", "parar", "en")
    assert len(messages) >= 7
    assert [m.get("language") for m in messages] == ["es"] * len(messages), [
        (m.get("text") or "")[:40] for m in messages if m.get("language") != "es"]


def test_the_tip_offered_under_a_pasted_draft_is_titled_in_the_reviews_language():
    from actions import resources

    messages = _messages(ActionReviewDraft(), "review_request", DRAFT["es"], "es",
                         slots={"review_draft": DRAFT["es"]},
                         entities=[{"entity": "draft_pasted", "value": "true"}],
                         ranking=[{"name": "tip_objection_price_too_high", "confidence": 0.4}])
    title = resources.playbook("es").get("objection_price_too_high").title
    assert messages[0]["buttons"][0]["title"] == f"Mejor un consejo: {title}"
