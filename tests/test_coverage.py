"""Service area (domain.md §3): ZIP normalisation, zones, regions, per-address surcharges, routes."""

from __future__ import annotations

from decimal import Decimal

import pytest

from catalogue.coverage import check_route, check_zip, normalise_zip
from catalogue.models import ServiceZip
from common.errors import InvalidZipError

pytestmark = pytest.mark.django_db


def test_seeded_area_has_127_core_and_146_surcharge_zips() -> None:
    assert ServiceZip.objects.filter(zone="core").count() == 127
    assert ServiceZip.objects.filter(zone="surcharge").count() == 146


@pytest.mark.parametrize(
    ("raw", "zone", "region", "place", "surcharge"),
    [
        ("10001", "core", "Manhattan", None, "0"),
        ("11215", "core", "Brooklyn", None, "0"),
        ("11937", "core", "Hamptons West", "East Hampton", "0"),
        ("07030", "surcharge", "Hudson NJ", None, "175.00"),  # leading zero kept
        ("06830", "surcharge", "Fairfield CT", None, "175.00"),
        ("11954", "surcharge", "Hamptons East", "Montauk", "175.00"),
        ("07114", "surcharge", "Essex NJ", None, "175.00"),
    ],
)
def test_zone_region_and_surcharge(raw: str, zone: str, region: str, place: str | None, surcharge: str) -> None:
    coverage = check_zip(raw)
    assert (coverage.serviceable, coverage.zone, coverage.region, coverage.place) == (True, zone, region, place)
    assert coverage.surcharge == Decimal(surcharge)


def test_range_ends_are_inclusive() -> None:
    assert check_zip("10280").zone == "core"
    assert check_zip("10282").zone == "core"
    assert check_zip("10283").zone == "outside"
    assert check_zip("11252").zone == "core"
    assert check_zip("11253").zone == "outside"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("  10001 ", "10001"), ("10001-1234", "10001"), ("07030-0001", "07030"), ("\t11215\n", "11215")],
)
def test_whitespace_and_zip_plus_four_are_normalised(raw: str, expected: str) -> None:
    assert normalise_zip(raw) == expected
    assert check_zip(raw).zip_code == expected


def test_manhattan_10037_is_absent_from_the_area() -> None:
    coverage = check_zip("10037")
    assert (coverage.serviceable, coverage.zone, coverage.surcharge) == (False, "outside", Decimal("0"))


def test_long_island_city_is_outside_with_contact_details() -> None:
    coverage = check_zip("11101")
    assert not coverage.serviceable
    assert coverage.reason == (
        "ZIP 11101 is outside our online service area. For a custom quote, call (555) 010-0199 or email "
        "hello@fixture-tote.example."
    )


def test_reasons_name_the_zip_and_area() -> None:
    assert check_zip("10001").reason == "ZIP 10001 is in Manhattan, our core service area (no surcharge)."
    assert check_zip("11954").reason == (
        "ZIP 11954 is in Montauk (Hamptons East), which we serve with a $175 surcharge per address."
    )


# Full-width and Arabic-Indic digits are "digits" to a plain \d: they must be refused, not looked up
# (they would match no ZIP and be told "outside our area", or reach the booking wizard unreadable).
@pytest.mark.parametrize(
    "raw", ["1000", "100011", "7030", "1000A", "ABCDE", "10001-12", "10001 1234", "10 001", "１０００１", "١٠٠٠١"]
)
def test_malformed_zip_message_names_the_value(raw: str) -> None:
    with pytest.raises(InvalidZipError) as caught:
        check_zip(raw)
    assert caught.value.code == "invalid_zip"
    assert caught.value.message == f'"{raw}" is not a valid ZIP code. Please use 5 digits, like 10001 or 07030.'


@pytest.mark.parametrize("raw", ["", "   ", None])
def test_empty_zip_asks_for_one(raw: str | None) -> None:
    with pytest.raises(InvalidZipError) as caught:
        check_zip(raw)  # type: ignore[arg-type]
    assert caught.value.message == "Please give a 5-digit ZIP code (for example 10001)."
    assert caught.value.as_dict() == {"code": "invalid_zip", "message": caught.value.message, "field": "zip_code"}


def test_route_fee_counts_each_surcharge_address() -> None:
    assert check_route(pickup_zip="10001", delivery_zip="11215").geographic_surcharge == Decimal("0")
    one = check_route(pickup_zip="11215", delivery_zip="11954")
    assert (one.serviceable, one.geographic_surcharge) == (True, Decimal("175.00"))
    both = check_route(pickup_zip="07030", delivery_zip="06830")  # NJ -> CT is bookable
    assert (both.serviceable, both.geographic_surcharge) == (True, Decimal("350.00"))
    assert both.reason == "Both addresses are served; 2 in the surcharge area adds $350."


def test_route_needs_both_ends_served() -> None:
    route = check_route(pickup_zip="10001", delivery_zip="11101")
    assert not route.serviceable
    assert route.geographic_surcharge == Decimal("0")
    assert route.reason.startswith("ZIP 11101 is outside our online service area.")
    assert route.pickup is not None and route.pickup.serviceable


def test_airport_route_checks_only_the_customer_side_and_never_charges() -> None:
    to_airport = check_route(pickup_zip="07030", delivery_zip="11430", service_type="blade_transfer")
    assert (to_airport.serviceable, to_airport.geographic_surcharge) == (True, Decimal("0"))
    assert to_airport.delivery is None and to_airport.pickup is not None
    assert to_airport.reason.endswith("Airport transfers never carry the geographic surcharge.")
    from_airport = check_route(
        pickup_zip="07114", delivery_zip="11101", service_type="blade_transfer", transfer_direction="from_airport"
    )
    assert not from_airport.serviceable
    assert from_airport.pickup is None


def test_staff_edits_to_the_area_take_effect() -> None:
    ServiceZip.objects.create(zip_code="11101", zone="surcharge", region="Queens", place="Long Island City", state="NY")
    assert check_zip("11101").surcharge == Decimal("175.00")
