"""Argument extraction for offline mode: turn one customer message into §9 slot values.

Pure functions of (text, vocabulary, today). The vocabulary (service words, package and specialty-item
synonyms, airports) comes from agent_config/intents.yaml, so staff can teach a new word without code.
Nothing here knows a price: amounts are the pricing tool's job.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from .counting import count_before, count_things, without_money
from .dates import date_slots
from .holidays import Holiday
from .locations import ZIP as _ZIP
from .locations import location_slots

_UPCOMING = re.compile(r"\b(?:coming up|upcoming|next|scheduled|booked for)\b")
_NEXT_BOOKING = re.compile(r"\b(?:my next|is next|next one|comes next|coming next|up next)\b")
# "the one i cancelled": a booking named by what became of it
_BOOKING_STATE = re.compile(
    r"\b(?:i|we|that i|that we|got|was|were|the) (?:cancell?ed|cancell?ing)\b|\bthe cancell?ed one\b"
    r"|\bdid (?:i|we) cancel\b"
)
# "the paid one", "my booking that's still pending": one status of the customer's bookings
_BOOKING_STATUS = re.compile(
    r"\bthe (paid|pending|confirmed|completed) (?:one|booking|order)\b"
    r"|\b(?:one|booking|order) (?:that's|that is|thats|which is)(?: still)? (paid|pending|confirmed|completed)\b"
    r"|\balready (paid) for\b"  # "the standard delivery i already paid for"
)
# "your standard protection is limited" is the usual cover, not the Standard package; "move it to saturday" moves
# a date, not a Mini Move
_NOT_A_SERVICE = re.compile(
    r"\bstandard (?:protection|coverage|liability|insurance|cover)\b"
    r"|\bmove (?:it|that|this|them|the (?:date|day|pickup|delivery|booking))\s+(?=to\b|back\b|up\b)"
)
_BOOKING = re.compile(r"\bTT[-\s]?(\d{1,6})\b", re.IGNORECASE)
_TERMINAL = re.compile(r"\b(?:terminal|term\.?|t)\s?-?\s?([1-8]|[a-c])\b", re.IGNORECASE)
_HOUR_WINDOW = re.compile(
    r"\b(8|9|10)\s*(?::00)?\s*(?:am|a\.m\.)?\s*(?:-|–|to)\s*(9|10|11)\s*(?::00)?\s*(?:am|a\.m\.)?"
)
# Same-day delivery, not "the same day" as another one ("separate thing, same day i also need 5 boxes").
_SAME_DAY = re.compile(r"\bsame-day\b|(?<!\bthe )(?<!\bthat )\bsame day\b(?!\s*(?:as\b|,|i\b|we\b|also\b))|\brush\b")
_PACK_OURSELVES = re.compile(
    r"\b(?:pack|packing)\s+(?:it\s+|everything\s+|up\s+)?(?:ourselves|myself|on our own|on my own)\b"
    r"|\b(?:we'll|we will|i'll|i will) (?:do the )?pack(?:ing)?\b(?! for)"
)
_SLOT_WORD = re.compile(r"\b(?:window|slot|exactly|sharp|on the dot|specific hour|exact hour|lock in)\b")
# "eh forget the window, regular morning is fine": back to the usual morning pickup, no 1-hour window.
_WINDOW_DROPPED = re.compile(
    r"\b(?:forget|drop|skip|no|without|don't need|dont need|never ?mind|nvm|scratch|lose|remove)\s+(?:about\s+)?"
    r"(?:the\s+|a\s+|that\s+)?(?:[a-z0-9-]+\s+){0,2}?(?:window|slot)\b"
    r"|\b(?:regular|normal|usual|standard|default|plain)\s+(?:8\s*-\s*11\s+)?(?:morning|window|pickup time)\b"
    r"|\bmorning is fine\b"
)
_HOUR_AT = re.compile(
    r"\b(?:at|by|around|like)\s+(?:exactly\s+)?(8|9|10)\s*(?::00)?\s*(?:am|a\.m\.|o'?clock|on the dot)"
    # "8am one-hour pickup window", "the 10 o'clock one-hour slot": up to three words before window/slot
    r"|\b(8|9|10)\s*(?::00)?\s*(?:am|a\.m\.|o'?clock)(?:\s+[a-z0-9-]+){0,3}?\s+(?:window|slot|hour)\b"
    # "at exactly 9", "come 9 sharp", "9am on the dot": the hour said as a fixed time
    r"|\bexactly\s+(?:at\s+)?(8|9|10)\b(?!\s*(?:items?|boxes|bags|pieces|things|suitcases|people)\b)"
    r"|\b(8|9|10)\s*(?::00)?\s*(?:am|a\.m\.)?\s*(?:sharp|on the dot)\b"
    # "lock in a 10am arrival", "a 9am pickup": the hour of the pickup itself
    r"|\block in\s+(?:an?\s+|the\s+)?(8|9|10)\b|\b(8|9|10)\s*(?::00)?\s*(?:am|a\.m\.)\s+(?:arrival|pickup|pick-?up|start)\b"
)
_COI_NEG = re.compile(
    r"\b(no|without|don'?t need( a)?|do not need( a)?|not need( a)?|skip( the)?)\s+(coi|certificate|insurance cert)"
)
_COI_POS = re.compile(
    r"\b(coi|certificates? of insurance|certs? of insurance|insurance cert(ificate)?s?"
    r"|building (requires|needs) (a )?(certificate|insurance))\b"
)


class Vocabulary(BaseModel):
    """Words the customer uses → the catalogue's slugs. Loaded from intents.yaml `vocabulary:`."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    services: dict[str, list[str]]
    packages: dict[str, list[str]]
    specialty_items: dict[str, list[str]]
    airports: dict[str, list[str]]
    item_nouns: list[str]
    bag_nouns: list[str]
    unlisted_items: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Things the catalogue has no price for (piano, pets...): offline mode says they can't be "
        "booked online and gives the phone number. Key = how the reply names it.",
    )
    not_unlisted: list[str] = Field(
        default_factory=list,
        description="Phrases that use an unlisted item's word for something else ('a car for my bags', 'it goes "
        "in my car', 'car seat'): read as if absent when looking for unlisted items.",
    )
    holidays: list[Holiday] = Field(default_factory=list, description="Holidays named instead of a date.")
    permission_phrases: list[str] = Field(
        default_factory=list,
        description="Words of a question asking whether something is allowed ('can I ship', 'do you take'): "
        "such a question without counts, ZIPs or dates is answered from the FAQ before any price.",
    )
    shorthand: dict[str, str] = Field(
        default_factory=dict,
        description="Texting shorthand and apostrophe-less words, each read as what it stands for before anything "
        "else ('u' → 'you', 'ive' → \"i've\"). Whole words only.",
    )


