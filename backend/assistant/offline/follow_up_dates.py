"""A follow-up's day read against the day already quoted: "make it saturday instead", "the day after instead",
"what about the wednesday after that". dates.py reads a message on its own (a plain "saturday" is the coming
one); here the quoted day places it. Called by follow_ups.reinterpret.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from .dates import MONTH_WORD, WEEKDAY_NAME, bare_weekday, weekday_beside, weekday_index

# "what if we do it the day after instead", "a day earlier": next to the day already quoted.
_DAY_NEXT_TO = re.compile(
    r"\b(?:the )?day (after|before)\b(?=\s*(?:instead|then|that|it|$|[?.!,]))|\b(?:a|one) day (later|earlier)\b"
)
# "what about the wednesday after that", "the monday after": that weekday after (or before) the quoted day.
_WEEKDAY_NEXT_TO = re.compile(
    r"\b(mon|tue|wed|thu|fri|sat|sun)[a-z]*\s+(after|before)(?:\s+(?:that|then|it))?\s*(?=$|[?.!,]|instead)"
)

# "coming back the next fri", "the following monday": the first such weekday after the quoted day.
_FOLLOWING_WEEKDAY = re.compile(r"\bthe (?:next|following) (mon|tue|wed|thu|fri|sat|sun)[a-z]*\b")
# "cheaper if we do the 2nd?" after a quote for July 1: a day of the month with no month named.
_BARE_DAY_OF_MONTH = re.compile(r"\b(?:the )?(\d{1,2})(?:st|nd|rd|th)\b")
_WEEKDAY_WORD = re.compile(r"\b" + WEEKDAY_NAME + r"s?\b")


def reread_date(said: str, slots: dict[str, Any], earlier: Mapping[str, Any]) -> None:
    """Set the message's pickup day from the quoted one where its words lean on it."""
    if not earlier.get("pickup_date"):
        return
    quoted = date.fromisoformat(earlier["pickup_date"])
    if (m := _WEEKDAY_NEXT_TO.search(said)) is not None:
        _set_day(slots, weekday_beside(quoted, weekday_index(m.group(1)), after=m.group(2) == "after"))
    elif (m := _FOLLOWING_WEEKDAY.search(said)) is not None:
        _set_day(slots, weekday_beside(quoted, weekday_index(m.group(1)), after=True))
    elif "pickup_date" in slots and (m := _BARE_DAY_OF_MONTH.search(said)) and not MONTH_WORD.search(said):
        weekday = _WEEKDAY_WORD.search(said)  # "wed the 23rd": only a 23rd that is a Wednesday
        _nearest_day_of_month(int(m.group(1)), slots, quoted, weekday_index(weekday.group(1)) if weekday else None)
    elif "pickup_date" in slots:
        _same_week(said, slots, quoted)
    elif (m := _DAY_NEXT_TO.search(said)) is not None:
        _set_day(slots, quoted + timedelta(days=1 if (m.group(1) or m.group(2)) in ("after", "later") else -1))


def _nearest_day_of_month(number: int, slots: dict[str, Any], quoted: date, weekday: int | None = None) -> None:
    """'the 2nd' after a quote for July 1 is July 2, not June 2: of the days with that number not before the
    message's own reading (the coming one), the one nearest the quoted day."""
    said_day = date.fromisoformat(slots["pickup_date"])
    candidates = []
    for months_on in (-1, 0, 1):
        month_index = quoted.month - 1 + months_on
        year, month = quoted.year + month_index // 12, month_index % 12 + 1
        try:
            candidates.append(date(year, month, number))
        except ValueError:
            continue  # "the 31st" in a 30-day month
    possible = [day for day in candidates if day >= said_day and (weekday is None or day.weekday() == weekday)]
    if possible:
        _set_day(slots, min(possible, key=lambda day: abs((day - quoted).days)))


def _same_week(said: str, slots: dict[str, Any], quoted: date) -> None:
    """'make it saturday instead' after a quote for Friday the 12th: the Saturday of that week (the 13th), not
    the coming one; a weekday already past in that week stays the coming one."""
    said_day = date.fromisoformat(slots["pickup_date"])
    weekday = bare_weekday(said, said_day)
    if weekday is None:
        return
    day = quoted + timedelta(days=weekday - quoted.weekday())
    if day > said_day:
        _set_day(slots, day)


def _set_day(slots: dict[str, Any], day: date) -> None:
    slots["pickup_date"] = slots["first_date"] = day.isoformat()
    slots.pop("date_reading", None)  # how the message's own words were read no longer applies
