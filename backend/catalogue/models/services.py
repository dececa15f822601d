"""Services and their prices: Mini Move tiers, organizing add-ons, Standard Delivery, specialty items, airports."""

from __future__ import annotations

from django.db import models

from catalogue.choices import OrganizingKind, PackageType, PickupTime
from catalogue.models.singleton import SingletonModel

MONEY = {"max_digits": 10, "decimal_places": 2}


class MiniMovePackage(models.Model):
    package_type = models.CharField(max_length=20, choices=PackageType.choices, unique=True)
    name = models.CharField(max_length=60)
    description = models.TextField(blank=True)
    base_price = models.DecimalField(**MONEY)
    max_items = models.PositiveIntegerField(null=True, blank=True, help_text="Blank = unlimited within the van.")
    max_item_weight_lbs = models.PositiveIntegerField(null=True, blank=True)
    coi_included = models.BooleanField(default=False)
    coi_fee = models.DecimalField(help_text="Charged when a COI is requested and not included.", **MONEY)
    priority_scheduling = models.BooleanField(default=False)
    protective_wrapping = models.BooleanField(default=False)
    dedicated_van = models.BooleanField(default=False)
    is_most_popular = models.BooleanField(default=False)
    inclusions = models.JSONField(default=list, blank=True, help_text="Customer-facing bullet points.")
    sizing_note = models.CharField(max_length=200, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["sort_order", "base_price"]

    def __str__(self) -> str:
        return f"{self.name} (${self.base_price})"


class OrganizingService(models.Model):
    """Packing or unpacking for one Mini Move tier; taxed (BusinessSettings.tax_rate)."""

    package = models.ForeignKey(MiniMovePackage, on_delete=models.CASCADE, related_name="organizing_services")
    kind = models.CharField(max_length=12, choices=OrganizingKind.choices)
    name = models.CharField(max_length=80)
    price = models.DecimalField(**MONEY)
    max_hours = models.PositiveSmallIntegerField()
    organizer_count = models.PositiveSmallIntegerField()
    supplies_allowance = models.DecimalField(**MONEY)
    is_taxable = models.BooleanField(default=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["package__sort_order", "kind"]
        constraints = [models.UniqueConstraint(fields=["package", "kind"], name="one_organizing_kind_per_tier")]

    def __str__(self) -> str:
        return f"{self.name} (${self.price})"


class TimeWindowPrice(models.Model):
    """What a pickup window costs on a tier; a missing row means the window is free."""

    package = models.ForeignKey(MiniMovePackage, on_delete=models.CASCADE, related_name="time_window_prices")
    pickup_time = models.CharField(max_length=20, choices=PickupTime.choices)
    price = models.DecimalField(**MONEY)

    class Meta:
        ordering = ["package__sort_order", "pickup_time"]
        constraints = [models.UniqueConstraint(fields=["package", "pickup_time"], name="one_price_per_window_tier")]

    def __str__(self) -> str:
        return f"{self.package.name} · {self.get_pickup_time_display()}: ${self.price}"


class StandardDeliveryConfig(SingletonModel):
    price_per_item = models.DecimalField(**MONEY)
    minimum_charge = models.DecimalField(help_text="Applies when at least one regular item is sent.", **MONEY)
    same_day_flat_rate = models.DecimalField(**MONEY)
    coi_fee = models.DecimalField(help_text="Also charged on specialty-item orders.", **MONEY)
    max_weight_per_item_lbs = models.PositiveIntegerField()
    max_description_chars = models.PositiveIntegerField()

    class Meta:
        verbose_name = "Standard Delivery configuration"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return f"Standard Delivery: ${self.price_per_item}/item, minimum ${self.minimum_charge}"


class SpecialtyItem(models.Model):
    slug = models.SlugField(max_length=40, unique=True, help_text="The item_type customers and tools use.")
    name = models.CharField(max_length=80)
    description = models.CharField(max_length=200, blank=True)
    price = models.DecimalField(**MONEY)
    sort_order = models.PositiveSmallIntegerField(default=0)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return f"{self.name} (${self.price})"


class AirportTransferConfig(SingletonModel):
    price_per_bag = models.DecimalField(**MONEY)
    minimum_bags = models.PositiveSmallIntegerField()
    minimum_price = models.DecimalField(**MONEY)
    overweight_threshold_lbs = models.PositiveSmallIntegerField()
    overweight_fee_per_bag = models.DecimalField(help_text="Settled at pickup, not in the quote.", **MONEY)
    free_wait_minutes = models.PositiveSmallIntegerField()
    wait_fee = models.DecimalField(**MONEY)
    wait_fee_interval_minutes = models.PositiveSmallIntegerField()
    early_flight_before = models.TimeField(help_text="Flights before this time need bags ready early.")
    early_ready_time = models.TimeField()
    late_ready_time = models.TimeField()

    class Meta:
        verbose_name = "Airport Transfer configuration"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return f"Airport Transfer: ${self.price_per_bag}/bag, minimum {self.minimum_bags} bags"


class Airport(models.Model):
    code = models.CharField(max_length=4, unique=True)
    name = models.CharField(max_length=80)
    zip_code = models.CharField(max_length=5)
    terminals = models.JSONField(default=list, help_text='Terminal names, e.g. ["1", "4"].')
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"
