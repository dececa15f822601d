"""How one message changes what the conversation already knows, beyond the details it states.

extract.py reads what a message says on its own; this module reads it against the conversation so far:
"make it 5 bags" replaces the bag count, "also a surfboard" adds to the items, "without the COI" takes an
add-on away, "same but to JFK" keeps the count for the new service, "move 12 items" is a Standard Delivery
(the loose word "move" gives way to the items), "the smallest Mini Move" is its first package and "for 4
people" picks the package by size. The words live in intents.yaml `follow_ups:`; only the rules are here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from .counting import NUMBER_WORDS, number_value
from .extract import Vocabulary, find_phrase
from .follow_up_dates import reread_date
from .follow_up_words import FollowUpWords, PackageSize
from .slots import COMPARED, COUNT_SLOTS, ITEM_SLOTS, NEW_QUESTION, implied_service

_NUM = r"\b(\d{1,3}|" + "|".join(sorted((w for w in NUMBER_WORDS if w not in ("a", "an")), key=len, reverse=True)) + ")"
# A number standing alone after a change word ("make it 5", "what about 3 instead"), not a date, time or terminal.
_BARE_AFTER = re.compile(
    r"\b(?:make it|make that|what about|how about|change it to|change that to|for|only|just|actually|instead"
    r"|i have|we have|i've got|we've got|i got|there are|there'll be|there will be|it's|its|it is|it'll be"
    r"|it will be|now|more like|closer to|about|around|bringing|taking|sending|so|that's|thats|makes it|making it)\s+"
    + _NUM
    + r"(?!\s*(?:am|pm|a\.m|p\.m|:|th\b|st\b|nd\b|rd\b|/|-|\d))(?=\s*(?:$|[?!.,]|instead|then|please|total|of them))"
)
# "add a 4th box", "throw in a 5th bag": the new total, said as which one the new item is.
_NTH_ONE = re.compile(
    r"\b(?:a|an|the)\s+(\d{1,2})(?:st|nd|rd|th)\s+(?:[a-z-]+\s+)?(?:box|bag|item|suitcase|piece|tote|duffel|thing)"
)
_JOINED_COUNTS = re.compile(r"(?<=[a-z])\s+(?:plus|and also|as well as)\s+(?=\d|(?:a|an|one|two|three|four|five)\s)")
_CORRECTED_COUNT = re.compile(r"\b(?:more like|closer to|more or less)\b")
_BARE_BEFORE = re.compile(
    r"(?:^|\s)" + _NUM + r"\s+(?:instead|then|of them|total|more|extra)\b(?!\s+(?!please|then|thanks|instead)[a-z])"
    # "2 of them from the uws out to montauk"; not "one of them has my laptop", "2 of those wardrobe boxes"
    r"|(?:^|\s)" + _NUM + r"\s+of (?:them|those|these)(?=\s*$|\s*[?.!,]|\s+(?:from|to|out|going|please|too|instead))"
)


def reinterpret(
    said: str,
    slots: dict[str, Any],
    earlier: Mapping[str, Any],
    words: FollowUpWords,
    vocab: Vocabulary,
    *,
    asks_price: bool = False,
) -> dict[str, Any]:
    """The message's slots read against the earlier details (`earlier`: the conversation's quote so far).

    `asks_price`: the message asks for a price in words of its own ("how much for 2 surfboards?"), so the
    items it names are a new question's, not additions to the earlier ones."""
    slots = dict(slots)
    _give_way(said, slots, words, vocab)
    changing = bool(words.change_words) and find_phrase(said, words.change_words) is not None
    # "2 boards plus 2 duffels": a word joining two counts in one message lists an order, it adds to nothing
    listed = _CORRECTED_COUNT.sub(" ", _JOINED_COUNTS.sub(" ", said))  # "more like 7" corrects, adds nothing
    adding = bool(words.add_words) and find_phrase(listed, words.add_words) is not None
    service = slots.get("service_type") or implied_service(slots) or earlier.get("service_type")
    nth = _NTH_ONE.search(said)
    if nth is not None and (key := _count_key(service, earlier)) is not None and key in earlier:
        slots.pop("bag_or_item_count", None)
        slots[key] = int(nth.group(1))  # "add a 4th box" after 3: four in all, not 3 + 4
    elif not any(k in slots for k in COUNT_SLOTS):
        count = _bare_count(said)
        key = _count_key(service, earlier)
        if count is not None and key is not None:
            slots[key] = count
        elif (
            count is not None
            and len(items := earlier.get("specialty_items") or []) == 1
            and "specialty_items" not in slots
        ):
            slots["specialty_items"] = [{**items[0], "quantity": count}]  # "2 of them" after a surfboard's price
    _size_package(said, slots, words, vocab, service, earlier)
    if adding and nth is None and not _total_stated(said, words):
        _add_to_earlier(slots, earlier)
    elif (
        slots.keys() & set(ITEM_SLOTS)
        and not (words.remove_words and find_phrase(said, words.remove_words))  # "skip the peloton, just the boxes"
        and ((asks_price and not changing) or (words.only_words and find_phrase(said, words.only_words) is not None))
    ):
        slots[NEW_QUESTION] = True  # "how much for 2 cribs?", "just the peloton": these items and no others
    if changing:
        _switch_named(said, slots, earlier, vocab)
    else:
        _compare_packages(said, slots, words, vocab, service)
    chosen = [k for k in earlier.get(COMPARED) or [] if find_phrase(said, [*vocab.packages.get(k, []), k.lower()])]
    if len(chosen) == 1 and COMPARED not in slots:
        slots["package_type"] = chosen[0]  # "the full one" after petite-or-full: that package
    _remove_items(said, slots, earlier, words, vocab)
    if changing and service != earlier.get("service_type") and not any(k in slots for k in ITEM_SLOTS):
        # "same but to JFK" after 3 boxes: the count carries over to the new service.
        for key in ("standard_delivery_item_count", "blade_bag_count"):
            if key in earlier and service in ("standard_delivery", "blade_transfer"):
                slots["bag_or_item_count"] = earlier[key]
    if (
        service == "blade_transfer"
        and "transfer_direction" not in slots
        and words.return_words
        and find_phrase(said, words.return_words) is not None
    ):
        slots["transfer_direction"] = "from_airport"
    _new_place_side(slots, earlier)
    _place_back(said, slots, earlier, words)
    _home_side(slots, earlier)
    reread_date(said, slots, earlier)
    for slot, names in words.add_ons.items():
        if _removed(said, names, words.remove_words):
            slots[slot] = False
    return slots


