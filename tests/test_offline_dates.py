"""Offline mode reads dates as customers say them: a pure function of (text, today, holidays).

Holidays here are this test's own table (the shipped one is staff's, in intents.yaml)."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from assistant.offline.dates import date_slots, read_date
from assistant.offline.holidays import Holiday

MONDAY = date(2026, 6, 15)
HOLIDAYS = [
    Holiday(name="Labor Day", also=["labour day"], day="first monday of september"),
    Holiday(name="Memorial Day", day="last monday of may"),
    Holiday(name="Thanksgiving", also=["turkey day"], day="fourth thursday of november"),
    Holiday(name="Christmas Eve", day="december 24"),
    Holiday(name="Christmas", also=["xmas"], day="december 25"),
    Holiday(name="New Year's Day", also=["new years"], day="january 1"),
]


def days(text: str, today: date = MONDAY) -> tuple[str, int] | None:
    reading = read_date(text, today, HOLIDAYS)
    return (reading.day.isoformat(), reading.days) if reading else None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # weekdays, with and without this/next, and with a week named
        ("could you swing by wednesday", ("2026-06-17", 1)),
        ("this sunday works", ("2026-06-21", 1)),
        ("on sat", ("2026-06-20", 1)),
        ("thursday of next week", ("2026-06-25", 1)),
        ("next week on friday", ("2026-06-26", 1)),
        ("a week from thursday", ("2026-06-25", 1)),
        ("friday the 19th", ("2026-06-19", 1)),
        ("monday, june 29", ("2026-06-29", 1)),  # the calendar date decides, not a separate Monday
        ("thurs the 18th w/ one bag", ("2026-06-18", 1)),  # with its weekday a day number is a date, whatever follows
        ("is the 22nd more expensive", ("2026-06-22", 1)),
        # a weekday placed by another day: after next, after or before a holiday, the nth of a month
        ("the friday after next", ("2026-06-26", 1)),
        ("the saturday after labor day", ("2026-09-12", 1)),
        ("the friday before xmas", ("2026-12-18", 1)),
        ("the last friday in july", ("2026-07-31", 1)),
        ("first monday of august", ("2026-08-03", 1)),
        ("the last day of july", ("2026-07-31", 1)),
        ("the saturday after the 4th of july", ("2026-07-11", 1)),
        ("two weeks from today", ("2026-06-29", 1)),
        # days of the month on their own: this month's, else the next month that has it
        ("how about the 22nd", ("2026-06-22", 1)),
        ("on the 3rd", ("2026-07-03", 1)),
        ("the 31st?", ("2026-07-31", 1)),  # June has no 31st
        ("the 5th of next month", ("2026-07-05", 1)),
        # month and day in the usual forms; past ones are next year's
        ("aug 14", ("2026-08-14", 1)),
        ("14th of august", ("2026-08-14", 1)),
        ("august the fourteenth", ("2026-08-14", 1)),
        ("sept. 2nd", ("2026-09-02", 1)),
        ("8/14", ("2026-08-14", 1)),
        ("8/14/27", ("2027-08-14", 1)),
        ("june 2", ("2027-06-02", 1)),
        # relative days
        ("later today", ("2026-06-15", 1)),
        ("tmrw morning", ("2026-06-16", 1)),
        ("the day after tomorrow", ("2026-06-17", 1)),
        ("5 days from now", ("2026-06-20", 1)),
        # spans
        ("from aug 3 to aug 7", ("2026-08-03", 5)),
        ("aug 3-7", ("2026-08-03", 5)),
        ("between the 20th and the 23rd", ("2026-06-20", 4)),
        ("tuesday through friday", ("2026-06-16", 4)),
        ("dec 30 - jan 2", ("2026-12-30", 4)),
        ("the last week of july", ("2026-07-25", 7)),
        ("first week in august", ("2026-08-01", 7)),
        ("end of july", ("2026-07-25", 7)),
        ("the end of the month", ("2026-06-24", 7)),
        ("early september", ("2026-09-01", 10)),
        ("sometime in october", ("2026-10-01", 31)),
        ("over the weekend", ("2026-06-20", 2)),
        ("next week", ("2026-06-22", 7)),
        ("the week after next", ("2026-06-29", 7)),
        ("in a couple of weeks", ("2026-06-29", 7)),
        ("within the next 5 days", ("2026-06-16", 5)),
        ("the week of aug 10", ("2026-08-10", 7)),
        # holidays by name: the next one on or after today
        ("on labour day", ("2026-09-07", 1)),
        ("thanksgiving", ("2026-11-26", 1)),
        ("christmas eve", ("2026-12-24", 1)),
        ("xmas", ("2026-12-25", 1)),
        ("memorial day", ("2027-05-31", 1)),
        ("labor day weekend", ("2026-09-05", 3)),
        ("the weekend of july 12", ("2026-07-11", 2)),
        ("when's the soonest you can come", ("2026-06-16", 7)),
        ("thanksgiving weekend", ("2026-11-26", 4)),
        ("can you do weds", ("2026-06-17", 1)),
        ("the day before thanksgiving", ("2026-11-25", 1)),
        ("can u come 2moro", ("2026-06-16", 1)),
        # not dates
        ("i have 5 maybe 6 boxes", None),
        ("3rd floor walk-up", None),
        ("my 2nd bag is heavy", None),
        ("I sat on it", None),
        ("do you work weekends", None),
        ("5th avenue", None),
        ("24/7 support?", None),
    ],
)
def test_dates_as_customers_say_them(text: str, expected: tuple[str, int] | None) -> None:
    assert days(text.lower()) == expected


def test_a_weekday_on_that_weekday_is_the_next_one_never_today() -> None:
    assert days("monday") == ("2026-06-22", 1)


def test_next_weekday_said_early_in_the_week_keeps_both_readings_for_the_reply() -> None:
    slots = date_slots("is next friday free", MONDAY, HOLIDAYS)
    assert slots["pickup_date"] == "2026-06-19"
    assert slots["date_reading"] == {"said": "next friday", "date": "2026-06-19", "other": "2026-06-26"}
    assert (slots["first_date"], slots["date_span_days"]) == ("2026-06-19", 8)  # both Fridays are checked


def test_next_weekday_already_past_this_week_is_not_ambiguous() -> None:
    friday = date(2026, 6, 19)
    assert date_slots("next tuesday", friday, HOLIDAYS) == {"pickup_date": "2026-06-23", "first_date": "2026-06-23"}


@pytest.mark.parametrize(
    ("text", "said", "day"),
    [
        ("the 10th", "the 10th", "2026-07-10"),  # already past this month
        ("6/1", "6/1", "2027-06-01"),  # already past this year
        ("petite on labor day", "labor day", "2026-09-07"),  # a holiday's date is worked out
    ],
)
def test_a_date_that_needed_working_out_is_said_in_the_reply(text: str, said: str, day: str) -> None:
    reading = date_slots(text, MONDAY, HOLIDAYS)["date_reading"]
    assert reading == {"said": said, "date": day, "other": None}


def test_a_plain_date_needs_no_explanation() -> None:
    assert "date_reading" not in date_slots("june 22", MONDAY, HOLIDAYS)


def test_spans_longer_than_the_tool_allows_are_cut_to_its_limit() -> None:
    assert date_slots("any time in august", MONDAY, HOLIDAYS)["date_span_days"] == 30


@pytest.mark.parametrize(
    ("rule", "year", "expected"),
    [
        ("first monday of september", 2027, date(2027, 9, 6)),
        ("last monday of may", 2026, date(2026, 5, 25)),
        ("fourth thursday of november", 2027, date(2027, 11, 25)),
        ("july 4", 2027, date(2027, 7, 4)),
        ("fifth monday of february", 2026, None),  # February 2026 has four Mondays
    ],
)
def test_holiday_rules(rule: str, year: int, expected: date | None) -> None:
    assert Holiday(name="X day", day=rule).in_year(year) == expected


@pytest.mark.parametrize("rule", ["september 7th 2026", "first monday in september", "july 41", "every monday"])
def test_a_holiday_rule_that_is_not_one_is_refused_with_the_forms_it_takes(rule: str) -> None:
    with pytest.raises(ValidationError, match="first monday of september"):
        Holiday(name="X day", day=rule)


def test_without_dates_leaves_what_the_message_says_besides_its_day() -> None:
    from assistant.offline.dates import without_dates

    assert without_dates("what about friday?", MONDAY).split() == ["what", "about", "?"]
    assert without_dates("3 boxes on july 1st to 11954", MONDAY).split() == ["3", "boxes", "on", "to", "11954"]


@pytest.mark.parametrize(
    ("text", "today", "expected"),
    [
        ("thanksgiving week, tuesday the 24th", date(2026, 11, 9), date(2026, 11, 24)),
        ("the friday before the 4th, the 3rd", date(2026, 6, 15), date(2026, 7, 3)),
    ],
)
def test_a_weekday_said_with_day_numbers_picks_the_number_falling_on_it(text: str, today: date, expected: date) -> None:
    thanksgiving = Holiday(name="Thanksgiving", day="fourth thursday of november")
    reading = read_date(text, today, [thanksgiving])
    assert reading is not None and reading.day == expected


def test_a_day_number_before_a_trip_word_is_a_date() -> None:
    reading = read_date("coming back on the 20th into jfk", date(2026, 6, 8))
    assert reading is not None and reading.day == date(2026, 6, 20)


def test_asap_with_a_day_named_is_that_day() -> None:
    today = date(2026, 6, 16)
    assert read_date("picked up today, asap", today) == read_date("today", today)
    soonest = read_date("the soonest you can come", today)
    assert soonest is not None and soonest.day == date(2026, 6, 17)
