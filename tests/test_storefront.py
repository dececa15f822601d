"""The demo storefront: pages, the widget tag (customer pages only), sign-in, /staff, and the /book price API."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from catalogue.models import MiniMovePackage, SpecialtyItem, StandardDeliveryConfig
from catalogue.pricing import QuoteRequest, quote
from common.money import dollars

pytestmark = pytest.mark.django_db

WIDGET_TAG = "<totetaxi-assistant"
WIDGET_SCRIPT = "/static/assistant/widget.js"


@pytest.fixture
def staff_user():
    return get_user_model().objects.create_user(username="staff", password="staff-pass", is_staff=True)


@pytest.fixture
def customer():
    return get_user_model().objects.create_user(username="alice", password="alice-pass", first_name="Alice")


@pytest.mark.parametrize("path", ["/", "/services/", "/book/", "/signin/"])
def test_customer_pages_render_with_the_widget_once(client: Client, path: str):
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count(WIDGET_TAG) == 1
    assert html.count(WIDGET_SCRIPT) == 1
    assert 'book-url="/book/"' in html


def test_signed_in_customer_sees_sign_out(client: Client, customer):
    # The widget's personal greeting comes from GET /api/assistant/widget/ (tests/test_widget_offer.py).
    client.force_login(customer)
    assert "Sign out" in client.get("/").content.decode()


def test_staff_page_has_no_widget(client: Client, staff_user):
    client.force_login(staff_user)
    response = client.get("/staff/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Recent bookings" in html
    assert WIDGET_TAG not in html and WIDGET_SCRIPT not in html


def test_widget_tag_refuses_staff_paths_even_if_included(rf, customer):
    from django.template import Context, Template

    template = Template("{% load assistant_widget %}{% assistant_widget %}")
    for path, shown in [("/staff/", False), ("/staff/bookings/", False), ("/admin/", False), ("/services/", True)]:
        request = rf.get(path)
        request.user = customer
        assert (WIDGET_TAG in template.render(Context({"request": request}))) is shown, path


def test_staff_page_sends_a_signed_out_visitor_to_sign_in(client: Client):
    response = client.get("/staff/")
    assert response.status_code == 302
    assert response["Location"].startswith("/signin/?next=/staff/")


def test_staff_page_refuses_a_signed_in_customer_with_403_not_a_loop(client: Client, customer):
    client.force_login(customer)
    response = client.get("/staff/")
    assert response.status_code == 403
    html = response.content.decode()
    assert "staff only" in html
    assert "Recent bookings" not in html


def test_sign_in_and_out(client: Client, customer):
    bad = client.post("/signin/", {"username": "alice", "password": "wrong"})
    assert bad.status_code == 200 and "didn't match" in bad.content.decode()
    response = client.post("/signin/", {"username": "alice", "password": "alice-pass", "next": "/services/"})
    assert response.status_code == 302 and response["Location"] == "/services/"
    assert client.get("/").wsgi_request.user.is_authenticated
    assert client.post("/signout/").status_code == 302
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_signing_in_or_out_ends_the_anonymous_chats_ownership(client: Client, customer):
    # An anonymous visitor's threads are owned by their key (assistant/visitor.py), never by the account
    # they sign in to, nor by whoever uses the browser after they sign out.
    client.cookies["totetaxi_chat"] = "k" * 32
    signed_in = client.post("/signin/", {"username": "alice", "password": "alice-pass"})
    assert signed_in.status_code == 302 and signed_in.cookies["totetaxi_chat"].value == ""
    client.cookies["totetaxi_chat"] = "k" * 32
    signed_out = client.post("/signout/")
    assert signed_out.status_code == 302 and signed_out.cookies["totetaxi_chat"].value == ""
    failed = client.post("/signin/", {"username": "alice", "password": "wrong"})
    assert "totetaxi_chat" not in failed.cookies  # a failed sign-in changes nothing


def test_services_prices_come_from_the_catalogue(client: Client):
    petite = MiniMovePackage.objects.get(package_type="petite")
    html = client.get("/services/").content.decode()
    assert f'data-testid="price-petite">${petite.base_price:,.2f}<' in html
    delivery = StandardDeliveryConfig.load()
    assert f"${delivery.price_per_item:.2f}" in html
    # A staff edit in the admin shows up on the next page view: nothing is hard-coded in the template.
    petite.base_price = Decimal("1011.00")
    petite.save()
    assert 'data-testid="price-petite">$1,011.00<' in client.get("/services/").content.decode()


# ---------------------------------------------------------------- /api/pricing/quote/


def post_quote(client: Client, payload: object) -> tuple[int, dict]:
    response = client.post("/api/pricing/quote/", data=json.dumps(payload), content_type="application/json")
    return response.status_code, response.json()


@pytest.mark.parametrize(
    "payload",
    [
        {"service_type": "standard_delivery", "standard_delivery_item_count": 2},
        {"service_type": "mini_move", "package_type": "petite", "coi_required": True},
        {
            "service_type": "mini_move",
            "package_type": "standard",
            "include_packing": True,
            "pickup_zip": "07030",
            "delivery_zip": "11937",
        },
        {"service_type": "blade_transfer", "blade_bag_count": 1, "blade_airport": "JFK"},
    ],
)
def test_quote_api_is_the_one_calculator(client: Client, payload: dict):
    status, body = post_quote(client, payload)
    expected = quote(QuoteRequest.model_validate(payload))
    assert status == 200, body
    assert body["total"] == dollars(expected.total)
    assert [(line["label"], line["amount"]) for line in body["line_items"]] == [
        (line.label, dollars(line.amount)) for line in expected.line_items
    ]
    assert body["notes"] == expected.notes


def test_quote_api_worked_examples(client: Client):
    # domain.md §8 #1 and the COI part of #8, without dates (no weekend rule applies).
    assert (
        post_quote(client, {"service_type": "standard_delivery", "standard_delivery_item_count": 2})[1]["total"]
        == "285.00"
    )
    assert (
        post_quote(client, {"service_type": "mini_move", "package_type": "petite", "coi_required": True})[1]["total"]
        == "1045.00"
    )


def test_quote_api_explains_refusals(client: Client):
    status, body = post_quote(client, {"service_type": "standard_delivery", "standard_delivery_item_count": 2,
                                       "pickup_zip": "11101", "delivery_zip": "10001"})  # fmt: skip
    assert status == 400
    assert body["error"]["code"] == "outside_service_area"
    assert "11101" in body["error"]["message"]

    status, body = post_quote(client, {"service_type": "mini_move", "package_type": "huge"})
    assert status == 400 and body["error"]["code"] == "invalid_request" and body["error"]["field"] == "package_type"

    status, body = post_quote(client, {"service_type": "mini_move", "surprise": 1})
    assert status == 400 and body["error"]["field"] == "surprise"

    response = client.post("/api/pricing/quote/", data="{nope", content_type="application/json")
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_json"


def test_quote_api_is_post_only_and_csrf_protected():
    client = Client(enforce_csrf_checks=True)
    assert client.get("/api/pricing/quote/").status_code == 405
    response = client.post("/api/pricing/quote/", data="{}", content_type="application/json")
    assert response.status_code == 403
    # The /book page sets the cookie its price box needs.
    page = client.get("/book/")
    token = page.cookies["csrftoken"].value
    ok = client.post(
        "/api/pricing/quote/",
        data=json.dumps({"service_type": "standard_delivery", "standard_delivery_item_count": 3}),
        content_type="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert ok.status_code == 200 and ok.json()["total"] == "285.00"


def test_book_page_offers_catalogue_choices(client: Client):
    html = client.get("/book/").content.decode()
    for package in MiniMovePackage.objects.filter(is_active=True):
        assert f'<option value="{package.package_type}">' in html
    assert 'name="pickup_address.zip_code"' in html and 'name="blade_flight_date"' in html
    # Every active specialty item can be booked with a quantity, so a chat quote for one reaches /book whole.
    for item in SpecialtyItem.objects.filter(is_active=True):
        assert f'data-specialty="{item.slug}"' in html
    SpecialtyItem.objects.create(slug="bicycle", name="Bicycle", price=Decimal("250.00"))
    assert 'data-specialty="bicycle"' in client.get("/book/").content.decode()


def test_book_page_has_no_inline_script_or_handlers(client: Client):
    """CSP-ready: the wizard is wired up by site/book.js only."""
    html = client.get("/book/").content.decode()
    form = html[html.index('<form id="booking-form"') : html.index("</form>")]
    assert "<script" not in form and not re.search(r"\son[a-z]+=", form)
    book_script = re.search(r'<script type="module" src="[^"]*site/book\.js"></script>', html)
    assert book_script is not None


def test_staff_totals_have_thousands_separators() -> None:
    from storefront.templatetags.money import money

    assert money("8153.27") == "$8,153.27"
    assert money("285.00") == "$285.00"
    assert money("n/a") == "n/a"
