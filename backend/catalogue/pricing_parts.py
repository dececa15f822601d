"""The per-service parts of a quote. Each appends (code, label, amount) lines; amounts come from the DB."""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from catalogue.choices import OrganizingKind, PickupTime, ServiceType, pickup_time_label
from catalogue.models import (
    Airport,
    AirportTransferConfig,
    BusinessSettings,
    MiniMovePackage,
    OrganizingService,
    SpecialtyItem,
    StandardDeliveryConfig,
    TimeWindowPrice,
)
from common.errors import (
    InvalidQuantityError,
    InvalidTerminalError,
    MissingFieldError,
    UnknownItemError,
    UnknownPackageError,
)
from common.money import number_text, truncate_cents, usd

if TYPE_CHECKING:
    from catalogue.pricing import QuoteRequest

Line = tuple[str, str, Decimal]
ZERO = Decimal("0")
PERCENT = Decimal("100")


def cents(amount: Decimal) -> Decimal:
    return truncate_cents(amount)


def mini_move_lines(request: QuoteRequest, lines: list[Line], notes: list[str]) -> Decimal:
    package = MiniMovePackage.objects.filter(package_type=request.package_type, is_active=True).first()
    if package is None:
        offered = ", ".join(MiniMovePackage.objects.filter(is_active=True).values_list("name", flat=True))
        raise UnknownPackageError(
            f'"{request.package_type}" is not a Mini Move package we offer. Choose one of: {offered}.',
            field="package_type",
        )
    lines.append(("base", f"Mini Move: {package.name}", package.base_price))
    if request.coi_required:
        if package.coi_included:
            notes.append(f"A certificate of insurance (COI) is included with {package.name}.")
        elif package.coi_fee:
            lines.append(("coi", "Certificate of insurance (COI)", package.coi_fee))
    _time_window(request, package, lines)
    _organizing(request, package, lines)
    if request.is_same_day_delivery:
        notes.append(f"Same-day service for a Mini Move is arranged by phone: {BusinessSettings.load().contact_text}.")
    return package.base_price


def _time_window(request: QuoteRequest, package: MiniMovePackage, lines: list[Line]) -> None:
    if request.pickup_time != PickupTime.MORNING_SPECIFIC:
        return
    if request.specific_pickup_hour is None:
        raise MissingFieldError("Which 1-hour pickup window: starting at 8, 9 or 10 AM?", field="specific_pickup_hour")
    row = TimeWindowPrice.objects.filter(package=package, pickup_time=request.pickup_time).first()
    if row is not None and row.price:
        label = pickup_time_label(request.pickup_time, request.specific_pickup_hour)
        lines.append(("time_window", f"Pickup window {label}", row.price))


def _organizing(request: QuoteRequest, package: MiniMovePackage, lines: list[Line]) -> None:
    wanted = [
        k
        for k, on in (
            (OrganizingKind.PACKING, request.include_packing),
            (OrganizingKind.UNPACKING, request.include_unpacking),
        )
        if on
    ]
    taxable = ZERO
    for kind in wanted:
        service = OrganizingService.objects.filter(package=package, kind=kind, is_active=True).first()
        if service is None:
            raise UnknownItemError(
                f"{kind.label} isn't offered with the {package.name} package online.", field=f"include_{kind}"
            )
        lines.append(
            (kind.value, f"{service.name} ({service.max_hours} h, {service.organizer_count} organizers)", service.price)
        )
        if service.is_taxable:
            taxable += service.price
    if taxable:
        rate = BusinessSettings.load().tax_rate
        # The business truncates tax to the cent (int(cents * rate)); it never rounds up.
        lines.append(("tax", f"Tax on organizing services ({number_text(rate * PERCENT)}%)", cents(taxable * rate)))


# Sanity bounds, not business rules: past these an online quote is surely a typo (or an attack on the
# arithmetic), and a job that size is arranged by phone anyway. Keeps totals to a readable size.
MAX_ITEMS_ONLINE = 200
MAX_BAGS_ONLINE = 50
MAX_SPECIALTY_QUANTITY_ONLINE = 20


