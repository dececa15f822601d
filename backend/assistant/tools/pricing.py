"""get_pricing_estimate: the one price calculator (catalogue.pricing.quote), in the wizard's vocabulary."""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import Field

from ..deps import ChatDeps
from .args import ZIP_DESCRIPTION, SpecialtyItemArg, ToolArgs
from .results import ResultModel, ToolResult, answers_domain_errors, ok


class GetPricingEstimateArgs(ToolArgs):
    service_type: Literal["mini_move", "standard_delivery", "specialty_item", "blade_transfer"] = Field(
        description="mini_move = packaged move; standard_delivery = per-item delivery; "
        "specialty_item = specialty items only; blade_transfer = airport transfer (bags to/from JFK or EWR)."
    )
    package_type: Literal["petite", "standard", "full"] | None = Field(
        None, description="Mini Move package. Required when service_type is mini_move."
    )
    include_packing: bool = Field(False, description="Mini Move only: professional packing (organizing add-on).")
    include_unpacking: bool = Field(False, description="Mini Move only: professional unpacking (organizing add-on).")
    coi_required: bool = Field(False, description="The building requires a Certificate of Insurance.")
    is_same_day_delivery: bool = Field(False, description="Same-day delivery (standard_delivery/specialty_item).")
    pickup_time: Literal["morning", "morning_specific", "no_time_preference"] = Field(
        "morning",
        description="morning = 8-11 AM window; morning_specific = a 1-hour window (set specific_pickup_hour); "
        "no_time_preference = flexible morning.",
    )
    specific_pickup_hour: Literal[8, 9, 10] | None = Field(
        None, description="Start hour of the 1-hour window when pickup_time is morning_specific."
    )
    standard_delivery_item_count: int | None = Field(
        None, ge=0, le=500, description="Number of regular items (each under 50 lb) for standard_delivery."
    )
    specialty_items: list[SpecialtyItemArg] = Field(
        default_factory=list, max_length=10, description="Specialty items and quantities."
    )
    blade_bag_count: int | None = Field(None, ge=0, le=100, description="Airport transfer: number of bags.")
    blade_airport: Literal["JFK", "EWR"] | None = Field(None, description="Airport transfer: JFK or EWR.")
    blade_terminal: str | None = Field(None, max_length=10, description="Airport transfer: terminal, optional.")
    transfer_direction: Literal["to_airport", "from_airport"] = Field(
        "to_airport", description="Airport transfer direction."
    )
    pickup_zip: str | None = Field(None, max_length=12, description="Pickup ZIP. " + ZIP_DESCRIPTION)
    delivery_zip: str | None = Field(None, max_length=12, description="Delivery ZIP. " + ZIP_DESCRIPTION)
    pickup_date: date | None = Field(None, description="Pickup date, YYYY-MM-DD (the flight date for airports).")


class LineItemResult(ResultModel):
    code: str
    label: str
    amount: str


class QuoteResult(ResultModel):
    service_type: str
    line_items: list[LineItemResult]
    total: str
    notes: list[str]


@answers_domain_errors
def get_pricing_estimate(deps: ChatDeps, args: GetPricingEstimateArgs) -> ToolResult:
    from catalogue.pricing import QuoteRequest, quote

    request = QuoteRequest.model_validate(args.model_dump())
    return ok(QuoteResult.model_validate(quote(request, now=deps.now).in_dollars()))
