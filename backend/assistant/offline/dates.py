"""Dates as customers say them, for offline mode: one message and today's date in, a day or a span out.

Pure functions of (text, today, holidays); the text is already normalised (lower case, plain dashes). Where
words allow two readings ("next Friday" on a Tuesday) the reading keeps both, so the reply can say which one
it took; where a date said without a year or month has passed, it is the next one, and the reply says so.
Spans ("between June 22 and 26", "first week of July", "in two weeks") are in date_spans.py.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from .holidays import MONTH_NAMES, Holiday

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
    "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
ORDINAL_WORDS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14,
    "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19, "twentieth": 20,
    "twenty-first": 21, "twenty-second": 22, "twenty-third": 23, "twenty-fourth": 24, "twenty-fifth": 25,
    "twenty-sixth": 26, "twenty-seventh": 27, "twenty-eighth": 28, "twenty-ninth": 29, "thirtieth": 30,
    "thirty-first": 31,
}  # fmt: skip
MAX_SPAN_DAYS = 30  # check_availability's num_days limit

_MONTH = (
    r"(january|jan|february|feb|march|mar|april|apr|may|june|jun|july|jul|august|aug|september|sept|sep|"
    r"october|oct|november|nov|december|dec)\.?"
)
# A month named in the text ("july 2", "on jun 3rd"): a day number with it needs no other month.
MONTH_WORD = re.compile(r"\b" + _MONTH + r"(?![a-z])")
_ORD_WORD = "|".join(sorted((w.replace("-", "[- ]?") for w in ORDINAL_WORDS), key=len, reverse=True))
_DAY = r"(\d{1,2}(?:st|nd|rd|th)?(?![\d:])|" + _ORD_WORD + r")"
# A weekday before a calendar date ("monday june 22") belongs to it: the calendar date decides.
_ON_WEEKDAY = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+(?:the\s+)?)?"
_ISO_DATE = re.compile(r"\b(20\d\d)-(\d{1,2})-(\d{1,2})\b")
_SLASH_DATE = re.compile(r"(?<![\d/$.])" + _ON_WEEKDAY + r"(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?(?![\d/])")
_MONTH_DAY = re.compile(r"\b" + _ON_WEEKDAY + _MONTH + r"\s+(?:the\s+)?" + _DAY + r"(?![a-z])(?:,?\s*(20\d\d))?")
_DAY_MONTH = re.compile(
    r"\b" + _ON_WEEKDAY + r"(?:the\s+)?" + _DAY + r"\s+(?:of\s+|day of\s+)?" + _MONTH + r"(?![a-z])"
)
_ORDINAL = re.compile(
    r"\b"
    # "a walkup on e 7th", "w 72nd": a street, not a day
    r"(?<!\be )(?<!\bw )(?<!\beast )(?<!\bwest )(?<!\be\. )(?<!\bw\. )"
    + _ON_WEEKDAY
    + r"(?:the\s+)?(\d{1,2}(?:st|nd|rd|th)|(?<=the )(?:"
    + _ORD_WORD
    + r"))\b(?:\s+of\s+(this|next|the)\s+month)?"
    # Only where a date fits what follows: "the 3rd floor", "my 2nd bag" are not dates.
    r"(?=\s*$|\s*[?.,!;:)-]|\s+(?:or|and|to|through|thru|till|until|at|in|on|for|please|if|is|would|works?|ok|"
    r"okay|maybe|then|too|also|possible|available|free|open|instead|morning|afternoon|evening|pickup|pick|with|"
    r"from|a|an|the|we|i|you|could|can|should|will|what|how|cost|price|any|still|too|as|more|less|cheaper|"
    r"pricier|busy|booked|good|fine|with|w|pls|thanks|right|since|because|that|this|plus|"
    # a trip's own words after its day: "coming back on the 20th into JFK", "the 3rd by 9"
    r"into|onto|out|back|by|via|so|but|when|coming|going|flying|returning|landing|arriving|leaving)\b)"
)
_WEEKDAY = re.compile(
    r"\b(?:(next|this|coming|the coming|this coming|following|the following)\s+)?"
    r"(mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?s?\b"
    r"(?:\s+(next week|this week|after next|of next week|of this week|the week after next|the week after))?"
)
# A weekday said with its day number ("thurs the 18th w/ 1 bag"): a date whatever follows it.
_WEEKDAY_ORDINAL = re.compile(
    r"\b(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+(?:the\s+)?(\d{1,2}(?:st|nd|rd|th)|" + _ORD_WORD + r")\b"
)
WEEKDAY_NAME = r"(mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)(?:day)?"
# "the last friday in july", "first monday of august": the weekday of that month.
_NTH_OF_MONTH = re.compile(
    r"\b(first|1st|second|2nd|third|3rd|fourth|4th|fifth|5th|last)\s+"
    + WEEKDAY_NAME
    + r"\s+(?:of|in)\s+"
    + _MONTH
    + r"(?![a-z])"
)
# "the saturday after labor day", "the friday before july 4th": a weekday placed by another day it names.
_WEEKDAY_AROUND = re.compile(r"\b" + WEEKDAY_NAME + r"\s+(after|before)\s+(?:the\s+)?(?!next\b)")
_NTH_WORDS = {"1st": "first", "2nd": "second", "3rd": "third", "4th": "fourth", "5th": "fifth"}
_WEEK_WEEKDAY = re.compile(
    r"\b(next week|this week|the week after next)\s+(?:on\s+)?(mon|tues?|wed(?:nes)?|thu(?:rs?)?|fri|sat(?:ur)?|sun)"
    r"(?:day)?\b"
)
_TODAY = re.compile(r"(?<!from )\b(today|tonight|this (morning|afternoon|evening)|right now|later today)\b")
# "the last day of july", "the first day of august"
_EDGE_OF_MONTH = re.compile(r"\b(?:the\s+)?(first|last) day (?:of|in)\s+" + _MONTH + r"(?![a-z])")
_DAY_AFTER = re.compile(r"\b(the )?day after (tomorrow|tmrw|tmr|tomorow|tommorow|tommorrow|2moro)\b")
_TOMORROW = re.compile(r"\b(tomorrow|tmrw|tmr|tomorow|tommorow|tommorrow|tmw|2moro|2morrow|2mrw|tmrow)\b")


@dataclass(frozen=True)
class DateReading:
    """A date as the customer said it: the first day and how many days they asked about. `phrase` is set when
    the reply should say how the words were read: with `other` when they allow two readings ("next Friday"
    on a Tuesday), alone when the day needed working out (a holiday, "the 10th" already past this month)."""

    day: date
    days: int = 1
    phrase: str | None = None
    other: date | None = None


@dataclass(frozen=True)
class Mention:
    """One day named in the text, where, and whether saying it needs an explanation (see DateReading)."""

    start: int
    end: int
    reading: DateReading
    kind: str = "day"  # "ordinal" for a day of the month without the month ("the 25th")


def extract_date(text: str, today: date, holidays: Sequence[Holiday] = ()) -> date | None:
    """'today', 'tomorrow', 'next Friday', 'Dec 3', '3rd of December', '12/03', '2026-12-03' → a date."""
    reading = read_date(text, today, holidays)
    return reading.day if reading else None


def read_date(text: str, today: date, holidays: Sequence[Holiday] = ()) -> DateReading | None:
    """The date or span of days a message names (see DateReading), or None."""
    from .date_spans import read_span  # spans are built from single days: one import direction at load

    found = mentions(text, today, holidays)
    if len(found) > 1 and any(f.reading.day <= today + timedelta(days=1) for f in found):
        # "it's 9pm sunday, can you do tomorrow morning?" on a Sunday: today's weekday says when it is, not when
        found = [f for f in found if not (_plain_weekday(text, f) and f.reading.day.weekday() == today.weekday())]
    weekdays = {f.reading.day.weekday() for f in found if _WEEKDAY.match(text[f.start : f.end].strip())}
    # "thanksgiving week, tuesday the 24th", "the friday before the 4th, the 3rd": a weekday said with day
    # numbers picks the number falling on it; the weekday, the week and the holiday only place it. So does a
    # date said with its month: "do you go to montauk on saturdays? ... sat june 20" is June 20.
    fitting = [f for f in found if f.kind in ("ordinal", "calendar") and f.reading.day.weekday() in weekdays]
    if fitting:
        return fitting[0].reading
    if (span := read_span(text, today, holidays)) is not None:
        return span
    return found[0].reading if found else None


def mentions(text: str, today: date, holidays: Sequence[Holiday] = ()) -> list[Mention]:
    """Every single day the text names, in order; where two forms overlap the longer one wins."""
    from .holidays import find_holiday

    found: list[Mention] = []
    if m := _TODAY.search(text):
        found.append(Mention(m.start(), m.end(), DateReading(today)))
    if m := _DAY_AFTER.search(text):
        found.append(Mention(m.start(), m.end(), DateReading(today + timedelta(days=2))))
    elif m := _TOMORROW.search(text):
        found.append(Mention(m.start(), m.end(), DateReading(today + timedelta(days=1))))
    if hit := find_holiday(text, holidays, today):
        phrase = text[hit.start : hit.end]
        found.append(Mention(hit.start, hit.end, DateReading(hit.day, 1, phrase)))
    for m in _ISO_DATE.finditer(text):
        _add(found, m, _calendar(int(m.group(1)), int(m.group(2)), int(m.group(3)), today, m.group(0)), "calendar")
    for m in _MONTH_DAY.finditer(text):
        year = int(m.group(3)) if m.group(3) else None
        _add(found, m, _calendar(year, MONTHS[m.group(1)[:3]], day_number(m.group(2)), today, m.group(0)), "calendar")
    for m in _DAY_MONTH.finditer(text):
        _add(found, m, _calendar(None, MONTHS[m.group(2)[:3]], day_number(m.group(1)), today, m.group(0)), "calendar")
    for m in _SLASH_DATE.finditer(text):
        year = int(m.group(3)) if m.group(3) else None
        _add(found, m, _calendar(year, int(m.group(1)), int(m.group(2)), today, m.group(0)), "calendar")
    for m in _WEEK_WEEKDAY.finditer(text):
        week = {"next week": "next week", "this week": "this week"}.get(m.group(1), "the week after next")
        _add(found, m, _weekday(None, m.group(2), m.group(0), today, week))
    for m in _WEEKDAY.finditer(text):
        if _looks_like_word(text, m):
            continue
        _add(found, m, _weekday(m.group(1), m.group(2), m.group(0), today, m.group(3)))
    for m in _ORDINAL.finditer(text):
        _add(found, m, _ordinal(day_number(m.group(1)), m.group(2), m.group(0), today), "ordinal")
    for m in _WEEKDAY_ORDINAL.finditer(text):
        _add(found, m, _ordinal(day_number(m.group(1)), None, m.group(0), today), "ordinal")
    for m in _NTH_OF_MONTH.finditer(text):
        _add(found, m, _nth_of_month(m.group(1), m.group(2), m.group(3), today, m.group(0)))
    for m in _EDGE_OF_MONTH.finditer(text):
        month = MONTHS[m.group(2)[:3]]
        last = calendar.monthrange(today.year, month)[1] if m.group(1) == "last" else 1
        _add(found, m, _calendar(None, month, last, today, m.group(0)))
    found.sort(key=lambda x: x.start)
    for m in _WEEKDAY_AROUND.finditer(text):
        # the other day may begin with its own "the" ("the saturday after the 4th of july")
        anchor = next((f for f in found if m.end() - 4 <= f.start <= m.end() and f.start > m.start()), None)
        if anchor is not None:
            day = weekday_beside(anchor.reading.day, weekday_index(m.group(1)), after=m.group(2) == "after")
            found[:] = [f for f in found if not (m.start() <= f.start and f.end <= anchor.end)]
            found.append(Mention(m.start(), anchor.end, DateReading(day, 1, text[m.start() : anchor.end].strip())))
    return sorted(found, key=lambda x: x.start)


def _plain_weekday(text: str, mention: Mention) -> bool:
    m = _WEEKDAY.fullmatch(text[mention.start : mention.end].strip())
    return m is not None and not m.group(1) and not m.group(3)


def weekday_index(name: str) -> int:
    """0 for 'mon', 'monday', 'mondays'... 6 for 'sun'."""
    return next(i for i, weekday in enumerate(WEEKDAYS) if weekday.startswith(name[:3]))


def weekday_beside(day: date, weekday: int, *, after: bool) -> date:
    """The first `weekday` strictly after `day` (or before it): "the saturday after labor day"."""
    step = timedelta(days=1 if after else -1)
    found = day + step
    while found.weekday() != weekday:
        found += step
    return found


def _nth_of_month(nth: str, weekday: str, month: str, today: date, phrase: str) -> DateReading | None:
    """'the last friday in july': read with the holiday table's own rule ("last friday of july")."""
    rule = f"{_NTH_WORDS.get(nth, nth)} {WEEKDAYS[weekday_index(weekday)]} of {MONTH_NAMES[MONTHS[month[:3]] - 1]}"
    day = Holiday(name=phrase, day=rule).next_on_or_after(today)
    return DateReading(day, 1, phrase.strip()) if day is not None else None


