"""check_availability: which pickup dates can be booked online, and which carry a date surcharge."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from ..deps import ChatDeps
from .args import ToolArgs
from .results import ResultModel, ToolResult, answers_domain_errors, ok


class CheckAvailabilityArgs(ToolArgs):
    start_date: dt.date = Field(description="First day to check, YYYY-MM-DD (New York date).")
    num_days: int = Field(7, ge=1, le=30, description="How many days to check, from start_date (1-30).")


class DayResult(ResultModel):
    date: dt.date
    weekday: str
    status: str  # available | busy | blocked
    blocked_reason: str | None
    is_weekend: bool
    surcharges: list[str]


class AvailabilityResult(ResultModel):
    days: list[DayResult] = Field(min_length=1)  # num_days is at least 1


@answers_domain_errors
def check_availability(deps: ChatDeps, args: CheckAvailabilityArgs) -> ToolResult:
    from catalogue.availability import availability_range

    days = availability_range(start_date=args.start_date, num_days=args.num_days, now=deps.now)
    # booking_count stays out on purpose: how busy the business is isn't the customer's (or the model's) concern.
    return ok(
        AvailabilityResult(
            days=[
                DayResult(
                    date=day.date,
                    weekday=day.weekday,
                    status=day.status,
                    blocked_reason=day.blocked_reason,
                    is_weekend=day.is_weekend,
                    surcharges=list(day.surcharges),
                )
                for day in days
            ]
        )
    )
