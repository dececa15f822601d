"""A signed-in customer's bookings, read-only and always scoped to one user id.

Guest bookings (no customer) and soft-deleted bookings never appear here.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django.db.models import QuerySet
from pydantic import BaseModel, ConfigDict

from bookings.models import Booking, BookingStatus
from catalogue.choices import ServiceType, pickup_time_label
from common.clock import today_ny

SPENT_STATUSES = (BookingStatus.PAID, BookingStatus.COMPLETED)
# What a customer means by "upcoming": a pickup still ahead (today counts) that isn't cancelled or done,
# whether it is paid, confirmed by staff or still awaiting payment. The one definition; nothing else decides.
NOT_UPCOMING_STATUSES = (BookingStatus.CANCELLED, BookingStatus.COMPLETED)


class BookingSummary(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    booking_number: str
    service_type: str
    service_label: str
    status: str
    pickup_date: date
    pickup_time_label: str
    total: Decimal


class BookingHistory(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    total_bookings: int
    completed: int
    upcoming: int
    total_spent: Decimal
    by_status: dict[str, int]  # every status the customer has, in lifecycle order: {"paid": 1, "pending": 2}


def customer_bookings(*, user_id: int) -> QuerySet[Booking]:
    return Booking.objects.filter(customer_id=user_id, is_deleted=False)


def recent_bookings(*, user_id: int, limit: int = 5) -> list[BookingSummary]:
    """The newest bookings by creation time, any status."""
    rows = customer_bookings(user_id=user_id).order_by("-created_at", "-id")[:limit]
    return [summarise(row) for row in rows]


def customer_booking(*, user_id: int, booking_number: str) -> BookingSummary | None:
    """One of this customer's bookings by its number (exact match), however old; None if it is not theirs."""
    row = customer_bookings(user_id=user_id).filter(booking_number=booking_number).first()
    return None if row is None else summarise(row)


def is_upcoming(booking: Booking, *, today: date) -> bool:
    """Pickup today or later (New York date) and neither cancelled nor completed."""
    return booking.pickup_date >= today and booking.status not in NOT_UPCOMING_STATUSES


def booking_history(*, user_id: int, now: datetime | None = None) -> BookingHistory:
    """Counts (all, completed, upcoming, per status) and the amount spent on paid + completed bookings."""
    today = today_ny(now)
    rows = list(customer_bookings(user_id=user_id))
    statuses = [row.status for row in rows]
    return BookingHistory(
        total_bookings=len(rows),
        completed=statuses.count(BookingStatus.COMPLETED),
        upcoming=sum(1 for row in rows if is_upcoming(row, today=today)),
        by_status={status.value: statuses.count(status) for status in BookingStatus if status in statuses},
        # Summed in Python so the staff override (Booking.total) counts, on SQLite and PostgreSQL alike.
        total_spent=sum((row.total for row in rows if row.status in SPENT_STATUSES), Decimal("0.00")),
    )


def summarise(booking: Booking) -> BookingSummary:
    return BookingSummary(
        booking_number=booking.booking_number,
        service_type=booking.service_type,
        service_label=ServiceType(booking.service_type).label,
        status=booking.status,
        pickup_date=booking.pickup_date,
        pickup_time_label=pickup_time_label(booking.pickup_time, booking.specific_pickup_hour),
        total=booking.total,
    )
