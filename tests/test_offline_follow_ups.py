"""How a message changes what the conversation already knows (follow_ups.py, slots.py), on fixture words.

The words are this file's own, not the shipped intents.yaml: what is tested is the machinery — a change keeps
the other details, an addition sums, a removal switches an add-on off, loose words give way, sizes pick a
package — so staff can reword intents.yaml freely.
"""

from __future__ import annotations

from typing import Any

import pytest

from assistant.offline.extract import Vocabulary
from assistant.offline.follow_up_words import FollowUpWords, PackageSize
from assistant.offline.follow_ups import reinterpret
from assistant.offline.keywords import _gapped
from assistant.offline.slots import COMPARED, NEW_QUESTION, complete_slots
from assistant.offline.tool_args import tool_calls

VOCAB = Vocabulary(
    services={"mini_move": ["mini move", "move"], "standard_delivery": ["delivery", "send"],
              "blade_transfer": ["airport transfer"]},
    packages={"small": ["small one"], "medium": ["medium one"], "large": ["large one"]},
    specialty_items={"kayak": ["kayak"], "harp": ["harp"]},
    airports={"JFK": ["jfk"], "EWR": ["ewr"]},
    item_nouns=["box"],
    bag_nouns=["bag"],
)  # fmt: skip
WORDS = FollowUpWords(
    loose_service_words=["move", "send"],
    change_words=["make it", "what about", "instead", "same but", "switch"],
    add_words=["also", "more"],
    remove_words=["without", "drop"],
    add_ons={"coi_required": ["coi"], "include_packing": ["packing"]},
    smallest_words=["tiniest"],
    largest_words=["grandest"],
    people_words=["people"],
    return_words=["coming back"],
    place_back_words=["over there", "that spot"],
    only_words=["just"],
    compare_words=["or", "versus"],
    package_sizes=[PackageSize(package="small", people=2, items=10), PackageSize(package="medium", people=4, items=20),
                   PackageSize(package="large")],
)  # fmt: skip


def read(said: str, slots: dict[str, Any], earlier: dict[str, Any] | None = None, **kw: Any) -> dict[str, Any]:
    return reinterpret(said, slots, earlier or {}, WORDS, VOCAB, **kw)


def test_a_bare_number_after_a_change_word_replaces_the_quoted_count() -> None:
    earlier = {"service_type": "blade_transfer", "blade_bag_count": 3, "blade_airport": "JFK"}
    new = read("what about 5 instead?", {}, earlier)
    assert complete_slots(earlier, new) == {**earlier, "blade_bag_count": 5}


@pytest.mark.parametrize("said", ["what about june 5", "make it the 5th", "what about 5pm", "make it 10:30"])
def test_a_number_that_is_a_date_or_time_is_not_a_count(said: str) -> None:
    assert "blade_bag_count" not in read(said, {}, {"service_type": "blade_transfer", "blade_bag_count": 3})


def test_a_new_count_replaces_the_earlier_count_of_its_kind_and_keeps_the_rest() -> None:
    earlier = {"service_type": "standard_delivery", "standard_delivery_item_count": 3, "delivery_zip": "11201",
               "specialty_items": [{"item_type": "kayak", "quantity": 1}]}  # fmt: skip
    merged = complete_slots(earlier, read("make it 6 boxes", {"standard_delivery_item_count": 6}, earlier))
    assert merged == {**earlier, "standard_delivery_item_count": 6}


def test_added_items_join_the_earlier_ones() -> None:
    earlier = {"service_type": "standard_delivery", "standard_delivery_item_count": 3,
               "specialty_items": [{"item_type": "kayak", "quantity": 1}]}  # fmt: skip
    more = read("2 more boxes", {"standard_delivery_item_count": 2}, earlier)
    assert complete_slots(earlier, more)["standard_delivery_item_count"] == 5
    also = read("also a kayak and a harp", {"specialty_items": [{"item_type": "kayak", "quantity": 1},
                                                                {"item_type": "harp", "quantity": 1}]}, earlier)  # fmt: skip
    merged = complete_slots(earlier, also)
    assert merged["specialty_items"] == [{"item_type": "kayak", "quantity": 2}, {"item_type": "harp", "quantity": 1}]
    assert merged["standard_delivery_item_count"] == 3


