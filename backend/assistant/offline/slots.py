"""Carrying quote details from one message to the next: which details belong to which service, what a new
message replaces, and what the details imply (a package means a Mini Move)."""

from __future__ import annotations

from typing import Any

# Which quote details belong to which service: when the customer switches service mid-conversation,
# details of the old one are dropped instead of confusing the pricing tool.
SERVICE_SLOTS = {
    "mini_move": {
        "package_type",
        "compared_packages",
        "include_packing",
        "include_unpacking",
        "pickup_time",
        "specific_pickup_hour",
    },
    "standard_delivery": {
        "standard_delivery_item_count",
        "specialty_items",
        "is_same_day_delivery",
        "item_description",
    },
    "specialty_item": {"specialty_items", "is_same_day_delivery"},
    "blade_transfer": {"blade_bag_count", "blade_airport", "blade_terminal", "transfer_direction"},
}


COUNT_SLOTS = ("standard_delivery_item_count", "blade_bag_count", "bag_or_item_count")
ITEM_SLOTS = (*COUNT_SLOTS, "specialty_items")
# Set by the planner on a message that asks a new question with items of its own (not "also…", "make it…").
NEW_QUESTION = "new_question"
# Packages named together to compare ("petite or standard?"): the quote prices each of them.
COMPARED = "compared_packages"


def related_slots(slots: set[str]) -> set[str]:
    """Slots plus those that say the same thing another way (a ZIP list and the route's ZIPs, two dates)."""
    related = set(slots)
    if related & {"pickup_zip", "delivery_zip", "zips"}:
        related |= {"pickup_zip", "delivery_zip", "zips", "places"}
    if related & {"pickup_date", "first_date"}:
        related |= {"pickup_date", "first_date", "date_span_days", "date_reading"}
    return related


def complete_slots(earlier: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """Merge a message's details into the earlier ones and infer what they imply (a package means a move)."""
    service = new.get("service_type") or implied_service(new) or earlier.get("service_type")
    if service and earlier.get("service_type") not in (None, service):
        other = set().union(*SERVICE_SLOTS.values()) - SERVICE_SLOTS.get(service, set())
        if new.get(NEW_QUESTION):  # "forget the move, how much to just send my surfboard": its COI went with it
            other.add("coi_required")
        earlier = {k: v for k, v in earlier.items() if k not in other}
    if "package_type" in new and COMPARED not in new:  # one package named: the comparison is over
        earlier = {k: v for k, v in earlier.items() if k != COMPARED}
    if "pickup_date" in new:  # how an earlier date was read says nothing about this one
        earlier = {k: v for k, v in earlier.items() if k not in ("date_reading", "date_span_days")}
    if "places" in new or "zips" in new:
        earlier = {k: v for k, v in earlier.items() if k != "places"}
    replaces_all = bool(new.get(NEW_QUESTION)) or "service_type" in new
    if new.keys() & set(ITEM_SLOTS):
        # Items a message names replace the earlier ones of their kind ("make it 5 bags"); a new question
        # ("how much is a delivery of 2 boxes?") replaces all of them. Additions were summed by follow_ups.
        kinds = set(ITEM_SLOTS) if replaces_all else (set(COUNT_SLOTS) if new.keys() & set(COUNT_SLOTS) else set())
        if "specialty_items" in new:
            kinds.add("specialty_items")
        earlier = {k: v for k, v in earlier.items() if k not in kinds}
    if service == "blade_transfer" and earlier.get("service_type") not in (None, service):
        # The airport's side of the route has the airport's own address: the earlier ZIP there no longer applies.
        side = "pickup_zip" if new.get("transfer_direction") == "from_airport" else "delivery_zip"
        earlier = {k: v for k, v in earlier.items() if k != side}
    if new.keys() & set(COUNT_SLOTS) and "item_description" not in new:
        earlier = {k: v for k, v in earlier.items() if k != "item_description"}  # "make it 5": not "3 boxes" now
    new = {k: v for k, v in new.items() if k != NEW_QUESTION}
    merged = {k: v for k, v in {**earlier, **new}.items() if v is not None}  # None: the message took it away
    if new.get("zips") and not ({"pickup_zip", "delivery_zip"} <= new.keys()):
        # One new ZIP replaces the side it names; the other side keeps the earlier ZIP.
        merged["zips"] = [merged[k] for k in ("pickup_zip", "delivery_zip") if k in merged]
    service = service or implied_service(merged)
    if service:
        merged["service_type"] = service
    if "bag_or_item_count" in merged:
        if service is None and merged.keys() & {"pickup_zip", "delivery_zip", "zips", "pickup_date", "coi_required"}:
            # Bags with a place, a day or a building's COI and no airport named are a Standard Delivery
            # ("6 bags from 10019 to 11201", "5 bags this saturday"); only bags with nothing else said might be
            # for a flight, and then we ask.
            service = merged["service_type"] = "standard_delivery"
        count = merged.pop("bag_or_item_count")
        key = "blade_bag_count" if service == "blade_transfer" else "standard_delivery_item_count"
        merged.setdefault(key, count)
    return merged


def implied_service(slots: dict[str, Any]) -> str | None:
    if "package_type" in slots or slots.get("include_packing") or slots.get("include_unpacking"):
        return "mini_move"
    if "blade_airport" in slots or "blade_bag_count" in slots or "blade_terminal" in slots:
        return "blade_transfer"
    if "standard_delivery_item_count" in slots or "specialty_items" in slots or "is_same_day_delivery" in slots:
        return "standard_delivery"
    return None