def _give_way(said: str, slots: dict[str, Any], words: FollowUpWords, vocab: Vocabulary) -> None:
    """A loose service word ('move', 'send') yields to a detail that names another service."""
    service = slots.get("service_type")
    if (
        service in (None, "mini_move")
        and slots.keys() & {"standard_delivery_item_count", "bag_or_item_count", "package_type"}
        and not slots.keys() & {"blade_airport", "blade_bag_count", "specialty_items"}
        and _people(said, words.people_words) is not None
    ):
        # "family of 4 heading out for the summer, ~20 boxes": a household moving is a Mini Move, sized for them
        slots["service_type"] = "mini_move"
        return
    if (
        service == "mini_move"
        and "specialty_items" in slots
        and ("package_type" not in slots or _BY_ITSELF.search(said))
        and words.only_words
        and find_phrase(said, words.only_words) is not None
    ):
        # "the peloton can't go in the mini move?? how much to ship just the peloton then": the item alone
        slots["service_type"] = "standard_delivery"
        return
    implied = implied_service(slots)
    if implied is None and "bag_or_item_count" in slots and "package_type" not in slots:
        implied = "standard_delivery"  # "moving 4 bags of clothes across town": a delivery of 4 items
    if service is None or implied is None or implied == service or not words.loose_service_words:
        return
    loose = {w.lower() for w in words.loose_service_words}
    strong = [w for w in vocab.services.get(service, []) if w.lower() not in loose]
    if not strong or find_phrase(said, strong) is None:
        slots["service_type"] = implied


def _bare_count(said: str) -> int | None:
    match = _BARE_AFTER.search(said) or _BARE_BEFORE.search(said)
    if match is None:
        return None
    token = next(group for group in match.groups() if group)
    return number_value(token)