def test_a_new_price_question_replaces_all_earlier_items() -> None:
    earlier = {"service_type": "standard_delivery", "specialty_items": [{"item_type": "harp", "quantity": 2}],
               "delivery_zip": "11937"}  # fmt: skip
    new = read("how much for 6 boxes", {"standard_delivery_item_count": 6}, earlier, asks_price=True)
    assert new[NEW_QUESTION] is True
    merged = complete_slots(earlier, new)
    assert merged == {"service_type": "standard_delivery", "standard_delivery_item_count": 6, "delivery_zip": "11937"}


def test_items_without_a_price_question_add_the_other_kind() -> None:
    earlier = {"service_type": "standard_delivery", "specialty_items": [{"item_type": "harp", "quantity": 1}]}
    merged = complete_slots(earlier, read("and 4 boxes", {"standard_delivery_item_count": 4}, earlier))
    assert merged["specialty_items"] == earlier["specialty_items"] and merged["standard_delivery_item_count"] == 4


def test_a_remove_word_before_an_add_on_switches_it_off() -> None:
    earlier = {"service_type": "mini_move", "package_type": "small", "coi_required": True, "include_packing": True}
    new = read("drop the coi but keep everything else", {"coi_required": True}, earlier)
    assert complete_slots(earlier, new) == {**earlier, "coi_required": False}
    assert "include_packing" not in read("without the coi", {}, earlier)


def test_a_loose_service_word_gives_way_to_the_details() -> None:
    assert (
        read("move 12 boxes", {"service_type": "mini_move", "standard_delivery_item_count": 12})["service_type"]
        == "standard_delivery"
    )
    assert (
        read("send 3 bags to jfk", {"service_type": "standard_delivery", "blade_airport": "JFK"})["service_type"]
        == "blade_transfer"
    )
    # The service's own name is not loose: "mini move" keeps the Mini Move and sizes the package by items.
    sized = read("mini move with 15 boxes", {"service_type": "mini_move", "standard_delivery_item_count": 15})
    assert sized["service_type"] == "mini_move" and sized["package_type"] == "medium"


@pytest.mark.parametrize(
    ("said", "package"),
    [("the tiniest mini move", "small"), ("your grandest mini move", "large"), ("a move for 3 people", "medium"),
     ("mini move for 9 people", "large")],
)  # fmt: skip
def test_superlatives_and_sizes_pick_a_package(said: str, package: str) -> None:
    assert read(said, {"service_type": "mini_move"})["package_type"] == package


def test_superlatives_without_a_mini_move_pick_no_package() -> None:
    assert "package_type" not in read("the tiniest delivery", {"service_type": "standard_delivery"})


def test_same_but_another_service_carries_the_count_and_drops_the_airport_side_zip() -> None:
    earlier = {"service_type": "standard_delivery", "standard_delivery_item_count": 4, "pickup_zip": "11215",
               "delivery_zip": "10001"}  # fmt: skip
    new = read("same but to jfk", {"blade_airport": "JFK", "transfer_direction": "to_airport"}, earlier)
    merged = complete_slots(earlier, new)
    assert merged["service_type"] == "blade_transfer" and merged["blade_bag_count"] == 4
    assert merged["pickup_zip"] == "11215" and "delivery_zip" not in merged


def test_coming_back_after_an_airport_transfer_is_from_the_airport() -> None:
    earlier = {"service_type": "blade_transfer", "blade_airport": "JFK", "transfer_direction": "to_airport"}
    assert read("and coming back?", {}, earlier)["transfer_direction"] == "from_airport"
    assert "transfer_direction" not in read("and coming back?", {}, {"service_type": "standard_delivery"})


