"""Staff can see and search the whole catalogue, customers and bookings in the Django admin."""

from __future__ import annotations

import io

import pytest
from django.contrib import admin
from django.test import Client
from django.urls import reverse

from bookings.models import Booking
from catalogue.models import BusinessSettings

pytestmark = pytest.mark.django_db

DOMAIN_APPS = ("catalogue", "customers", "bookings")


def domain_models() -> list[type]:
    return [model for model in admin.site._registry if model._meta.app_label in DOMAIN_APPS]


def test_every_domain_model_is_registered() -> None:
    from django.apps import apps

    expected = {m for app in DOMAIN_APPS for m in apps.get_app_config(app).get_models()}
    from bookings.models import BookingSpecialtyItem

    expected.discard(BookingSpecialtyItem)  # edited inline on the booking
    assert expected <= set(domain_models())


@pytest.mark.parametrize("model", domain_models(), ids=lambda m: m._meta.label)
def test_changelists_render(admin_client: Client, model: type) -> None:
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    response = admin_client.get(url)
    assert response.status_code == 200
    model_admin = admin.site._registry[model]
    if model_admin.search_fields:
        assert admin_client.get(url, {"q": "10001"}).status_code == 200


def test_booking_admin_filters_search_and_change_page(admin_client: Client) -> None:
    from django.core.management import call_command

    call_command("seed_demo", stdout=io.StringIO())
    url = reverse("admin:bookings_booking_changelist")
    page = admin_client.get(url, {"status__exact": "paid"}).content.decode()
    paid = Booking.objects.filter(status="paid")
    assert all(b.booking_number in page for b in paid)
    cancelled = Booking.objects.filter(status="cancelled").first()
    assert cancelled.booking_number not in page
    found = admin_client.get(url, {"q": "alice"}).content.decode()
    assert Booking.objects.filter(customer__username="alice").first().booking_number in found
    assert "(guest)" in admin_client.get(url).content.decode()
    change = admin_client.get(reverse("admin:bookings_booking_change", args=[paid.first().pk]))
    assert change.status_code == 200


def test_zip_search_finds_montauk(admin_client: Client) -> None:
    page = admin_client.get(reverse("admin:catalogue_servicezip_changelist"), {"q": "Montauk"}).content.decode()
    assert "11954" in page


def test_singletons_cannot_be_added_twice_or_deleted(admin_client: Client) -> None:
    settings = BusinessSettings.load()
    assert admin_client.get(reverse("admin:catalogue_businesssettings_add")).status_code == 403
    assert admin_client.get(reverse("admin:catalogue_businesssettings_delete", args=[settings.pk])).status_code == 403
    assert admin_client.get(reverse("admin:catalogue_businesssettings_change", args=[settings.pk])).status_code == 200


def test_staff_input_is_validated() -> None:
    from decimal import Decimal

    from django.core.exceptions import ValidationError

    from catalogue.models import DiscountCode, SurchargeRule

    rule = SurchargeRule(name="Bad", surcharge_type="holiday", calculation_type="fixed_amount")
    with pytest.raises(ValidationError, match="A fixed-amount rule needs an amount."):
        rule.full_clean()
    rule = SurchargeRule(name="Bad", surcharge_type="holiday", calculation_type="percentage", percentage=Decimal("5"),
                         start_date="2026-07-01")  # fmt: skip
    with pytest.raises(ValidationError, match="Give both a start and an end date, or neither."):
        rule.full_clean()
    code = DiscountCode(code="HALF", discount_type="percentage", value=Decimal("150"))
    with pytest.raises(ValidationError, match="A percentage must be between 0 and 100."):
        code.full_clean()