def bare_weekday(text: str, today: date) -> int | None:
    """The weekday (0 = Monday) when the only day a message names is a weekday said plainly ("make it saturday
    instead", "what if i did it that sat"), with no this/next or week: in a follow-up it is that day of the week
    already being talked about."""
    found = mentions(text, today)
    if len(found) != 1 or not _plain_weekday(text, found[0]):
        return None
    return found[0].reading.day.weekday()


def without_dates(text: str, today: date, holidays: Sequence[Holiday] = (), *, say_today: bool = False) -> str:
    """The text with every day it names blanked: what the message says besides its date. `say_today`: a day
    that is today reads as the word "today" instead, for a policy question ("can someone grab it this afternoon?"
    asks about same-day pickups, which no other day does)."""
    from .date_spans import span_phrases

    found = mentions(text, today, holidays)
    blanks = [(m.start, m.end) for m in found] + span_phrases(text)
    for start, end in blanks:
        text = text[:start] + " " * (end - start) + text[end:]
    for m in found:
        if say_today and m.reading.day == today and m.reading.days == 1 and m.end - m.start >= len("today"):
            text = text[: m.start] + "today".ljust(m.end - m.start) + text[m.end :]
    return text


def _add(found: list[Mention], m: re.Match[str], reading: DateReading | None, kind: str = "day") -> None:
    """Keep a mention unless a longer one already covers it (and drop shorter ones it covers)."""
    if reading is None:
        return
    start, end = m.start(), m.end()
    if any(f.start <= start and end <= f.end for f in found):
        return
    found[:] = [f for f in found if not (start <= f.start and f.end <= end)]
    found.append(Mention(start, end, reading, kind))