@pytest.mark.parametrize(
    ("keyword", "text", "found"),
    [("my * order", "did my order arrive", True), ("my * order", "did my last big order arrive", True),
     ("my * order", "my one two three order", False), ("how many * have i", "how many moves have i had", True)],
)  # fmt: skip
def test_a_star_in_a_keyword_stands_for_up_to_two_words(keyword: str, text: str, found: bool) -> None:
    assert bool(_gapped(keyword).search(text)) is found


def test_a_count_said_as_a_correction_needs_no_change_word() -> None:
    earlier = {"service_type": "standard_delivery", "standard_delivery_item_count": 3}
    assert read("oh wait, i have 6", {}, earlier)["standard_delivery_item_count"] == 6
    assert "standard_delivery_item_count" not in read("i have 6 questions about it", {}, earlier)


def test_named_items_can_be_taken_away() -> None:
    earlier = {"service_type": "standard_delivery", "standard_delivery_item_count": 3,
               "specialty_items": [{"item_type": "kayak", "quantity": 1}, {"item_type": "harp", "quantity": 1}]}  # fmt: skip
    merged = complete_slots(earlier, read("without the kayak", {}, earlier))
    assert merged["specialty_items"] == [{"item_type": "harp", "quantity": 1}]
    merged = complete_slots(earlier, read("drop the boxes", {}, earlier))
    assert "standard_delivery_item_count" not in merged and len(merged["specialty_items"]) == 2


def test_only_words_make_the_named_items_the_whole_order() -> None:
    earlier = {"service_type": "standard_delivery", "standard_delivery_item_count": 3}
    new = read("just the kayak", {"specialty_items": [{"item_type": "kayak", "quantity": 1}]}, earlier)
    assert complete_slots(earlier, new) == {"service_type": "standard_delivery",
                                            "specialty_items": [{"item_type": "kayak", "quantity": 1}]}  # fmt: skip


def test_of_two_names_after_a_change_word_the_new_one_wins() -> None:
    earlier = {"service_type": "mini_move", "package_type": "small"}
    assert read("switch the small one for large", {"package_type": "small"}, earlier)["package_type"] == "large"
    airport = {"service_type": "blade_transfer", "blade_airport": "JFK", "transfer_direction": "to_airport"}
    new = read("switch from jfk to ewr", {"blade_airport": "JFK", "transfer_direction": "from_airport"}, airport)
    assert new["transfer_direction"] == "to_airport"


@pytest.mark.parametrize(
    ("direction", "zip_side", "home_side"),
    [("from_airport", "pickup_zip", "delivery_zip"), ("to_airport", "delivery_zip", "pickup_zip")],
)
def test_an_airport_transfers_one_zip_is_the_home_side(direction: str, zip_side: str, home_side: str) -> None:
    slots = {"blade_airport": "JFK", "transfer_direction": direction, "zips": ["10025"], zip_side: "10025"}
    new = read("bags and my place", slots)
    assert new[home_side] == "10025" and zip_side not in new


def test_n_more_without_a_noun_adds_to_the_quoted_count() -> None:
    earlier = {"service_type": "blade_transfer", "blade_bag_count": 2, "blade_airport": "JFK"}
    assert complete_slots(earlier, read("2 more please", {}, earlier))["blade_bag_count"] == 4
    assert "blade_bag_count" not in read("2 more questions", {}, earlier)


def test_packages_named_together_are_each_priced_and_none_is_booked(agent_config: Any) -> None:
    new = read("small one or large one?", {"package_type": "small"})
    assert new[COMPARED] == ["small", "large"]
    merged = complete_slots({}, new)
    quote, handoff = agent_config.intents.by_name("price_quote"), agent_config.intents.by_name("handoff")
    assert [args["package_type"] for _, args in tool_calls(quote, merged)] == ["small", "large"]
    ((_, args),) = tool_calls(handoff, merged)
    assert "package_type" not in args
    # Naming one package afterwards ends the comparison.
    assert COMPARED not in complete_slots(merged, {"package_type": "large"})


def test_change_words_are_blanked_to_see_what_else_is_asked() -> None:
    from assistant.offline.follow_ups import without_change_words

    assert without_change_words("make it saturday instead", WORDS).split() == ["saturday"]


