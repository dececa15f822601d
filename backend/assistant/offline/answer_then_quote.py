"""What to price after an FAQ answer, when the customer's message also describes something to price.

"can u ship surfboards" gets the specialty answer, then one surfboard's price; "do you take plants? if not then
just my 3 boxes" the answer, then the boxes; "if i cancel do i get my money back? thinking 4 items from 10001 to
11968 on june 18" the policy, then those 4 items. A pure function of the message's slots and words: the planner
decides whether the quote is ready and which intent makes it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from typing import Any

from .counting import number_value
from .faq_search import FaqHit
from .slots import complete_slots

# "do you take plants? if not then just my 3 boxes"
_OTHERWISE = re.compile(r"\b(?:if not|otherwise|if no|if you can't|if you cant|if that's a no|then just)\b")
# Counted things holding something: "3 boxes of fireworks", "a bag full of plants", "boxes with my meds in them"
_HOLDS = re.compile(r"\b(?:boxes|box|bags?|cases?|crates?|bins?|totes?|cartons?)\s+(?:of|full of|with|filled with)\b")
_COUNT_SLOTS = ("standard_delivery_item_count", "bag_or_item_count", "blade_bag_count")
# The details that say a job is being planned, and those that say a booking was already made
_JOB_DETAILS = {"pickup_date", "pickup_zip", "delivery_zip", "zips", "places"}
_DESCRIBES_MADE_BOOKING = {"booking_number", "booking_state", "upcoming"}
# What a specialty item's own quote keeps of the message: the route and the day
_ITEM_PRICE_SLOTS = ("specialty_items", "pickup_zip", "delivery_zip", "zips", "places", "pickup_date", "first_date")


def priced_after_answer(
    hit: FaqHit,
    slots: dict[str, Any],
    said: str,
    *,
    asks_price: bool,
    item_words: Mapping[str, Sequence[str]],
    refusing: Collection[str],
    ready: Callable[[dict[str, Any]], bool],
) -> dict[str, Any] | None:
    """The slots to price after the answer `hit`, or None when the answer is the whole reply.

    `item_words`: the vocabulary's words for each specialty item; `refusing`: FAQ ids whose answer says we don't
    carry the thing named; `ready`: whether a quote has every detail it needs."""
    items = slots.get("specialty_items")
    # Everything priced but what the answer was about (an item we don't carry, one priced on its own)
    rest = {k: v for k, v in slots.items() if k not in ("specialty_items", "unlisted_item")}
    if items and _names_items(hit, items, item_words):
        # "can my peloton go in the mini move": the rule, then the Peloton's own price
        kept = {k: v for k, v in slots.items() if k in _ITEM_PRICE_SLOTS}
        return complete_slots({}, {**kept, "service_type": "standard_delivery"})
    if slots.keys() & {"standard_delivery_item_count", "bag_or_item_count"} and _OTHERWISE.search(said):
        return complete_slots({}, {"service_type": "standard_delivery", **rest})
    package = slots.get("package_type")
    if asks_price and package and slots.get("service_type", "mini_move") == "mini_move" and _names(hit, package):
        # "family of 4, 25 pieces or so. what package fits and what does it run": the sizing, then its price
        return complete_slots({}, {**rest, "service_type": "mini_move"})
    job_slots = {k: v for k, v in slots.items() if k != "unlisted_item"}
    if (hit.doc.id not in refusing or _refused_thing_apart(said, slots)) and _requests_a_quote(
        job_slots, said, asks_price
    ):
        job = complete_slots({}, job_slots)
        if job.get("service_type") and ready(job):
            return job
    return None


def _requests_a_quote(slots: dict[str, Any], said: str, asks_price: bool) -> bool:
    """Does the message, besides its policy question, describe a job to price: what to carry and a price word,
    a day or a route ("3 items moved from 10023 to 10011 tmrw")? Not a booking already made."""
    if slots.keys() & _DESCRIBES_MADE_BOOKING:
        return False
    # A count said as a number of two or more: "one of my boxes arrived crushed", "a box of fireworks", "one of
    # my duffels ... its a $600 bag" point at things, not a job (one item is priced when asked for on its own).
    numbers = {number_value(w) for w in re.findall(r"[a-z0-9]+", said)}
    counted = any(n >= 2 and n in numbers for k in _COUNT_SLOTS if isinstance(n := slots.get(k), int))
    what = counted or bool(slots.keys() & {"package_type", "specialty_items"})
    return what and (asks_price or bool(slots.keys() & _JOB_DETAILS))


def _refused_thing_apart(said: str, slots: dict[str, Any]) -> bool:
    """Is what we can't carry named beside the counted things ("4 boxes and my monstera plant"), not as what they
    hold ("3 boxes of fireworks", "a box with my plants")? Then the rest can still be priced."""
    return bool(slots.get("item_description")) and not _HOLDS.search(said)


def _names(hit: FaqHit, package: str) -> bool:
    """Does the entry's answer talk about this Mini Move package (the sizing answer does)?"""
    return package.lower() in hit.doc.answer.lower()


def _names_items(hit: FaqHit, items: list[dict[str, Any]], words: Mapping[str, Sequence[str]]) -> bool:
    """Does the entry's answer talk about these items (by a word the vocabulary has for them)?"""
    answer = hit.doc.answer.lower()
    return all(any(w.lower() in answer for w in words.get(i["item_type"], [])) for i in items)
