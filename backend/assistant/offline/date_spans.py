"""Spans of days as customers say them: "between June 22 and 26", "first week of July", "this weekend",
"next week", "in two weeks", "end of the month", "Memorial Day weekend". Built on the single days dates.py
reads; a pure function of (text, today, holidays)."""

from __future__ import annotations

import calendar
import contextlib
import re
from collections.abc import Sequence
from datetime import date, timedelta

from .dates import MONTHS, DateReading, Mention, mentions
from .holidays import Holiday, find_holiday, holiday_weekend

_MONTH = (
    r"(january|jan|february|feb|march|mar|april|apr|may|june|jun|july|jul|august|aug|september|sept|sep|"
    r"october|oct|november|nov|december|dec|this month|next month|the month)"
)
_COUNT = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
          "ten": 10, "a couple of": 2, "a couple": 2, "couple of": 2, "couple": 2, "a few": 3, "few": 3}  # fmt: skip
_N = r"(\d{1,2}|" + "|".join(sorted(_COUNT, key=len, reverse=True)) + r")"
_JOIN = re.compile(r"\s*(?:-|to|through|thru|till|until|and|or|&)\s*(?:the\s+)?")
_BARE_END = re.compile(
    r"\s*(?:-|to|through|thru|till|until|and)\s*(?:the\s+)?(\d{1,2})(?:st|nd|rd|th)?\b(?!\s*(?::|am|pm|a\.m))"
)
_WEEK_OF = re.compile(r"\b(first|1st|second|2nd|third|3rd|fourth|4th|last|final) week (?:of|in) " + _MONTH + r"\b")
_PART_OF = re.compile(
    r"\b(early|beginning of|start of|mid|mid-|middle of|late|end of|the end of) ?(?:the )?" + _MONTH + r"\b"
)
_WHOLE_MONTH = re.compile(r"\b(?:(?:in|during|for|throughout|all of|the month of|sometime in)\s+)" + _MONTH + r"\b")
_THIS_MONTH = re.compile(r"\b(this|next) month\b")
_IN_N = re.compile(
    r"\b(in|within|over|in the next|over the next|within the next|the next) " + _N + r" (days?|weeks?)\b"
)
_N_FROM_NOW = re.compile(r"\b" + _N + r" (days?|weeks?) from (now|today)\b")
_WEEK_OF_DAY = re.compile(r"\bweek of\s+(?:the\s+)?$")
_DAY_BEFORE = re.compile(r"\b(?:the )?day (before|after)\s+$")
_WEEKEND_OF_DAY = re.compile(r"\bweek-?end of\s+(?:the\s+)?$")
_SOONEST = re.compile(
    r"\b(soonest|earliest|next available|first available|next open|first open|asap|as soon as possible)\b"
)
_WEEK_FROM = re.compile(r"\b(?:a|one) week from\s+")
# "this weekend", "over the weekend"; never "weekends" or "a weekend pickup", which ask about weekends in general.
_WEEKEND = re.compile(
    r"\b(next|this|the|coming|this coming|the coming|on the|over the|during the|for the|at the)\s+week-?end\b"
    r"(\s+after next)?"
)
_WEEK = re.compile(r"\b(next|this|the coming|coming|the week after next|end of (?:the|this)|later this) ?week\b")
_AFTER_NEXT = re.compile(r"\bweek after next\b")


