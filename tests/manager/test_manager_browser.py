"""The manager pages in a real headless Chromium (Debian's), against the real servers:
sign in, read the team, open a trainee, assign from a weak spot, see the assignment
passed after the trainee plays it over REST, add a scenario. Screenshots of each page go
to results/manager/ (test artifacts)."""

from __future__ import annotations

import uuid
from typing import List

import pytest

from tests.channels.test_webchat_browser import browser  # noqa: F401 (the shared fixture)
from tests.conftest import MANAGER_TOKEN
from tests.manager.helpers import PERSONA, STYLE, play_losing_session, play_winning_session
from tools.servers import ROOT

pytestmark = pytest.mark.server

ARTIFACTS = ROOT / "results" / "manager"


@pytest.fixture
def signed_in(browser, coach):  # noqa: F811
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    errors: List[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # Script errors only: a 400 the page explains is logged by Chromium as a failed load.
    page.on("console", lambda message: errors.append(message.text)
            if message.type == "error" and "Failed to load resource" not in message.text
            else None)
    page.goto(f"{coach.url}/manager/")
    page.fill("#token", MANAGER_TOKEN)
    page.press("#token", "Enter")
    page.wait_for_selector("#view h2")
    yield page
    context.close()
    assert errors == [], errors


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def test_a_wrong_token_gets_nothing(browser, coach):  # noqa: F811
    context = browser.new_context(viewport={"width": 1200, "height": 800})
    page = context.new_page()
    page.goto(f"{coach.url}/manager/")
    assert page.locator("label[for=token]").inner_text() == "Manager token"
    page.fill("#token", "not-the-token")
    page.press("#token", "Enter")
    page.wait_for_selector("#login-error:not([hidden])")
    assert "not right" in page.locator("#login-error").inner_text()
    assert page.locator("#view").count() == 0 and context.cookies() == []
    _shot(page, "login-refused")
    context.close()


def test_sign_in_team_trainee_assign_and_see_it_passed(signed_in, coach):
    page = signed_in
    trainee = f"mgr-page-{uuid.uuid4().hex[:8]}"
    play_losing_session(coach, trainee)
    page.reload()
    page.wait_for_selector(f"a[href='#trainee/{trainee}']")
    # The team: a table, the two charts drawn as SVG, the taboos with quotes.
    assert page.locator("svg.chart").count() == 2
    assert page.locator("svg.chart polyline").count() >= 1
    assert page.locator("svg.chart rect.bar").count() >= 1
    assert page.locator("dl.quotes q").count() >= 1
    _shot(page, "team")

    page.click(f"a[href='#trainee/{trainee}']")
    page.wait_for_selector("details.session")
    assert trainee in page.locator("h2").inner_text()
    page.locator("details.session summary").first.click()
    assert page.locator(".turn.trainee").count() >= 1
    assert page.locator(".scorecard li").count() == 5
    _shot(page, "trainee")

    # "Assign this" from the weak spot of the persona just played (lowest average).
    spot = page.locator("ul.weak li", has_text=PERSONA.replace("_", "-")).first
    spot.locator("button.assign-this").click()
    assert page.locator("#a-trainee").input_value() == trainee
    assert page.locator("#a-persona").input_value() == PERSONA
    page.select_option("#a-style", STYLE or "")
    page.fill("#a-pass", "50")
    page.click("form.assignment-form button[type=submit]")
    page.wait_for_selector(".badge.open")
    assert "Assigned" in page.locator("#status").inner_text()
    _shot(page, "assigned")

    play_winning_session(coach, trainee)
    page.goto(f"{coach.url}/manager/#assignments")
    row = page.locator("tr", has=page.locator(f"a[href='#trainee/{trainee}']"))
    row.locator(".badge.passed").wait_for()
    _shot(page, "assignments")


def test_a_bad_assignment_is_explained_on_the_page(signed_in, coach):
    page = signed_in
    page.goto(f"{coach.url}/manager/#assignments")
    page.wait_for_selector("form.assignment-form")
    page.fill("#a-pass", "150")  # the browser's own check would stop it; skip it
    page.evaluate("document.querySelector('form.assignment-form').noValidate = true")
    page.click("form.assignment-form button[type=submit]")
    page.wait_for_selector("#a-error:not([hidden])")
    assert "pass_mark" in page.locator("#a-error").inner_text()
    assert page.locator("#a-pass").get_attribute("aria-invalid") == "true"


def test_a_scenario_added_on_the_page(signed_in, coach):
    page = signed_in
    page.goto(f"{coach.url}/manager/#scenarios")
    page.wait_for_selector("form.scenario-form")
    scenario_id = f"page_deal_{uuid.uuid4().hex[:6]}"
    values = {"#s-id": scenario_id, "#s-title": "Fleet tracking for a courier",
              "#s-product": "the fleet tracking service",
              "#s-customer": "Mr. Osei, operations director at a courier firm",
              "#s-situation": "He runs 40 vans and is comparing us with a cheaper tracker.",
              "#s-concern_line": "If the tracker goes down on a Friday, who do I call?",
              "#s-source": "our deal with a courier, 2026"}
    page.fill("#s-title", "x")
    page.click("form.scenario-form button[type=submit]")  # the browser refuses empty fields
    assert page.locator("#s-error").is_hidden()
    for selector, value in values.items():
        page.fill(selector, value)
    page.select_option("#s-hidden_concern", "service")
    page.click("form.scenario-form button[type=submit]")
    page.wait_for_selector(f"td:text-is('{scenario_id}')")
    assert "can play it now" in page.locator("#status").inner_text()
    # A YAML upload with problems lists every one of them.
    page.fill("#u-yaml", "id: Bad Id\nhidden_concern: love\n")
    page.click("form.upload-form button[type=submit]")
    page.wait_for_selector("#u-error:not([hidden]) li")
    problems = page.locator("#u-error li").all_inner_texts()
    assert any(p.startswith("id:") for p in problems) and any(
        p.startswith("hidden_concern:") for p in problems) and len(problems) >= 7
    _shot(page, "scenarios")


def test_readable_on_a_phone_and_usable_by_keyboard(browser, coach):  # noqa: F811
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(f"{coach.url}/manager/")
    page.fill("#token", MANAGER_TOKEN)
    page.press("#token", "Enter")
    page.wait_for_selector("#view h2")
    page.wait_for_selector("svg.chart")
    # Nothing wider than the screen but the tables' own scroll boxes.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 392, width
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Skip to content"
    _shot(page, "team-phone")
    context.close()


def test_a_full_scenario_with_its_fact_sheet_from_the_form(signed_in, coach):
    import yaml

    from tests.manager.helpers import api

    page = signed_in
    shipped = yaml.safe_load((ROOT / "data" / "roleplay" / "scenarios.yml").read_text())
    deal = dict(shipped["scenarios"][0], id=f"full_deal_{uuid.uuid4().hex[:6]}",
                title="Fleet tracking for Globex couriers")
    specs = api(coach, "GET", "/scenarios").json()["full_form"]
    page.goto(f"{coach.url}/manager/#scenarios")
    page.wait_for_selector("form.scenario-form")
    page.check("input[name=form-kind][value=full]")
    page.wait_for_selector("#s-facts-budget-text")
    for spec in specs:
        value = deal
        for key in spec["name"].split("."):
            value = value[key]
        selector = "#s-" + spec["name"].replace(".", "-")
        if spec["kind"] == "checkboxes":
            for option in value:
                page.check(f"{selector} input[value={option}]")
        elif spec["kind"] == "checkbox":
            page.set_checked(selector, bool(value))
        elif spec["kind"] == "select":
            page.select_option(selector, value)
        else:
            page.fill(selector, str(value))
    page.click("form.scenario-form button[type=submit]")
    page.wait_for_selector(f"td:text-is('{deal['id']}')")
    stored = [s for s in api(coach, "GET", "/scenarios").json()["scenarios"]
              if s["id"] == deal["id"]][0]
    assert stored["facts"]["budget"]["text"] == deal["facts"]["budget"]["text"]
    _shot(page, "scenario-full")
