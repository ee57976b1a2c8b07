"""The web chat page in a real headless Chromium (Debian's), against the real servers:
typing, clicking buttons, the whole conversation, the scorecard and the progress chart.

Screenshots are kept in results/webchat/ as test artifacts.
"""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import List

import pytest

from tests.channels.conversation import (
    PROGRESS_QUESTION,
    TIP_QUESTION,
    Button,
    Reply,
    play,
)
from tools.servers import ROOT

pytestmark = pytest.mark.server

CHROMIUM = Path(os.environ.get("COACH_CHROMIUM", "/usr/bin/chromium"))
# As root, with no network: no sandbox, and none of Chromium's background connections.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync"]
ARTIFACTS = ROOT / "results" / "webchat"
BOT = ".msg[data-role=bot]:not(.welcome)"


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    assert CHROMIUM.exists(), f"{CHROMIUM} missing: ./run test installs Debian's chromium"
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                              args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@pytest.fixture
def page(browser, coach):
    context = browser.new_context(viewport={"width": 1000, "height": 900})
    page = context.new_page()
    errors: List[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{coach.url}/webhooks/webchat/")
    page.wait_for_selector("#status[data-state=connected]", timeout=20_000)
    page.wait_for_selector(".msg.welcome")
    yield page
    context.close()
    assert errors == [], errors  # no script errors on the page


class WebDriver:
    def __init__(self, page) -> None:
        self.page = page

    def say(self, text: str) -> List[Reply]:
        self.page.fill("#composer", text)
        return self._answer(lambda: self.page.press("#composer", "Enter"))

    def click(self, reply: Reply, index: int) -> List[Reply]:
        return self._answer(reply.buttons[index].handle.click)

    def open(self, reply: Reply, title: str) -> List[Reply]:
        # The page's way: the section expands in the same bubble, nothing is sent.
        summary = next(b.handle for b in reply.buttons if b.title == title)
        before = self.page.locator(BOT).count()
        summary.click()
        section = summary.locator("xpath=..")
        assert section.evaluate("details => details.open")
        body = section.locator(".tip-detail-body")
        assert body.is_visible() and self.page.locator(BOT).count() == before
        return [Reply(body.inner_text().strip())]

    def _answer(self, act) -> List[Reply]:
        before = self.page.locator(BOT).count()
        act()
        deadline = time.monotonic() + 30
        count, stable_since = before, time.monotonic()
        while time.monotonic() < deadline:  # until replies arrived and stopped coming
            now = self.page.locator(BOT).count()
            if now != count:
                count, stable_since = now, time.monotonic()
            if count > before and time.monotonic() - stable_since > 0.8:
                break
            time.sleep(0.05)
        assert count > before, "the coach did not answer on the page"
        return [_reply(self.page.locator(BOT).nth(i)) for i in range(before, count)]


def _reply(message) -> Reply:
    buttons = [Button(summary.inner_text(), summary)
               for summary in message.locator(".tip-detail > summary").all()]
    buttons += [Button(button.inner_text(), button)
                for button in message.locator("button.quick-reply").all()]
    return Reply(message.inner_text().strip(), buttons, image=message.locator("img").count() > 0)


def test_typing_a_question_and_clicking_a_button(page):
    driver = WebDriver(page)
    tip = driver.say(TIP_QUESTION)
    assert "Source:" in tip[0].text and tip[0].buttons
    assert page.locator(".msg[data-role=user]").last.inner_text() == TIP_QUESTION
    # The title is bold; the steps wait in a closed section of the same bubble.
    first = page.locator(BOT).first
    assert first.locator("strong").first.inner_text() == "Customer says it's too expensive"
    assert first.locator("details.tip-detail").count() == 3
    assert not first.locator(".tip-detail-body").first.is_visible()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    first.screenshot(path=str(ARTIFACTS / "tip-short.png"))
    steps = driver.open(tip[0], "Steps")
    assert first.locator(".tip-detail[open] ol li").count() == 6 and "1." not in steps[0].text[:2]
    first.screenshot(path=str(ARTIFACTS / "tip-steps-open.png"))
    index = [b.title for b in tip[0].buttons].index("Customer pushes for a discount")
    answer = driver.click(tip[0], index)
    assert answer[0].text.splitlines()[0].startswith("Customer pushes for a discount")
    # The click shows as the trainee's message, and the old buttons can't be clicked again.
    shown = page.locator(".msg[data-role=user]").last.inner_text()
    assert shown == "Customer pushes for a discount"
    assert tip[0].buttons[index].handle.is_disabled()
    page.screenshot(path=str(ARTIFACTS / "tip-and-button.png"), full_page=True)


def test_the_whole_conversation_with_scorecard_and_chart(page):
    seen = play(WebDriver(page))
    card = page.locator(".msg.scorecard").last
    assert card.locator(".score-part").count() == 5
    total = card.locator(".score-total")
    assert 0 <= float(total.get_attribute("data-points")) <= 100
    assert total.get_attribute("data-max") == "100"
    assert page.locator(".msg.customer").count() >= 3
    assert any(reply.image for reply in seen["progress"])
    chart = page.locator("img.chart").last
    chart.scroll_into_view_if_needed()
    assert chart.evaluate("img => img.complete && img.naturalWidth") > 300  # a real picture
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "conversation.png"), full_page=True)
    card.screenshot(path=str(ARTIFACTS / "scorecard.png"))


def test_a_reload_keeps_the_same_trainee(page, coach):
    driver = WebDriver(page)
    driver.say("/roleplay_start{\"persona\": \"lingering\", \"seed\": 3}")
    session = page.evaluate("localStorage.getItem('salesCoachSession')")
    page.reload()
    page.wait_for_selector("#status[data-state=connected]", timeout=20_000)
    assert page.evaluate("localStorage.getItem('salesCoachSession')") == session
    assert session.count(".") == 1  # what the server issued: "<id>.<signature>"
    assert coach.slot(f"web-{session.split('.')[0]}", "roleplay_active") is True
    # The page shows where the trainee was: the customer's last line, no welcome.
    page.wait_for_selector(".msg.history.customer")
    assert page.locator(".msg.welcome").count() == 0
    reply = driver.say("What exactly would stop you signing this month?")
    assert reply[0].text.startswith("Customer:")


def test_what_a_trainee_types_is_shown_as_text_never_run(page):
    driver = WebDriver(page)
    hostile = "<img src=x onerror=\"document.title='owned'\"> <script>alert(1)</script>"
    replies = driver.say(f"check my reply: {hostile}")
    assert page.locator(".msg[data-role=user]").last.inner_text() == f"check my reply: {hostile}"
    assert page.title() != "owned" and page.locator("#messages img:not(.chart)").count() == 0
    assert replies  # and the coach answered
    empty = driver.say(PROGRESS_QUESTION)
    assert "no finished role-play yet" in empty[0].text


def test_a_quoted_link_is_not_clickable(page):
    driver = WebDriver(page)
    driver.say("check my reply: You're wrong, see [our offer](https://evil.example/login) "
               "or <https://evil.example|click> or https://evil.example/x")
    assert page.locator("#messages a").count() == 0
