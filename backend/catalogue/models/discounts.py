"""Discount codes staff create in the admin (domain.md §5). None are seeded."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Upper

MONEY = {"max_digits": 10, "decimal_places": 2}


class DiscountCode(models.Model):
    class Kind(models.TextChoices):
        PERCENTAGE = "percentage", "Percentage"
        FIXED = "fixed", "Fixed amount"

    code = models.CharField(max_length=40, help_text="Matched case-insensitively.")
    description = models.CharField(max_length=200, blank=True)
    discount_type = models.CharField(max_length=12, choices=Kind.choices)
    value = models.DecimalField(help_text="Percent (10 = 10%) or dollars.", **MONEY)
    max_discount = models.DecimalField(null=True, blank=True, help_text="Cap for percentage codes.", **MONEY)
    minimum_order = models.DecimalField(null=True, blank=True, **MONEY)
    service_types = models.JSONField(default=list, blank=True, help_text="Service types it applies to; empty = all.")
    valid_from = models.DateTimeField(null=True, blank=True)
    valid_until = models.DateTimeField(null=True, blank=True)
    per_email_limit = models.PositiveIntegerField(null=True, blank=True, default=1, help_text="Blank = unlimited.")
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["code"]
        constraints = [models.UniqueConstraint(Upper("code"), name="discount_code_unique_ignoring_case")]

    def __str__(self) -> str:
        return self.code

    def clean(self) -> None:
        if self.discount_type == self.Kind.PERCENTAGE and not 0 < self.value <= 100:
            raise ValidationError({"value": "A percentage must be between 0 and 100."})