def _alternatives(phrases: Sequence[str]) -> str:
    """A regex alternation of the phrases, lower-cased and escaped, longest first (so "make it" beats "make")."""
    return "|".join(re.escape(p.lower()) for p in sorted(phrases, key=len, reverse=True))


def _total_stated(said: str, words: FollowUpWords) -> bool:
    """'my wife's coming too so make it 6': a number right after a change word is the new total, whatever
    add word ('too') the rest of the message has."""
    if not words.change_words:
        return False
    changes = _alternatives(words.change_words)
    adds = _alternatives(words.add_words) or "$^"
    # ...but "make it 2 more" still adds
    # ...and "my sister's coming too so 6 bags", "that makes 5": a total said as one
    changes += "|so|that's|thats|that makes|which makes|makes it|making it|total of"
    return re.search(rf"\b(?:{changes})\s+" + _NUM + rf"\b(?!\s+(?:{adds})\b)", said) is not None


def _count_key(service: str | None, earlier: Mapping[str, Any]) -> str | None:
    """Which count a bare number changes: the bags of a transfer, the items of a delivery."""
    if service == "blade_transfer":
        return "blade_bag_count"
    if service == "standard_delivery" and (
        "standard_delivery_item_count" in earlier or "specialty_items" not in earlier
    ):
        return "standard_delivery_item_count"
    return None


def _size_package(
    said: str,
    slots: dict[str, Any],
    words: FollowUpWords,
    vocab: Vocabulary,
    service: str | None,
    earlier: Mapping[str, Any],
) -> None:
    """'the smallest Mini Move', 'a mini move for 4 people', 'mini move, about 25 boxes' → a package."""
    if "package_type" in slots or service not in (None, "mini_move") or not vocab.packages:
        return
    packages = list(vocab.packages)
    if service == "mini_move" and words.smallest_words and find_phrase(said, words.smallest_words):
        slots["package_type"] = packages[0]
        return
    if service == "mini_move" and words.largest_words and find_phrase(said, words.largest_words):
        slots["package_type"] = packages[-1]
        return
    if earlier.get("package_type") in packages:
        at = packages.index(earlier["package_type"])
        if words.step_up_words and find_phrase(said, words.step_up_words):  # "go one size up"
            slots["package_type"] = packages[min(at + 1, len(packages) - 1)]
            return
        if words.step_down_words and find_phrase(said, words.step_down_words):
            slots["package_type"] = packages[max(at - 1, 0)]
            return
    people = _people(said, words.people_words)
    items = slots.get("standard_delivery_item_count") or slots.get("bag_or_item_count")
    if people is not None and "blade_airport" not in slots:
        fits = _fitting(words.package_sizes, "people", people)
        if items and fits:  # "me and my roommate, maybe 25 boxes": the package that fits both
            by_items = _fitting(words.package_sizes, "items", items)
            order = [size.package for size in words.package_sizes]
            fits = max(fits, by_items or fits, key=order.index)
        slots["package_type"] = fits or slots.get("package_type")
    elif slots.get("service_type") == "mini_move" and "package_type" not in earlier and items:
        slots["package_type"] = _fitting(words.package_sizes, "items", items) or slots.get("package_type")
    if slots.get("package_type") is None:
        slots.pop("package_type", None)


# "how much to just ship the peloton by itself" after "can it come with my petite move?"
_BY_ITSELF = re.compile(r"\b(?:by itself|on its own|separately|alone|if not)\b")
# "family of 4", "a family of five": how many people the household is
_FAMILY_OF = re.compile(r"\bfamily of " + _NUM + r"\b")
# "me and my bf", "me + roommate", "my wife and i": two people
_COUPLE = re.compile(
    r"\b(?:me|i) (?:and|\+|&|n) (?:my )?(?:bf|gf|boyfriend|girlfriend|husband|wife|partner|roommate|fianc[eé]e?"
    r"|spouse|sister|brother|friend|mom|dad|son|daughter)\b"
    r"|\bmy (?:bf|gf|boyfriend|girlfriend|husband|wife|partner|roommate|fianc[eé]e?|spouse) (?:and|\+|&) (?:i|me)\b"
)


