"""Holidays customers name instead of a date ("on Labor Day", "Christmas week"), declared in intents.yaml.

A holiday's day is a rule, not a date, so the table never goes stale: a fixed day ("july 4") or the nth
weekday of a month ("first monday of september", "last monday of may"). The rule is checked when the config
loads, so a typo is reported with file and line by `make check-config`.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from pydantic import BaseModel, ConfigDict, Field, field_validator

MONTH_NAMES = [m.lower() for m in calendar.month_name[1:]]
WEEKDAY_NAMES = [d.lower() for d in calendar.day_name]
_NTH = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "last": -1}
_FIXED = re.compile(r"^(" + "|".join(MONTH_NAMES) + r") (\d{1,2})$")
_NTH_WEEKDAY = re.compile(
    r"^(" + "|".join(_NTH) + r") (" + "|".join(WEEKDAY_NAMES) + r") of (" + "|".join(MONTH_NAMES) + r")$"
)


class Holiday(BaseModel):
    """One holiday: what the reply calls it, what customers call it, and which day it falls on."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=2, description="How the reply names it, e.g. 'Labor Day'.")
    also: list[str] = Field(default_factory=list, description="Other ways customers say it ('labour day').")
    day: str = Field(
        description="'july 4' (a fixed day) or 'first monday of september' / 'last monday of may' "
        "(first, second, third, fourth, fifth or last weekday of a month)."
    )

    @field_validator("day")
    @classmethod
    def _known_rule(cls, value: str) -> str:
        rule = " ".join(value.lower().split())
        fixed = _FIXED.match(rule)
        if not ((fixed and 1 <= int(fixed.group(2)) <= 31) or _NTH_WEEKDAY.match(rule)):
            raise ValueError(
                f"'{value}' is not a day rule: write 'july 4' or 'first monday of september' "
                "(first/second/third/fourth/fifth/last + weekday + of + month)"
            )
        return rule

    def in_year(self, year: int) -> date | None:
        """The holiday's day in `year` (None when the rule names a day that year lacks, e.g. a fifth Monday)."""
        if fixed := _FIXED.match(self.day):
            try:
                return date(year, MONTH_NAMES.index(fixed.group(1)) + 1, int(fixed.group(2)))
            except ValueError:
                return None
        nth, weekday, month_name = _NTH_WEEKDAY.match(self.day).groups()  # type: ignore[union-attr]
        month = MONTH_NAMES.index(month_name) + 1
        days = [d for d in calendar.Calendar().itermonthdates(year, month) if d.month == month]
        matching = [d for d in days if d.weekday() == WEEKDAY_NAMES.index(weekday)]
        index = _NTH[nth]
        if index > len(matching):
            return None
        return matching[index - 1] if index > 0 else matching[-1]

    def next_on_or_after(self, today: date) -> date | None:
        """This year's day if it is still ahead (or today), else next year's."""
        for year in (today.year, today.year + 1):
            day = self.in_year(year)
            if day is not None and day >= today:
                return day
        return None


@dataclass(frozen=True)
class HolidayMention:
    start: int
    end: int
    holiday: Holiday
    day: date


def find_holiday(text: str, holidays: Sequence[Holiday], today: date) -> HolidayMention | None:
    """The earliest holiday named in the text (longest name on the same start: 'christmas eve' over
    'christmas'), with its next day on or after today."""
    best: HolidayMention | None = None
    for holiday in holidays:
        for phrase in (holiday.name, *holiday.also):
            words = [re.escape(w) for w in phrase.lower().replace("\u2019", "'").split()]
            pattern = r"\b" + r"\s+".join(words).replace("'", "'?") + r"(?![a-z])"
            match = re.search(pattern, text)
            if match is None or (day := holiday.next_on_or_after(today)) is None:
                continue
            longer = best is not None and match.start() == best.start and match.end() > best.end
            if best is None or match.start() < best.start or longer:
                best = HolidayMention(match.start(), match.end(), holiday, day)
    return best


def holiday_weekend(day: date) -> tuple[date, int]:
    """The long weekend around a holiday: Saturday to Monday for a Monday holiday, Friday (or Thursday, as at
    Thanksgiving) to Sunday, else the weekend it falls in (or the days around it midweek)."""
    if day.weekday() == 3:
        return day, 4
    if day.weekday() == 0:
        return day - timedelta(days=2), 3
    if day.weekday() == 4:
        return day, 3
    if day.weekday() >= 5:
        return day - timedelta(days=day.weekday() - 5), 2
    return day - timedelta(days=1), 3
