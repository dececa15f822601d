"""Issue 18 in a real browser: contact links, focus kept in the open chat (a modal on phones), limits said
before they bite, tool lines that survive a stop and a reload, Enter while streaming, times, copy, and
thumbs-down feedback that staff see in the admin (and no other customer can rate or read).
Screenshots: tests/artifacts/{desktop,mobile}-lm-*.png."""

from __future__ import annotations

import pytest

from assistant.models import ReplyFeedback
from tests.e2e.script import STORY
from tests.fixtures.browser import MOBILE, Site

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("browser")]

W = "totetaxi-assistant"
ACTIVE_IN_WIDGET = f"document.activeElement === document.querySelector('{W}')"
SHADOW_ACTIVE = f"document.querySelector('{W}').shadowRoot.activeElement?.className || ''"


def open_widget(page) -> None:
    page.locator(f"{W} .launcher").click()
    page.locator(f"{W} .panel").wait_for(state="visible")


def send(page, text: str) -> None:
    page.locator(f"{W} textarea").fill(text)
    page.locator(f"{W} textarea").press("Enter")


def wait_idle(page) -> None:
    page.locator(f"{W} button.send").wait_for(state="visible")


def test_desktop_links_focus_limits_times_copy_and_enter_while_streaming(site: Site):
    page = site.page(permissions=["clipboard-read", "clipboard-write"])
    console_errors: list[str] = []
    page.on("console", lambda message: message.type == "error" and console_errors.append(message.text))
    page.goto(site.url("/"))
    open_widget(page)
    assert page.locator(f"{W} .panel").get_attribute("aria-modal") == "false"  # a panel beside the page

    # Phone numbers and emails in a reply are tel:/mailto: links.
    send(page, "how do I contact you?")
    page.get_by_text("any time.").wait_for()
    wait_idle(page)
    reply = page.locator(f"{W} .msg-assistant").last
    assert reply.get_by_role("link", name="(631) 595-5100").get_attribute("href") == "tel:+16315955100"
    assert reply.get_by_role("link", name="info@totetaxi.com").get_attribute("href") == "mailto:info@totetaxi.com"

    # Time (relative, exact on hover) and Copy on the reply.
    time_el = reply.locator("time.msg-time")
    assert time_el.inner_text() == "just now"
    assert time_el.get_attribute("title") and time_el.get_attribute("datetime")
    assert page.locator(f"{W} .msg-user time.msg-time").inner_text() == "just now"
    reply.get_by_role("button", name="Copy reply").click()
    reply.get_by_role("button", name="Copied").wait_for()
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == "You can call us at (631) 595-5100 or email info@totetaxi.com any time."

    # Tab and Shift+Tab stay with the open chat (desktop: non-modal, but Tab does not wander off).
    page.locator(f"{W} textarea").focus()
    for key in ["Tab"] * 12 + ["Shift+Tab"] * 12:
        page.keyboard.press(key)
        assert page.evaluate(ACTIVE_IN_WIDGET), f"focus left the chat after {key}"

    # The counter warns near the limit; over it, Send refuses with a message and keeps every character.
    box = page.locator(f"{W} textarea")
    box.fill("x" * 460)
    count = page.locator(f"{W} .count")
    assert count.inner_text() == "40 characters left" and count.get_attribute("data-state") == "warn"
    long_text = "y" * 600
    box.fill(long_text)
    assert count.inner_text() == "100 over the 500-character limit"
    box.press("Enter")
    note = page.locator(f"{W} .composer-note")
    note.wait_for()
    assert "600 characters; the limit is 500" in note.inner_text()
    assert box.input_value() == long_text  # not truncated, not sent
    assert page.locator(f"{W} .msg-user").count() == 1
    site.screenshot(page, "desktop-lm-1-links-copy-limit")
    box.fill("ok")
    assert note.is_hidden()

    # Enter while a reply streams says what to do instead of doing nothing.
    send(page, "tell me a tool story")
    page.locator(f"{W} .tool-line.ok").last.wait_for()
    page.get_by_text("word3").wait_for()
    box.fill("one more thing")
    box.press("Enter")
    assert note.inner_text() == "Wait for the reply or press Stop."
    assert box.input_value() == "one more thing"
    site.screenshot(page, "desktop-lm-2-enter-while-streaming")
    page.locator(f"{W} button.stop").click()
    page.get_by_text("You stopped this reply.").wait_for()
    assert note.is_hidden()
    # The stopped reply can be rated too (its id is read back from the stored transcript).
    page.locator(f"{W} .msg-assistant").last.get_by_role("button", name="Not helpful").wait_for()

    # After a reload the stopped reply comes back with its tool line and the interrupted note.
    page.reload()
    page.get_by_text("This reply was interrupted.").wait_for()
    restored = page.locator(f"{W} .msg-assistant").last
    assert restored.locator(".tool-line.ok em").inner_text() == "Checking service area…"
    assert restored.locator(".bubble-text").inner_text().startswith("word0 word1")
    assert len(restored.locator(".bubble-text").inner_text().split()) < len(STORY)
    assert restored.get_by_role("button", name="Not helpful").count() == 1
    assert page.js_errors == []
    assert not [e for e in console_errors if "Content Security Policy" in e], console_errors  # CSP-clean widget