def delivery_lines(request: QuoteRequest, lines: list[Line], notes: list[str]) -> Decimal:
    """Standard Delivery and the legacy specialty_item type share one rule set."""
    config = StandardDeliveryConfig.load()
    count = request.standard_delivery_item_count or 0
    if count < 0:
        raise InvalidQuantityError(
            f"{count} is not a valid number of items. Please give 0 or more.", field="standard_delivery_item_count"
        )
    if count > MAX_ITEMS_ONLINE:
        raise InvalidQuantityError(
            f"We quote up to {MAX_ITEMS_ONLINE} items online; for a delivery that large, call us for a custom quote.",
            field="standard_delivery_item_count",
        )
    specialty = _specialty_lines(request)
    if not specialty and count == 0:
        if request.service_type == ServiceType.SPECIALTY_ITEM:
            names = ", ".join(SpecialtyItem.objects.filter(is_active=True).values_list("slug", flat=True))
            raise MissingFieldError(f"Which specialty item? We carry: {names}.", field="specialty_items")
        raise InvalidQuantityError(
            f"{count} items and no specialty items: a Standard Delivery needs at least 1 item.",
            field="standard_delivery_item_count",
        )
    base = ZERO
    if count:
        # The minimum covers the first few items; it applies only when regular items are sent.
        amount = max(config.price_per_item * count, config.minimum_charge)
        minimum_applies = amount == config.minimum_charge and config.price_per_item * count < amount
        label = (
            f"Standard Delivery: {count} item{'s' if count != 1 else ''} (minimum {usd(config.minimum_charge)})"
            if minimum_applies
            else f"Standard Delivery: {count} items × {usd(config.price_per_item)}"
        )
        lines.append(("base", label, amount))
        base += amount
    for line in specialty:
        lines.append(line)
        base += line[2]
    if request.coi_required and config.coi_fee:
        lines.append(("coi", "Certificate of insurance (COI)", config.coi_fee))
    if request.is_same_day_delivery:
        lines.append(("same_day", "Same-day delivery", config.same_day_flat_rate))
        notes.append(f"Same-day delivery can't be booked online: {BusinessSettings.load().contact_text}.")
    return base


def _specialty_lines(request: QuoteRequest) -> list[Line]:
    quantities: dict[str, int] = {}
    for wanted in request.specialty_items:
        slug = wanted.item_type.strip().lower()
        if wanted.quantity < 1:
            raise InvalidQuantityError(
                f"{wanted.quantity} is not a valid quantity for {slug}. Please give 1 or more.",
                field="specialty_items",
            )
        quantities[slug] = quantities.get(slug, 0) + wanted.quantity
        if quantities[slug] > MAX_SPECIALTY_QUANTITY_ONLINE:
            raise InvalidQuantityError(
                f"We quote up to {MAX_SPECIALTY_QUANTITY_ONLINE} of one specialty item online; "
                "for more, call us for a custom quote.",
                field="specialty_items",
            )
    items = {item.slug: item for item in SpecialtyItem.objects.filter(slug__in=quantities, is_active=True)}
    result: list[Line] = []
    for slug, quantity in quantities.items():
        item = items.get(slug)
        if item is None:
            names = ", ".join(SpecialtyItem.objects.filter(is_active=True).values_list("slug", flat=True))
            raise UnknownItemError(
                f'"{slug}" is not a specialty item we carry. Choose one of: {names}.', field="specialty_items"
            )
        result.append(("specialty_item", f"{item.name} × {quantity}", item.price * quantity))
    return result


def airport_lines(request: QuoteRequest, lines: list[Line], notes: list[str]) -> None:
    config = AirportTransferConfig.load()
    bags = request.blade_bag_count
    if bags is None:
        raise MissingFieldError("How many bags are travelling?", field="blade_bag_count")
    if bags < 1:
        raise InvalidQuantityError(
            f"{bags} is not a valid number of bags. Please give 1 or more.", field="blade_bag_count"
        )
    if bags > MAX_BAGS_ONLINE:
        raise InvalidQuantityError(
            f"We quote up to {MAX_BAGS_ONLINE} bags online; for more, call us for a custom quote.",
            field="blade_bag_count",
        )
    _check_terminal(request)
    billed = max(bags, config.minimum_bags)
    amount = max(config.price_per_bag * billed, config.minimum_price)
    lines.append(("base", f"Airport Transfer: {billed} bags × {usd(config.price_per_bag)}", amount))
    if bags < config.minimum_bags:
        notes.append(
            f"Airport transfers are booked for at least {config.minimum_bags} bags; "
            f"{bags} bag is priced as {config.minimum_bags}."
        )
    notes.append(
        f"Bags over {config.overweight_threshold_lbs} lb are {usd(config.overweight_fee_per_bag)} each, "
        "settled at pickup."
    )
    notes.append(
        f"Waiting beyond {config.free_wait_minutes} minutes is {usd(config.wait_fee)} per "
        f"{config.wait_fee_interval_minutes} minutes."
    )
    if request.coi_required:
        notes.append("A certificate of insurance (COI) isn't needed for airport transfers; no COI fee applies.")
    if request.is_same_day_delivery:
        notes.append("Same-day delivery doesn't apply to airport transfers.")


def _check_terminal(request: QuoteRequest) -> None:
    if request.blade_airport is None:
        if request.blade_terminal:
            raise MissingFieldError("Which airport is that terminal at: JFK or EWR?", field="blade_airport")
        return
    airport = Airport.objects.filter(code=request.blade_airport, is_active=True).first()
    if airport is None:
        raise UnknownItemError(f"We don't serve {request.blade_airport} online.", field="blade_airport")
    terminal = (request.blade_terminal or "").strip().upper().removeprefix("TERMINAL").strip()
    if terminal and terminal not in [str(t).upper() for t in airport.terminals]:
        raise InvalidTerminalError(
            f'Terminal "{request.blade_terminal}" is not one of the {airport.code} terminals we serve. '
            f"Choose one of: {', '.join(airport.terminals)}.",
            field="blade_terminal",
        )
