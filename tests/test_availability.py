"""Online booking cutoffs and day availability (domain.md §2, §4), always in New York time."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from catalogue.availability import availability_range, check_pickup_date, day_availability
from common.clock import NEW_YORK
from common.errors import InvalidQuantityError, PastDateError, PickupDateBlockedError
from tests.fixtures.domain import EXAMPLE_NOW

pytestmark = pytest.mark.django_db

MON = date(2026, 6, 1)
TUE = date(2026, 6, 2)
WED = date(2026, 6, 3)
CONTACT = "Please call (555) 010-0199 or email hello@fixture-tote.example."


def ny(day: date, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=NEW_YORK)


@pytest.mark.parametrize(
    ("now", "tomorrow_blocked"),
    [(ny(MON, 17, 59, 59), False), (ny(MON, 18, 0), True), (ny(MON, 18, 0, 1), True), (ny(MON, 23, 59), True),
     (ny(MON, 0, 0), False), (ny(MON, 9, 0), False)],
)  # fmt: skip
def test_next_day_cutoff_at_six_pm(now: datetime, tomorrow_blocked: bool) -> None:
    if tomorrow_blocked:
        with pytest.raises(PickupDateBlockedError):
            check_pickup_date(TUE, now=now)
    else:
        check_pickup_date(TUE, now=now)
    check_pickup_date(WED, now=now)  # the day after tomorrow is always fine


def test_cutoff_message_names_the_date_and_time() -> None:
    with pytest.raises(PickupDateBlockedError) as caught:
        check_pickup_date(TUE, now=ny(MON, 18, 30))
    assert caught.value.as_dict() == {
        "code": "date_blocked",
        "field": "pickup_date",
        "message": "2026-06-02 can't be booked online: Online booking for tomorrow (Tuesday, June 2) closes at "
        f"6:00 PM the day before. {CONTACT}",
    }


def test_same_day_is_blocked_all_day() -> None:
    for now in (ny(MON, 0, 0), ny(MON, 7, 0), ny(MON, 23, 59)):
        with pytest.raises(PickupDateBlockedError) as caught:
            check_pickup_date(MON, now=now)
        assert caught.value.message == (
            f"2026-06-01 can't be booked online: Same-day pickups can't be booked online. {CONTACT}"
        )


def test_past_date_message() -> None:
    with pytest.raises(PastDateError) as caught:
        check_pickup_date(date(2026, 5, 31), now=ny(MON, 0, 0, 1))
    assert caught.value.as_dict() == {
        "code": "past_date",
        "field": "pickup_date",
        "message": "Sunday, May 31, 2026 (2026-05-31) is in the past. Please choose a date from 2026-06-01 on.",
    }


def test_midnight_rolls_the_day_over() -> None:
    # 23:59 Monday: Tuesday is "tomorrow after 6 PM" -> blocked. 00:01 Tuesday: Tuesday is "today" -> blocked,
    # Wednesday is tomorrow before 6 PM -> open, Monday is past.
    with pytest.raises(PickupDateBlockedError):
        check_pickup_date(TUE, now=ny(MON, 23, 59))
    check_pickup_date(WED, now=ny(TUE, 0, 1))
    with pytest.raises(PastDateError):
        check_pickup_date(MON, now=ny(TUE, 0, 1))


def test_server_clock_in_utc_is_converted_to_new_york() -> None:
    # 03:30 UTC on Tuesday is still 23:30 Monday in New York (EDT): Monday is today, not past; Tuesday is blocked.
    utc_now = datetime(2026, 6, 2, 3, 30, tzinfo=UTC)
    with pytest.raises(PickupDateBlockedError) as caught:
        check_pickup_date(MON, now=utc_now)
    assert "Same-day" in caught.value.message
    with pytest.raises(PickupDateBlockedError):
        check_pickup_date(TUE, now=utc_now)
    check_pickup_date(WED, now=utc_now)
    # 21:30 UTC is 17:30 in New York: tomorrow is still open, although it is past 18:00 in UTC.
    check_pickup_date(TUE, now=datetime(2026, 6, 1, 21, 30, tzinfo=UTC))


def test_winter_offset_is_handled() -> None:
    # In January New York is UTC-5: 22:59 UTC = 17:59 local (open), 23:00 UTC = 18:00 local (closed).
    check_pickup_date(date(2026, 1, 16), now=datetime(2026, 1, 15, 22, 59, tzinfo=UTC))
    with pytest.raises(PickupDateBlockedError):
        check_pickup_date(date(2026, 1, 16), now=datetime(2026, 1, 15, 23, 0, tzinfo=UTC))


def test_naive_now_means_new_york_time() -> None:
    with pytest.raises(PickupDateBlockedError):
        check_pickup_date(TUE, now=datetime(2026, 6, 1, 18, 0))


def test_cutoff_hour_is_data() -> None:
    from catalogue.models import BusinessSettings

    BusinessSettings.objects.update(booking_cutoff_hour=20)
    check_pickup_date(TUE, now=ny(MON, 19, 0))
    with pytest.raises(PickupDateBlockedError) as caught:
        check_pickup_date(TUE, now=ny(MON, 20, 0))
    assert "closes at 8:00 PM" in caught.value.message


def test_range_returns_exactly_num_days_with_status() -> None:
    days = availability_range(start_date=MON, num_days=7, now=ny(MON, 18, 30))
    assert [d.date for d in days] == [MON + timedelta(days=i) for i in range(7)]
    assert [d.status for d in days] == ["blocked", "blocked"] + ["available"] * 5
    assert days[0].blocked_reason == f"Same-day pickups can't be booked online. {CONTACT}"
    assert [d.weekday for d in days[:2]] == ["Monday", "Tuesday"]
    assert [d.is_weekend for d in days] == [False] * 5 + [True, True]


def test_surcharge_names_and_peak_override() -> None:
    days = {d.date: d for d in availability_range(start_date=date(2026, 6, 26), num_days=10, now=EXAMPLE_NOW)}
    assert days[date(2026, 6, 27)].surcharges == ["Weekend"]
    assert days[date(2026, 6, 29)].surcharges == []
    assert days[date(2026, 6, 30)].surcharges == ["End of June"]
    assert days[date(2026, 7, 4)].surcharges == ["Independence Day"]  # peak replaces the weekend rule


def test_busy_from_eight_non_deleted_bookings(make_booking: Callable[..., Any]) -> None:
    day = date(2026, 6, 10)
    for _ in range(7):
        make_booking(pickup_date=day, status="cancelled")  # any status counts
    make_booking(pickup_date=day, is_deleted=True)  # soft-deleted does not
    assert day_availability(day, now=EXAMPLE_NOW).model_dump() == {
        "date": day, "weekday": "Wednesday", "status": "available", "blocked_reason": None, "is_weekend": False,
        "surcharges": [], "booking_count": 7,
    }  # fmt: skip
    make_booking(pickup_date=day)
    busy = day_availability(day, now=EXAMPLE_NOW)
    assert (busy.status, busy.booking_count) == ("busy", 8)


def test_blocked_wins_over_busy(make_booking: Callable[..., Any]) -> None:
    for _ in range(8):
        make_booking(pickup_date=TUE)
    assert day_availability(TUE, now=ny(MON, 19, 0)).status == "blocked"


@pytest.mark.parametrize("num_days", [0, 31, -1])
def test_range_length_is_limited(num_days: int) -> None:
    with pytest.raises(InvalidQuantityError) as caught:
        availability_range(start_date=WED, num_days=num_days, now=EXAMPLE_NOW)
    assert caught.value.message == f"{num_days} days is not a range I can check: choose between 1 and 30."
    assert caught.value.field == "num_days"


def test_range_past_the_end_of_the_calendar_is_refused_not_a_crash() -> None:
    # A model (or `manage.py assistant tool`) may send any valid date; date arithmetic past 9999-12-31 overflows.
    with pytest.raises(InvalidQuantityError) as caught:
        availability_range(start_date=date(9999, 12, 30), num_days=7, now=EXAMPLE_NOW)
    assert caught.value.message == (
        "7 days is not a range I can check from 9999-12-30: the calendar ends after 2 days. Choose between 1 and 2."
    )
    assert caught.value.field == "num_days"
    assert [d.date for d in availability_range(start_date=date(9999, 12, 30), num_days=2, now=EXAMPLE_NOW)] == [
        date(9999, 12, 30), date(9999, 12, 31),
    ]  # fmt: skip


def test_range_of_thirty_is_allowed() -> None:
    assert len(availability_range(start_date=WED, num_days=30, now=EXAMPLE_NOW)) == 30


def test_range_rejects_past_start_in_new_york_time() -> None:
    with pytest.raises(PastDateError) as caught:
        availability_range(start_date=date(2026, 5, 31), num_days=3, now=EXAMPLE_NOW)
    assert caught.value.field == "start_date"
    # 01:00 UTC on June 1 is still May 31 in New York: May 31 is today (blocked), not past.
    days = availability_range(start_date=date(2026, 5, 31), num_days=1, now=datetime(2026, 6, 1, 1, 0, tzinfo=UTC))
    assert days[0].status == "blocked"