def normalise(text: str) -> str:
    """Lower case, unify quotes and dashes, squeeze spaces: every matcher works on this form."""
    text = text.lower().replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-")
    return re.sub(r"\s+", " ", text).strip()


# "hw much 4 a crib": "4" before an article or pronoun is "for", never a count (a count has its noun next)
_FOUR_AS_FOR = re.compile(r"(?<![\d$.,:/-])\b4\s+(?=(?:a|an|the|my|me|u|you|us|this|that|it)\b)")


def expand_shorthand(text: str, shorthand: Mapping[str, str]) -> str:
    """'when r u coming' → 'when are you coming': each shorthand word, standing alone, as what it stands for."""
    text = _FOUR_AS_FOR.sub("for ", text)
    if not shorthand:
        return text
    return _shorthand_pattern(tuple(sorted(shorthand, key=len, reverse=True))).sub(
        lambda m: shorthand[m.group(0)], text
    )


@functools.lru_cache(maxsize=8)
def _shorthand_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"(?<![\w'/-])(?:" + "|".join(re.escape(w) for w in words) + r")(?![\w'/-])")


@functools.lru_cache(maxsize=4096)
def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    """A synonym as a whole-word pattern that also accepts a plural (box → boxes, surfboard → surfboards)."""
    words = [re.escape(w) for w in phrase.lower().split()]
    return re.compile(r"\b" + r"\s+".join(words) + r"(?:e?s)?\b")


def find_phrase(text: str, phrases: Sequence[str]) -> re.Match[str] | None:
    """First whole-word occurrence of any phrase, longest phrase preferred on the same start."""
    best: re.Match[str] | None = None
    for phrase in sorted(phrases, key=len, reverse=True):
        match = _phrase_pattern(phrase).search(text)
        if match and (best is None or match.start() < best.start()):
            best = match
    return best


_LOOKALIKE = str.maketrans({"o": "0", "l": "1", "i": "1"})
_ZIPLIKE = re.compile(r"(?<![\w$.,])([0-9oOlIi]{5})(?![\w.,]|-\d)")
_SHORT_ZIP = re.compile(
    r"(?:\b(?:zip|zip code|zipcode|from|to|in|at|serve|cover)\s+)(\d{4})(?![\d,.])\b"
    r"|\b(\d{4})\s+(?=(?:covered|served|serviced|in your area|in your service area)\b)"  # "is 1968 covered?"
)