def read_span(text: str, today: date, holidays: Sequence[Holiday] = ()) -> DateReading | None:
    """A span of more than one day the text names, or None (a single day is dates.py's)."""
    found = mentions(text, today, holidays)
    if (span := _between(text, found)) is not None:
        return span
    if (hit := find_holiday(text, holidays, today)) and re.match(r"\s*week-?end\b", text[hit.end :]):
        start, days = holiday_weekend(hit.day)
        return DateReading(start, days, text[hit.start : hit.end] + " weekend")
    for mention in found:  # "the week of July 6", "the weekend of the 11th"
        if _WEEK_OF_DAY.search(text[: mention.start]):
            return DateReading(mention.reading.day, 7)
        if before := _DAY_BEFORE.search(text[: mention.start]):  # "the day before thanksgiving"
            return DateReading(mention.reading.day + timedelta(days=-1 if before.group(1) == "before" else 1))
        if _WEEKEND_OF_DAY.search(text[: mention.start]):
            day = mention.reading.day
            saturday = day - timedelta(days=1) if day.weekday() == 6 else day + timedelta(days=(5 - day.weekday()) % 7)
            return DateReading(saturday, 2)
    # "when's the soonest you can come?": from tomorrow (today is never bookable online); "today, asap" names
    # its day, and the check of today says why it can't be booked online.
    if _SOONEST.search(text) and not found:
        return DateReading(today + timedelta(days=1), 7)
    if m := _WEEK_FROM.search(text):
        anchor = next((f for f in found if f.start == m.end()), None)
        base = anchor.reading.day if anchor else today if re.match(r"(now|today)\b", text[m.end() :]) else None
        if base is not None:
            return DateReading(base + timedelta(days=7))
    for pattern, reader in _NAMED:
        m = pattern.search(text)
        if m is None or any(f.start < m.end() and m.start() < f.end for f in found):
            continue
        reading = reader(m, today)
        if reading is not None:
            return reading
    return None


def _between(text: str, found: list[Mention]) -> DateReading | None:
    """Two days joined by 'to', 'through', 'and', '-' ("june 22 to june 26", "monday through thursday"), or a
    day and a bare day number ("june 22-26", "the 22nd to the 26th")."""
    for first, second in zip(found, found[1:], strict=False):
        if _JOIN.fullmatch(text[first.end : second.start]):
            start, end = first.reading.day, second.reading.day
            if first.kind == "ordinal" and second.kind != "ordinal":  # "the 6th to the 10th of july"
                with contextlib.suppress(ValueError):
                    start = end.replace(day=start.day)
            if end < start:
                end = end + timedelta(days=7) if (start - end).days < 7 else end.replace(year=end.year + 1)
            return _span(start, end)
    for first in found:
        m = _BARE_END.match(text, first.end)
        if m is None:
            continue
        start, day = first.reading.day, int(m.group(1))
        if day > start.day:
            try:
                return _span(start, start.replace(day=day))
            except ValueError:
                continue
    return None


def _span(start: date, end: date) -> DateReading | None:
    days = (end - start).days + 1
    return DateReading(start, days) if days > 1 else None


def _month(word: str, today: date) -> tuple[int, int]:
    """(year, month) a month word names: 'this month', 'next month', or a month name (next one if past)."""
    if word in ("this month", "the month"):
        return today.year, today.month
    if word == "next month":
        return (today.year + 1, 1) if today.month == 12 else (today.year, today.month + 1)
    month = MONTHS[word[:3]]
    return (today.year, month) if month >= today.month else (today.year + 1, month)


def _days_of(year: int, month: int, first: int, last: int, today: date) -> DateReading | None:
    """Days `first`..`last` of a month, from today on if the span has begun (None if it is all past)."""
    last = min(last, calendar.monthrange(year, month)[1])
    start, end = date(year, month, first), date(year, month, last)
    start = max(start, today)
    if end < start:
        return None
    return DateReading(start, (end - start).days + 1)


def _week_of(m: re.Match[str], today: date) -> DateReading | None:
    year, month = _month(m.group(2), today)
    which = m.group(1)
    if which in ("last", "final"):
        end = calendar.monthrange(year, month)[1]
        return _days_of(year, month, end - 6, end, today)
    n = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}[which]
    return _days_of(year, month, 7 * n - 6, 7 * n, today)


