"""A booking: what, when, where, for whom, and the total the one pricing function computed."""

from __future__ import annotations

import re
from decimal import Decimal

from django.conf import settings
from django.db import models, transaction

from catalogue.choices import PackageType, PickupTime, ServiceType, TransferDirection

MONEY = {"max_digits": 10, "decimal_places": 2}
NUMBER_PREFIX = "TT-"
NUMBER_DIGITS = 6
NUMBER_RE = re.compile(rf"^{NUMBER_PREFIX}(\d+)$")


class BookingStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    CONFIRMED = "confirmed", "Confirmed"
    PAID = "paid", "Paid"
    COMPLETED = "completed", "Completed"
    CANCELLED = "cancelled", "Cancelled"


def next_booking_number() -> str:
    """Highest existing number + 1 (soft-deleted bookings included, so numbers are never reused)."""
    numbers = Booking.objects.filter(booking_number__startswith=NUMBER_PREFIX).values_list("booking_number", flat=True)
    highest = max((int(m.group(1)) for n in numbers if (m := NUMBER_RE.match(n))), default=0)
    return f"{NUMBER_PREFIX}{highest + 1:0{NUMBER_DIGITS}d}"


class Booking(models.Model):
    booking_number = models.CharField(max_length=20, unique=True, editable=False)
    customer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="bookings"
    )
    guest_first_name = models.CharField(max_length=60, blank=True)
    guest_last_name = models.CharField(max_length=60, blank=True)
    guest_email = models.EmailField(blank=True)
    guest_phone = models.CharField(max_length=30, blank=True)
    status = models.CharField(max_length=12, choices=BookingStatus.choices, default=BookingStatus.PENDING)

    service_type = models.CharField(max_length=20, choices=ServiceType.choices)
    package_type = models.CharField(max_length=10, choices=PackageType.choices, blank=True)
    include_packing = models.BooleanField(default=False)
    include_unpacking = models.BooleanField(default=False)
    standard_delivery_item_count = models.PositiveIntegerField(null=True, blank=True)
    item_description = models.CharField(max_length=500, blank=True)
    blade_bag_count = models.PositiveSmallIntegerField(null=True, blank=True)
    blade_airport = models.CharField(max_length=4, blank=True)
    blade_terminal = models.CharField(max_length=10, blank=True)
    blade_flight_date = models.DateField(null=True, blank=True)
    blade_flight_time = models.TimeField(null=True, blank=True)
    transfer_direction = models.CharField(
        max_length=12, choices=TransferDirection.choices, default=TransferDirection.TO_AIRPORT
    )

    pickup_date = models.DateField()
    pickup_time = models.CharField(max_length=20, choices=PickupTime.choices, default=PickupTime.MORNING)
    specific_pickup_hour = models.PositiveSmallIntegerField(null=True, blank=True)
    pickup_address_line_1 = models.CharField(max_length=200)
    pickup_address_line_2 = models.CharField(max_length=200, blank=True)
    pickup_city = models.CharField(max_length=80)
    pickup_state = models.CharField(max_length=2, default="NY")
    pickup_zip = models.CharField(max_length=10)
    delivery_address_line_1 = models.CharField(max_length=200)
    delivery_address_line_2 = models.CharField(max_length=200, blank=True)
    delivery_city = models.CharField(max_length=80)
    delivery_state = models.CharField(max_length=2, default="NY")
    delivery_zip = models.CharField(max_length=10)

    coi_required = models.BooleanField(default=False)
    is_same_day_delivery = models.BooleanField(default=False)
    special_instructions = models.CharField(max_length=500, blank=True)
    discount_code = models.CharField(max_length=40, blank=True)

    total_price = models.DecimalField(help_text="From catalogue.pricing.quote at booking time.", **MONEY)
    custom_total_override = models.DecimalField(
        null=True, blank=True, help_text="Staff only: replaces the computed total.", **MONEY
    )
    is_deleted = models.BooleanField(default=False, help_text="Soft delete: hidden from customers and counts.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["customer", "-created_at"]), models.Index(fields=["pickup_date"])]

    def __str__(self) -> str:
        return f"{self.booking_number} {self.get_service_type_display()} {self.pickup_date}"

    def save(self, *args, **kwargs) -> None:
        if self.booking_number:
            super().save(*args, **kwargs)
            return
        with transaction.atomic():
            self.booking_number = next_booking_number()
            super().save(*args, **kwargs)

    @property
    def total(self) -> Decimal:
        """What the customer pays: the staff override when set, else the computed total."""
        return self.custom_total_override if self.custom_total_override is not None else self.total_price

    @property
    def customer_name(self) -> str:
        if self.customer_id:
            return self.customer.get_full_name() or self.customer.get_username()
        return f"{self.guest_first_name} {self.guest_last_name}".strip() or self.guest_email


class BookingSpecialtyItem(models.Model):
    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="specialty_lines")
    item = models.ForeignKey("catalogue.SpecialtyItem", on_delete=models.PROTECT)
    quantity = models.PositiveSmallIntegerField(default=1)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["booking", "item"], name="one_line_per_specialty_item")]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.item.name}"
