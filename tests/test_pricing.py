"""The one calculator (domain.md §1–2, §8). "Now" is 2026-06-01 10:00 New York for every example."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from catalogue.discounts import apply_discount
from catalogue.models import BusinessSettings, DiscountCode, SpecialtyItem, StandardDeliveryConfig, SurchargeRule
from catalogue.pricing import Quote, QuoteRequest, quote
from tests.fixtures.domain import EXAMPLE_NOW, SATURDAY, SUNDAY, TUESDAY

pytestmark = pytest.mark.django_db


def price(**fields: Any) -> Quote:
    return quote(QuoteRequest(**fields), now=EXAMPLE_NOW)


def lines(result: Quote) -> list[tuple[str, Decimal]]:
    return [(line.code, line.amount) for line in result.line_items]


def d(value: str) -> Decimal:
    return Decimal(value)


# ---- domain.md §8 worked examples ---------------------------------------------------------------------------------

WORKED_EXAMPLES = {
    "1 SD 2 items Tue": (
        {"service_type": "standard_delivery", "standard_delivery_item_count": 2, "pickup_date": TUESDAY},
        [("base", "285")],
        "285",
    ),
    "2 SD 5 items Sat": (
        {"service_type": "standard_delivery", "standard_delivery_item_count": 5, "pickup_date": SATURDAY},
        [("base", "475"), ("date_surcharge", "50")],
        "525",
    ),
    "3 SD 3 + COI to Montauk": (
        {"service_type": "standard_delivery", "standard_delivery_item_count": 3, "coi_required": True,
         "pickup_zip": "11215", "delivery_zip": "11954", "pickup_date": TUESDAY},
        [("base", "285"), ("coi", "50"), ("geographic_surcharge", "175")],
        "510",
    ),
    "4 SD 2 + 2 surfboards Sun": (
        {"service_type": "standard_delivery", "standard_delivery_item_count": 2, "pickup_date": SUNDAY,
         "specialty_items": [{"item_type": "surfboard", "quantity": 2}]},
        [("base", "285"), ("specialty_item", "700"), ("date_surcharge", "50")],
        "1035",
    ),
    "5 SD 6 NJ to CT on a peak date": (
        {"service_type": "standard_delivery", "standard_delivery_item_count": 6, "pickup_zip": "07030",
         "delivery_zip": "06830", "pickup_date": date(2026, 7, 1)},
        [("base", "570"), ("geographic_surcharge", "175"), ("geographic_surcharge", "175"), ("date_surcharge", "50")],
        "970",
    ),
    "6 SD 4 same-day": (
        {"service_type": "standard_delivery", "standard_delivery_item_count": 4, "is_same_day_delivery": True},
        [("base", "380"), ("same_day", "360")],
        "740",
    ),
    "7 airport 1 bag Sat": (
        {"service_type": "blade_transfer", "blade_bag_count": 1, "blade_airport": "JFK", "pickup_date": SATURDAY},
        [("base", "150")],
        "150",
    ),
    "8 Petite + COI Sat": (
        {"service_type": "mini_move", "package_type": "petite", "coi_required": True, "pickup_date": SATURDAY},
        [("base", "995"), ("coi", "50"), ("date_surcharge", "175")],
        "1220",
    ),
    "9 Petite + pack + unpack": (
        {"service_type": "mini_move", "package_type": "petite", "include_packing": True, "include_unpacking": True},
        [("base", "995"), ("packing", "1400"), ("unpacking", "1130"), ("tax", "208.72")],
        "3733.72",
    ),
    "10 Standard MM 9-10 window": (
        {"service_type": "mini_move", "package_type": "standard", "pickup_time": "morning_specific",
         "specific_pickup_hour": 9, "pickup_date": TUESDAY},
        [("base", "1725"), ("time_window", "175")],
        "1900",
    ),
    "11 Standard MM + pack, Hoboken to East Hampton": (
        {"service_type": "mini_move", "package_type": "standard", "include_packing": True,
         "pickup_zip": "07030", "delivery_zip": "11937", "pickup_date": TUESDAY},
        [("base", "1725"), ("packing", "2535"), ("tax", "209.13"), ("geographic_surcharge", "175")],
        "4644.13",
    ),
    "12 Full everything on Labor Day": (
        {"service_type": "mini_move", "package_type": "full", "include_packing": True, "include_unpacking": True,
         "pickup_time": "morning_specific", "specific_pickup_hour": 8, "coi_required": True,
         "pickup_zip": "06901", "delivery_zip": "11954", "pickup_date": date(2026, 9, 7)},
        [("base", "2490"), ("packing", "5070"), ("unpacking", "4525"), ("tax", "791.58"),
         ("geographic_surcharge", "175"), ("geographic_surcharge", "175"), ("date_surcharge", "175")],
        "13401.58",
    ),
    "13 Full on July 4th (Saturday + peak)": (
        {"service_type": "mini_move", "package_type": "full", "pickup_date": date(2026, 7, 4)},
        [("base", "2490"), ("date_surcharge", "175")],
        "2665",
    ),
    "14 specialty_item crib Sat": (
        {"service_type": "specialty_item", "specialty_items": [{"item_type": "crib", "quantity": 1}],
         "pickup_date": SATURDAY},
        [("specialty_item", "350")],
        "350",
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", list(WORKED_EXAMPLES))
def test_worked_example(name: str) -> None:
    fields, expected_lines, total = WORKED_EXAMPLES[name]
    result = price(**fields)
    assert lines(result) == [(code, d(amount)) for code, amount in expected_lines]
    assert result.total == d(total)


def test_example_15_ten_percent_code_on_example_2() -> None:
    DiscountCode.objects.create(code="SAVE10", discount_type="percentage", value=d("10"))
    result = apply_discount(price(**WORKED_EXAMPLES["2 SD 5 items Sat"][0]), code="save10", now=EXAMPLE_NOW)
    assert lines(result)[-1] == ("discount", d("-52.50"))
    assert result.line_items[-1].label == "Discount SAVE10 (10%)"
    assert result.total == d("472.50")


# ---- minimums --------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("count", "total"), [(1, "285"), (2, "285"), (3, "285"), (4, "380"), (10, "950")])
def test_standard_delivery_minimum(count: int, total: str) -> None:
    assert price(service_type="standard_delivery", standard_delivery_item_count=count).total == d(total)


def test_minimum_label_and_per_item_label() -> None:
    assert price(service_type="standard_delivery", standard_delivery_item_count=1).line_items[0].label == (
        "Standard Delivery: 1 item (minimum $285)"
    )
    assert price(service_type="standard_delivery", standard_delivery_item_count=4).line_items[0].label == (
        "Standard Delivery: 4 items × $95"
    )


def test_specialty_only_delivery_skips_the_item_minimum() -> None:
    result = price(service_type="standard_delivery", standard_delivery_item_count=0,
                   specialty_items=[{"item_type": "peloton", "quantity": 1}])  # fmt: skip
    assert lines(result) == [("specialty_item", d("500"))]


@pytest.mark.parametrize(("bags", "total"), [(1, "150"), (2, "150"), (3, "225"), (8, "600")])
def test_airport_minimum(bags: int, total: str) -> None:
    assert price(service_type="blade_transfer", blade_bag_count=bags).total == d(total)


def test_airport_notes_overweight_and_wait_fees() -> None:
    result = price(service_type="blade_transfer", blade_bag_count=2)
    assert "Bags over 50 lb are $120 each, settled at pickup." in result.notes
    assert "Waiting beyond 10 minutes is $50 per 30 minutes." in result.notes


# ---- specialty items, COI, windows, tax ------------------------------------------------------------------------------


@pytest.mark.parametrize(("slug", "amount"), [("peloton", "500"), ("surfboard", "350"), ("crib", "350"),
                                             ("wardrobe_box", "275")])  # fmt: skip
def test_specialty_item_prices(slug: str, amount: str) -> None:
    result = price(service_type="specialty_item", specialty_items=[{"item_type": slug, "quantity": 1}])
    assert result.total == d(amount)


def test_repeated_specialty_slugs_are_merged() -> None:
    result = price(service_type="specialty_item", specialty_items=[{"item_type": "crib", "quantity": 1},
                                                                   {"item_type": "CRIB", "quantity": 2}])  # fmt: skip
    assert [(line.label, line.amount) for line in result.line_items] == [("Crib × 3", d("1050"))]


def test_staff_added_specialty_item_is_priced() -> None:
    SpecialtyItem.objects.create(slug="bicycle", name="Bicycle", price=d("250"))
    result = price(service_type="standard_delivery", specialty_items=[{"item_type": "bicycle", "quantity": 2}])
    assert result.total == d("500")


@pytest.mark.parametrize(("package", "coi"), [("petite", "50"), ("standard", None), ("full", None)])
def test_coi_on_mini_moves(package: str, coi: str | None) -> None:
    result = price(service_type="mini_move", package_type=package, coi_required=True)
    coi_lines = [amount for code, amount in lines(result) if code == "coi"]
    assert coi_lines == ([d(coi)] if coi else [])
    if coi is None:
        assert any("included" in note for note in result.notes)


def test_coi_on_specialty_item_and_never_on_airport() -> None:
    crib = price(service_type="specialty_item", coi_required=True, specialty_items=[{"item_type": "crib"}])
    assert crib.total == d("400")
    airport = price(service_type="blade_transfer", blade_bag_count=3, coi_required=True)
    assert airport.total == d("225")
    assert any("COI" in note for note in airport.notes)


@pytest.mark.parametrize(
    ("package", "pickup_time", "hour", "fee"),
    [("standard", "morning_specific", 10, "175"), ("full", "morning_specific", 8, None),
     ("petite", "morning_specific", 9, None), ("standard", "morning", None, None),
     ("petite", "no_time_preference", None, None)],
)  # fmt: skip
def test_time_window_fee_only_for_standard_specific(package: str, pickup_time: str, hour: int | None,
                                                    fee: str | None) -> None:  # fmt: skip
    result = price(service_type="mini_move", package_type=package, pickup_time=pickup_time, specific_pickup_hour=hour)
    assert [a for c, a in lines(result) if c == "time_window"] == ([d(fee)] if fee else [])


def test_window_label_names_the_hour() -> None:
    result = price(service_type="mini_move", package_type="standard", pickup_time="morning_specific",
                   specific_pickup_hour=9)  # fmt: skip
    assert result.line_items[1].label == "Pickup window 9:00 AM - 10:00 AM (1-hour window)"


def test_window_is_ignored_on_standard_delivery() -> None:
    result = price(service_type="standard_delivery", standard_delivery_item_count=4, pickup_time="morning_specific",
                   specific_pickup_hour=9)  # fmt: skip
    assert result.total == d("380")


@pytest.mark.parametrize(
    ("package", "pack", "unpack", "tax"),
    [("petite", True, False, "115.50"), ("petite", False, True, "93.22"), ("standard", False, True, "186.86"),
     ("standard", True, True, "396.00"), ("full", True, False, "418.27"), ("full", False, True, "373.31")],
)  # fmt: skip
def test_organizing_tax_is_truncated_not_rounded(package: str, pack: bool, unpack: bool, tax: str) -> None:
    result = price(service_type="mini_move", package_type=package, include_packing=pack, include_unpacking=unpack)
    assert [a for c, a in lines(result) if c == "tax"] == [d(tax)]
    assert result.line_items[-1].label == "Tax on organizing services (8.25%)"


def test_tax_rate_is_data() -> None:
    BusinessSettings.objects.update(tax_rate=d("0.1"))
    result = price(service_type="mini_move", package_type="petite", include_packing=True)
    assert lines(result)[-1] == ("tax", d("140.00"))
    assert result.line_items[-1].label == "Tax on organizing services (10%)"


def test_standard_delivery_prices_are_data() -> None:
    StandardDeliveryConfig.objects.update(price_per_item=d("100"), minimum_charge=d("250"))
    assert price(service_type="standard_delivery", standard_delivery_item_count=2).total == d("250")
    assert price(service_type="standard_delivery", standard_delivery_item_count=3).total == d("300")


def test_same_day_applies_to_specialty_item_and_not_airport() -> None:
    crib = price(service_type="specialty_item", is_same_day_delivery=True, specialty_items=[{"item_type": "crib"}])
    assert crib.total == d("710")
    assert price(service_type="blade_transfer", blade_bag_count=2, is_same_day_delivery=True).total == d("150")


# ---- date surcharges -------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("service", "day", "surcharge"),
    [("mini_move", SATURDAY, "175"), ("mini_move", SUNDAY, "175"), ("mini_move", TUESDAY, None),
     ("standard_delivery", SATURDAY, "50"), ("standard_delivery", SUNDAY, "50"), ("specialty_item", SUNDAY, None),
     ("standard_delivery", date(2026, 9, 14), "50"), ("standard_delivery", date(2026, 9, 22), "50"),
     ("standard_delivery", date(2026, 9, 23), None), ("mini_move", date(2026, 9, 19), "175"),
     ("mini_move", date(2026, 8, 31), "175"), ("blade_transfer", date(2026, 9, 19), None)],
)  # fmt: skip
def test_date_surcharges(service: str, day: date, surcharge: str | None) -> None:
    fields: dict[str, Any] = {"service_type": service, "pickup_date": day}
    fields |= {"mini_move": {"package_type": "petite"}, "standard_delivery": {"standard_delivery_item_count": 4},
               "specialty_item": {"specialty_items": [{"item_type": "crib"}]},
               "blade_transfer": {"blade_bag_count": 2}}[service]  # fmt: skip
    amounts = [a for c, a in lines(price(**fields)) if c == "date_surcharge"]
    assert amounts == ([d(surcharge)] if surcharge else [])


def test_memorial_day_peak_for_a_quote_made_in_may() -> None:
    may = EXAMPLE_NOW.replace(month=5, day=1)
    result = quote(QuoteRequest(service_type="mini_move", package_type="petite", pickup_date=date(2026, 5, 25)),
                   now=may)  # fmt: skip
    assert lines(result) == [("base", d("995")), ("date_surcharge", d("175"))]


def test_peak_overrides_weekend_on_us_open_saturday() -> None:
    result = price(service_type="standard_delivery", standard_delivery_item_count=4, pickup_date=date(2026, 9, 19))
    surcharges = [line for line in result.line_items if line.code == "date_surcharge"]
    assert [(s.label, s.amount) for s in surcharges] == [("Peak Date Surcharge (US Open, Sat Sep 19)", d("50"))]


def test_weekend_applies_when_the_peak_rule_is_inactive() -> None:
    SurchargeRule.objects.filter(name="Independence Day").update(is_active=False)
    result = price(service_type="mini_move", package_type="full", pickup_date=date(2026, 7, 4))
    assert result.line_items[-1].label == "Peak Date Surcharge (Weekend, Sat Jul 4)"


def test_percentage_rule_is_taken_of_the_base_price() -> None:
    SurchargeRule.objects.create(name="Holiday week", surcharge_type="holiday", applies_to_service_type="all",
                                 calculation_type="percentage", percentage=d("10"), specific_date=TUESDAY)  # fmt: skip
    result = price(service_type="mini_move", package_type="petite", pickup_date=TUESDAY)
    assert lines(result)[-1] == ("date_surcharge", d("99.50"))


def test_dormant_geographic_rules_never_apply() -> None:
    assert SurchargeRule.objects.filter(name="CT/NJ geographic").exists()
    result = price(service_type="standard_delivery", standard_delivery_item_count=4, pickup_zip="07030",
                   delivery_zip="06830", pickup_date=TUESDAY)  # fmt: skip
    assert result.total == d("730")


def test_airport_never_gets_the_geographic_fee() -> None:
    result = price(service_type="blade_transfer", blade_bag_count=2, pickup_zip="07030", delivery_zip="06830")
    assert result.total == d("150")


def test_geographic_labels_name_the_zip() -> None:
    result = price(service_type="standard_delivery", standard_delivery_item_count=3, pickup_zip="11215",
                   delivery_zip="11954")  # fmt: skip
    assert result.line_items[-1].label == "Geographic surcharge: delivery ZIP 11954 (Montauk)"


def test_total_is_the_sum_of_its_lines() -> None:
    fields = WORKED_EXAMPLES["12 Full everything on Labor Day"][0]
    result = price(**fields)
    assert result.total == sum(line.amount for line in result.line_items)


# ---- refusals: each DomainError with its customer-readable message --------------------------------------------------

REFUSALS = {
    "past date": (
        {"service_type": "standard_delivery", "standard_delivery_item_count": 2, "pickup_date": date(2026, 5, 29)},
        "past_date", "pickup_date",
        "Friday, May 29, 2026 (2026-05-29) is in the past. Please choose a date from 2026-06-01 on.",
    ),
    "same day": (
        {"service_type": "standard_delivery", "standard_delivery_item_count": 2, "pickup_date": date(2026, 6, 1)},
        "date_blocked", "pickup_date",
        "2026-06-01 can't be booked online: Same-day pickups can't be booked online. Please call (631) 595-5100 or "
        "email info@totetaxi.com.",
    ),
    "outside area": (
        {"service_type": "standard_delivery", "standard_delivery_item_count": 2, "pickup_zip": "10001",
         "delivery_zip": "11101"},
        "outside_service_area", "delivery_zip",
        "ZIP 11101 is outside our online service area. For a custom quote, call (631) 595-5100 or email "
        "info@totetaxi.com.",
    ),
    "airport home outside area": (
        {"service_type": "blade_transfer", "blade_bag_count": 2, "transfer_direction": "from_airport",
         "delivery_zip": "10037"},
        "outside_service_area", "delivery_zip",
        "ZIP 10037 is outside our online service area. For a custom quote, call (631) 595-5100 or email "
        "info@totetaxi.com.",
    ),
    "malformed zip": (
        {"service_type": "standard_delivery", "standard_delivery_item_count": 2, "pickup_zip": "1OO01"},
        "invalid_zip", "pickup_zip", '"1OO01" is not a valid ZIP code. Please use 5 digits, like 10001 or 07030.',
    ),
    "no package": (
        {"service_type": "mini_move"}, "missing_field", "package_type",
        "Which Mini Move package: Petite, Standard or Full Move?",
    ),
    "window without hour": (
        {"service_type": "mini_move", "package_type": "standard", "pickup_time": "morning_specific"},
        "missing_field", "specific_pickup_hour", "Which 1-hour pickup window: starting at 8, 9 or 10 AM?",
    ),
    "unknown specialty item": (
        {"service_type": "standard_delivery", "specialty_items": [{"item_type": "piano", "quantity": 1}]},
        "unknown_item", "specialty_items",
        '"piano" is not a specialty item we carry. Choose one of: peloton, surfboard, crib, wardrobe_box.',
    ),
    "zero specialty quantity": (
        {"service_type": "specialty_item", "specialty_items": [{"item_type": "crib", "quantity": 0}]},
        "invalid_quantity", "specialty_items", "0 is not a valid quantity for crib. Please give 1 or more.",
    ),
    "negative items": (
        {"service_type": "standard_delivery", "standard_delivery_item_count": -2},
        "invalid_quantity", "standard_delivery_item_count", "-2 is not a valid number of items. Please give 0 or more.",
    ),
    "nothing to deliver": (
        {"service_type": "standard_delivery", "standard_delivery_item_count": 0},
        "invalid_quantity", "standard_delivery_item_count",
        "0 items and no specialty items: a Standard Delivery needs at least 1 item.",
    ),
    "specialty type without item": (
        {"service_type": "specialty_item"}, "missing_field", "specialty_items",
        "Which specialty item? We carry: peloton, surfboard, crib, wardrobe_box.",
    ),
    "no bags": (
        {"service_type": "blade_transfer"}, "missing_field", "blade_bag_count", "How many bags are travelling?",
    ),
    "zero bags": (
        {"service_type": "blade_transfer", "blade_bag_count": 0}, "invalid_quantity", "blade_bag_count",
        "0 is not a valid number of bags. Please give 1 or more.",
    ),
    "absurd item count": (
        {"service_type": "standard_delivery", "standard_delivery_item_count": 10**23}, "invalid_quantity",
        "standard_delivery_item_count",
        "We quote up to 200 items online; for a delivery that large, call us for a custom quote.",
    ),
    "absurd bag count": (
        {"service_type": "blade_transfer", "blade_bag_count": 51}, "invalid_quantity", "blade_bag_count",
        "We quote up to 50 bags online; for more, call us for a custom quote.",
    ),
    "absurd specialty quantity": (
        {"service_type": "standard_delivery", "specialty_items": [{"item_type": "crib", "quantity": 21}]},
        "invalid_quantity", "specialty_items",
        "We quote up to 20 of one specialty item online; for more, call us for a custom quote.",
    ),
    "wrong terminal": (
        {"service_type": "blade_transfer", "blade_bag_count": 2, "blade_airport": "EWR", "blade_terminal": "4"},
        "invalid_terminal", "blade_terminal",
        'Terminal "4" is not one of the EWR terminals we serve. Choose one of: A, B, C.',
    ),
    "terminal without airport": (
        {"service_type": "blade_transfer", "blade_bag_count": 2, "blade_terminal": "4"},
        "missing_field", "blade_airport", "Which airport is that terminal at: JFK or EWR?",
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", list(REFUSALS))
def test_refusal_message(name: str) -> None:
    from common.errors import DomainError

    fields, code, field, message = REFUSALS[name]
    with pytest.raises(DomainError) as caught:
        price(**fields)
    assert caught.value.as_dict() == {"code": code, "field": field, "message": message}


def test_unknown_package_when_staff_retire_a_tier() -> None:
    from catalogue.models import MiniMovePackage
    from common.errors import UnknownPackageError

    MiniMovePackage.objects.filter(package_type="full").update(is_active=False)
    with pytest.raises(UnknownPackageError) as caught:
        price(service_type="mini_move", package_type="full")
    assert caught.value.message == '"full" is not a Mini Move package we offer. Choose one of: Petite, Standard.'
    assert caught.value.code == "unknown_package"


def test_terminal_is_accepted_case_insensitively_with_prefix() -> None:
    assert price(service_type="blade_transfer", blade_bag_count=2, blade_airport="EWR", blade_terminal="terminal b")
    assert price(service_type="blade_transfer", blade_bag_count=2, blade_airport="JFK", blade_terminal="8")


def test_request_rejects_unknown_keys_and_values() -> None:
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        QuoteRequest(service_type="mini_move", package="petite")  # type: ignore[call-arg]
    with pytest.raises(ValidationError):
        QuoteRequest(service_type="storage")  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        QuoteRequest(service_type="mini_move", package_type="standard", specific_pickup_hour=11)  # type: ignore[arg-type]


# ---- discount codes (domain.md §5) ---------------------------------------------------------------------------------


def test_percentage_cap_and_fixed_never_below_zero() -> None:
    DiscountCode.objects.create(code="BIG20", discount_type="percentage", value=d("20"), max_discount=d("100"))
    DiscountCode.objects.create(code="FLAT", discount_type="fixed", value=d("400"))
    base = price(service_type="standard_delivery", standard_delivery_item_count=2)  # $285
    assert apply_discount(base, code="BIG20").total == d("228.00")
    big = price(service_type="mini_move", package_type="petite")
    assert apply_discount(big, code="big20").total == d("895")  # 20% of 995 capped at 100
    assert apply_discount(base, code="FLAT").total == d("0")


def _refused(result: Quote, code: str, **kwargs: Any) -> str:
    from common.errors import InvalidDiscountError

    with pytest.raises(InvalidDiscountError) as caught:
        apply_discount(result, code=code, **kwargs)
    assert (caught.value.code, caught.value.field) == ("invalid_discount", "discount_code")
    return caught.value.message


def test_discount_refusals_name_the_code() -> None:
    from datetime import datetime

    from common.clock import NEW_YORK

    base = price(service_type="standard_delivery", standard_delivery_item_count=2)
    assert _refused(base, "NOPE") == 'We couldn\'t find the discount code "NOPE".'
    DiscountCode.objects.create(code="OLD", discount_type="fixed", value=d("10"), is_active=False)
    assert _refused(base, "old") == 'We couldn\'t find the discount code "old".'
    DiscountCode.objects.create(code="SUMMER", discount_type="fixed", value=d("10"),
                                valid_until=datetime(2026, 5, 31, 23, 59, tzinfo=NEW_YORK))  # fmt: skip
    assert _refused(base, "summer", now=EXAMPLE_NOW) == "Discount code SUMMER expired on 2026-05-31."
    DiscountCode.objects.create(code="FALL", discount_type="fixed", value=d("10"),
                                valid_from=datetime(2026, 9, 1, tzinfo=NEW_YORK))  # fmt: skip
    assert _refused(base, "FALL", now=EXAMPLE_NOW) == "Discount code FALL starts on 2026-09-01."
    DiscountCode.objects.create(code="MOVE50", discount_type="fixed", value=d("50"), service_types=["mini_move"],
                                minimum_order=d("1000"))  # fmt: skip
    assert _refused(base, "MOVE50") == "Discount code MOVE50 doesn't apply to Standard Delivery."
    petite = price(service_type="mini_move", package_type="petite")
    assert _refused(petite, "MOVE50") == "Discount code MOVE50 needs an order of at least $1,000 (this one is $995)."


def test_discount_per_email_limit(alice: Any) -> None:
    from bookings.services import create_booking

    DiscountCode.objects.create(code="ONCE", discount_type="fixed", value=d("20"))
    DiscountCode.objects.create(code="ALWAYS", discount_type="fixed", value=d("20"), per_email_limit=None)
    alice.email = "Alice@Example.com"
    alice.save()
    fields = {"service_type": "standard_delivery", "standard_delivery_item_count": 2, "pickup_date": TUESDAY,
              "item_description": "Two boxes",
              "pickup_address_line_1": "1 A St", "pickup_city": "New York", "pickup_zip": "10001",
              "delivery_address_line_1": "2 B St", "delivery_city": "Brooklyn", "delivery_zip": "11215"}  # fmt: skip
    booking, _ = create_booking(fields=fields, customer=alice, discount_code="once", now=EXAMPLE_NOW)
    assert (booking.total_price, booking.discount_code) == (d("265.00"), "ONCE")
    base = price(service_type="standard_delivery", standard_delivery_item_count=2)
    assert _refused(base, "ONCE", email="alice@example.com") == (
        "Discount code ONCE has already been used with alice@example.com."
    )
    assert apply_discount(base, code="ONCE", email="bob@example.com").total == d("265.00")
    for _ in range(2):
        create_booking(fields=fields, customer=alice, discount_code="ALWAYS", now=EXAMPLE_NOW)


def test_unknown_item_when_staff_retire_an_add_on_or_airport() -> None:
    from catalogue.models import Airport, OrganizingService
    from common.errors import UnknownItemError

    OrganizingService.objects.filter(package__package_type="petite", kind="unpacking").update(is_active=False)
    with pytest.raises(UnknownItemError) as caught:
        price(service_type="mini_move", package_type="petite", include_unpacking=True)
    assert caught.value.as_dict() == {"code": "unknown_item", "field": "include_unpacking",
                                      "message": "Unpacking isn't offered with the Petite package online."}  # fmt: skip
    Airport.objects.filter(code="EWR").update(is_active=False)
    with pytest.raises(UnknownItemError) as airport:
        price(service_type="blade_transfer", blade_bag_count=2, blade_airport="EWR")
    assert airport.value.message == "We don't serve EWR online."