def test_phone_is_a_modal_dialog_with_scroll_lock_and_16px_inputs(site: Site):
    page = site.page(MOBILE)
    page.goto(site.url("/"))
    open_widget(page)
    panel = page.locator(f"{W} .panel")
    assert panel.get_attribute("aria-modal") == "true"
    assert page.locator(f"{W} textarea").evaluate("el => getComputedStyle(el).fontSize") == "16px"  # no iOS zoom
    # The page behind is inert and does not scroll.
    assert page.evaluate(
        "[...document.body.children].filter(el => el.tagName !== 'SCRIPT' && !el.contains(document.querySelector('totetaxi-assistant'))).every(el => el.inert)"
    )
    assert page.evaluate("getComputedStyle(document.documentElement).overflow") == "hidden"
    page.mouse.wheel(0, 800)
    page.wait_for_timeout(150)
    assert page.evaluate("window.scrollY") == 0
    for key in ["Tab"] * 8 + ["Shift+Tab"] * 8:
        page.keyboard.press(key)
        assert page.evaluate(ACTIVE_IN_WIDGET)
    send(page, "contact")
    page.get_by_text("any time.").wait_for()
    wait_idle(page)
    site.screenshot(page, "mobile-lm-1-modal-links")

    box = page.locator(f"{W} textarea")
    box.fill("z" * 520)
    page.locator(f"{W} button.send").click()
    page.locator(f"{W} .composer-note").wait_for()
    site.screenshot(page, "mobile-lm-2-too-long")

    page.keyboard.press("Escape")
    panel.wait_for(state="hidden")
    assert page.evaluate(SHADOW_ACTIVE) == "launcher"  # focus returns to the bubble
    assert page.evaluate("[...document.body.children].some(el => el.inert)") is False
    assert page.evaluate("getComputedStyle(document.documentElement).overflow") != "hidden"
    page.mouse.wheel(0, 800)
    page.wait_for_function("() => window.scrollY > 0")  # a function, not an expression: the CSP refuses eval


def test_thumbs_down_with_a_comment_reaches_the_admin_and_no_one_else(site: Site):
    page = site.page()
    site.sign_in(page, "alice", "totetaxi-demo")
    open_widget(page)
    send(page, "Do you serve 11954?")
    page.get_by_text("Yes, we serve 11954").wait_for()
    wait_idle(page)
    reply = page.locator(f"{W} .msg-assistant").last
    reply.get_by_role("button", name="Not helpful").click()
    comment = reply.get_by_role("textbox", name="What was wrong? (optional)")
    comment.wait_for()
    assert page.evaluate(f"document.querySelector('{W}').shadowRoot.activeElement.className") == "fb-text"
    comment.fill("I asked about Montauk pricing")
    site.screenshot(page, "desktop-lm-3-feedback-comment")
    reply.get_by_role("button", name="Send feedback").click()
    reply.get_by_text("Thanks — this helps us fix it.").wait_for()
    assert reply.get_by_role("button", name="Not helpful").get_attribute("aria-pressed") == "true"
    thread_id = page.evaluate("sessionStorage.getItem('totetaxi-assistant-thread')")
    row = ReplyFeedback.objects.get(thread_id=thread_id)
    assert (row.rating, row.comment, row.question) == ("down", "I asked about Montauk pricing", "Do you serve 11954?")
    assert row.reply.startswith("Yes, we serve 11954") and [t["name"] for t in row.tools] == ["check_zip_coverage"]

    # The thumbs survive navigation.
    page.reload()
    page.get_by_text("Yes, we serve 11954").wait_for()
    restored = page.locator(f"{W} .msg-assistant").last.get_by_role("button", name="Not helpful")
    assert restored.get_attribute("aria-pressed") == "true"

    # Bob can neither rate nor read Alice's reply: the same 404 as a thread that does not exist.
    bob = site.page()
    site.sign_in(bob, "bob", "totetaxi-demo")
    probe = """async ([threadId, messageId]) => {
      const csrf = (await (await fetch('/api/assistant/csrf/')).json()).csrf_token;
      const post = (id) => fetch(`/api/assistant/threads/${id}/feedback/`, {method: 'POST',
        headers: {'Content-Type': 'application/json', 'X-CSRFToken': csrf},
        body: JSON.stringify({message_id: messageId, rating: 'up'})});
      const theirs = await post(threadId), missing = await post('00000000-0000-4000-8000-000000000000');
      const read = await fetch(`/api/assistant/threads/${threadId}/`);
      return [theirs.status, await theirs.json(), missing.status, await missing.json(), read.status];
    }"""
    theirs, theirs_body, missing, missing_body, read = bob.evaluate(probe, [thread_id, row.message_id])
    assert (theirs, missing, read) == (404, 404, 404) and theirs_body == missing_body
    assert ReplyFeedback.objects.get(pk=row.pk).rating == "down"

    # Staff see it in "answers customers disliked" with the question, the reply, the tools and the comment.
    staff = site.page()
    site.sign_in(staff, "staff", "totetaxi-staff")
    staff.goto(site.url("/admin/assistant/dislikedanswer/"))
    table = staff.locator("#result_list")
    for text in ["Do you serve 11954?", "Yes, we serve 11954", "check_zip_coverage", "I asked about Montauk pricing"]:
        assert text in table.inner_text(), text
    assert staff.get_by_role("link", name="Mode").count() + staff.get_by_text("By mode").count() >= 1  # filter
    site.screenshot(staff, "desktop-lm-4-admin-disliked")
    staff.goto(site.url("/admin/assistant/feedbackday/"))
    assert staff.locator("#feedback-per-day tfoot").inner_text().split() == ["Total", "0", "1", "1"]