def _zip_typo(text: str) -> dict[str, Any] | None:
    """A ZIP typed with look-alike letters ("1OOO1" → 10001) or a digit short ("to 1954"): what was typed,
    and for look-alikes the ZIP meant. The reply asks "did you mean…?" instead of guessing silently."""
    for match in _ZIPLIKE.finditer(text):
        token = match.group(1)
        if token.isdigit() or sum(c.isdigit() for c in token) < 2 or not (token[0].isdigit() or token[-1].isdigit()):
            continue
        return {"typed": token, "zip": token.lower().translate(_LOOKALIKE), "start": match.start(1)}
    if (match := _SHORT_ZIP.search(text)) is not None:
        group = 1 if match.group(1) else 2
        if not re.fullmatch(r"20\d\d", match.group(group)):
            return {"typed": match.group(group), "zip": None, "start": match.start(group)}
    return None


def extract_zips(text: str) -> list[str]:
    return [m.group(1) for m in _ZIP.finditer(text)]


def _specialty(text: str, vocab: Vocabulary) -> tuple[list[dict[str, Any]], str]:
    """Specialty items with quantities, and the text with them blanked so they aren't counted as items."""
    found: list[dict[str, Any]] = []
    for slug, words in vocab.specialty_items.items():
        # Every mention of the kind: "do you take surfboards? 2 boards + 2 duffels" is 2 surfboards, and the
        # same count said again ("2 surfboards ... the 2 surfboards") is the same boards.
        counted: set[tuple[str, int]] = set()
        first = None
        while (match := find_phrase(text, words)) is not None:
            first = match.start() if first is None else first
            if count := count_before(text, match.start()):
                counted.add((match.group(0).rstrip("s"), count))
            text = text[: match.start()] + " " * (match.end() - match.start()) + text[match.end() :]
        if first is not None:
            quantity = sum(count for _, count in counted) or 1
            found.append({"item_type": slug, "quantity": quantity, "at": first})
    found.sort(key=lambda item: item["at"])  # in the order the customer named them, as the quote lists them
    return [{k: v for k, v in item.items() if k != "at"} for item in found], text


def _take_all(text: str, tables: Mapping[str, Mapping[str, Sequence[str]]]) -> tuple[dict[str, str], str]:
    """For each table (services, packages, airports) the key of its earliest phrase, choosing the longest
    phrase where phrases overlap — so "full move" is the Full package, not a "move" — and the text with
    the chosen phrases blanked (so "standard delivery" is not read again as the Standard package)."""
    candidates = []
    for table, entries in tables.items():
        for key, words in entries.items():
            for word in words:
                for match in _phrase_pattern(word).finditer(text):
                    candidates.append((match.start(), match.end(), table, key))
    chosen: dict[str, tuple[int, int, str]] = {}
    taken: list[tuple[int, int]] = []
    for start, end, table, key in sorted(candidates, key=lambda c: (c[0] - c[1], c[0])):
        if any(start < t_end and t_start < end for t_start, t_end in taken):
            continue
        taken.append((start, end))
        # A package named as one ("the standard package") outranks a hint at a size ("my studio") said earlier.
        rank = 0 if table == "package_type" and re.search(rf"\b(?:{key}|package)\b", text[start:end]) else 1
        if table not in chosen or (rank, start) < chosen[table][:2]:
            chosen[table] = (rank, start, key)
    for start, end in taken:
        text = text[:start] + " " * (end - start) + text[end:]
    return {table: key for table, (_, _, key) in chosen.items()}, text


def _direction(text: str, airport_words: Sequence[str]) -> str | None:
    airports = "|".join(re.escape(w) for w in airport_words)
    if re.search(
        r"\b(from|landing at|arriving at|arrive at|land at|lands at|coming back|back from|pick me up at|into|in to"
        r"|landing in|arriving in|getting in at|get in at)\s+(the\s+)?(" + airports + r"|airport)",
        text,
    ):
        return "from_airport"
    if re.search(r"\b(landing|lands|landed|arriving|arrival|coming home|get home from|flying in|fly in)\b", text):
        return "from_airport"
    if re.search(r"\b(to|for|at|departing|leaving from|out of)\s+(the\s+)?(" + airports + r"|airport)", text):
        return "to_airport"
    return None


