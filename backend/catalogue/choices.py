"""The shared vocabulary (domain.md §9): the same keys in quotes, bookings, handoffs and the wizard."""

from __future__ import annotations

from django.db import models


class ServiceType(models.TextChoices):
    MINI_MOVE = "mini_move", "Mini Move"
    STANDARD_DELIVERY = "standard_delivery", "Standard Delivery"
    SPECIALTY_ITEM = "specialty_item", "Specialty Item"
    BLADE_TRANSFER = "blade_transfer", "Airport Transfer"


class PackageType(models.TextChoices):
    PETITE = "petite", "Petite"
    STANDARD = "standard", "Standard"
    FULL = "full", "Full Move"


class PickupTime(models.TextChoices):
    MORNING = "morning", "8 AM - 11 AM"
    MORNING_SPECIFIC = "morning_specific", "1-hour window (8, 9 or 10 AM)"
    NO_TIME_PREFERENCE = "no_time_preference", "Flexible morning"


class OrganizingKind(models.TextChoices):
    PACKING = "packing", "Packing"
    UNPACKING = "unpacking", "Unpacking"


class TransferDirection(models.TextChoices):
    TO_AIRPORT = "to_airport", "To the airport"
    FROM_AIRPORT = "from_airport", "From the airport"


class Zone(models.TextChoices):
    CORE = "core", "Core area"
    SURCHARGE = "surcharge", "Surcharge area"


class SurchargeType(models.TextChoices):
    WEEKEND = "weekend", "Weekend"
    HOLIDAY = "holiday", "Holiday"
    PEAK_DATE = "peak_date", "Peak date"


class SurchargeAppliesTo(models.TextChoices):
    ALL = "all", "All services"
    MINI_MOVE = "mini_move", "Mini Move"
    STANDARD_DELIVERY = "standard_delivery", "Standard Delivery"
    SPECIALTY_ITEM = "specialty_item", "Specialty Item"


class CalculationType(models.TextChoices):
    PERCENTAGE = "percentage", "Percentage of base price"
    FIXED_AMOUNT = "fixed_amount", "Fixed amount"


def pickup_time_label(pickup_time: str, specific_hour: int | None) -> str:
    """Customer-facing window text, as on the booking pages ("9:00 AM - 10:00 AM (1-hour window)")."""
    if pickup_time == PickupTime.MORNING_SPECIFIC and specific_hour is not None:
        start = hour_label(specific_hour)
        end = hour_label(specific_hour + 1)
        return f"{start} - {end} (1-hour window)"
    return PickupTime(pickup_time).label if pickup_time in PickupTime.values else pickup_time


def hour_label(hour: int) -> str:
    suffix = "AM" if hour < 12 else "PM"
    return f"{(hour - 1) % 12 + 1}:00 {suffix}"
