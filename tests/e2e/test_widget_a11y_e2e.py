"""Issue 7 bullets the other browser tests did not pin (acceptance audit): every control has a name, keyboard
focus is visible, the default navy/cream theme and message alignment, the widget sits above page content,
and a provider failure answered by offline mode (start says "llm", done says "offline") shows the note."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from pydantic_ai.exceptions import ModelHTTPError
from pydantic_ai.models.function import FunctionModel

from tests.fixtures.browser import MOBILE, Site

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("browser")]

W = "totetaxi-assistant"
NAVY_900 = "rgb(15, 31, 61)"  # widget.css --navy-900: #0f1f3d
CREAM_100 = "rgb(251, 246, 236)"  # widget.css --cream-100: #fbf6ec

# Visible controls in the shadow root without an accessible name (aria-label, aria-labelledby, <label>, text).
UNNAMED_CONTROLS = """host => {
  const root = host.shadowRoot;
  const named = (el) => (el.getAttribute("aria-label") || "").trim()
    || (el.getAttribute("aria-labelledby") || "").split(" ").some((id) => (root.getElementById(id)?.textContent || "").trim())
    || [...(el.labels || [])].some((label) => label.textContent.trim())
    || (el.textContent || "").trim();
  return [...root.querySelectorAll("button, textarea, input, select, a[href]")]
    .filter((el) => el.getClientRects().length > 0 && !named(el))
    .map((el) => el.outerHTML.slice(0, 80));
}"""


def open_widget(page) -> None:
    page.locator(f"{W} .launcher").click()
    page.locator(f"{W} .panel").wait_for(state="visible")


def test_every_control_is_labelled_and_keyboard_focus_is_visible(site: Site):
    page = site.page()
    page.goto(site.url("/"))
    host = page.locator(W)
    assert host.evaluate(UNNAMED_CONTROLS) == []  # closed: the launcher
    page.keyboard.press("Tab")
    while not page.evaluate(f"document.activeElement.tagName.toLowerCase() === '{W}'"):
        page.keyboard.press("Tab")  # through the page's own links to the widget
    launcher = page.locator(f"{W} .launcher")
    outline = launcher.evaluate("el => [getComputedStyle(el).outlineStyle, getComputedStyle(el).outlineWidth]")
    assert outline == ["solid", "3px"], outline  # :focus-visible ring on keyboard focus
    page.keyboard.press("Enter")
    page.locator(f"{W} .panel").wait_for(state="visible")
    assert host.evaluate(UNNAMED_CONTROLS) == []  # open: starters, new, close, textarea, send
    assert page.get_by_role("textbox", name="Message").count() == 1
    assert page.get_by_role("button", name="Send message").count() == 1


def test_default_theme_alignment_and_stacking_above_the_page(site: Site):
    page = site.page()
    page.goto(site.url("/"))
    launcher = page.locator(f"{W} .launcher")
    box = launcher.bounding_box()
    # Nothing on the page covers the bubble: the topmost element at its centre is the widget.
    on_top = page.evaluate(
        "([x, y]) => document.elementFromPoint(x, y)?.tagName.toLowerCase()",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert on_top == W
    assert launcher.evaluate("el => getComputedStyle(el).backgroundColor") == NAVY_900
    open_widget(page)
    page.locator(f"{W} textarea").fill("hello")
    page.locator(f"{W} textarea").press("Enter")
    page.locator(f"{W} .msg-assistant .bubble").last.wait_for()
    page.locator(f"{W} button.send").wait_for(state="visible")
    user, assistant = page.locator(f"{W} .msg-user .bubble").last, page.locator(f"{W} .msg-assistant .bubble").last
    assert user.evaluate("el => getComputedStyle(el).backgroundColor") == NAVY_900
    assert assistant.evaluate("el => getComputedStyle(el).backgroundColor") == CREAM_100
    log = page.locator(f"{W} [role=log]").bounding_box()
    user_box, assistant_box = user.bounding_box(), assistant.bounding_box()
    # User right-aligned, assistant left-aligned within the message list.
    assert log["x"] + log["width"] - (user_box["x"] + user_box["width"]) < 32
    assert assistant_box["x"] - log["x"] < 32
    assert user_box["x"] > assistant_box["x"]


def test_provider_failure_answered_offline_shows_the_quick_answer_note(site: Site, monkeypatch):  # noqa: ANN001
    """Claude's side fails (HTTP 529): the offline model answers through the same stream and the widget
    says so, although the turn started in "llm" mode."""
    from assistant.agent import build_agent
    from assistant.offline import build_offline_model
    from assistant.offline.fallback import with_offline_fallback
    from assistant.runtime import Runtime
    from tests.chat_support import make_config

    async def overloaded(messages, info):  # noqa: ANN001, ANN202 - FunctionModel's stream signature
        raise ModelHTTPError(status_code=529, model_name="claude", body="overloaded")
        yield ""  # pragma: no cover - makes this an async generator

    config = make_config()
    claude = FunctionModel(stream_function=overloaded, model_name="claude")
    model = with_offline_fallback(claude, build_offline_model(config))
    runtime = Runtime(config=config, agent=build_agent(config, model=model), mode="llm", model_name="claude")
    monkeypatch.setattr("assistant.views.current_runtime", lambda: runtime)  # over the site's scripted runtime

    page = site.page()
    page.goto(site.url("/"))
    open_widget(page)
    assert page.locator(f"{W} .banner").is_hidden()  # llm mode: no note before the answer
    page.locator(f"{W} textarea").fill("Do you serve 11954?")
    page.locator(f"{W} textarea").press("Enter")
    page.get_by_text("Yes, we serve 11954").wait_for()
    banner = page.locator(f"{W} .banner")
    banner.wait_for(state="visible")
    assert banner.inner_text().startswith("Quick-answer mode")
    assert banner.locator("a[href^='tel:']").count() == 1 and banner.locator("a[href^='mailto:']").count() == 1
    assert page.js_errors == []


AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}


def axe_audit(page, label: str) -> dict[str, int]:
    """Run axe-core (WCAG 2.x A/AA rules, open shadow roots included) and return counts by impact."""
    if not page.evaluate("typeof window.axe === 'object'"):
        page.add_script_tag(path=str(AXE))
    # Contrast is judged on what settles on screen, not mid-way through the panel's fade-in.
    page.evaluate(
        f"Promise.all((document.querySelector('{W}')?.shadowRoot?.getAnimations() || [])"
        ".filter(a => isFinite(a.effect?.getTiming().iterations)).map(a => a.finished))"
    )
    violations = page.evaluate(
        "async () => (await axe.run(document, {runOnly: {type: 'tag', values: "
        "['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}, resultTypes: ['violations']})).violations"
        ".map(v => ({id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map(n => n.target.join(' ')).slice(0, 3)}))"
    )
    counts = {
        impact: sum(1 for v in violations if v["impact"] == impact)
        for impact in ("minor", "moderate", "serious", "critical")
    }
    sys.__stdout__.write(f"\naxe-core {label}: {counts} {[(v['id'], v['nodes']) for v in violations]}\n")
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    assert blocking == [], f"{label}: {blocking}"
    return counts


def test_axe_core_finds_no_serious_or_critical_violations(site: Site):
    """Home with the widget closed, open, and mid-stream; /book; and the open widget on a phone."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: run `make node-deps` (npm ci installs axe-core from package-lock.json)")
    page = site.page(bypass_csp=True)  # the audit script is injected inline; the site's CSP would refuse it
    page.goto(site.url("/"))
    axe_audit(page, "home, widget closed")
    open_widget(page)
    axe_audit(page, "home, widget open")
    page.locator(f"{W} textarea").fill("tell me a tool story")
    page.locator(f"{W} textarea").press("Enter")
    page.get_by_text("word3").wait_for()
    axe_audit(page, "home, mid-stream")
    assert page.locator(f"{W} button.stop").is_visible()  # still streaming when audited
    page.locator(f"{W} button.stop").click()
    page.goto(site.url("/book/"))
    axe_audit(page, "/book")

    phone = site.page(MOBILE, bypass_csp=True)
    phone.goto(site.url("/"))
    open_widget(phone)
    axe_audit(phone, "phone, widget open")
    phone.locator(f"{W} textarea").fill("contact")
    phone.locator(f"{W} textarea").press("Enter")
    phone.locator(f"{W} .msg-assistant").get_by_role("button", name="Not helpful").click()
    phone.locator(f"{W} .fb-form").wait_for()
    axe_audit(phone, "phone, reply with copy/thumbs and the feedback form")
    Site.screenshot(phone, "mobile-lm-3-feedback-form")