def extract_slots(text: str, vocab: Vocabulary, today: date, places: Any = None) -> dict[str, Any]:
    """Every slot this message states. Absent means "not said", never a default.

    `places` (a PlaceIndex from places.yaml) turns "Montauk" into its ZIP, as if the customer had typed it."""
    text = normalise(text)
    slots: dict[str, Any] = {}
    specialty, rest = _specialty(text, vocab)
    if specialty:
        slots["specialty_items"] = specialty
    rest = without_money(rest)  # "its a $600 bag" is one bag, whatever it cost
    named, rest = _take_all(
        _NOT_A_SERVICE.sub(" ", rest),
        {"service_type": vocab.services, "package_type": vocab.packages, "blade_airport": vocab.airports},
    )
    slots.update(named)
    airport_words = [w for words in vocab.airports.values() for w in words]
    if (direction := _direction(text, airport_words)) and ("blade_airport" in slots or "airport" in text):
        slots["transfer_direction"] = direction
    if terminal := _TERMINAL.search(text):
        slots["blade_terminal"] = terminal.group(1).upper()
    at_airport = "blade_airport" in slots or slots.get("service_type") == "blade_transfer"
    slots.update(count_things(rest, bag_nouns=vocab.bag_nouns, item_nouns=vocab.item_nouns, at_airport=at_airport))
    typo = _zip_typo(text)
    if typo is not None:
        slots["zip_typo"] = {"typed": typo["typed"], "zip": typo["zip"]}
        if typo["zip"] is not None:  # same length: every other position in the text stays put
            text = text[: typo["start"]] + typo["zip"] + text[typo["start"] + len(typo["zip"]) :]
    slots.update(location_slots(text, places))
    slots.update(date_slots(text, today, vocab.holidays))
    if _COI_NEG.search(text):
        slots["coi_required"] = False
    elif _COI_POS.search(text):
        slots["coi_required"] = True
    if re.search(r"\bunpack(ing|ers?)?\b", text):
        slots["include_unpacking"] = True
    if _PACK_OURSELVES.search(text):
        slots["include_packing"] = False  # "we'll pack ourselves but want help unpacking"
    elif re.search(r"(?<!un)\bpack(ing|ers?)?\b|\bpacking\b", text.replace("unpack", "")):
        slots["include_packing"] = True
    if _SAME_DAY.search(text):
        slots["is_same_day_delivery"] = True
    window = _HOUR_WINDOW.search(text)
    if window is not None and int(window.group(2)) - int(window.group(1)) != 1:
        window = None  # "instead of the whole 8-11 window": the usual morning, not a one-hour slot
    window = window or _HOUR_AT.search(text)
    if _WINDOW_DROPPED.search(text):
        slots["pickup_time"] = "morning"
        slots["specific_pickup_hour"] = None  # taken away from the quote (complete_slots drops a None)
    elif window and (re.search(r"am|a\.m|o'?clock|window|slot", window.group(0)) or _SLOT_WORD.search(text)):
        slots["pickup_time"] = "morning_specific"
        slots["specific_pickup_hour"] = int(next(g for g in window.groups() if g))
    elif re.search(r"\b(flexible|no (time )?preference|any ?time)\b", text):
        slots["pickup_time"] = "no_time_preference"
    objects = text
    for phrase in sorted(vocab.not_unlisted, key=len, reverse=True):  # "need a car for my bags" ships bags
        objects = re.sub(r"\b" + re.escape(phrase.lower()) + r"\b", " ", objects)
    # A word of a specialty item named ("the bike" after "a peloton": an exercise bike) means that item
    named_words = {
        w for item in specialty for phrase in vocab.specialty_items[item["item_type"]] for w in phrase.lower().split()
    }
    for name, words in vocab.unlisted_items.items():
        if (match := find_phrase(objects, words)) is not None and match.group(0).rstrip("s") not in named_words:
            slots["unlisted_item"] = name
            break
    if _BOOKING_STATE.search(text):
        slots["booking_state"] = "cancelled"
    elif status := _BOOKING_STATUS.search(text):
        slots["booking_state"] = next(group for group in status.groups() if group)
    if _NEXT_BOOKING.search(text):
        slots["upcoming"] = "next"  # "which booking of mine is next": the first one ahead
    elif _UPCOMING.search(text):
        slots["upcoming"] = True  # "my delivery that's coming up": a booking ahead, not one cancelled
    if booking := _BOOKING.search(text):
        slots["booking_number"] = f"TT-{int(booking.group(1)):06d}"
    return slots
