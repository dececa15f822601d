"""Where ToteTaxi goes (ZIP service area) and the business-wide settings."""

from __future__ import annotations

from django.db import models

from catalogue.choices import Zone
from catalogue.models.singleton import SingletonModel


class ServiceZip(models.Model):
    zip_code = models.CharField(max_length=5, unique=True)
    zone = models.CharField(max_length=10, choices=Zone.choices)
    region = models.CharField(max_length=40, help_text='e.g. "Manhattan", "Hudson NJ", "Hamptons East".')
    place = models.CharField(max_length=60, blank=True, help_text='Town name when known, e.g. "Montauk".')
    state = models.CharField(max_length=2, choices=[("NY", "NY"), ("NJ", "NJ"), ("CT", "CT")])

    class Meta:
        ordering = ["zip_code"]
        verbose_name = "service-area ZIP"

    def __str__(self) -> str:
        return f"{self.zip_code} {self.place or self.region} ({self.zone})"


class BusinessSettings(SingletonModel):
    tax_rate = models.DecimalField(max_digits=6, decimal_places=4, help_text="On organizing services only.")
    geographic_surcharge = models.DecimalField(
        max_digits=10, decimal_places=2, help_text="Per address in the surcharge zone."
    )
    booking_cutoff_hour = models.PositiveSmallIntegerField(
        help_text="From this hour (local time) the next day can no longer be booked online."
    )
    busy_threshold = models.PositiveSmallIntegerField(help_text="Bookings on a day from which it shows as busy.")
    max_availability_days = models.PositiveSmallIntegerField(help_text="Longest range one availability check covers.")
    timezone = models.CharField(max_length=40)
    # The phone and emails are not here: agent_config/agent.yaml `contact` is their one source.

    class Meta:
        verbose_name = "business settings"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return "Business settings"

    @property
    def contact_text(self) -> str:
        from common.contact import contact_text

        return contact_text()