def _people(said: str, nouns: Sequence[str]) -> int | None:
    if (family := _FAMILY_OF.search(said)) is not None:
        token = family.group(1)
        return number_value(token)
    if _COUPLE.search(said):
        return 2
    if not nouns:
        return None
    pattern = _NUM + r"\s+(?:" + "|".join(re.escape(n) for n in nouns) + r")\b"
    match = re.search(pattern, said)
    if match is None:
        return None
    token = next(group for group in match.groups() if group)
    return number_value(token)


def _fitting(sizes: Sequence[PackageSize], measure: str, amount: int) -> str | None:
    for size in sizes:
        limit = getattr(size, measure)
        if limit is None or amount <= limit:
            return size.package
    return None


def _add_to_earlier(slots: dict[str, Any], earlier: Mapping[str, Any]) -> None:
    """'also 2 more boxes', 'plus a surfboard': the new items join the earlier ones."""
    count_key = next((k for k in COUNT_SLOTS if k in slots), None)
    if count_key is not None:
        # "2 more bags" is a count of the kind already quoted: bags of a transfer, items of a delivery.
        target = count_key
        if count_key == "bag_or_item_count":
            target = next((k for k in ("blade_bag_count", "standard_delivery_item_count") if k in earlier), count_key)
        if target in earlier:
            slots[target] = int(earlier[target]) + int(slots.pop(count_key))
            count_key = target
    if "specialty_items" in slots and earlier.get("specialty_items"):
        total: dict[str, int] = {}
        for entry in [*earlier["specialty_items"], *slots["specialty_items"]]:
            total[entry["item_type"]] = total.get(entry["item_type"], 0) + int(entry["quantity"])
        slots["specialty_items"] = [{"item_type": k, "quantity": v} for k, v in total.items()]
    if count_key != "blade_bag_count":
        # New items of one kind keep the earlier ones of the other ("also a crib" after 3 boxes).
        for key in ("standard_delivery_item_count", "specialty_items"):
            if key in earlier and key not in slots and (count_key is not None or "specialty_items" in slots):
                slots[key] = earlier[key]


def _removed(said: str, names: Sequence[str], remove_words: Sequence[str]) -> bool:
    """'without the COI', 'no packing', 'drop the same-day': a remove word up to two words before the add-on."""
    if not names or not remove_words:
        return False
    removes = _alternatives(remove_words)
    things = _alternatives(names)
    return re.search(rf"\b(?:{removes})\s+(?:[a-z']+\s+){{0,2}}?(?:{things})(?:e?s)?\b", said) is not None


def _switch_named(said: str, slots: dict[str, Any], earlier: Mapping[str, Any], vocab: Vocabulary) -> None:
    """'change the petite to the full', 'switch from JFK to Newark': of two names, the one not quoted yet."""
    for slot, table in (("package_type", vocab.packages), ("blade_airport", vocab.airports)):
        if earlier.get(slot) is None or slots.get(slot, earlier[slot]) != earlier[slot]:
            continue
        # The catalogue's own name counts here too ("to full"): after a change word it can only mean the package.
        others = [k for k, names in table.items() if k != earlier[slot] and find_phrase(said, [*names, k.lower()])]
        if len(others) == 1:
            slots[slot] = others[0]
            if slot == "blade_airport" and "transfer_direction" in earlier:
                # "from JFK to Newark" names the airports being swapped, not the direction of travel.
                slots["transfer_direction"] = earlier["transfer_direction"]


def _remove_items(
    said: str, slots: dict[str, Any], earlier: Mapping[str, Any], words: FollowUpWords, vocab: Vocabulary
) -> None:
    """'without the surfboard', 'drop the boxes': those items leave the quote (None = remove, see complete_slots)."""
    specialty = slots.get("specialty_items", earlier.get("specialty_items")) or []
    kept = [
        e for e in specialty if not _removed(said, vocab.specialty_items.get(e["item_type"], []), words.remove_words)
    ]
    if len(kept) < len(specialty):
        slots["specialty_items"] = kept or None
    count_key = "blade_bag_count" if earlier.get("service_type") == "blade_transfer" else "standard_delivery_item_count"
    nouns = vocab.bag_nouns if count_key == "blade_bag_count" else [*vocab.item_nouns, *vocab.bag_nouns]
    if count_key in earlier and count_key not in slots and _removed(said, nouns, words.remove_words):
        slots[count_key] = None