_SAID_AS_WORD = re.compile(r"\b(?:i|we|you|they|he|she|the|a|in)\s+$")  # "where i sat", "the sun", "see you mon"


def _looks_like_word(text: str, m: re.Match[str]) -> bool:
    """'sat', 'wed', 'sun', 'mon' are also words ("I sat", "sun room"): only the full weekday name counts
    unless a qualifier or 'on' comes before it."""
    word = m.group(0).split()[-1] if not m.group(3) else m.group(2)
    if (
        m.group(1)
        or m.group(3)
        or word.endswith("day")
        or word.endswith("days")
        or word in ("tues", "thurs", "thur", "weds", "tue", "thu", "fri")
    ):
        return False
    # "+ bike to sag harbor sat", "fri, how much": a short name ending its clause ("where i sat." does not)
    if re.match(r"\s*(?:$|[,.?!;)])", text[m.end() :]) and not _SAID_AS_WORD.search(text[: m.start()]):
        return False
    return not re.search(r"\b(on|by|for|this|next|that|it|do|or|and)\s+$", text[: m.start()])


def day_number(token: str) -> int:
    token = token.replace(" ", "-")
    if token in ORDINAL_WORDS:
        return ORDINAL_WORDS[token]
    if "-" not in token and token.replace("-", "") in {w.replace("-", "") for w in ORDINAL_WORDS}:
        return next(v for w, v in ORDINAL_WORDS.items() if w.replace("-", "") == token)
    return int(re.match(r"\d+", token).group(0))  # type: ignore[union-attr]


