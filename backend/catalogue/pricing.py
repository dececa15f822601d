"""THE price calculator (domain.md §1–2, §8): tool quotes, stored booking totals and the /book display.

Every amount comes from catalogue rows; this module only knows the rules that combine them.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from catalogue import pricing_parts as parts
from catalogue.availability import check_pickup_date, date_surcharge_rules
from catalogue.choices import CalculationType, ServiceType, TransferDirection
from catalogue.coverage import require_serviceable
from common.errors import MissingFieldError
from common.money import dollars

ZERO = Decimal("0")
PERCENT = Decimal("100")


class SpecialtyItemRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    item_type: str  # catalogue slug: peloton, surfboard, crib, wardrobe_box, or one staff added
    quantity: int = 1  # >= 1, checked by quote() so the refusal is a readable DomainError


class QuoteRequest(BaseModel):
    """What to price, in the booking wizard's vocabulary (domain.md §9)."""

    model_config = ConfigDict(extra="forbid")

    service_type: Literal["mini_move", "standard_delivery", "specialty_item", "blade_transfer"]
    package_type: Literal["petite", "standard", "full"] | None = None
    include_packing: bool = False
    include_unpacking: bool = False
    coi_required: bool = False
    is_same_day_delivery: bool = False
    pickup_time: Literal["morning", "morning_specific", "no_time_preference"] = "morning"
    specific_pickup_hour: Literal[8, 9, 10] | None = None
    standard_delivery_item_count: int | None = None  # >= 0, checked by quote()
    specialty_items: list[SpecialtyItemRequest] = []
    blade_bag_count: int | None = None
    blade_airport: Literal["JFK", "EWR"] | None = None
    blade_terminal: str | None = None
    transfer_direction: Literal["to_airport", "from_airport"] = "to_airport"
    pickup_zip: str | None = None
    delivery_zip: str | None = None
    pickup_date: date | None = None


class LineItem(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str
    label: str
    amount: Decimal


class Quote(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    service_type: str
    line_items: list[LineItem]
    total: Decimal
    notes: list[str]

    def in_dollars(self) -> dict[str, Any]:
        """The quote as tools and APIs send it: every amount a two-decimal dollar string ("1220.00")."""
        return {
            "service_type": self.service_type,
            "line_items": [
                {"code": line.code, "label": line.label, "amount": dollars(line.amount)} for line in self.line_items
            ],
            "total": dollars(self.total),
            "notes": list(self.notes),
        }


def quote(request: QuoteRequest, *, now: datetime | None = None) -> Quote:
    """Price one request. Raises a DomainError subclass for anything that can't be booked online."""
    if request.pickup_date is not None:
        check_pickup_date(request.pickup_date, now=now)
    lines: list[parts.Line] = []
    notes: list[str] = []
    if request.service_type == ServiceType.BLADE_TRANSFER:
        _price_airport(request, lines, notes)
    else:
        base = _price_service(request, lines, notes)
        _add_geographic(request, lines)
        _add_date_surcharge(request, base, lines)
    items = [LineItem(code=code, label=label, amount=amount) for code, label, amount in lines]
    total = max(sum((item.amount for item in items), ZERO), ZERO)
    return Quote(service_type=request.service_type, line_items=items, total=total, notes=notes)


def _price_service(request: QuoteRequest, lines: list[parts.Line], notes: list[str]) -> Decimal:
    """Base service lines; returns the base amount percentage surcharges are taken of."""
    if request.service_type == ServiceType.MINI_MOVE:
        if request.package_type is None:
            raise MissingFieldError("Which Mini Move package: Petite, Standard or Full Move?", field="package_type")
        return parts.mini_move_lines(request, lines, notes)
    return parts.delivery_lines(request, lines, notes)


def _price_airport(request: QuoteRequest, lines: list[parts.Line], notes: list[str]) -> None:
    # Only the customer's side is checked, and never charged the geographic fee.
    customer_zip, field = (
        (request.delivery_zip, "delivery_zip")
        if request.transfer_direction == TransferDirection.FROM_AIRPORT
        else (request.pickup_zip, "pickup_zip")
    )
    if customer_zip is not None:
        require_serviceable(customer_zip, field=field)
    parts.airport_lines(request, lines, notes)


def _add_geographic(request: QuoteRequest, lines: list[parts.Line]) -> None:
    for field, raw, role in (
        ("pickup_zip", request.pickup_zip, "Pickup"),
        ("delivery_zip", request.delivery_zip, "Delivery"),
    ):
        if raw is None:
            continue
        coverage = require_serviceable(raw, field=field)
        if coverage.surcharge:
            where = coverage.place or coverage.region
            lines.append(
                (
                    "geographic_surcharge",
                    f"Geographic surcharge: {role.lower()} ZIP {coverage.zip_code} ({where})",
                    coverage.surcharge,
                )
            )


def _add_date_surcharge(request: QuoteRequest, base: Decimal, lines: list[parts.Line]) -> None:
    if request.pickup_date is None:
        return
    for rule in date_surcharge_rules(request.pickup_date, request.service_type):
        if rule.calculation_type == CalculationType.PERCENTAGE:
            amount = parts.cents(base * (rule.percentage or ZERO) / PERCENT)
        else:
            amount = rule.fixed_amount or ZERO
        if amount:
            lines.append(
                (
                    "date_surcharge",
                    f"Peak Date Surcharge ({rule.name}, {request.pickup_date:%a %b} {request.pickup_date.day})",
                    amount,
                )
            )
