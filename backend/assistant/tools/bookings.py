"""lookup_booking_status / lookup_booking_history: the signed-in customer's own bookings only.

The user id comes from the run's deps; neither tool has an argument that could name another customer.
"""

from __future__ import annotations

import datetime as dt

from pydantic import Field, field_validator

from common.money import dollars

from ..deps import ChatDeps
from .args import ToolArgs
from .results import ResultModel, ToolResult, answers_domain_errors, ok, refused

_RECENT = 5


class LookupBookingStatusArgs(ToolArgs):
    booking_number: str | None = Field(
        None,
        max_length=20,
        description="Optional booking number like TT-000123 to look up one booking; omit to list the 5 newest.",
    )

    @field_validator("booking_number")
    @classmethod
    def _normalise(cls, value: str | None) -> str | None:
        return value.strip().upper() if value else None


class LookupBookingHistoryArgs(ToolArgs):
    pass


class BookingResult(ResultModel):
    booking_number: str
    service_type: str
    service_label: str
    status: str
    pickup_date: dt.date | None
    pickup_time_label: str | None
    total: str


class BookingStatusResult(ResultModel):
    bookings: list[BookingResult]


class BookingHistoryResult(ResultModel):
    total_bookings: int
    completed: int
    upcoming: int
    total_spent: str
    by_status: dict[str, int]


def sign_in_required(deps: ChatDeps) -> ToolResult:
    return refused("sign_in_required", deps.config.agent.sign_in_message)


@answers_domain_errors
def lookup_booking_status(deps: ChatDeps, args: LookupBookingStatusArgs) -> ToolResult:
    if deps.user_id is None:
        return sign_in_required(deps)
    from bookings.selectors import customer_booking, recent_bookings

    if args.booking_number is None:
        summaries = recent_bookings(user_id=deps.user_id, limit=_RECENT)
    else:
        found = customer_booking(user_id=deps.user_id, booking_number=args.booking_number)
        summaries = [] if found is None else [found]
        if not summaries:
            return refused(
                "booking_not_found",
                f"I couldn't find booking {args.booking_number} on your account.",
                "booking_number",
            )
    return ok(BookingStatusResult(bookings=[_booking(s) for s in summaries]))


@answers_domain_errors
def lookup_booking_history(deps: ChatDeps, args: LookupBookingHistoryArgs) -> ToolResult:
    if deps.user_id is None:
        return sign_in_required(deps)
    from bookings.selectors import booking_history

    history = booking_history(user_id=deps.user_id, now=deps.now)
    return ok(
        BookingHistoryResult(
            total_bookings=history.total_bookings,
            completed=history.completed,
            upcoming=history.upcoming,
            total_spent=dollars(history.total_spent),
            by_status=history.by_status,
        )
    )


def _booking(summary) -> BookingResult:  # noqa: ANN001 - bookings.selectors.BookingSummary
    return BookingResult(
        booking_number=summary.booking_number,
        service_type=summary.service_type,
        service_label=summary.service_label,
        status=summary.status,
        pickup_date=summary.pickup_date,
        pickup_time_label=summary.pickup_time_label,
        total=dollars(summary.total),
    )