def test_a_number_right_after_a_change_word_is_the_new_total_even_with_an_add_word() -> None:
    earlier = {"service_type": "blade_transfer", "blade_airport": "JFK", "blade_bag_count": 4}
    assert read("she is also coming so make it 6", {}, earlier)["blade_bag_count"] == 6
    assert read("make it 2 more", {"bag_or_item_count": 2}, earlier)["blade_bag_count"] == 6


@pytest.mark.parametrize(
    ("said", "side"),
    [("send 2 boxes over there from 10001", "delivery_zip"), ("from over there to 10001", "pickup_zip")],
)
def test_a_word_pointing_back_is_the_earlier_place_on_its_side(said: str, side: str) -> None:
    slots = read(said, {"zips": ["10001"], "pickup_zip": "10001"}, {"zips": ["07030"]})
    other = "pickup_zip" if side == "delivery_zip" else "delivery_zip"
    assert (slots[side], slots[other]) == ("07030", "10001")


def test_is_there_is_not_a_place() -> None:
    assert "delivery_zip" not in read("is over there a fee", {}, {"zips": ["07030"]})


def test_bags_between_two_addresses_without_an_airport_are_a_delivery() -> None:
    assert complete_slots({}, {"bag_or_item_count": 3, "zips": ["10001", "11201"]})["service_type"] == (
        "standard_delivery"
    )
    assert "service_type" not in complete_slots({}, {"bag_or_item_count": 3})  # could still be for a flight


@pytest.mark.parametrize(
    ("said", "zips", "extra", "side"),
    [
        # the place after "not"/"instead of" is the one replaced: the new place takes its side
        ("its 11954 not 11937", ["11954"], {"replaced_zips": ["11937"]}, "delivery_zip"),
        ("the pickup is 07302 instead of 11201", ["07302"], {"replaced_zips": ["11201"]}, "pickup_zip"),
        # no side said: the side whose ZIP is in the same area
        ("and if its 11930 instead", ["11930"], {"side_unsaid": True}, "delivery_zip"),
    ],
)
def test_a_new_place_takes_the_side_of_the_one_it_replaces(
    said: str, zips: list[str], extra: dict[str, Any], side: str
) -> None:
    earlier = {"service_type": "standard_delivery", "standard_delivery_item_count": 2, "pickup_zip": "11215",
               "delivery_zip": "11937", "zips": ["11215", "11937"]}  # fmt: skip
    new = read(said, {"zips": zips, "pickup_zip": zips[0], **extra}, earlier)
    merged = complete_slots(earlier, new)
    assert merged[side] == zips[0]
    other = "delivery_zip" if side == "pickup_zip" else "pickup_zip"
    assert merged[other] == earlier[other]
    assert "replaced_zips" not in merged and "side_unsaid" not in merged


def test_a_plain_weekday_in_a_follow_up_is_that_day_of_the_quoted_week() -> None:
    earlier = {"service_type": "mini_move", "package_type": "small", "pickup_date": "2026-06-12"}  # a Friday
    # "saturday" alone read on 2026-06-01 is the coming Saturday, June 6: the quoted week's is the 13th
    new = read("make it saturday instead", {"pickup_date": "2026-06-06", "first_date": "2026-06-06"}, earlier)
    assert new["pickup_date"] == "2026-06-13"
    new = read("make it next saturday", {"pickup_date": "2026-06-13", "first_date": "2026-06-13"}, earlier)
    assert new["pickup_date"] == "2026-06-13"  # said with "next": as the customer said it


def test_a_new_question_for_another_service_drops_the_old_ones_coi() -> None:
    earlier = {"service_type": "mini_move", "package_type": "small", "coi_required": True}
    new = {"service_type": "standard_delivery", "specialty_items": [{"item_type": "kayak", "quantity": 1}],
           NEW_QUESTION: True}  # fmt: skip
    assert "coi_required" not in complete_slots(earlier, new)
    assert complete_slots(earlier, {"package_type": "medium"})["coi_required"] is True
