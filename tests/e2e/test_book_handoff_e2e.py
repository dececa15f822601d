"""Chat → Start Booking → /book, in a real browser with the offline assistant (what a fresh install shows):
for one quote per service type, with its add-ons, the /book price equals the chat's quote to the cent and
every quoted field is on the form. Plus the wizard itself: one step at a time, only the chosen service's
fields, errors next to their fields, keyboard focus on the step heading.

Only invariants are asserted (chat total == /book total, line items equal, prefill == form): the shipped
wording and prices may change in a config PR without failing this test.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest

from common.clock import today_ny
from tests.fixtures.browser import ARTIFACTS, Site

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("browser")]

W = "totetaxi-assistant"


def _next(weekday: int, *, after: int) -> date:
    """The first given weekday (Mon=0) at least `after` days from today (New York)."""
    day = today_ny() + timedelta(days=after)
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _said(day: date) -> str:
    return f"{day:%B} {day.day}"


# (case id, what the customer asks, line codes the quote must contain so the case covers what it claims)
MATRIX = [
    ("standard-delivery-specialty-montauk", "2 surfboards and 2 bags from 10001 to 11954 next tuesday",
     {"base", "specialty_item", "geographic_surcharge"}),
    ("mini-move-package-packing-coi-window-weekend",
     f"how much is a standard mini move with packing, COI and a 9am window from 10019 to 11954 on "
     f"{_said(_next(5, after=10))}",
     {"base", "packing", "tax", "time_window", "geographic_surcharge", "date_surcharge"}),
    ("mini-move-petite-unpacking-coi-flexible",
     f"price for a petite mini move with unpacking and COI, flexible morning, from 11201 to 10003 on "
     f"{_said(_next(1, after=10))}",
     {"base", "coi", "unpacking", "tax"}),
    ("airport-transfer-bags-terminal",
     f"how much for 3 bags to JFK terminal 4 from 10023 on {_said(_next(0, after=10))}", {"base"}),
]  # fmt: skip


@pytest.fixture
def offline_site(chromium_browser, chat_server, monkeypatch) -> Iterator[Site]:
    """The live server with demo data and the offline assistant on the shipped agent_config/."""
    from django.core.management import call_command

    from assistant.agent import build_agent
    from assistant.offline import build_offline_model
    from assistant.runtime import Runtime
    from tests.chat_support import make_config

    call_command("seed_demo", stdout=io.StringIO())
    config = make_config()
    runtime = Runtime(
        config=config,
        agent=build_agent(config, model=build_offline_model(config)),
        mode="offline",
        model_name="offline",
    )
    monkeypatch.setattr("assistant.views.current_runtime", lambda: runtime)
    site = Site(base_url=chat_server, script=None, browser=chromium_browser, contexts=[])
    try:
        yield site
    finally:
        for context in site.contexts:
            context.close()


def _ask(page: Any, text: str) -> None:
    """Send a message and wait until the reply has finished (a new assistant message, the Send button back)."""
    replies = page.locator(f"{W} .msg-assistant")
    before = replies.count()
    page.locator(f"{W} textarea").fill(text)
    page.locator(f"{W} textarea").press("Enter")
    replies.nth(before).wait_for()
    page.locator(f"{W} button.send").wait_for(state="visible")


def _tool_results(page: Any, name: str) -> list[dict[str, Any]]:
    """What the chat showed, from the server's transcript of this browser's thread."""
    thread_id = page.evaluate("sessionStorage.getItem('totetaxi-assistant-thread')")
    body = page.request.get(f"/api/assistant/threads/{thread_id}/").json()
    return [t["data"] for m in body["messages"] for t in m.get("tools", []) if t["name"] == name]


def _money(amount: str) -> str:
    return f"${Decimal(amount):,.2f}"


def _form_value(page: Any, selector: str) -> Any:
    return page.locator(selector).evaluate(
        "el => el.type === 'checkbox' || el.type === 'radio' ? el.checked : el.value"
    )


def _assert_form_shows(page: Any, prefill: dict[str, Any]) -> None:
    """Every prefilled field is on the form with the prefilled value (specialty items by catalogue slug)."""
    for key, value in prefill.items():
        if key == "service_type":
            assert _form_value(page, f"input[name=service_type][value={value}]") is True
        elif key == "specialty_items":
            for item in value:
                assert _form_value(page, f"[data-specialty={item['item_type']}]") == str(item["quantity"])
        elif key in ("pickup_address", "delivery_address"):
            assert _form_value(page, f"#f-{key}-zip_code") == value["zip_code"], key
        elif key == "pickup_time":
            assert _form_value(page, f"input[name=pickup_time][value={value}]") is True
        elif key == "pickup_date" and prefill["service_type"] == "blade_transfer":
            assert _form_value(page, "#f-blade_flight_date") == value  # an airport's pickup date is the flight date
        elif isinstance(value, bool):
            assert _form_value(page, f"#f-{key}") is value, key
        else:
            assert _form_value(page, f"#f-{key}") == str(value), key


@pytest.mark.parametrize(("case", "question", "codes"), MATRIX, ids=[c[0] for c in MATRIX])
def test_book_prices_the_handoff_exactly_as_the_chat_quoted(offline_site: Site, case, question, codes):
    page = offline_site.page()
    page.goto(offline_site.url("/services/"))
    page.locator(f"{W} .launcher").click()
    _ask(page, question)
    (quoted,) = _tool_results(page, "get_pricing_estimate")
    assert quoted["ok"], quoted
    assert codes <= {line["code"] for line in quoted["line_items"]}, quoted["line_items"]
    _ask(page, "book it")
    (handoff,) = _tool_results(page, "build_booking_handoff")
    assert handoff["ok"], handoff
    reply = page.locator(f"{W} .msg-assistant .bubble-text").last.inner_text()
    assert "I've opened" not in reply  # the form opens when the customer presses Start Booking
    page.locator(f"{W} button.handoff").click()
    page.wait_for_url(offline_site.url("/book/"))

    total = page.locator("[data-testid=quote-total]")
    total.wait_for()
    page.wait_for_function(
        "expected => document.querySelector('[data-testid=quote-total]')?.textContent === expected",
        arg=_money(quoted["total"]),
    )
    lines = page.locator("#quote .lines").evaluate(
        "dl => [...dl.querySelectorAll('dt')].map(dt => [dt.textContent, dt.nextElementSibling.textContent])"
    )
    assert lines == [[line["label"], _money(line["amount"])] for line in quoted["line_items"]]
    _assert_form_shows(page, handoff["prefill_data"])
    if case.startswith("standard-delivery"):  # the example: /book showed $460 before specialty fields
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "book-after-surfboard-handoff.png"), full_page=True)
    assert page.js_errors == []


VISIBLE = "el => el.getClientRects().length > 0"
# Every form control, on every step, is named by a <label> (screen readers read it) and sits in a fieldset.
UNLABELLED = """() => [...document.querySelectorAll("#booking-form :is(input, select, textarea):not([type=hidden])")]
  .filter((el) => !([...el.labels].some((l) => l.textContent.trim())) || !el.closest("fieldset"))
  .map((el) => el.name)"""


def test_book_is_a_four_step_wizard_with_errors_beside_their_fields(offline_site: Site):
    page = offline_site.page()
    page.goto(offline_site.url("/book/"))
    page.locator("[data-testid=quote-total]").wait_for()
    visible = lambda selector: page.locator(selector).evaluate(VISIBLE)  # noqa: E731
    # Step 1, Mini Move: only the package fields; no other service's, no later step's, no Back.
    assert visible("#f-package_type") and not visible("#f-blade_bag_count") and not visible("#f-specialty-surfboard")
    assert not visible("#f-standard_delivery_item_count") and not visible("#f-pickup_date")
    assert not visible("#f-pickup_address-zip_code") and not visible("#step-back")
    assert page.locator(".steps li[aria-current=step]").inner_text() == "Service"
    unlabelled = page.evaluate(UNLABELLED)
    assert unlabelled == [], unlabelled

    page.locator("input[name=service_type][value=standard_delivery]").check()
    assert visible("#f-specialty-surfboard") and not visible("#f-package_type")
    page.locator("#f-standard_delivery_item_count").fill("2")
    page.locator("#step-next").click()
    error = page.locator("#err-f-item_description")
    error.wait_for()
    described = page.locator("#f-item_description")
    assert described.get_attribute("aria-invalid") == "true"
    assert "err-f-item_description" in described.get_attribute("aria-describedby")
    assert page.evaluate("document.activeElement.id") == "f-item_description"  # focus goes to the problem
    assert page.locator(".step[data-step='1'] .field-error").count() == 1

    described.fill("two duffels")
    page.keyboard.press("Tab")
    page.locator("#step-next").press("Enter")  # keyboard only
    page.locator(".step[data-step='2'] .step-title").wait_for()
    assert page.evaluate("document.activeElement.classList.contains('step-title')")
    assert page.evaluate("document.activeElement.closest('.step').dataset.step") == "2"
    assert visible("#f-pickup_date") and not visible("#f-package_type") and visible("#step-back")
    assert not visible("#f-blade_flight_date") and not visible("input[name=pickup_time][value=morning]")
    page.locator("#step-next").click()
    page.locator("#err-f-pickup_date").wait_for()  # no date yet

    page.locator("#f-pickup_date").fill(_next(2, after=10).isoformat())
    page.locator("#f-pickup_date").press("Enter")  # Enter in a field continues, checked like the button
    page.locator(".step[data-step='3'] .step-title").wait_for()
    page.locator("#f-pickup_address-zip_code").fill("11101")  # outside the area: the price service says so
    for side, street, city, zip_code in (("pickup_address", "1 Main St", "Queens", None),
                                         ("delivery_address", "2 Main St", "New York", "10001")):  # fmt: skip
        page.locator(f"#f-{side}-address_line_1").fill(street)
        page.locator(f"#f-{side}-city").fill(city)
        if zip_code:
            page.locator(f"#f-{side}-zip_code").fill(zip_code)
    page.locator("#step-next").click()
    zip_error = page.locator("#err-f-pickup_address-zip_code")
    zip_error.wait_for()
    assert "11101" in zip_error.inner_text()
    page.locator("#f-pickup_address-zip_code").fill("10019")
    page.locator("#step-next").click()
    page.locator(".step[data-step='4'] .step-title").wait_for()
    review = page.locator("#review").inner_text()
    assert "two duffels" in review and "10019" in review and not visible("#step-next")
    assert page.js_errors == []


def test_llm_airport_handoff_carries_the_flight_and_the_price(chromium_browser, chat_server, monkeypatch):
    """With a model (scripted here, real agent and tools): bags, airport, terminal, direction and the flight's
    date and time all reach /book, which prices them as the chat did."""
    from django.core.management import call_command

    from assistant.agent import build_agent
    from assistant.runtime import Runtime
    from tests.chat_support import ScriptedModel, ToolCall, make_config

    call_command("seed_demo", stdout=io.StringIO())
    flight = _next(3, after=12)
    quoted_args = {"service_type": "blade_transfer", "blade_bag_count": 4, "blade_airport": "EWR",
                   "blade_terminal": "C", "transfer_direction": "from_airport", "delivery_zip": "07030",
                   "pickup_date": flight.isoformat()}  # fmt: skip
    handoff_args = {**quoted_args, "blade_flight_date": flight.isoformat(), "blade_flight_time": "16:45"}
    del handoff_args["pickup_date"]
    script = ScriptedModel([
        ToolCall("get_pricing_estimate", quoted_args, id="q1"), ["Here", " is", " your", " price."],
        ToolCall("build_booking_handoff", handoff_args, id="h1"), ["Press", " Start Booking", " when ready."],
    ])  # fmt: skip
    config = make_config()
    runtime = Runtime(config=config, agent=build_agent(config, model=script.model()), mode="llm", model_name="scripted")
    monkeypatch.setattr("assistant.views.current_runtime", lambda: runtime)
    site = Site(base_url=chat_server, script=script, browser=chromium_browser, contexts=[])
    try:
        page = site.page()
        page.goto(site.url("/"))
        page.locator(f"{W} .launcher").click()
        _ask(page, "4 bags from Newark terminal C to Hoboken, how much?")
        (quoted,) = _tool_results(page, "get_pricing_estimate")
        _ask(page, "book it")
        (handoff,) = _tool_results(page, "build_booking_handoff")
        page.locator(f"{W} button.handoff").click()
        page.wait_for_url(site.url("/book/"))
        page.wait_for_function(
            "expected => document.querySelector('[data-testid=quote-total]')?.textContent === expected",
            arg=_money(quoted["total"]),
        )
        _assert_form_shows(page, handoff["prefill_data"])
        assert _form_value(page, "#f-blade_flight_time") == "16:45"
        visible = lambda selector: page.locator(selector).evaluate(VISIBLE)  # noqa: E731
        assert visible("#f-blade_bag_count") and not visible("#f-package_type") and not visible("#f-coi_required")
        assert page.js_errors == []
    finally:
        for context in site.contexts:
            context.close()
