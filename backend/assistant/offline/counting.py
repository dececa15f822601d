"""How many of what a message says it sends: "2 bags and a golf bag", "about 15 things - mostly duffels", "so 7".

Pure functions of the text and the vocabulary's nouns (intents.yaml `item_nouns`, `bag_nouns`). Bags said with an
airport are the transfer's bags; without one they are delivery items until the customer says otherwise.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

NUMBER_WORDS = {
    "a": 1, "an": 1, "one": 1, "single": 1, "two": 2, "pair": 2, "couple": 2, "three": 3, "four": 4,
    "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "dozen": 12, "a dozen": 12,
}  # fmt: skip

# A whole word: "weight limit" holds no "eight", "often" no "ten".
_NUM = r"(?<![\d:-])\b(\d{1,3}|" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
# Words that end a count rather than describe what is counted: "the whole 8-11 window thing", "70 lbs box"
_NOT_ADJECTIVE = r"(?!(?:window|slot|am|pm|hours?|minutes?|mins?|lbs?|pounds?|days?|weeks?|floors?)\b)"
# What a total is made of, to the end of its clause: "mostly duffels and a couple of beach chairs"
_MADE_OF = re.compile(
    r"(?:\s-\s*|\b)(?:incl\.?|including|includes|mostly|mainly|such as|e\.g\.|among them)\b[^.;?!()]*"
)
# An amount of money, never a count: "$600", "$1,200.50", "600 dollars", "200 bucks"
_MONEY = re.compile(r"\$\s?\d[\d,]*(?:\.\d+)?k?\b|\b\d[\d,]*(?:\.\d+)?\s*(?:dollars?|bucks|usd)\b")
# A total said after the counts it adds up: "so 7 things", "that's 6 bags total".
_RESTATED_TOTAL = re.compile(
    r"\b(?:so|that's|thats|which is|that is|making|for a total of|total of)\s+(\d{1,3})\s+"
    r"(?:things|items|pieces|bags|boxes|total|in total|altogether|in all)\b"
    # "already booked 3 items for tue but now i have 5": the new total
    r"|\bbut now (?:i|we) (?:have|got|need)\s+(\d{1,3})\b"
)
_COUNT_SLOTS = ("blade_bag_count", "bag_or_item_count", "standard_delivery_item_count")


def number_value(token: str) -> int | None:
    """3 for "3" and for "three"; None for a word that is not a number."""
    return int(token) if token.isdigit() else NUMBER_WORDS.get(token)


def count_before(text: str, end: int) -> int | None:
    """The number written just before position `end`, allowing two adjectives ("3 large heavy bags")."""
    match = re.search(_NUM + r"(?:\s+[a-z-]+){0,2}\s*$", text[:end])
    if not match:
        return None
    return number_value(match.group(1))


def without_money(text: str) -> str:
    """The text with its amounts of money blanked: "its a $600 bag" is one bag, whatever it cost."""
    return _MONEY.sub(" ", text)


def count_things(text: str, *, bag_nouns: Sequence[str], item_nouns: Sequence[str], at_airport: bool) -> dict[str, Any]:
    """The count slots the text states (blade_bag_count, bag_or_item_count or standard_delivery_item_count) and
    the customer's own words for what is counted (item_description)."""
    if (part := _MADE_OF.search(text)) is not None and _counts(text[: part.start()], item_nouns):
        # "about 15 things - mostly duffels and a couple of beach chairs", "6 pieces incl a big mirror": what the
        # counted total is made of, not more things
        text = text[: part.start()] + " " * (part.end() - part.start()) + text[part.end() :]
    restated = _RESTATED_TOTAL.search(text)
    if restated is not None:  # "5 suitcases and 2 golf bags, so 7 things": 7 in all, not 14
        others = text[: restated.start()] + " " * (restated.end() - restated.start()) + text[restated.end() :]
        if _counts(others, [*bag_nouns, *item_nouns]):
            text = others
        else:
            restated = None  # "ok so 2 boxes from 10028": the only count, read as usual
    bag_counts = _counts(text, bag_nouns)
    if bag_counts or _counts(text, item_nouns):
        bag_counts = {**bag_counts, **_single_kinds(text, bag_nouns, counted=bag_counts)}
    bags = sum(bag_counts.values()) if bag_counts else None
    items = _counted(text, item_nouns, besides=bag_counts)
    slots: dict[str, Any] = {}
    if bags is not None and at_airport:
        slots["blade_bag_count"] = bags
    elif bags is not None and items is None:
        # Bags without an airport are ordinary delivery items until the customer says otherwise.
        slots["bag_or_item_count"] = bags
    elif bags is not None and items is not None:
        items += bags  # "3 boxes and 2 suitcases" to deliver: 5 items
    if items is not None:
        slots["standard_delivery_item_count"] = items
    if restated is not None and (total := number_value(restated.group(1) or restated.group(2))) is not None:
        slots.update({key: total for key in _COUNT_SLOTS if key in slots})
    if (items is not None or "bag_or_item_count" in slots) and (described := _described(text, bag_nouns, item_nouns)):
        slots["item_description"] = described  # the booking form asks what is sent: what the customer said
    return slots


