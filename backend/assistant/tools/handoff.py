"""build_booking_handoff: turn what the customer said (and was quoted) into prefill data for the /book wizard.

The prefill carries every field the quote priced — package, add-ons, COI, time window, specialty items and
quantities, date, both ZIPs, airport fields — so /book prices exactly what the chat quoted, with the same
calculator. It never touches the database (the wizard re-checks prices and dates); it only refuses what the
wizard would refuse anyway, so the customer doesn't land on a form full of errors. Keys: domain.md §7 + §9.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import Field

from common.clock import today_ny
from common.errors import DomainError, PickupDateBlockedError

from ..config.models import Contact
from ..deps import ChatDeps
from .args import ZIP_DESCRIPTION, SpecialtyItemArg, ToolArgs
from .results import ResultModel, ToolResult, answers_domain_errors, ok

# The wizard's airport step will not accept fewer bags (one bag is booked, and priced, as two).
_MIN_BAGS = 2
_AIRPORT_ONLY = (
    "blade_bag_count",
    "blade_airport",
    "blade_terminal",
    "blade_flight_date",
    "blade_flight_time",
    "transfer_direction",
)
_MINI_MOVE_ONLY = ("package_type", "include_packing", "include_unpacking", "pickup_time", "specific_pickup_hour")
_FLAGS = ("include_packing", "include_unpacking", "coi_required")


class AddressArg(ToolArgs):
    address_line_1: str = Field("", max_length=200, description="Street address, if the customer gave it.")
    city: str = Field("", max_length=100, description="City or town.")
    state: Literal["NY", "NJ", "CT"] | None = Field(
        None, description="NY, NJ or CT; worked out from the ZIP if omitted."
    )
    zip_code: str = Field(description=ZIP_DESCRIPTION, max_length=12)


class BuildBookingHandoffArgs(ToolArgs):
    service_type: Literal["mini_move", "standard_delivery", "specialty_item", "blade_transfer"] = Field(
        description="The service to book. specialty_item opens the wizard as a standard_delivery of 0 regular "
        "items plus the specialty items."
    )
    package_type: Literal["petite", "standard", "full"] | None = Field(None, description="Mini Move package.")
    include_packing: bool = Field(False, description="Mini Move only: professional packing.")
    include_unpacking: bool = Field(False, description="Mini Move only: professional unpacking.")
    coi_required: bool = Field(False, description="The building requires a Certificate of Insurance.")
    is_same_day_delivery: bool = Field(
        False, description="Same-day delivery; it is booked by phone, so the handoff explains that instead."
    )
    pickup_time: Literal["morning", "morning_specific", "no_time_preference"] | None = Field(
        None, description="Mini Move time window, as in the quote: morning, morning_specific or no_time_preference."
    )
    specific_pickup_hour: Literal[8, 9, 10] | None = Field(
        None, description="Start hour of the 1-hour window when pickup_time is morning_specific."
    )
    standard_delivery_item_count: int | None = Field(None, ge=0, le=500, description="Regular items to deliver.")
    item_description: str | None = Field(None, max_length=500, description="What is being delivered.")
    specialty_items: list[SpecialtyItemArg] = Field(
        default_factory=list, max_length=10, description="Specialty items and quantities, as in the quote."
    )
    blade_bag_count: int | None = Field(None, ge=0, le=100, description="Airport transfer: bags (at least 2).")
    transfer_direction: Literal["to_airport", "from_airport"] | None = Field(None, description="Airport direction.")
    blade_airport: Literal["JFK", "EWR"] | None = Field(None, description="Airport transfer: JFK or EWR.")
    blade_terminal: str | None = Field(None, max_length=10, description="Airport transfer: terminal.")
    blade_flight_date: dt.date | None = Field(None, description="Flight date, YYYY-MM-DD.")
    blade_flight_time: dt.time | None = Field(None, description="Flight time, HH:MM (24-hour).")
    pickup_date: dt.date | None = Field(None, description="Pickup date, YYYY-MM-DD (the flight date for airports).")
    special_instructions: str | None = Field(None, max_length=500, description="Notes for the team.")
    pickup_zip: str | None = Field(
        None, max_length=12, description="Pickup ZIP when no full pickup_address is known (as in the price quote)."
    )
    delivery_zip: str | None = Field(
        None, max_length=12, description="Delivery ZIP when no full delivery_address is known (as in the price quote)."
    )
    pickup_address: AddressArg | None = Field(None, description="Pickup address (home address for to_airport).")
    delivery_address: AddressArg | None = Field(None, description="Delivery address (home for from_airport).")


class HandoffResult(ResultModel):
    action: Literal["open_booking_wizard"] = "open_booking_wizard"
    # Examples: what the offline reply template is rendered with by `assistant check` (the full and the
    # least a handoff carries: service_type is a required argument).
    prefill_data: dict[str, Any] = Field(
        examples=[
            {"service_type": "mini_move", "package_type": "standard", "pickup_date": "2026-06-20"},
            {"service_type": "standard_delivery"},
        ]
    )


@answers_domain_errors
def build_booking_handoff(deps: ChatDeps, args: BuildBookingHandoffArgs) -> ToolResult:
    _check_consistency(args, phone=deps.config.agent.contact.phone)
    _check_dates(args, today=today_ny(deps.now), contact=deps.config.agent.contact)
    prefill = args.model_dump(
        mode="json",
        exclude_none=True,
        exclude={"pickup_address", "delivery_address", "pickup_zip", "delivery_zip", "is_same_day_delivery"},
    )
    if args.blade_flight_time is not None:
        prefill["blade_flight_time"] = args.blade_flight_time.strftime("%H:%M")
    for key in _FLAGS:
        if not prefill[key]:
            del prefill[key]  # only what the customer actually asked for
    if not prefill["specialty_items"]:
        del prefill["specialty_items"]
    if args.pickup_time != "morning_specific":
        prefill.pop("specific_pickup_hour", None)  # an hour only means something with a 1-hour window
    if args.service_type != "mini_move":
        prefill.pop("pickup_time", None)  # only Mini Moves choose a window; the others are 8-11 AM
    for key, zip_key in (("pickup_address", "pickup_zip"), ("delivery_address", "delivery_zip")):
        address = getattr(args, key)
        if address is None and getattr(args, zip_key):
            address = AddressArg(zip_code=getattr(args, zip_key))  # a quote's ZIP carries over into the form
        if address is not None:
            zip_code = _zip(address.zip_code, key)
            prefill[key] = {**address.model_dump(), "zip_code": zip_code, "state": address.state or _state(zip_code)}
    if args.service_type == "specialty_item":
        # The wizard has no specialty-only button: a standard delivery of 0 regular items plus the items.
        prefill["service_type"] = "standard_delivery"
        prefill.setdefault("standard_delivery_item_count", 0)
    if args.service_type == "blade_transfer" and args.blade_flight_date and not args.pickup_date:
        prefill["pickup_date"] = prefill["blade_flight_date"]  # the wizard's pickup date is the flight date
    return ok(HandoffResult(prefill_data=prefill))


def _check_consistency(args: BuildBookingHandoffArgs, *, phone: str) -> None:
    service = args.service_type
    if service != "mini_move":
        # The default 8-11 AM window applies to every service; only a chosen window is Mini Move only.
        stray = [k for k in _MINI_MOVE_ONLY if getattr(args, k) not in (None, False, "morning")]
        if stray and stray[0] in ("include_packing", "include_unpacking"):
            raise DomainError(
                "Packing and unpacking are only offered with a Mini Move.", code="invalid_field", field=stray[0]
            )
        if stray and stray[0] == "package_type":
            raise DomainError(
                "Packages (Petite, Standard, Full) are only for Mini Moves.", code="invalid_field", field="package_type"
            )
        if stray:
            raise DomainError(
                "Pickup time windows are chosen for Mini Moves only.", code="invalid_field", field=stray[0]
            )
    if service != "blade_transfer":
        stray = [k for k in _AIRPORT_ONLY if getattr(args, k) is not None]
        if stray:
            raise DomainError(f"{stray[0]} is only for airport transfers.", code="invalid_field", field=stray[0])
    if args.is_same_day_delivery:
        raise DomainError(
            f"Same-day delivery can't be booked online; please call us at {phone} and we'll arrange it.",
            code="invalid_field",
            field="is_same_day_delivery",
        )
    if args.pickup_time == "morning_specific" and args.specific_pickup_hour is None:
        raise DomainError("Which 1-hour window: 8, 9 or 10 AM?", code="missing_field", field="specific_pickup_hour")
    if service == "blade_transfer":
        if args.blade_bag_count is not None and args.blade_bag_count < _MIN_BAGS:
            raise DomainError(
                f"Airport transfers are booked for at least {_MIN_BAGS} bags; a single bag is booked as {_MIN_BAGS}.",
                code="invalid_quantity",
                field="blade_bag_count",
            )
        if args.coi_required:
            raise DomainError("A COI is not offered for airport transfers.", code="invalid_field", field="coi_required")
        if args.specialty_items or args.standard_delivery_item_count is not None:
            raise DomainError(
                "Airport transfers are priced by the bag; items and specialty items are a Standard Delivery.",
                code="invalid_field",
                field="specialty_items" if args.specialty_items else "standard_delivery_item_count",
            )
    if service == "mini_move" and args.specialty_items:
        raise DomainError(
            "Specialty items are booked as a Standard Delivery, not with a Mini Move.",
            code="invalid_field",
            field="specialty_items",
        )
    if service == "specialty_item" and not (args.specialty_items or args.item_description):
        raise DomainError(
            "Tell me which specialty item it is (for example a Peloton or a surfboard).",
            code="missing_field",
            field="specialty_items",
        )


def _check_dates(args: BuildBookingHandoffArgs, *, today: dt.date, contact: Contact) -> None:
    for key in ("pickup_date", "blade_flight_date"):
        day = getattr(args, key)
        if day is not None and day < today:
            raise DomainError(
                f"{day.isoformat()} is in the past; please pick a later date.", code="past_date", field=key
            )
    if args.pickup_date == today:
        # The wizard refuses a same-day pickup, so say why (with the phone) now, as the price quote does, instead
        # of opening a form that can't be finished. (Tomorrow after the evening cutoff needs the catalogue's
        # cutoff hour; the wizard says that one, and the handoff stays free of database reads.)
        raise PickupDateBlockedError(
            f"Same-day pickups can't be booked online. Please call {contact.phone} or email {contact.email}.",
            field="pickup_date",
        )


def _zip(value: str, field: str) -> str:
    from catalogue.coverage import normalise_zip  # format only; serviceability is the wizard's (DB) check

    return normalise_zip(value, field=f"{field}.zip_code")


def _state(zip_code: str) -> str:
    """The state a ZIP is in, for the areas we serve (USPS prefixes: 06 Connecticut, 07–08 New Jersey)."""
    if zip_code.startswith("06"):
        return "CT"
    if zip_code.startswith(("07", "08")):
        return "NJ"
    return "NY"
