"""Where a message says things are: typed ZIPs and named places, merged into locations, and the route they make."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Any

ZIP = re.compile(r"(?<![\d$.,])(\d{5})(?:-\d{4})?(?!\d|,\d{3}\b|\.\d)")


@dataclass(frozen=True)
class Location:
    """A ZIP or a named place in the message, where it starts, and (for a place) its name and note."""

    start: int
    zip: str | None
    name: str | None = None
    note: str | None = None
    end: int = -1


# Between two names of one location: "greenport, 11944", "red hook brooklyn", "riverdale in the bronx, 10463",
# "hoboken (07030)", "greenwich ct (06830)", "princeton nj? zip is 08540".
_SAME_PLACE_GAP = re.compile(
    r"^[\s,(]*(?:(?:ny|nj|ct|new york|new jersey|connecticut)\b[\s,(]*)?(?:in(?:\s+the)?\s+)?"
    r"(?:[?.!:-]*\s*(?:the\s+)?zip(?:\s+code)?(?:\s+is|\s*:)?\s*)?$"
)


def _locations(text: str, places: Any) -> list[Location]:
    found = [Location(m.start(1), m.group(1), end=m.end(1)) for m in ZIP.finditer(text)]
    if places is not None:
        taken = [(m.start(), m.end()) for m in ZIP.finditer(text)]
        for mention in places.find(text):
            if not any(mention.start < end and start < mention.end for start, end in taken):
                place = mention.place
                found.append(Location(mention.start, place.zip, place.name, place.note, mention.end))
    return _one_per_place(text, sorted(found, key=lambda loc: loc.start))


def _one_per_place(text: str, found: list[Location]) -> list[Location]:
    """A place said twice in a row (a name then its ZIP or its borough) is one location: the ZIP the customer
    typed wins over a name (names can be typo-repaired), else the first, more specific name wins. Two ZIPs in a
    row ("10001, 11954") stay two."""
    merged: list[Location] = []
    for location in found:
        previous = merged[-1] if merged else None
        named = previous is not None and (previous.name is not None or location.name is not None)
        if named and previous.end >= 0 and _SAME_PLACE_GAP.match(text[previous.end : location.start]):
            if location.name is None and previous.name is not None:  # "westport ct, 06880": the typed ZIP
                # ...said where the name starts, so "delivered to shelter island 11964" still reads "to" it
                merged[-1] = replace(location, start=previous.start)
            continue
        merged.append(location)
    return merged


_FROM = re.compile(r"\b(?:from|out of)\s+(?:the\s+|my\s+|our\s+)?$")
_TO = re.compile(r"\b(to|into|in to|delivered to|deliver to|delivering to|going to|headed to|heading to)\s*(the\s*)?$")
# Words naming a side of the route a few words before a place: "the drop off is in montauk", "delivery address
# 11954", "pickup will be at 10001". The nearest one before the place decides its side.
_SIDE_WORDS = re.compile(
    r"\b(?P<delivery>drop[- ]?offs?|delivery|destination|deliver(?:ed|ing)?|to|into)\b"
    r"|\b(?P<pickup>pick[- ]?ups?|collection|collect(?:ed)?|origin|from|out of)\b"
)
_SIDE_REACH = 4  # words between the side word and the place: "drop off is in", "pickup would be at"


# "montauk not east hampton", "jersey city instead of brooklyn": the place after these is the one being replaced.
_REPLACED = re.compile(r"\b(?:not|instead of|rather than)\s+(?:the\s+|in\s+|to\s+|from\s+|at\s+)?$")


def _side_said(before: str) -> str | None:
    """'delivery' or 'pickup' when the words before a place name its side of the route, else None."""
    if _TO.search(before):
        return "delivery"
    tail = " ".join(before.split()[-_SIDE_REACH - 1 :])
    sides = list(_SIDE_WORDS.finditer(tail))
    if not sides:
        return None
    return "delivery" if sides[-1].group("delivery") is not None else "pickup"


def _route(text: str, locations: list[Location]) -> dict[str, Location]:
    """First place is the pickup, second the delivery, unless the words before them say otherwise."""
    if not locations:
        return {}
    first = locations[0]
    first_side = _side_said(text[: first.start])
    if len(locations) == 1:
        return {"delivery" if first_side == "delivery" else "pickup": first}
    second = locations[1]
    # "the building in greenwich (06830) needs a COI ... 4 items from 10021": the pickup said after the other place
    if first_side == "delivery" or (first_side is None and _FROM.search(text[first.end : second.start])):
        first, second = second, first
    return {"pickup": first, "delivery": second}


def location_slots(text: str, places: Any) -> dict[str, Any]:
    """ZIPs (typed, or of a named place) in order, each side of the route, and the places named."""
    every = _locations(text, places)
    locations = [loc for loc in every if not _REPLACED.search(text[: loc.start])]
    slots: dict[str, Any] = {}
    replaced = [loc.zip for loc in every if loc not in locations and loc.zip is not None]
    if replaced:
        slots["replaced_zips"] = replaced
    if len(locations) == 1 and _side_said(text[: locations[0].start]) is None:
        slots["side_unsaid"] = True
    zips = [loc.zip for loc in locations if loc.zip is not None]
    if zips:
        slots["zips"] = list(dict.fromkeys(zips))
    # "do u go to jersey? hoboken 07030 to 10011", "heading to the hamptons ... 10024 to east hampton": a region
    # asked about in passing (a place with a note) is not a side of the route when two exact places make one,
    # and its words ("go to jersey") say nothing about their sides.
    routed, said = locations, text
    exact = [loc for loc in locations if loc.name is None or loc.note is None]
    if len(locations) > 2 and len({loc.zip for loc in exact}) >= 2:
        routed = exact
        passing = [loc.end for loc in locations if loc not in exact and loc.end <= exact[0].start]
        if passing:
            said = " " * max(passing) + text[max(passing) :]
    # "hoboken it is. 2 boxes from hoboken to tribeca": a place said again is the same place, once in the route
    distinct: list[Location] = []
    for loc in routed:
        if loc.zip is None or all(loc.zip != kept.zip for kept in distinct):
            distinct.append(loc)
    for side, loc in _route(said, distinct).items():
        if loc.zip is not None:
            slots[f"{side}_zip"] = loc.zip
    named = [{"name": loc.name, "zip": loc.zip, "note": loc.note} for loc in locations if loc.name is not None]
    if named:
        slots["places"] = named
    return slots