def _counts(text: str, nouns: Sequence[str]) -> dict[int, int]:
    """Every "<number> [adjectives] <noun>" in the text, by where its number starts. The same words said again
    are the same things: "my plants with my 4 boxes? if not then just the 4 boxes" is 4 boxes."""
    found: dict[int, int] = {}
    said: set[str] = set()
    for m in re.finditer(_counted_nouns(nouns), text):
        if (n := number_value(m.group(1))) is not None and m.group(0) not in said:
            said.add(m.group(0))
            found[m.start(1)] = n
    return found


def _counted_nouns(nouns: Sequence[str]) -> str:
    """A pattern for "<number> [up to two adjectives] <noun>": "3 large heavy bags", "a golf bag"."""
    words = "|".join(re.escape(n) for n in nouns)
    return _NUM + r"(?:\s+" + _NOT_ADJECTIVE + r"[a-z-]+){0,2}?\s+(?:" + words + r")(?:e?s)?\b"


def _described(text: str, bag_nouns: Sequence[str], item_nouns: Sequence[str]) -> str | None:
    """The customer's own words for the items counted: "2 bags of clothes, 3 boxes"."""
    pattern = _counted_nouns([*item_nouns, *bag_nouns]) + r"(?:\s+of\s+[a-z]+)?"  # "bags of clothes"
    phrases = list(dict.fromkeys(m.group(0) for m in re.finditer(pattern, text)))
    return ", ".join(phrases)[:500] or None


def _single_kinds(text: str, nouns: Sequence[str], *, counted: Mapping[int, int]) -> dict[int, int]:
    """A named kind of bag said without a number beside counted ones is one: "golf clubs + 2 suitcases" is 3.
    Only kinds of two words ("golf clubs", "ski bag"): a plain "bags" with no number is no count."""
    kinds = [n for n in nouns if re.search(r"[ -]", n)]
    if not kinds:
        return {}
    spans = [m.span() for m in re.finditer(_counted_nouns(nouns), text)]
    found = {}
    for m in re.finditer(r"\b(?:" + "|".join(re.escape(k) for k in kinds) + r")(?:e?s)?\b", text):
        if m.start() not in counted and not any(start <= m.start() < end for start, end in spans):
            found[m.start()] = 1
    return found


def _counted(text: str, nouns: Sequence[str], *, besides: Mapping[int, int]) -> int | None:
    """The sum of every "<number> [adjectives] <noun>": "2 bags and a golf bag" → 3. A number `besides` already
    counts is not counted again: "4 pieces of luggage" is 4 bags, not 4 pieces and 4 bags."""
    counts = [n for at, n in _counts(text, nouns).items() if at not in besides]
    return sum(counts) if counts else None
