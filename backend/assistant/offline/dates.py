"""Dates as customers say them, for offline mode: one message and today's date in, a day or a span out.

Pure functions of (text, today); the text is already normalised (lower case, plain dashes). Where words allow
two readings ("next Friday" on a Tuesday) the reading keeps both, so the reply can say which one it took.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

_ISO_DATE = re.compile(r"\b(20\d\d)-(\d{1,2})-(\d{1,2})\b")
_SLASH_DATE = re.compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?(?![\d/])")
_MONTH_DAY = re.compile(
    r"\b(jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s*(20\d\d))?"
)
_DAY_MONTH = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\b"
)
_WEEKDAY = re.compile(
    r"\b(?:(next|this|coming|the coming)\s+)?(mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?\b"
)
_WEEKEND = re.compile(r"\b(next|this|the|coming|the coming)\s+week-?end\b")
_WEEK = re.compile(r"\b(next|this|the coming|coming)\s+week\b")


def _resolve(year: int | None, month: int, day: int, today: date) -> date | None:
    """A calendar date; without a year, the next one on or after today."""
    try:
        if year is not None:
            return date(year if year > 99 else 2000 + year, month, day)
        candidate = date(today.year, month, day)
        return candidate if candidate >= today else date(today.year + 1, month, day)
    except ValueError:
        return None


@dataclass(frozen=True)
class DateReading:
    """A date as the customer said it: the first day, how many days they asked about, and — when the words
    allow two readings ("next Friday" on a Tuesday) — the phrase and the other reading, for the reply to say."""

    day: date
    days: int = 1
    phrase: str | None = None
    other: date | None = None


def extract_date(text: str, today: date) -> date | None:
    """'today', 'tomorrow', 'next Friday', 'Dec 3', '3rd of December', '12/03', '2026-12-03' → a date."""
    reading = read_date(text, today)
    return reading.day if reading else None


def read_date(text: str, today: date) -> DateReading | None:
    """The date or span of days a message names (see DateReading), or None."""
    if re.search(r"\btoday\b|\btonight\b|\bthis (morning|afternoon)\b", text):
        return DateReading(today)
    if re.search(r"\b(tomorrow|tmrw|tmr|tomorow|tommorow|tommorrow)\b", text):
        return DateReading(today + timedelta(days=1))
    if m := _ISO_DATE.search(text):
        return _reading(_resolve(int(m.group(1)), int(m.group(2)), int(m.group(3)), today))
    if m := _MONTH_DAY.search(text):
        return _reading(
            _resolve(int(m.group(3)) if m.group(3) else None, MONTHS[m.group(1)[:3]], int(m.group(2)), today)
        )
    if m := _DAY_MONTH.search(text):
        return _reading(_resolve(None, MONTHS[m.group(2)[:3]], int(m.group(1)), today))
    if m := _SLASH_DATE.search(text):
        return _reading(_resolve(int(m.group(3)) if m.group(3) else None, int(m.group(1)), int(m.group(2)), today))
    if m := _WEEKDAY.search(text):
        return _weekday(m.group(1), m.group(2), m.group(0), today)
    if m := _WEEKEND.search(text):
        return _weekend(m.group(1), m.group(0), today)
    if m := _WEEK.search(text):
        monday = today - timedelta(days=today.weekday())
        if m.group(1) in ("next", "the coming", "coming"):
            return DateReading(monday + timedelta(days=7), 7)
        start = today + timedelta(days=1)
        return DateReading(start, max(1, (monday + timedelta(days=7) - start).days))
    return None


def _reading(day: date | None) -> DateReading | None:
    return DateReading(day) if day is not None else None


def _weekday(qualifier: str | None, name: str, phrase: str, today: date) -> DateReading:
    # "Friday" and "this Friday" mean the coming one ("Monday" on a Monday is the next one, never today).
    # "next Friday" said while this week's Friday is still ahead could be either Friday: it is read as the
    # coming one, and the reply says so and names the other, so the customer can correct it.
    target = next(i for i, weekday in enumerate(WEEKDAYS) if weekday.startswith(name[:3]))
    coming = today + timedelta(days=(target - today.weekday()) % 7 or 7)
    if qualifier == "next" and _same_week(coming, today):
        return DateReading(coming, 1, phrase, coming + timedelta(days=7))
    return DateReading(coming)


def _weekend(qualifier: str | None, phrase: str, today: date) -> DateReading:
    saturday = today + timedelta(days=(5 - today.weekday()) % 7)
    if today.weekday() == 6:  # Sunday: this weekend is today
        return DateReading(today, 1) if qualifier != "next" else DateReading(today + timedelta(days=6), 2)
    if qualifier == "next" and today.weekday() < 5:
        return DateReading(saturday + timedelta(days=7), 2, phrase, saturday)
    if qualifier == "next":
        return DateReading(saturday + timedelta(days=7), 2)
    return DateReading(saturday, 2 if saturday.weekday() == 5 else 1)


def _same_week(day: date, today: date) -> bool:
    return day - timedelta(days=day.weekday()) == today - timedelta(days=today.weekday())


def date_slots(text: str, today: date) -> dict[str, Any]:
    """The date slots a message states: pickup_date, first_date, date_span_days, date_reading."""
    slots: dict[str, Any] = {}
    if (reading := read_date(text, today)) is not None:
        slots["pickup_date"] = reading.day.isoformat()
        slots["first_date"] = min(reading.day, reading.other or reading.day).isoformat()
        if reading.days > 1:
            slots["date_span_days"] = reading.days
        if reading.phrase is not None and reading.other is not None:
            # Dates to check cover both readings: from the earlier day through the later one.
            slots["date_span_days"] = max(reading.days, abs((reading.day - reading.other).days) + 1)
            slots["date_reading"] = {
                "said": reading.phrase,
                "date": reading.day.isoformat(),
                "other": reading.other.isoformat(),
            }
    return slots
