"""Read-only data for the demo pages. Prices come from catalogue rows, never from templates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch

from bookings.models import Booking
from bookings.selectors import BookingSummary, summarise
from catalogue.models import (
    Airport,
    AirportTransferConfig,
    BusinessSettings,
    MiniMovePackage,
    OrganizingService,
    SpecialtyItem,
    StandardDeliveryConfig,
)


@dataclass(frozen=True)
class ServicesOverview:
    packages: list[MiniMovePackage]  # each with .active_organizing (packing/unpacking rows)
    delivery: StandardDeliveryConfig
    specialty_items: list[SpecialtyItem]
    airport: AirportTransferConfig
    airports: list[Airport]
    business: BusinessSettings

    @property
    def tax_percent(self) -> str:
        """0.0825 → "8.25" for display."""
        return f"{(self.business.tax_rate * 100).normalize():f}"


def services_overview() -> ServicesOverview:
    """Everything the /services page shows, from the live catalogue (staff edits appear at once)."""
    organizing = Prefetch(
        "organizing_services",
        queryset=OrganizingService.objects.filter(is_active=True).order_by("kind"),
        to_attr="active_organizing",
    )
    return ServicesOverview(
        packages=list(
            MiniMovePackage.objects.filter(is_active=True).order_by("sort_order").prefetch_related(organizing)
        ),
        delivery=StandardDeliveryConfig.load(),
        specialty_items=list(SpecialtyItem.objects.filter(is_active=True).order_by("sort_order", "name")),
        airport=AirportTransferConfig.load(),
        airports=list(Airport.objects.filter(is_active=True)),
        business=BusinessSettings.load(),
    )


def booking_form_choices() -> dict[str, Any]:
    """What the /book wizard offers, from the catalogue: packages, airports, specialty items, the phone."""
    business = BusinessSettings.load()
    return {
        "packages": list(MiniMovePackage.objects.filter(is_active=True).order_by("sort_order")),
        "airports": list(Airport.objects.filter(is_active=True)),
        "specialty_items": list(SpecialtyItem.objects.filter(is_active=True).order_by("sort_order", "name")),
        "address_sides": [("pickup_address", "Pickup address"), ("delivery_address", "Delivery address")],
        "contact_phone": business.contact_phone,
        "contact_tel": "+1" + re.sub(r"\D", "", business.contact_phone)[-10:],  # (631) 595-5100 → +16315955100
    }


def staff_recent_bookings(*, limit: int = 25) -> list[tuple[Booking, BookingSummary]]:
    """Newest bookings of every customer (staff view only)."""
    rows = Booking.objects.filter(is_deleted=False).select_related("customer").order_by("-created_at", "-id")[:limit]
    return [(row, summarise(row)) for row in rows]
