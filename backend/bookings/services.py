"""Writing bookings. The stored total always comes from catalogue.pricing.quote (the one calculator)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from bookings.models import Booking, BookingSpecialtyItem
from catalogue.choices import ServiceType
from catalogue.discounts import apply_discount, find_code
from catalogue.models import SpecialtyItem, StandardDeliveryConfig
from catalogue.pricing import Quote, QuoteRequest, quote
from common.errors import InvalidQuantityError, MissingFieldError

# Booking fields that are also QuoteRequest fields, blank strings meaning "not given".
QUOTED_FIELDS = (
    "service_type", "package_type", "include_packing", "include_unpacking", "coi_required", "is_same_day_delivery",
    "pickup_time", "specific_pickup_hour", "standard_delivery_item_count", "blade_bag_count", "blade_airport",
    "blade_terminal", "transfer_direction", "pickup_zip", "delivery_zip", "pickup_date",
)  # fmt: skip


def quote_request_for(fields: dict[str, Any], specialty_items: dict[str, int]) -> QuoteRequest:
    data = {key: (None if fields.get(key) == "" else fields[key]) for key in QUOTED_FIELDS if key in fields}
    data["specialty_items"] = [{"item_type": slug, "quantity": qty} for slug, qty in specialty_items.items()]
    return QuoteRequest(**data)


def validate_booking_fields(fields: dict[str, Any]) -> None:
    """What a booking needs beyond a quote: an item description, and the flight for airport transfers."""
    limit = StandardDeliveryConfig.load().max_description_chars
    description = fields.get("item_description") or ""
    if fields.get("standard_delivery_item_count") and not description.strip():
        raise MissingFieldError("Please describe the items we're delivering.", field="item_description")
    if len(description) > limit:
        raise InvalidQuantityError(
            f"The item description is {len(description)} characters; please keep it to {limit}.",
            field="item_description",
        )
    if fields.get("service_type") != ServiceType.BLADE_TRANSFER:
        return
    for key, question in (("blade_airport", "Which airport: JFK or EWR?"),
                          ("blade_flight_date", "What is the flight date?"),
                          ("blade_flight_time", "What time is the flight?")):  # fmt: skip
        if not fields.get(key):
            raise MissingFieldError(question, field=key)
    if fields.get("pickup_date") != fields["blade_flight_date"]:
        raise MissingFieldError(
            f"For airport transfers the pickup date is the flight date ({fields['blade_flight_date']}).",
            field="pickup_date",
        )


@transaction.atomic
def create_booking(
    *,
    fields: dict[str, Any],
    customer: AbstractBaseUser | None = None,
    specialty_items: dict[str, int] | None = None,
    discount_code: str | None = None,
    now: datetime | None = None,
) -> tuple[Booking, Quote]:
    """Price and save one booking. Raises the pricing DomainErrors (past date, outside area...) unchanged."""
    specialty_items = specialty_items or {}
    validate_booking_fields(fields)
    priced = quote(quote_request_for(fields, specialty_items), now=now)
    if discount_code:
        email = (customer.email if customer is not None else fields.get("guest_email")) or None
        priced = apply_discount(priced, code=discount_code, email=email, now=now)
        fields = fields | {"discount_code": find_code(discount_code, now=now).code}
    booking = Booking.objects.create(customer=customer, total_price=priced.total, **fields)
    items = {item.slug: item for item in SpecialtyItem.objects.filter(slug__in=specialty_items)}
    BookingSpecialtyItem.objects.bulk_create(
        BookingSpecialtyItem(booking=booking, item=items[slug], quantity=qty) for slug, qty in specialty_items.items()
    )
    return booking, priced
