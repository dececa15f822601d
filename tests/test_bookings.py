"""Bookings: numbering, stored totals from the one calculator, and the customer-scoped selectors."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import pytest

from bookings.models import Booking, next_booking_number
from bookings.selectors import booking_history, recent_bookings
from bookings.services import create_booking
from catalogue.airport import bags_ready_time
from catalogue.pricing import QuoteRequest, quote
from common.errors import InvalidQuantityError, MissingFieldError, OutsideServiceAreaError, PastDateError
from tests.fixtures.domain import EXAMPLE_NOW, SATURDAY

pytestmark = pytest.mark.django_db

TODAY = EXAMPLE_NOW.date()


def at(days_ago: int) -> datetime:
    return EXAMPLE_NOW - timedelta(days=days_ago)


def test_numbers_are_highest_plus_one(make_booking: Callable[..., Any]) -> None:
    assert next_booking_number() == "TT-000001"
    first = make_booking()
    assert first.booking_number == "TT-000001"
    Booking.objects.create(**_copy(first, booking_number="TT-000122"))
    make_booking(is_deleted=True)  # soft-deleted numbers are never reused
    assert Booking.objects.order_by("-id").first().booking_number == "TT-000123"
    assert make_booking().booking_number == "TT-000124"


def _copy(booking: Booking, **changes: Any) -> dict[str, Any]:
    fields = {f.name: getattr(booking, f.name) for f in Booking._meta.concrete_fields if f.name not in ("id",)}
    return fields | changes


def test_stored_total_is_the_quote_total(alice: Any) -> None:
    fields = {
        "service_type": "mini_move", "package_type": "petite", "coi_required": True, "pickup_date": SATURDAY,
        "pickup_address_line_1": "1 A St", "pickup_city": "New York", "pickup_zip": "10001",
        "delivery_address_line_1": "2 B St", "delivery_city": "Hoboken", "delivery_state": "NJ",
        "delivery_zip": "07030",
    }  # fmt: skip
    booking, priced = create_booking(fields=fields, customer=alice, now=EXAMPLE_NOW)
    expected = quote(QuoteRequest(service_type="mini_move", package_type="petite", coi_required=True,
                                  pickup_date=SATURDAY, pickup_zip="10001", delivery_zip="07030"), now=EXAMPLE_NOW)  # fmt: skip
    assert booking.total_price == priced.total == expected.total == Decimal("1395.00")  # 995 + 50 + 175 + 175
    assert booking.booking_number.startswith("TT-")


def test_booking_with_specialty_lines(alice: Any) -> None:
    fields = {
        "service_type": "standard_delivery", "standard_delivery_item_count": 2, "pickup_date": date(2026, 6, 21),
        "item_description": "Two boxes",
        "pickup_address_line_1": "1 A St", "pickup_city": "New York", "pickup_zip": "10001",
        "delivery_address_line_1": "2 B St", "delivery_city": "Brooklyn", "delivery_zip": "11215",
    }  # fmt: skip
    booking, _ = create_booking(fields=fields, customer=alice, specialty_items={"surfboard": 2}, now=EXAMPLE_NOW)
    assert booking.total_price == Decimal("1035.00")  # worked example 4
    assert [str(line) for line in booking.specialty_lines.all()] == ["2 × Surfboard"]


def test_booking_paths_check_both_addresses_and_dates() -> None:
    fields = {
        "service_type": "standard_delivery", "standard_delivery_item_count": 2, "pickup_date": date(2026, 6, 16),
        "item_description": "Two boxes",
        "pickup_address_line_1": "1 A St", "pickup_city": "New York", "pickup_zip": "10001",
        "delivery_address_line_1": "2 B St", "delivery_city": "Queens", "delivery_zip": "11101",
    }  # fmt: skip
    with pytest.raises(OutsideServiceAreaError):
        create_booking(fields=fields, now=EXAMPLE_NOW)
    with pytest.raises(PastDateError):
        create_booking(fields=fields | {"delivery_zip": "11215", "pickup_date": date(2026, 5, 1)}, now=EXAMPLE_NOW)
    assert not Booking.objects.exists()


def test_recent_is_five_newest_by_creation_any_status(alice: Any, make_booking: Callable[..., Any]) -> None:
    statuses = ["completed", "paid", "cancelled", "pending", "confirmed", "paid", "completed"]
    made = [make_booking(alice, status=s, created_at=at(days_ago=10 - i)) for i, s in enumerate(statuses)]
    recent = recent_bookings(user_id=alice.id)
    assert [r.booking_number for r in recent] == [b.booking_number for b in reversed(made)][:5]
    assert [r.status for r in recent] == ["completed", "paid", "confirmed", "pending", "cancelled"]
    assert recent_bookings(user_id=alice.id, limit=2) == recent[:2]


def test_summary_fields(alice: Any, make_booking: Callable[..., Any]) -> None:
    make_booking(alice, service_type="mini_move", package_type="standard", pickup_time="morning_specific",
                 specific_pickup_hour=9, total="1900.00", custom_total_override="1800.00")  # fmt: skip
    (summary,) = recent_bookings(user_id=alice.id)
    assert summary.model_dump() == {
        "booking_number": "TT-000001", "service_type": "mini_move", "service_label": "Mini Move", "status": "paid",
        "pickup_date": date(2026, 6, 16), "pickup_time_label": "9:00 AM - 10:00 AM (1-hour window)",
        "total": Decimal("1800.00"),
    }  # fmt: skip
    make_booking(alice, service_type="blade_transfer", created_at=datetime.now(UTC) + timedelta(hours=1))
    newest = recent_bookings(user_id=alice.id)[0]
    assert (newest.service_label, newest.pickup_time_label) == ("Airport Transfer", "8 AM - 11 AM")


def test_guest_and_soft_deleted_bookings_are_excluded(alice: Any, make_booking: Callable[..., Any]) -> None:
    make_booking(None, guest_email="guest@example.com")
    make_booking(alice, is_deleted=True)
    kept = make_booking(alice)
    assert [r.booking_number for r in recent_bookings(user_id=alice.id)] == [kept.booking_number]
    assert booking_history(user_id=alice.id, now=EXAMPLE_NOW).total_bookings == 1


def test_history_aggregates(alice: Any, make_booking: Callable[..., Any]) -> None:
    make_booking(alice, status="completed", pickup_date=TODAY - timedelta(days=30), total="1725.00")
    make_booking(alice, status="completed", pickup_date=TODAY - timedelta(days=9), total="285.00",
                 custom_total_override="250.00")  # fmt: skip
    make_booking(alice, status="paid", pickup_date=TODAY, total="525.00")  # today counts as upcoming
    make_booking(alice, status="paid", pickup_date=TODAY + timedelta(days=7), total="1220.00")
    make_booking(alice, status="paid", pickup_date=TODAY - timedelta(days=1), total="150.00")  # paid, past
    make_booking(alice, status="confirmed", pickup_date=TODAY + timedelta(days=3), total="995.00")  # upcoming
    make_booking(alice, status="pending", pickup_date=TODAY + timedelta(days=4), total="380.00")  # upcoming
    make_booking(alice, status="cancelled", pickup_date=TODAY + timedelta(days=5), total="4644.13")  # not upcoming
    history = booking_history(user_id=alice.id, now=EXAMPLE_NOW)
    assert history.model_dump() == {
        "total_bookings": 8, "completed": 2,
        "upcoming": 4,  # future (today counts) and not cancelled: paid ×2, confirmed, pending
        "total_spent": Decimal("3870.00"),  # 1725 + 250 + 525 + 1220 + 150
        "by_status": {"pending": 1, "confirmed": 1, "paid": 3, "completed": 2, "cancelled": 1},
    }  # fmt: skip
    assert list(history.by_status) == ["pending", "confirmed", "paid", "completed", "cancelled"]  # lifecycle order


def test_upcoming_uses_the_new_york_date(alice: Any, make_booking: Callable[..., Any]) -> None:
    make_booking(alice, status="paid", pickup_date=date(2026, 6, 1))
    # 02:00 UTC on June 2 is still June 1 in New York: the pickup is today, so upcoming.
    late = booking_history(user_id=alice.id, now=datetime(2026, 6, 2, 2, 0, tzinfo=UTC))
    assert late.upcoming == 1
    next_morning = booking_history(user_id=alice.id, now=datetime(2026, 6, 2, 5, 0, tzinfo=UTC))
    assert next_morning.upcoming == 0


def test_empty_history(alice: Any) -> None:
    assert booking_history(user_id=alice.id, now=EXAMPLE_NOW).model_dump() == {
        "total_bookings": 0, "completed": 0, "upcoming": 0, "total_spent": Decimal("0.00"), "by_status": {},
    }  # fmt: skip
    assert recent_bookings(user_id=alice.id) == []


def test_bob_never_sees_alice(alice: Any, bob: Any, make_booking: Callable[..., Any]) -> None:
    alice_numbers = {make_booking(alice, status=s).booking_number for s in ("paid", "completed", "pending")}
    bob_booking = make_booking(bob, status="completed", total="995.00")
    bob_recent = recent_bookings(user_id=bob.id)
    assert [r.booking_number for r in bob_recent] == [bob_booking.booking_number]
    assert not alice_numbers & {r.booking_number for r in bob_recent}
    assert booking_history(user_id=bob.id, now=EXAMPLE_NOW).model_dump() == {
        "total_bookings": 1, "completed": 1, "upcoming": 0, "total_spent": Decimal("995.00"),
        "by_status": {"completed": 1},
    }  # fmt: skip
    assert {r.booking_number for r in recent_bookings(user_id=alice.id)} == alice_numbers


def test_unknown_user_has_nothing() -> None:
    assert recent_bookings(user_id=987654) == []


AIRPORT_FIELDS = {
    "service_type": "blade_transfer", "blade_bag_count": 2, "blade_airport": "JFK", "blade_terminal": "4",
    "blade_flight_date": date(2026, 6, 16), "blade_flight_time": time(9, 30), "pickup_date": date(2026, 6, 16),
    "pickup_address_line_1": "1 A St", "pickup_city": "New York", "pickup_zip": "10001",
    "delivery_address_line_1": "JFK Airport", "delivery_city": "Jamaica", "delivery_zip": "11430",
}  # fmt: skip


def test_airport_booking_prices_and_needs_its_flight() -> None:
    booking, _ = create_booking(fields=AIRPORT_FIELDS, now=EXAMPLE_NOW)
    assert booking.total_price == Decimal("150.00")  # airport ZIP 11430 is not checked or charged
    refusals = {
        "blade_airport": (AIRPORT_FIELDS | {"blade_airport": ""}, "Which airport: JFK or EWR?"),
        "blade_flight_date": (AIRPORT_FIELDS | {"blade_flight_date": None}, "What is the flight date?"),
        "blade_flight_time": (AIRPORT_FIELDS | {"blade_flight_time": None}, "What time is the flight?"),
        "pickup_date": (
            AIRPORT_FIELDS | {"pickup_date": date(2026, 6, 17)},
            "For airport transfers the pickup date is the flight date (2026-06-16).",
        ),
    }
    for field, (fields, message) in refusals.items():
        with pytest.raises(MissingFieldError) as caught:
            create_booking(fields=fields, now=EXAMPLE_NOW)
        assert (caught.value.field, caught.value.message) == (field, message)


def test_delivery_booking_needs_a_short_description() -> None:
    fields = {
        "service_type": "standard_delivery", "standard_delivery_item_count": 2, "pickup_date": date(2026, 6, 16),
        "pickup_address_line_1": "1 A St", "pickup_city": "New York", "pickup_zip": "10001",
        "delivery_address_line_1": "2 B St", "delivery_city": "Brooklyn", "delivery_zip": "11215",
    }  # fmt: skip
    with pytest.raises(MissingFieldError) as caught:
        create_booking(fields=fields | {"item_description": "  "}, now=EXAMPLE_NOW)
    assert caught.value.message == "Please describe the items we're delivering."
    with pytest.raises(InvalidQuantityError) as too_long:
        create_booking(fields=fields | {"item_description": "x" * 501}, now=EXAMPLE_NOW)
    assert too_long.value.message == "The item description is 501 characters; please keep it to 500."


@pytest.mark.parametrize(("flight", "ready"), [(time(6, 0), time(5, 0)), (time(12, 59), time(5, 0)),
                                               (time(13, 0), time(10, 0)), (time(21, 0), time(10, 0))])  # fmt: skip
def test_bags_ready_time(flight: time, ready: time) -> None:
    assert bags_ready_time(flight) == ready
