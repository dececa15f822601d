"""Date surcharges (weekends, holidays, peak dates), matched against a pickup date."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models

from catalogue.choices import CalculationType, SurchargeAppliesTo, SurchargeType

SATURDAY, SUNDAY = 5, 6


class SurchargeRule(models.Model):
    name = models.CharField(max_length=80)
    surcharge_type = models.CharField(max_length=12, choices=SurchargeType.choices)
    applies_to_service_type = models.CharField(
        max_length=20, choices=SurchargeAppliesTo.choices, default=SurchargeAppliesTo.ALL
    )
    calculation_type = models.CharField(max_length=14, choices=CalculationType.choices)
    fixed_amount = models.DecimalField(max_digits=10, decimal_places=2, null=True, blank=True)
    percentage = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    specific_date = models.DateField(null=True, blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True, help_text="Inclusive.")
    applies_saturday = models.BooleanField(default=False)
    applies_sunday = models.BooleanField(default=False)
    description = models.CharField(max_length=200, blank=True)
    is_active = models.BooleanField(default=True)

    class Meta:
        ordering = ["specific_date", "start_date", "name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "applies_to_service_type"], name="surcharge_rule_name_per_service")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_applies_to_service_type_display()})"

    def clean(self) -> None:
        if self.calculation_type == CalculationType.FIXED_AMOUNT and self.fixed_amount is None:
            raise ValidationError({"fixed_amount": "A fixed-amount rule needs an amount."})
        if self.calculation_type == CalculationType.PERCENTAGE and self.percentage is None:
            raise ValidationError({"percentage": "A percentage rule needs a percentage."})
        if bool(self.start_date) != bool(self.end_date):
            raise ValidationError("Give both a start and an end date, or neither.")

    @property
    def is_peak(self) -> bool:
        """Peak rules name dates; weekend rules name weekdays. Peak rules override weekend ones."""
        return bool(self.specific_date or (self.start_date and self.end_date))

    def matches(self, day: date) -> bool:
        if self.specific_date and self.specific_date == day:
            return True
        if self.start_date and self.end_date and self.start_date <= day <= self.end_date:
            return True
        weekday = day.weekday()
        return (self.applies_saturday and weekday == SATURDAY) or (self.applies_sunday and weekday == SUNDAY)

    def applies_to(self, service_type: str) -> bool:
        return self.applies_to_service_type in (SurchargeAppliesTo.ALL, service_type)
