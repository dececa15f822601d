"""Writing bookings. The stored total always comes from catalogue.pricing.quote (the one calculator)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from bookings.models import Booking, BookingSpecialtyItem
from catalogue.discounts import apply_discount, find_code
from catalogue.models import SpecialtyItem
from catalogue.pricing import Quote, QuoteRequest, quote

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
