"""Which pickup dates can be booked online (domain.md §2 cutoffs, §4 availability), in New York time."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Literal
from zoneinfo import ZoneInfo

from django.db.models import Count
from pydantic import BaseModel, ConfigDict

from bookings.models import Booking
from catalogue.choices import ServiceType, hour_label
from catalogue.models import BusinessSettings, SurchargeRule
from common.clock import now_ny
from common.errors import InvalidQuantityError, PastDateError, PickupDateBlockedError


class DayAvailability(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    date: date
    weekday: str
    status: Literal["available", "busy", "blocked"]
    blocked_reason: str | None
    is_weekend: bool
    surcharges: list[str]
    booking_count: int


def _local_now(settings: BusinessSettings, now: datetime | None) -> datetime:
    # The business clock, never the server's: a UTC server at 23:30 NY time is already "tomorrow".
    return now_ny(now).astimezone(ZoneInfo(settings.timezone))


def _blocked_reason(day: date, settings: BusinessSettings, now: datetime | None) -> str | None:
    local = _local_now(settings, now)
    today = local.date()
    if day < today:
        return None  # past dates are an error, not a blocked day
    if day == today:
        return f"Same-day pickups can't be booked online. Please {settings.contact_text}."
    if day == today + timedelta(days=1) and local.hour >= settings.booking_cutoff_hour:
        return (
            f"Online booking for tomorrow ({day:%A, %B} {day.day}) closes at "
            f"{hour_label(settings.booking_cutoff_hour)} the day before. "
            f"Please {settings.contact_text}."
        )
    return None


def _reject_past(day: date, settings: BusinessSettings, now: datetime | None, *, field: str) -> None:
    today = _local_now(settings, now).date()
    if day < today:
        raise PastDateError(
            f"{day:%A, %B} {day.day}, {day.year} ({day.isoformat()}) is in the past. "
            f"Please choose a date from {today.isoformat()} on.",
            field=field,
        )


def check_pickup_date(day: date, *, now: datetime | None = None, field: str = "pickup_date") -> None:
    """Raise PastDateError or PickupDateBlockedError unless `day` can be booked online right now."""
    settings = BusinessSettings.load()
    _reject_past(day, settings, now, field=field)
    reason = _blocked_reason(day, settings, now)
    if reason is not None:
        raise PickupDateBlockedError(f"{day.isoformat()} can't be booked online: {reason}", field=field)


def date_surcharge_rules(
    day: date, service_type: str | None = None, *, active_rules: list[SurchargeRule] | None = None
) -> list[SurchargeRule]:
    """Rules charged on `day`: matching peak rules when any charge something, else matching weekend rules.

    `service_type=None` means "any service" (availability shows names, not amounts). Airport: never.
    """
    if service_type == ServiceType.BLADE_TRANSFER:
        return []
    if active_rules is None:
        active_rules = list(SurchargeRule.objects.filter(is_active=True))
    rules = [
        rule for rule in active_rules if rule.matches(day) and (service_type is None or rule.applies_to(service_type))
    ]
    peak = [r for r in rules if r.is_peak and ((r.fixed_amount or 0) > 0 or (r.percentage or 0) > 0)]
    if peak:
        return peak
    return [r for r in rules if not r.is_peak]


def availability_range(*, start_date: date, num_days: int, now: datetime | None = None) -> list[DayAvailability]:
    """Exactly `num_days` days from `start_date`."""
    settings = BusinessSettings.load()
    if not 1 <= num_days <= settings.max_availability_days:
        raise InvalidQuantityError(
            f"{num_days} days is not a range I can check: choose between 1 and {settings.max_availability_days}.",
            field="num_days",
        )
    _reject_past(start_date, settings, now, field="start_date")
    left = (date.max - start_date).days + 1  # any valid date may arrive; arithmetic past date.max overflows
    if num_days > left:
        raise InvalidQuantityError(
            f"{num_days} days is not a range I can check from {start_date.isoformat()}: the calendar ends after "
            f"{left} day{'s' if left != 1 else ''}. Choose between 1 and {left}.",
            field="num_days",
        )
    days = [start_date + timedelta(days=offset) for offset in range(num_days)]
    counts = dict(
        Booking.objects.filter(is_deleted=False, pickup_date__range=(days[0], days[-1]))
        .values_list("pickup_date")
        .annotate(n=Count("id"))
    )
    rules = list(SurchargeRule.objects.filter(is_active=True))
    return [_day(day, counts.get(day, 0), settings, now, rules) for day in days]


def day_availability(day: date, *, now: datetime | None = None) -> DayAvailability:
    return availability_range(start_date=day, num_days=1, now=now)[0]


def _day(
    day: date, count: int, settings: BusinessSettings, now: datetime | None, rules: list[SurchargeRule]
) -> DayAvailability:
    reason = _blocked_reason(day, settings, now)
    if reason is not None:
        status = "blocked"
    elif count >= settings.busy_threshold:
        status = "busy"
    else:
        status = "available"
    names = list(dict.fromkeys(rule.name for rule in date_surcharge_rules(day, active_rules=rules)))
    return DayAvailability(
        date=day,
        weekday=f"{day:%A}",
        status=status,
        blocked_reason=reason,
        is_weekend=day.weekday() >= 5,
        surcharges=names,
        booking_count=count,
    )
