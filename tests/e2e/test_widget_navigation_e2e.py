"""The widget across pages on a phone, and when the assistant is unavailable, in a real browser.

Desktop keeps the panel open from page to page (test_widget_e2e.py); a phone's full-screen panel comes back
closed, like Intercom's, with the conversation and the unread badge kept."""

from __future__ import annotations

import pytest

from tests.fixtures.browser import MOBILE, Site

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("browser")]

W = "totetaxi-assistant"
FULL_GREETING = "Hi there! I can check ZIP codes, prices and your bookings."  # tests/e2e/script.py, rendered


def page_is_inert(page) -> bool:
    return page.evaluate("[...document.body.querySelectorAll('*')].some((el) => el.inert)")


def test_phone_navigation_restores_the_widget_closed_with_its_conversation_and_badge(site: Site):
    page = site.page(MOBILE)
    page.goto(site.url("/"))
    launcher, panel, badge = (page.locator(f"{W} {part}") for part in (".launcher", ".panel", ".badge"))
    launcher.click()
    panel.wait_for(state="visible")
    page.locator(f"{W} textarea").fill("hello")
    page.locator(f"{W} textarea").press("Enter")
    page.get_by_text(FULL_GREETING).wait_for()
    page.locator(f"{W} button.send").wait_for(state="visible")

    page.goto(site.url("/services/"))  # e.g. a link in the reply
    launcher.wait_for(state="visible")
    page.wait_for_timeout(300)  # past restore(): the transcript is fetched after the element connects
    assert panel.is_hidden() and launcher.get_attribute("aria-expanded") == "false"
    assert not page_is_inert(page)  # the page the customer asked for is usable, not behind a modal
    assert badge.is_hidden()  # every reply was read before leaving
    launcher.click()
    page.get_by_text(FULL_GREETING).wait_for()  # the conversation is kept
    assert page.locator(f"{W} .msg-user .bubble").inner_text().endswith("hello")

    # A reply that arrives with the panel closed is still unread on the next page.
    page.locator(f"{W} textarea").fill("hello again")
    page.locator(f"{W} textarea").press("Enter")
    page.locator(f"{W} .typing").wait_for()
    page.keyboard.press("Escape")
    badge.wait_for(state="visible")
    page.locator(f"{W} button.send").wait_for(state="attached")
    page.wait_for_function(
        f"!document.querySelector('{W}').shadowRoot.querySelector('button.send').hidden"
    )  # the reply finished
    page.goto(site.url("/"))
    badge.wait_for(state="visible")
    assert badge.inner_text() == "1" and panel.is_hidden()
    assert "1 new reply" in launcher.get_attribute("aria-label")
    launcher.click()
    badge.wait_for(state="hidden")
    # The transcript is fetched after the page loads; on a busy machine it lands after the badge.
    page.locator(f"{W} .msg-user .bubble", has_text="hello again").wait_for()
    assert page.locator(f"{W} .msg-assistant .bubble-text").all_inner_texts()[-1] == FULL_GREETING


def test_unavailable_assistant_gives_the_phone_as_soon_as_the_chat_opens(site: Site, monkeypatch, agent_config):
    from assistant.config import ConfigError, ConfigProblem

    def broken():
        raise ConfigError([ConfigProblem("agent_config/tools.yaml", 12, "tools.x.auth", "'custmer' is wrong.")])

    monkeypatch.setattr("assistant.views.current_runtime", broken)
    page = site.page()
    page.goto(site.url("/"))
    page.locator(f"{W} .launcher").click()
    banner = page.locator(f"{W} .banner")
    banner.wait_for(state="visible")
    phone = agent_config.agent.contact.phone
    assert phone in banner.inner_text() and "custmer" not in banner.inner_text()
    assert banner.locator("a[href^='tel:']").count() == 1  # one tap to call
    page.locator(f"{W} textarea").fill("hello")
    page.locator(f"{W} textarea").press("Enter")
    error = page.locator(f"{W} .notice-error").last
    error.wait_for()
    assert phone in error.inner_text()
    site.screenshot(page, "desktop-unavailable")
