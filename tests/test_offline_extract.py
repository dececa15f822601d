"""Offline mode: what the extractor reads out of one customer message (domain.md §9 slot names)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from assistant.offline.config import load_intents
from assistant.offline.dates import extract_date
from assistant.offline.extract import extract_slots

REPO_CONFIG = Path(__file__).resolve().parents[1] / "agent_config"
MONDAY = date(2026, 6, 15)


@pytest.fixture(scope="module")
def vocabulary() -> Any:
    intents, problems = load_intents(REPO_CONFIG)
    assert intents is not None, problems
    return intents.vocabulary


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("today", date(2026, 6, 15)),
        ("tomorrow please", date(2026, 6, 16)),
        ("next Friday", date(2026, 6, 19)),  # either Friday: the coming one, and the reply says so
        ("this saturday", date(2026, 6, 20)),
        ("on monday", date(2026, 6, 22)),  # "Monday" on a Monday is the next one, never today
        ("Dec 3", date(2026, 12, 3)),
        ("December 3rd, 2027", date(2027, 12, 3)),
        ("the 4th of july", date(2026, 7, 4)),
        ("12/03", date(2026, 12, 3)),
        ("6/1", date(2027, 6, 1)),  # already past this year → next year
        ("2026-09-07", date(2026, 9, 7)),
        ("June 31", None),  # no such day
        ("sometime soon", None),
    ],
)
def test_dates_resolve_against_new_york_today(text: str, expected: date | None) -> None:
    assert extract_date(text.lower(), MONDAY) == expected


def test_worked_example_12_all_details(vocabulary: Any) -> None:
    slots = extract_slots(
        "Full move with packing and unpacking, 9am window and a COI, from 06901 to 11954 on 2026-09-07",
        vocabulary,
        MONDAY,
    )
    assert slots == {
        "package_type": "full",
        "include_packing": True,
        "include_unpacking": True,
        "pickup_time": "morning_specific",
        "specific_pickup_hour": 9,
        "coi_required": True,
        "zips": ["06901", "11954"],
        "pickup_zip": "06901",
        "delivery_zip": "11954",
        "pickup_date": "2026-09-07",
        "first_date": "2026-09-07",
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2 items and 2 surfboards", {"standard_delivery_item_count": 2,
                                      "specialty_items": [{"item_type": "surfboard", "quantity": 2}]}),
        ("three boxes and a wardrobe box", {"standard_delivery_item_count": 3,
                                            "specialty_items": [{"item_type": "wardrobe_box", "quantity": 1}]}),
        ("standard delivery of 4 items", {"service_type": "standard_delivery", "standard_delivery_item_count": 4}),
        ("standard mini move", {"package_type": "standard"}),
        ("petite package", {"package_type": "petite"}),
        ("same-day delivery of five items", {"service_type": "standard_delivery", "is_same_day_delivery": True,
                                             "standard_delivery_item_count": 5}),
    ],
)  # fmt: skip
def test_items_packages_and_specialty(vocabulary: Any, text: str, expected: dict[str, Any]) -> None:
    slots = extract_slots(text, vocabulary, MONDAY)
    assert {k: slots.get(k) for k in expected} == expected


def test_airport_bags_terminal_direction(vocabulary: Any) -> None:
    to = extract_slots("2 bags to JFK terminal 4", vocabulary, MONDAY)
    assert to["blade_airport"] == "JFK" and to["blade_bag_count"] == 2
    assert to["blade_terminal"] == "4" and to["transfer_direction"] == "to_airport"
    back = extract_slots("landing at Newark terminal B with 3 suitcases", vocabulary, MONDAY)
    assert back["blade_airport"] == "EWR" and back["blade_terminal"] == "B"
    assert back["transfer_direction"] == "from_airport" and back["blade_bag_count"] == 3
    assert "standard_delivery_item_count" not in back


def test_bags_without_an_airport_stay_undecided(vocabulary: Any) -> None:
    assert extract_slots("4 bags", vocabulary, MONDAY) == {"bag_or_item_count": 4, "item_description": "4 bags"}


def test_a_number_counts_once_whatever_nouns_follow_it(vocabulary: Any) -> None:
    assert extract_slots("4 pieces of luggage", vocabulary, MONDAY)["bag_or_item_count"] == 4
    both = extract_slots("3 boxes and 2 suitcases", vocabulary, MONDAY)
    assert both["standard_delivery_item_count"] == 5  # two numbers, two counts
    assert both["item_description"] == "3 boxes, 2 suitcases"  # in the customer's words, for the booking form


@pytest.mark.parametrize(
    ("text", "expected"),
    [("my building needs a COI", True), ("certificate of insurance required", True), ("no COI needed", False),
     ("I don't need a certificate", False), ("just 3 items", None)],
)  # fmt: skip
def test_coi_yes_and_no(vocabulary: Any, text: str, expected: bool | None) -> None:
    assert extract_slots(text, vocabulary, MONDAY).get("coi_required") == expected


def test_zip_route_order_and_zip_plus_four(vocabulary: Any) -> None:
    assert extract_slots("to 11954 from 11215", vocabulary, MONDAY)["pickup_zip"] == "11215"
    assert extract_slots("deliver to 11954", vocabulary, MONDAY) == {
        "service_type": "standard_delivery",
        "zips": ["11954"],
        "delivery_zip": "11954",
    }
    assert extract_slots("10001-1234", vocabulary, MONDAY)["zips"] == ["10001"]
    assert "zips" not in extract_slots("it costs $12000", vocabulary, MONDAY)


def test_booking_numbers_are_normalised(vocabulary: Any) -> None:
    assert extract_slots("where is tt-123", vocabulary, MONDAY)["booking_number"] == "TT-000123"
    assert extract_slots("TT-000004?", vocabulary, MONDAY)["booking_number"] == "TT-000004"


def test_a_number_range_is_not_a_time_window_without_am(vocabulary: Any) -> None:
    assert "pickup_time" not in extract_slots("8 to 10 boxes", vocabulary, MONDAY)
    assert extract_slots("the 9-10 am window", vocabulary, MONDAY)["specific_pickup_hour"] == 9


def test_a_place_said_twice_in_a_row_is_one_location(vocabulary: Any) -> None:
    from assistant.offline.places import Place, PlaceIndex

    places = PlaceIndex([
        Place(name="Westtown", zip="06001"),
        Place(name="Harbor Hook", zip="11001"),
        Place(name="Boroughville", zip="11002"),
        Place(name="Gladsford", zip="06002"),
    ])  # fmt: skip
    # A name and its typed ZIP: the ZIP the customer typed wins, and it is one location, not a route.
    assert extract_slots("we're in westtown, 06009", vocabulary, MONDAY, places)["zips"] == ["06009"]
    # A neighbourhood and its borough, then a destination: the route is neighbourhood → destination.
    slots = extract_slots("5 items from harbor hook boroughville to gladsford", vocabulary, MONDAY, places)
    assert (slots["pickup_zip"], slots["delivery_zip"]) == ("11001", "06002")
    # Names with their ZIPs in brackets, one with its state: "from X (ZIP) to Y CT (ZIP)" is a route of two.
    slots = extract_slots("from westtown (06001) to gladsford ct (06002)", vocabulary, MONDAY, places)
    assert (slots["pickup_zip"], slots["delivery_zip"]) == ("06001", "06002")
    # Two ZIPs in a row, or two places joined by a word, are still two.
    assert extract_slots("do you serve 11001, 06002?", vocabulary, MONDAY, places)["zips"] == ["11001", "06002"]
    slots = extract_slots("from harbor hook to boroughville", vocabulary, MONDAY, places)
    assert (slots["pickup_zip"], slots["delivery_zip"]) == ("11001", "11002")


@pytest.mark.parametrize(
    ("text", "hour"), [("the 8am one-hour pickup window", 8), ("the 10 o'clock one-hour slot", 10)]
)
def test_an_hour_a_few_words_before_window_or_slot_is_the_pickup_hour(vocabulary: Any, text: str, hour: int) -> None:
    slots = extract_slots(text, vocabulary, MONDAY)
    assert (slots["pickup_time"], slots["specific_pickup_hour"]) == ("morning_specific", hour)


def test_specialty_items_are_listed_in_the_order_named(vocabulary: Any) -> None:
    items = extract_slots("two wardrobe boxes and a crib", vocabulary, MONDAY)["specialty_items"]
    assert [i["item_type"] for i in items] == ["wardrobe_box", "crib"]


def test_shorthand_is_read_as_what_it_stands_for_whole_words_only() -> None:
    from assistant.offline.extract import expand_shorthand

    table = {"u": "you", "r": "are", "w/": "with", "ive": "i've"}
    assert expand_shorthand("when r u coming w/ the van", table) == "when are you coming with the van"
    assert expand_shorthand("ive paid, ur bus", table) == "i've paid, ur bus"
    assert expand_shorthand("rum run u-haul", table) == "rum run u-haul"  # inside a word, or with a dash: kept
    assert expand_shorthand("anything", {}) == "anything"


@pytest.mark.parametrize(
    ("text", "count"), [("its a $600 bag", 1), ("a 600 dollar suitcase", 1), ("my $1,200 duffel", None)]
)
def test_an_amount_of_money_is_never_a_count(vocabulary: Any, text: str, count: int | None) -> None:
    assert extract_slots(text, vocabulary, MONDAY).get("bag_or_item_count") == count


def test_every_mention_of_a_specialty_kind_counts_once(vocabulary: Any) -> None:
    slots = extract_slots("do you take surfboards? 2 boards + 2 duffels", vocabulary, MONDAY)
    assert slots["specialty_items"] == [{"item_type": "surfboard", "quantity": 2}]
    assert slots["bag_or_item_count"] == 2
    said_twice = extract_slots("2 surfboards, are the 2 surfboards ok", vocabulary, MONDAY)
    assert said_twice["specialty_items"] == [{"item_type": "surfboard", "quantity": 2}]


def test_a_word_of_a_named_specialty_item_is_that_item_not_an_unlisted_one(vocabulary: Any) -> None:
    assert "unlisted_item" not in extract_slots("a peloton, its just the bike", vocabulary, MONDAY)
    assert "unlisted_item" in extract_slots("a bike and 2 boxes", vocabulary, MONDAY)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("do you go out on saturdays? 6 boxes sat june 20", date(2026, 6, 20)),  # the calendar date, not saturdays
        ("standard mini move the 18th plus unpacking", date(2026, 6, 18)),
        ("3 bags to newark fri, how much", date(2026, 6, 19)),  # a short name ending its clause
        ("2 boxes to sag harbor sat", date(2026, 6, 20)),
        ("where i sat.", None),
    ],
)
def test_dates_said_beside_other_words(text: str, expected: date | None) -> None:
    assert extract_date(text, MONDAY) == expected


@pytest.mark.parametrize(
    ("text", "hour"),
    [("can they show up at exactly 9 tho", 9), ("can the movers come 9 sharp?", 9), ("lock in an 8am pickup hour", 8)],
)
def test_a_fixed_hour_said_as_exactly_or_sharp_is_the_pickup_hour(vocabulary: Any, text: str, hour: int) -> None:
    slots = extract_slots(text, vocabulary, MONDAY)
    assert (slots["pickup_time"], slots["specific_pickup_hour"]) == ("morning_specific", hour)


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("what did my delivery cost, the paid one", "paid"),
        ("my booking that's still pending", "pending"),
        ("the one i cancelled", "cancelled"),
    ],
)
def test_a_booking_status_said_filters_the_lookup(vocabulary: Any, text: str, state: str) -> None:
    assert extract_slots(text, vocabulary, MONDAY)["booking_state"] == state


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("about 15 things - mostly duffels and a couple of beach chairs - from 11968", 15),
        ("6 pieces incl a big mirror", 6),
        ("2 bags of clothes and a mirror", 3),
        ("instead of the whole 8-11 window thing", None),  # a time range is no count
    ],
)
def test_what_a_total_is_made_of_is_not_counted_again(vocabulary: Any, text: str, count: int | None) -> None:
    slots = extract_slots(text, vocabulary, MONDAY)
    assert slots.get("standard_delivery_item_count", slots.get("bag_or_item_count")) == count


def test_the_usual_three_hour_window_is_no_one_hour_slot(vocabulary: Any) -> None:
    assert extract_slots("the regular 8-11 window is fine", vocabulary, MONDAY)["pickup_time"] == "morning"
    slots = extract_slots("exactly 9 instead of the whole 8-11 window", vocabulary, MONDAY)
    assert (slots["pickup_time"], slots["specific_pickup_hour"]) == ("morning_specific", 9)


def test_four_before_an_article_is_for() -> None:
    from assistant.offline.extract import expand_shorthand

    assert expand_shorthand("hw much 4 a crib", {}) == "hw much for a crib"
    assert expand_shorthand("4 boxes", {}) == "4 boxes"