def _place_back(said: str, slots: dict[str, Any], earlier: Mapping[str, Any], words: FollowUpWords) -> None:
    """'how much to send 3 boxes there from 10001' after 'do you serve 07030?': 'there' is the earlier place,
    on the side the words before it say ('from there': the pickup), the new ZIP on the other side."""
    if not words.place_back_words or len(slots.get("zips") or []) > 1:
        return
    back = _alternatives(words.place_back_words)
    # "is there", "there are 5": the word as a filler, not a place
    match = re.search(rf"(?<!\bis )(?<!\bare )\b(?:{back})\b(?!\s*(?:is|are|'s|will|'ll|were|was)\b)", said)
    earlier_zips = list(earlier.get("zips") or [])
    if match is None or len(earlier_zips) != 1:
        return
    side = "pickup_zip" if re.search(r"\b(?:from|out of)\s+$", said[: match.start()]) else "delivery_zip"
    other = "delivery_zip" if side == "pickup_zip" else "pickup_zip"
    new_zip = (slots.get("zips") or [None])[0]
    slots[side] = earlier_zips[0]
    if new_zip is not None and new_zip != earlier_zips[0]:
        slots[other] = new_zip
    slots["zips"] = [z for z in (slots.get("pickup_zip"), slots.get("delivery_zip")) if z]


def _new_place_side(slots: dict[str, Any], earlier: Mapping[str, Any]) -> None:
    """One new place for a quoted route takes the side of the place it replaces: 'its montauk not east hampton',
    'what if the pickup is in jersey city instead of brooklyn'; said with no side at all ('and if its amagansett
    instead' after Tribeca → East Hampton), the side whose ZIP is in the same area (first three digits)."""
    replaced = slots.pop("replaced_zips", None) or []
    unsaid = slots.pop("side_unsaid", False)
    zips = slots.get("zips") or []
    sides = [k for k in ("pickup_zip", "delivery_zip") if earlier.get(k)]
    if len(zips) != 1 or not sides:
        return

    def near(a: str, b: str) -> bool:
        return a[:3] == b[:3]

    side = next((k for k in sides if any(earlier[k] == z for z in replaced)), None)
    side = side or next(iter([k for k in sides if any(near(earlier[k], z) for z in replaced)][:1]), None)
    if side is None and unsaid and not replaced:
        close = [k for k in sides if near(earlier[k], zips[0])]
        side = close[0] if len(close) == 1 else None
    if side is not None:
        slots.pop("pickup_zip", None)
        slots.pop("delivery_zip", None)
        slots[side] = zips[0]


def _home_side(slots: dict[str, Any], earlier: Mapping[str, Any]) -> None:
    """An airport transfer's one ZIP is the customer's home: the pickup going out, the delivery coming back."""
    direction = slots.get("transfer_direction") or earlier.get("transfer_direction")
    if slots.get("blade_airport") is None or len(slots.get("zips") or []) != 1:
        return
    if direction == "from_airport" and "pickup_zip" in slots and "delivery_zip" not in slots:
        slots["delivery_zip"] = slots.pop("pickup_zip")
    elif direction == "to_airport" and "delivery_zip" in slots and "pickup_zip" not in slots:
        slots["pickup_zip"] = slots.pop("delivery_zip")


def _compare_packages(
    said: str, slots: dict[str, Any], words: FollowUpWords, vocab: Vocabulary, service: str | None
) -> None:
    """'petite or standard?', 'difference between the standard and full': one price per package named."""
    if service not in (None, "mini_move") or not words.compare_words or find_phrase(said, words.compare_words) is None:
        return
    named = [k for k, names in vocab.packages.items() if find_phrase(said, [*names, k.lower()]) is not None]
    if len(named) >= 2:
        slots[COMPARED] = named
        slots["package_type"] = named[0]


def without_change_words(said: str, words: FollowUpWords) -> str:
    """The message with its change words blanked: what is left says whether it asks something new."""
    for phrase in words.change_words:
        said = re.sub(rf"\b{re.escape(phrase.lower())}\b", " ", said)
    return said
