"""The strict Content-Security-Policy holds in a real browser: no page or widget state trips it.

Every page is served with `script-src 'self'; style-src 'self'` (no inline script, handler or style); a
violation would show as a `securitypolicyviolation` event and a "Refused to …" console message, both
collected here from the first byte of each page (init script) through a streamed reply in the widget.
"""

from __future__ import annotations

import pytest

from tests.fixtures.browser import Site

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("browser")]

W = "totetaxi-assistant"
COLLECT = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sourceFile}:${e.lineNumber}`);
}, true);
"""


def watched_page(site: Site):
    page = site.page()
    page.add_init_script(COLLECT)
    refused: list[str] = []
    page.on("console", lambda msg: refused.append(msg.text) if "Content Security Policy" in msg.text else None)
    page.refused = refused
    return page


def violations(page) -> list[str]:
    return page.evaluate("window.__csp") + page.refused


def visit(page, site: Site, path: str) -> None:
    response = page.goto(site.url(path))
    assert response is not None and response.ok, path
    assert "script-src 'self'" in response.headers["content-security-policy"], path
    page.wait_for_load_state("networkidle")


@pytest.mark.parametrize("path", ["/", "/services/", "/book/", "/signin/", "/no-such-page/"])
def test_public_pages_pass_the_policy(site: Site, path: str):
    page = watched_page(site)
    response = page.goto(site.url(path))
    assert "style-src 'self'" in response.headers["content-security-policy"]
    page.wait_for_load_state("networkidle")
    if path != "/no-such-page/":  # error pages are standalone (no widget)
        page.locator(f"{W} .launcher").wait_for(state="visible")  # the widget's stylesheet applied
    assert violations(page) == [], path
    assert page.js_errors == []


def test_widget_open_and_streaming_passes_the_policy(site: Site):
    page = watched_page(site)
    visit(page, site, "/")
    page.locator(f"{W} .launcher").click()
    page.locator(f"{W} .panel").wait_for(state="visible")
    page.locator(f"{W} textarea").fill("hello")
    page.locator(f"{W} textarea").press("Enter")
    page.locator(f"{W} .msg-assistant .bubble-text").first.wait_for()
    page.locator(f"{W} button.send").wait_for(state="visible")  # the stream ended
    page.locator(f"{W} textarea").fill("Do you serve 11954?")
    page.locator(f"{W} textarea").press("Enter")
    page.locator(f"{W} .tool-line.ok").wait_for()
    page.locator(f"{W} button.send").wait_for(state="visible")
    assert violations(page) == []
    assert page.js_errors == []


def test_book_wizard_and_staff_console_pass_the_policy(site: Site):
    page = watched_page(site)
    visit(page, site, "/book/")
    page.locator("#step-next").click()  # the wizard's script runs (price box, steps)
    site.sign_in(page, "staff", "totetaxi-staff")
    visit(page, site, "/staff/")
    assert page.get_by_text("Recent bookings").is_visible()
    visit(page, site, "/admin/")
    assert violations(page) == []
    assert page.js_errors == []