def _calendar(year: int | None, month: int, day: int, today: date, phrase: str) -> DateReading | None:
    """A calendar date; without a year, the next one on or after today — said out loud when that is next year."""
    try:
        if year is not None:
            return DateReading(date(year if year > 99 else 2000 + year, month, day))
        candidate = date(today.year, month, day)
        if candidate >= today:
            return DateReading(candidate)
        return DateReading(date(today.year + 1, month, day), 1, phrase.strip())
    except ValueError:
        return None


def _ordinal(day: int, which_month: str | None, phrase: str, today: date) -> DateReading | None:
    """'the 25th': this month's if still ahead, else the next month that has that day (said out loud)."""
    year, month = today.year, today.month
    if which_month == "next":
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    for _ in range(3):  # the 31st may skip a month or two
        try:
            candidate = date(year, month, day)
        except ValueError:
            candidate = None
        if candidate is not None and candidate >= today:
            rolled = candidate.month != today.month and which_month != "next"
            return DateReading(candidate, 1, phrase.strip() if rolled else None)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None


def _weekday(qualifier: str | None, name: str, phrase: str, today: date, week: str | None) -> DateReading:
    # "Friday" and "this Friday" mean the coming one ("Monday" on a Monday is the next one, never today).
    # "next Friday" said while this week's Friday is still ahead could be either Friday: it is read as the
    # coming one, and the reply says so and names the other, so the customer can correct it.
    target = weekday_index(name)
    monday = today - timedelta(days=today.weekday())
    if week in ("next week", "of next week"):
        return DateReading(monday + timedelta(days=7 + target))
    if week == "the week after next":  # "wednesday the week after next": in the week after the coming one
        return DateReading(monday + timedelta(days=14 + target))
    if week in ("after next", "the week after"):
        # "the friday after next": the Friday after the coming one.
        coming = today + timedelta(days=(target - today.weekday()) % 7 or 7)
        return DateReading(coming + timedelta(days=7))
    if week in ("this week", "of this week"):
        return DateReading(max(monday + timedelta(days=target), today))
    coming = today + timedelta(days=(target - today.weekday()) % 7 or 7)
    if qualifier in ("next", "following", "the following") and _same_week(coming, today):
        return DateReading(coming, 1, phrase.strip(), coming + timedelta(days=7))
    return DateReading(coming)


def _same_week(day: date, today: date) -> bool:
    return day - timedelta(days=day.weekday()) == today - timedelta(days=today.weekday())


def date_slots(text: str, today: date, holidays: Sequence[Holiday] = ()) -> dict[str, Any]:
    """The date slots a message states: pickup_date, first_date, date_span_days, date_reading."""
    slots: dict[str, Any] = {}
    if (reading := read_date(text, today, holidays)) is not None:
        slots["pickup_date"] = reading.day.isoformat()
        slots["first_date"] = min(reading.day, reading.other or reading.day).isoformat()
        if reading.days > 1:
            slots["date_span_days"] = min(reading.days, MAX_SPAN_DAYS)
        if reading.phrase is not None:
            other = reading.other.isoformat() if reading.other else None
            slots["date_reading"] = {"said": reading.phrase, "date": reading.day.isoformat(), "other": other}
        if reading.phrase is not None and reading.other is not None:
            # Dates to check cover both readings: from the earlier day through the later one.
            span = max(reading.days, abs((reading.day - reading.other).days) + 1)
            slots["date_span_days"] = min(span, MAX_SPAN_DAYS)
    return slots
