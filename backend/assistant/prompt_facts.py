"""Catalogue facts for the system prompt, read from the database.

The prompt states prices; the pricing tool computes them. Both read the same rows: the facts are cached
per catalogue version (assistant/prompt_cache.py), which every catalogue save changes, so an admin price
change shows up in the next turn's prompt and quote alike.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from pydantic import BaseModel, ConfigDict


class _Fact(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OrganizingFact(_Fact):
    name: str
    price: Decimal
    max_hours: int
    organizer_count: int
    supplies_allowance: Decimal


class WindowFact(_Fact):
    label: str
    price: Decimal


class PackageFact(_Fact):
    package_type: str
    name: str
    price: Decimal
    max_items: int | None
    sizing_note: str
    inclusions: list[str]
    coi_included: bool
    coi_fee: Decimal
    most_popular: bool
    packing: OrganizingFact | None
    unpacking: OrganizingFact | None
    time_windows: list[WindowFact]


class StandardDeliveryFact(_Fact):
    price_per_item: Decimal
    minimum_charge: Decimal
    same_day_flat_rate: Decimal
    coi_fee: Decimal
    max_weight_per_item_lbs: int


class SpecialtyItemFact(_Fact):
    slug: str
    name: str
    price: Decimal
    description: str


class AirportFact(_Fact):
    code: str
    name: str
    terminals: list[str]


class AirportTransferFact(_Fact):
    price_per_bag: Decimal
    minimum_bags: int
    minimum_price: Decimal
    overweight_threshold_lbs: int
    overweight_fee_per_bag: Decimal
    free_wait_minutes: int
    wait_fee: Decimal
    wait_fee_interval_minutes: int
    airports: list[AirportFact]


class ChargeFact(_Fact):
    applies_to: str  # "Mini Move", "All services"…
    amount: str  # "$175" or "10%"


class SurchargeFact(_Fact):
    name: str
    when: str  # "Saturdays and Sundays", "2026-07-04", "2026-09-14 to 2026-09-22"
    charges: list[ChargeFact]


class RegionFact(_Fact):
    region: str
    state: str
    places: list[str]


class CatalogueFacts(_Fact):
    packages: list[PackageFact]
    tax_rate_percent: Decimal
    standard_delivery: StandardDeliveryFact
    specialty_items: list[SpecialtyItemFact]
    airport_transfer: AirportTransferFact
    geographic_surcharge: Decimal
    booking_cutoff: str  # "6:00 PM"
    weekend_surcharges: list[SurchargeFact]
    peak_surcharges: list[SurchargeFact]
    core_regions: list[RegionFact]
    surcharge_regions: list[RegionFact]


def load_catalogue_facts(*, today: dt.date) -> CatalogueFacts:
    """Everything the prompt says about services, prices and the area. Past peak dates are left out."""
    from catalogue.choices import hour_label
    from catalogue.models import (
        AirportTransferConfig,
        BusinessSettings,
        SpecialtyItem,
        StandardDeliveryConfig,
    )

    settings = BusinessSettings.load()
    delivery = StandardDeliveryConfig.load()
    return CatalogueFacts(
        packages=_packages(),
        tax_rate_percent=(settings.tax_rate * 100).normalize(),
        standard_delivery=StandardDeliveryFact(
            price_per_item=delivery.price_per_item,
            minimum_charge=delivery.minimum_charge,
            same_day_flat_rate=delivery.same_day_flat_rate,
            coi_fee=delivery.coi_fee,
            max_weight_per_item_lbs=delivery.max_weight_per_item_lbs,
        ),
        specialty_items=[
            SpecialtyItemFact(slug=i.slug, name=i.name, price=i.price, description=i.description)
            for i in SpecialtyItem.objects.filter(is_active=True).order_by("sort_order", "name")
        ],
        airport_transfer=_airport(AirportTransferConfig.load()),
        geographic_surcharge=settings.geographic_surcharge,
        booking_cutoff=hour_label(settings.booking_cutoff_hour),
        weekend_surcharges=_surcharges(today=today, peak=False),
        peak_surcharges=_surcharges(today=today, peak=True),
        core_regions=_regions("core"),
        surcharge_regions=_regions("surcharge"),
    )


def _packages() -> list[PackageFact]:
    from catalogue.choices import PickupTime
    from catalogue.models import MiniMovePackage

    packages = (
        MiniMovePackage.objects.filter(is_active=True)
        .order_by("sort_order")
        .prefetch_related("organizing_services", "time_window_prices")
    )
    facts = []
    for package in packages:
        organizing = {s.kind: s for s in package.organizing_services.all() if s.is_active}
        facts.append(
            PackageFact(
                package_type=package.package_type,
                name=package.name,
                price=package.base_price,
                max_items=package.max_items,
                sizing_note=package.sizing_note,
                inclusions=list(package.inclusions or []),
                coi_included=package.coi_included,
                coi_fee=package.coi_fee,
                most_popular=package.is_most_popular,
                packing=_organizing(organizing.get("packing")),
                unpacking=_organizing(organizing.get("unpacking")),
                time_windows=[
                    WindowFact(label=PickupTime(w.pickup_time).label, price=w.price)
                    for w in package.time_window_prices.all()
                    if w.pickup_time in PickupTime.values
                ],
            )
        )
    return facts


def _organizing(service) -> OrganizingFact | None:  # noqa: ANN001 - catalogue.models.OrganizingService
    if service is None:
        return None
    return OrganizingFact(
        name=service.name,
        price=service.price,
        max_hours=service.max_hours,
        organizer_count=service.organizer_count,
        supplies_allowance=service.supplies_allowance,
    )


def _airport(config) -> AirportTransferFact:  # noqa: ANN001 - catalogue.models.AirportTransferConfig
    from catalogue.models import Airport

    return AirportTransferFact(
        price_per_bag=config.price_per_bag,
        minimum_bags=config.minimum_bags,
        minimum_price=config.minimum_price,
        overweight_threshold_lbs=config.overweight_threshold_lbs,
        overweight_fee_per_bag=config.overweight_fee_per_bag,
        free_wait_minutes=config.free_wait_minutes,
        wait_fee=config.wait_fee,
        wait_fee_interval_minutes=config.wait_fee_interval_minutes,
        airports=[
            AirportFact(code=a.code, name=a.name, terminals=[str(t) for t in a.terminals])
            for a in Airport.objects.filter(is_active=True).order_by("code")
        ],
    )


def _surcharges(*, today: dt.date, peak: bool) -> list[SurchargeFact]:
    """Active rules grouped by name and dates (one line per day, with each service's amount), soonest first."""
    from catalogue.models import SurchargeRule

    grouped: dict[tuple[dt.date | None, str, str], list[ChargeFact]] = {}
    for rule in SurchargeRule.objects.filter(is_active=True).order_by("name", "applies_to_service_type"):
        if rule.is_peak != peak:
            continue
        if peak:
            first, last = rule.specific_date or rule.start_date, rule.specific_date or rule.end_date
            if last < today:
                continue
            when = first.isoformat() if first == last else f"{first.isoformat()} to {last.isoformat()}"
        else:
            first = None
            days = [d for d, on in (("Saturdays", rule.applies_saturday), ("Sundays", rule.applies_sunday)) if on]
            if not days:
                continue  # a rule with neither dates nor days never applies
            when = " and ".join(days)
        amount = (
            f"{rule.percentage.normalize()}% of the base price"
            if rule.calculation_type == "percentage"
            else money(rule.fixed_amount)
        )
        grouped.setdefault((first, rule.name, when), []).append(
            ChargeFact(applies_to=rule.get_applies_to_service_type_display(), amount=amount)
        )
    ordered = sorted(grouped.items(), key=lambda item: (item[0][0] or dt.date.min, item[0][1]))
    return [SurchargeFact(name=name, when=when, charges=charges) for (_, name, when), charges in ordered]


def _regions(zone: str) -> list[RegionFact]:
    from catalogue.models import ServiceZip

    regions: dict[tuple[str, str], list[str]] = {}
    # Tuples, not model instances: ~270 ZIP rows are read on every turn's prompt.
    rows = ServiceZip.objects.filter(zone=zone).order_by("state", "region", "zip_code")
    for region, state, place in rows.values_list("region", "state", "place"):
        places = regions.setdefault((region, state), [])
        if place and place not in places:
            places.append(place)
    return [RegionFact(region=region, state=state, places=places) for (region, state), places in regions.items()]


def money(amount: Decimal | None) -> str:
    """$1,725 for whole dollars, $208.72 otherwise (the Jinja `money` filter)."""
    if amount is None:
        return "$0"
    if amount == amount.to_integral_value():
        return f"${int(amount):,}"
    return f"${amount:,.2f}"
