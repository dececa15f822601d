""" "Now" in New York time, injectable so date rules (cutoffs, past dates) are testable."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

NEW_YORK = ZoneInfo("America/New_York")


def now_ny(now: datetime | None = None) -> datetime:
    """The given moment (or the real one) as an aware datetime in America/New_York."""
    if now is None:
        return datetime.now(NEW_YORK)
    if now.tzinfo is None:
        return now.replace(tzinfo=NEW_YORK)
    return now.astimezone(NEW_YORK)


def today_ny(now: datetime | None = None) -> date:
    return now_ny(now).date()