def _part_of(m: re.Match[str], today: date) -> DateReading | None:
    year, month = _month(m.group(2), today)
    end = calendar.monthrange(year, month)[1]
    first, last = {
        "early": (1, 10), "beginning of": (1, 7), "start of": (1, 7), "mid": (10, 20), "mid-": (10, 20),
        "middle of": (10, 20), "late": (21, end), "end of": (end - 6, end), "the end of": (end - 6, end),
    }[m.group(1)]  # fmt: skip
    return _days_of(year, month, first, last, today)


def _whole_month(m: re.Match[str], today: date) -> DateReading | None:
    year, month = _month(m.group(1), today)
    return _days_of(year, month, 1, 31, today + timedelta(days=1))


def _this_month(m: re.Match[str], today: date) -> DateReading | None:
    year, month = _month(f"{m.group(1)} month", today)
    return _days_of(year, month, 1, 31, today + timedelta(days=1))


def _count(token: str) -> int:
    return int(token) if token.isdigit() else _COUNT[token]


def _in_n(m: re.Match[str], today: date) -> DateReading | None:
    n, unit = _count(m.group(2)), m.group(3)
    days = n * 7 if unit.startswith("week") else n
    if m.group(1) == "in":
        # "in two weeks": about that day; a week from it shows the days around it too.
        return DateReading(today + timedelta(days=days), 7 if unit.startswith("week") else 1)
    return DateReading(today + timedelta(days=1), days)  # "within / over the next 10 days"


def _n_from_now(m: re.Match[str], today: date) -> DateReading | None:
    n, unit = _count(m.group(1)), m.group(2)
    return DateReading(today + timedelta(days=n * 7 if unit.startswith("week") else n))


def _weekend(m: re.Match[str], today: date) -> DateReading | None:
    qualifier, after_next = m.group(1), m.group(2)
    saturday = today + timedelta(days=(5 - today.weekday()) % 7)
    if after_next:
        return DateReading(saturday + timedelta(days=14 if today.weekday() < 5 else 7), 2)
    if today.weekday() == 6:  # Sunday: this weekend is today
        return DateReading(today, 1) if qualifier != "next" else DateReading(today + timedelta(days=6), 2)
    if qualifier == "next" and today.weekday() < 5:
        return DateReading(saturday + timedelta(days=7), 2, m.group(0).strip(), saturday)
    if qualifier == "next":
        return DateReading(saturday + timedelta(days=7), 2)
    return DateReading(saturday, 2 if saturday.weekday() == 5 else 1)


def _week(m: re.Match[str], today: date) -> DateReading | None:
    monday = today - timedelta(days=today.weekday())
    qualifier = m.group(1)
    if qualifier == "the week after next":
        return DateReading(monday + timedelta(days=14), 7)
    if qualifier in ("next", "the coming", "coming"):
        return DateReading(monday + timedelta(days=7), 7)
    if qualifier.startswith("end of"):
        friday = max(monday + timedelta(days=4), today + timedelta(days=1))
        return DateReading(friday, max(1, (monday + timedelta(days=7) - friday).days))
    start = today + timedelta(days=1)
    return DateReading(start, max(1, (monday + timedelta(days=7) - start).days))


def _week_after_next(m: re.Match[str], today: date) -> DateReading | None:
    return DateReading(today - timedelta(days=today.weekday()) + timedelta(days=14), 7)


_NAMED = (
    (_WEEK_OF, _week_of),
    (_PART_OF, _part_of),
    (_THIS_MONTH, _this_month),
    (_WHOLE_MONTH, _whole_month),
    (_IN_N, _in_n),
    (_N_FROM_NOW, _n_from_now),
    (_AFTER_NEXT, _week_after_next),
    (_WEEKEND, _weekend),
    (_WEEK, _week),
)


def span_phrases(text: str) -> list[tuple[int, int]]:
    """Where the text names a span of days in words ("this weekend", "next week", "in june"): blanked with the
    single days when asking what else a message says."""
    found = [(m.start(), m.end()) for pattern, _ in _NAMED for m in pattern.finditer(text)]
    found += [(m.start(), m.end()) for m in re.finditer(r"\bweek-?end\b", text)]  # "the 4th of july weekend"
    return found
