"""The six tools called directly (as the CLI and the offline mode do), against the seeded catalogue."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.tools import TOOL_FUNCTIONS, ToolArgsError, invoke_tool
from tests.fixtures.domain import SATURDAY, TUESDAY

pytestmark = pytest.mark.django_db


def test_registry_has_the_six_contract_tools():
    assert list(TOOL_FUNCTIONS) == [
        "check_zip_coverage", "get_pricing_estimate", "check_availability",
        "lookup_booking_status", "lookup_booking_history", "build_booking_handoff",
    ]  # fmt: skip


# ---- check_zip_coverage -----------------------------------------------------------------------


def test_zip_in_core_area(make_deps):
    result = invoke_tool("check_zip_coverage", make_deps(), {"zip_code": "10001"})
    assert result["ok"] is True
    assert (result["serviceable"], result["zone"], result["region"], result["surcharge"]) == (
        True, "core", "Manhattan", "0.00")  # fmt: skip


def test_zip_in_surcharge_area_with_zip_plus_four(make_deps):
    result = invoke_tool("check_zip_coverage", make_deps(), {"zip_code": " 11954-1234 "})
    assert (result["zip_code"], result["zone"], result["place"], result["surcharge"]) == (
        "11954", "surcharge", "Montauk", "175.00")  # fmt: skip


def test_zip_outside_area_is_an_answer_not_an_error(make_deps):
    result = invoke_tool("check_zip_coverage", make_deps(), {"zip_code": "11101"})
    assert result["ok"] is True and result["serviceable"] is False and "(631) 595-5100" in result["reason"]


def test_malformed_zip_is_a_structured_refusal(make_deps):
    result = invoke_tool("check_zip_coverage", make_deps(), {"zip_code": "1234"})
    assert result == {
        "ok": False,
        "error": {"code": "invalid_zip", "field": "zip_code", "message": result["error"]["message"]},
    }
    assert '"1234" is not a valid ZIP code' in result["error"]["message"]


# ---- get_pricing_estimate (domain.md §8 worked examples, as of 2026-06-01 10:00 New York) ------


@pytest.mark.parametrize(
    ("args", "total"),
    [
        ({"service_type": "standard_delivery", "standard_delivery_item_count": 2, "pickup_date": str(TUESDAY)},
         "285.00"),
        ({"service_type": "standard_delivery", "standard_delivery_item_count": 5, "pickup_date": str(SATURDAY)},
         "525.00"),
        ({"service_type": "standard_delivery", "standard_delivery_item_count": 3, "coi_required": True,
          "pickup_zip": "11215", "delivery_zip": "11954"}, "510.00"),
        ({"service_type": "mini_move", "package_type": "petite", "coi_required": True,
          "pickup_date": str(SATURDAY)}, "1220.00"),
        ({"service_type": "mini_move", "package_type": "petite", "include_packing": True,
          "include_unpacking": True}, "3733.72"),
        ({"service_type": "mini_move", "package_type": "full", "include_packing": True, "include_unpacking": True,
          "pickup_time": "morning_specific", "specific_pickup_hour": 9, "coi_required": True,
          "pickup_zip": "06901", "delivery_zip": "11954", "pickup_date": "2026-09-07"}, "13401.58"),
        ({"service_type": "blade_transfer", "blade_bag_count": 2, "blade_airport": "JFK",
          "pickup_date": str(SATURDAY)}, "150.00"),
        ({"service_type": "specialty_item", "specialty_items": [{"item_type": "crib", "quantity": 1}],
          "pickup_date": str(SATURDAY)}, "350.00"),
    ],
)  # fmt: skip
def test_worked_examples(make_deps, args, total):
    result = invoke_tool("get_pricing_estimate", make_deps(), args)
    assert result["ok"] is True, result
    assert result["total"] == total
    assert sum(float(line["amount"]) for line in result["line_items"]) == pytest.approx(float(total))


def test_quote_lines_are_labelled_dollar_strings(make_deps):
    result = invoke_tool(
        "get_pricing_estimate",
        make_deps(),
        {"service_type": "mini_move", "package_type": "petite", "coi_required": True},
    )
    assert result["line_items"][0] == {"code": "base", "label": "Mini Move: Petite", "amount": "995.00"}


@pytest.mark.parametrize(
    ("args", "code"),
    [
        ({"service_type": "standard_delivery", "standard_delivery_item_count": 2, "pickup_date": "2026-05-01"},
         "past_date"),
        ({"service_type": "standard_delivery", "standard_delivery_item_count": 2, "pickup_zip": "11101",
          "delivery_zip": "10001"}, "outside_service_area"),
        ({"service_type": "mini_move"}, "missing_field"),
        ({"service_type": "specialty_item", "specialty_items": [{"item_type": "piano", "quantity": 1}]},
         "unknown_item"),
    ],
)  # fmt: skip
def test_business_refusals_are_structured(make_deps, args, code):
    result = invoke_tool("get_pricing_estimate", make_deps(), args)
    assert result["ok"] is False
    assert result["error"]["code"] == code
    assert result["error"]["message"]


@pytest.mark.parametrize(
    "args",
    [
        {"service_type": "moving"},
        {"service_type": "mini_move", "package_type": "huge"},
        {"service_type": "standard_delivery", "pickup_date": "next tuesday"},
        {"service_type": "standard_delivery", "standard_delivery_item_count": -1},
        {"service_type": "standard_delivery", "price": 1},
    ],
)
def test_malformed_arguments_raise_tool_args_error(make_deps, args):
    with pytest.raises(ToolArgsError) as info:
        invoke_tool("get_pricing_estimate", make_deps(), args)
    assert str(info.value).startswith("Bad arguments for get_pricing_estimate:")


# ---- check_availability -----------------------------------------------------------------------


def test_availability_days_and_cutoffs(make_deps):
    result = invoke_tool("check_availability", make_deps(), {"start_date": "2026-06-01", "num_days": 7})
    days = result["days"]
    assert [d["date"] for d in days] == [f"2026-06-0{n}" for n in range(1, 8)]
    assert days[0]["status"] == "blocked" and "(631) 595-5100" in days[0]["blocked_reason"]
    saturday = days[5]
    assert (saturday["weekday"], saturday["is_weekend"], saturday["status"]) == ("Saturday", True, "available")
    assert saturday["surcharges"]
    assert "booking_count" not in saturday


def test_availability_rejects_the_past_by_new_york_date(make_deps):
    result = invoke_tool("check_availability", make_deps(), {"start_date": "2026-05-31", "num_days": 2})
    assert result["ok"] is False and result["error"]["code"] == "past_date"


def test_availability_range_is_limited(make_deps):
    with pytest.raises(ToolArgsError):
        invoke_tool("check_availability", make_deps(), {"start_date": "2026-06-02", "num_days": 31})


# ---- customer tools ---------------------------------------------------------------------------


@pytest.fixture
def two_customers(alice, bob, make_booking):
    alices = [make_booking(alice, status=s, pickup_date=date(2026, 6, d)) for s, d in
              (("completed", 2), ("paid", 16), ("cancelled", 18))]  # fmt: skip
    bobs = [make_booking(bob, status="paid", pickup_date=date(2026, 6, 20), total="995.00")]
    guest = make_booking(None, status="paid", guest_email="guest@example.com")
    return {"alice": (alice, alices), "bob": (bob, bobs), "guest": guest}


def test_booking_status_lists_only_the_customers_own(make_deps, two_customers):
    alice, alices = two_customers["alice"]
    result = invoke_tool("lookup_booking_status", make_deps(alice), {})
    assert sorted(b["booking_number"] for b in result["bookings"]) == sorted(b.booking_number for b in alices)
    assert all(b["total"] == "285.00" for b in result["bookings"])


@pytest.mark.parametrize("attempt", ["bob_number", "guest_number", "user_id_arg", "customer_arg", "wildcard"])
def test_customer_tool_never_returns_another_customers_booking(make_deps, two_customers, attempt):
    alice, alices = two_customers["alice"]
    bob, bobs = two_customers["bob"]
    args = {
        "bob_number": {"booking_number": bobs[0].booking_number},
        "guest_number": {"booking_number": two_customers["guest"].booking_number},
        "user_id_arg": {"user_id": bob.pk},
        "customer_arg": {"booking_number": bobs[0].booking_number, "customer": "bob"},
        "wildcard": {"booking_number": "TT-%"},
    }[attempt]
    try:
        result = invoke_tool("lookup_booking_status", make_deps(alice), args)
    except ToolArgsError:
        return  # the argument does not exist: the model is told, nothing is looked up
    assert result["ok"] is False and result["error"]["code"] == "booking_not_found"
    assert "bookings" not in result and "995.00" not in str(result) and "2026-06-20" not in str(result)


def test_booking_status_by_number(make_deps, two_customers):
    alice, alices = two_customers["alice"]
    number = alices[1].booking_number
    result = invoke_tool("lookup_booking_status", make_deps(alice), {"booking_number": number.lower()})
    (booking,) = result["bookings"]
    assert (booking["booking_number"], booking["status"], booking["pickup_date"]) == (number, "paid", "2026-06-16")


def test_booking_status_finds_an_old_booking_by_number(make_deps, alice, make_booking):
    """A regular customer's first booking is still theirs: looking it up by number must not depend on how
    many bookings they made since (it used to search only the newest 50)."""
    first = make_booking(alice, status="completed", pickup_date=date(2025, 1, 7))
    for _ in range(60):
        make_booking(alice)
    result = invoke_tool("lookup_booking_status", make_deps(alice), {"booking_number": first.booking_number})
    assert result["ok"] is True, result
    (booking,) = result["bookings"]
    assert (booking["booking_number"], booking["status"]) == (first.booking_number, "completed")


def test_booking_not_found_message(make_deps, two_customers):
    alice, _ = two_customers["alice"]
    result = invoke_tool("lookup_booking_status", make_deps(alice), {"booking_number": " tt-424242 "})
    assert result["error"] == {
        "code": "booking_not_found",
        "message": "I couldn't find booking TT-424242 on your account.",
        "field": "booking_number",
    }


def test_booking_history_totals(make_deps, two_customers):
    alice, _ = two_customers["alice"]
    result = invoke_tool("lookup_booking_history", make_deps(alice), {})
    assert result == {
        "ok": True, "total_bookings": 3, "completed": 1, "upcoming": 1, "total_spent": "570.00",
        "by_status": {"paid": 1, "completed": 1, "cancelled": 1},  # the cancelled future pickup is not upcoming
    }  # fmt: skip


@pytest.mark.parametrize("name", ["lookup_booking_status", "lookup_booking_history"])
def test_customer_tools_ask_anonymous_visitors_to_sign_in(make_deps, two_customers, name):
    result = invoke_tool(name, make_deps(None), {})
    assert result["ok"] is False and result["error"]["code"] == "sign_in_required"
    assert "sign in" in result["error"]["message"]


# ---- build_booking_handoff --------------------------------------------------------------------


def test_handoff_mini_move(make_deps):
    result = invoke_tool("build_booking_handoff", make_deps(), {
        "service_type": "mini_move", "package_type": "standard", "include_packing": True, "pickup_date": "2026-06-16",
        "pickup_address": {"address_line_1": "250 W 55th St", "city": "New York", "zip_code": "10019-1234"},
        "delivery_address": {"city": "East Hampton", "zip_code": "11937"}, "coi_required": False,
    })  # fmt: skip
    assert result == {
        "ok": True,
        "action": "open_booking_wizard",
        "prefill_data": {
            "service_type": "mini_move", "package_type": "standard", "include_packing": True,
            "pickup_date": "2026-06-16",
            "pickup_address": {"address_line_1": "250 W 55th St", "city": "New York", "state": "NY",
                               "zip_code": "10019"},
            "delivery_address": {"address_line_1": "", "city": "East Hampton", "state": "NY", "zip_code": "11937"},
        },
    }  # fmt: skip


def test_handoff_takes_a_quotes_zips_and_works_out_the_state(make_deps):
    result = invoke_tool("build_booking_handoff", make_deps(), {
        "service_type": "standard_delivery", "standard_delivery_item_count": 3,
        "pickup_zip": "07030", "delivery_zip": "06830-1234",
    })  # fmt: skip
    data = result["prefill_data"]
    assert "pickup_zip" not in data and "delivery_zip" not in data  # the wizard only knows address objects
    assert data["pickup_address"] == {"address_line_1": "", "city": "", "state": "NJ", "zip_code": "07030"}
    assert data["delivery_address"] == {"address_line_1": "", "city": "", "state": "CT", "zip_code": "06830"}


def test_handoff_airport_uses_flight_date_as_pickup_date(make_deps):
    result = invoke_tool("build_booking_handoff", make_deps(), {
        "service_type": "blade_transfer", "blade_bag_count": 3, "blade_airport": "JFK", "blade_terminal": "4",
        "transfer_direction": "to_airport", "blade_flight_date": "2026-06-20", "blade_flight_time": "14:30",
    })  # fmt: skip
    data = result["prefill_data"]
    assert data["blade_flight_time"] == "14:30" and data["pickup_date"] == "2026-06-20"
    assert data["blade_bag_count"] == 3 and data["blade_airport"] == "JFK"


def test_handoff_specialty_becomes_a_standard_delivery_of_the_items(make_deps):
    result = invoke_tool("build_booking_handoff", make_deps(), {
        "service_type": "specialty_item", "specialty_items": [{"item_type": "peloton", "quantity": 1}],
    })  # fmt: skip
    assert result["prefill_data"] == {
        "service_type": "standard_delivery", "standard_delivery_item_count": 0,
        "specialty_items": [{"item_type": "peloton", "quantity": 1}],
    }  # fmt: skip


def test_handoff_carries_every_priced_field_of_the_quote(make_deps):
    """2 surfboards and 2 bags from 10001 to 11954: the specialty items, count, date and ZIPs all carry over."""
    result = invoke_tool("build_booking_handoff", make_deps(), {
        "service_type": "standard_delivery", "standard_delivery_item_count": 2, "coi_required": True,
        "specialty_items": [{"item_type": "surfboard", "quantity": 2}], "pickup_date": "2026-06-16",
        "pickup_zip": "10001", "delivery_zip": "11954",
    })  # fmt: skip
    assert result["prefill_data"] == {
        "service_type": "standard_delivery", "standard_delivery_item_count": 2, "coi_required": True,
        "specialty_items": [{"item_type": "surfboard", "quantity": 2}], "pickup_date": "2026-06-16",
        "pickup_address": {"address_line_1": "", "city": "", "state": "NY", "zip_code": "10001"},
        "delivery_address": {"address_line_1": "", "city": "", "state": "NY", "zip_code": "11954"},
    }  # fmt: skip


@pytest.mark.parametrize(
    ("window", "expected"),
    [
        ({"pickup_time": "morning_specific", "specific_pickup_hour": 9},
         {"pickup_time": "morning_specific", "specific_pickup_hour": 9}),
        ({"pickup_time": "no_time_preference"}, {"pickup_time": "no_time_preference"}),
        ({"pickup_time": "morning", "specific_pickup_hour": 9}, {"pickup_time": "morning"}),  # hour needs a window
    ],
)  # fmt: skip
def test_handoff_carries_the_mini_move_time_window(make_deps, window, expected):
    args = {"service_type": "mini_move", "package_type": "standard", "include_unpacking": True, **window}
    data = invoke_tool("build_booking_handoff", make_deps(), args)["prefill_data"]
    assert data == {"service_type": "mini_move", "package_type": "standard", "include_unpacking": True, **expected}


def test_handoff_prefill_holds_every_quote_field(make_deps):
    """Every QuoteRequest field the customer set reaches the prefill (ZIPs as the wizard's address objects)."""
    from catalogue.pricing import QuoteRequest

    zips = {"pickup_zip": "pickup_address", "delivery_zip": "delivery_address"}
    by_service = {
        "mini_move": {"package_type": "petite", "include_packing": True, "include_unpacking": True,
                      "coi_required": True, "pickup_time": "morning_specific", "specific_pickup_hour": 10},
        "standard_delivery": {"standard_delivery_item_count": 4, "coi_required": True,
                              "specialty_items": [{"item_type": "crib", "quantity": 1}]},
        "blade_transfer": {"blade_bag_count": 3, "blade_airport": "EWR", "blade_terminal": "B",
                           "transfer_direction": "from_airport"},
    }  # fmt: skip
    for service, fields in by_service.items():
        args = {"service_type": service, **fields, "pickup_zip": "10001", "delivery_zip": "07030",
                "pickup_date": "2026-06-20"}  # fmt: skip
        data = invoke_tool("build_booking_handoff", make_deps(), args)["prefill_data"]
        for name in QuoteRequest.model_fields:
            if name in args:
                carried = data[zips[name]]["zip_code"] if name in zips else data[name]
                assert carried == args[name], (service, name)


# Each refusal's message is what the model relays to the customer, so it is pinned too.
@pytest.mark.parametrize(
    ("args", "code", "field", "message"),
    [
        ({"service_type": "blade_transfer", "blade_bag_count": 1}, "invalid_quantity", "blade_bag_count",
         "Airport transfers are booked for at least 2 bags; a single bag is booked as 2."),
        ({"service_type": "mini_move", "pickup_date": "2026-05-30"}, "past_date", "pickup_date",
         "2026-05-30 is in the past; please pick a later date."),
        ({"service_type": "blade_transfer", "blade_flight_date": "2026-05-30"}, "past_date", "blade_flight_date",
         "2026-05-30 is in the past; please pick a later date."),
        ({"service_type": "standard_delivery", "package_type": "petite"}, "invalid_field", "package_type",
         "Packages (Petite, Standard, Full) are only for Mini Moves."),
        ({"service_type": "standard_delivery", "include_packing": True}, "invalid_field", "include_packing",
         "Packing and unpacking are only offered with a Mini Move."),
        ({"service_type": "mini_move", "blade_airport": "JFK"}, "invalid_field", "blade_airport",
         "blade_airport is only for airport transfers."),
        ({"service_type": "blade_transfer", "coi_required": True}, "invalid_field", "coi_required",
         "A COI is not offered for airport transfers."),
        ({"service_type": "specialty_item"}, "missing_field", "specialty_items",
         "Tell me which specialty item it is (for example a Peloton or a surfboard)."),
        ({"service_type": "standard_delivery", "pickup_time": "morning_specific", "specific_pickup_hour": 9},
         "invalid_field", "pickup_time", "Pickup time windows are chosen for Mini Moves only."),
        ({"service_type": "mini_move", "package_type": "standard", "pickup_time": "morning_specific"},
         "missing_field", "specific_pickup_hour", "Which 1-hour window: 8, 9 or 10 AM?"),
        ({"service_type": "mini_move", "specialty_items": [{"item_type": "peloton"}]}, "invalid_field",
         "specialty_items", "Specialty items are booked as a Standard Delivery, not with a Mini Move."),
        ({"service_type": "blade_transfer", "standard_delivery_item_count": 2}, "invalid_field",
         "standard_delivery_item_count",
         "Airport transfers are priced by the bag; items and specialty items are a Standard Delivery."),
        ({"service_type": "mini_move", "pickup_address": {"zip_code": "1001"}}, "invalid_zip",
         "pickup_address.zip_code", '"1001" is not a valid ZIP code. Please use 5 digits, like 10001 or 07030.'),
        ({"service_type": "mini_move", "delivery_address": {"zip_code": " "}}, "invalid_zip",
         "delivery_address.zip_code", "Please give a 5-digit ZIP code (for example 10001)."),
    ],
)  # fmt: skip
def test_handoff_refuses_what_the_wizard_would(make_deps, args, code, field, message):
    result = invoke_tool("build_booking_handoff", make_deps(), args)
    assert result["ok"] is False
    assert (result["error"]["code"], result["error"]["field"], result["error"]["message"]) == (code, field, message)


def test_handoff_never_touches_the_database(make_deps, django_assert_num_queries):
    with django_assert_num_queries(0):
        invoke_tool("build_booking_handoff", make_deps(), {
            "service_type": "mini_move", "package_type": "petite", "pickup_date": "2026-06-16",
            "pickup_address": {"zip_code": "10001"}, "delivery_address": {"zip_code": "07030"},
        })  # fmt: skip


def test_handoff_bad_date_format_is_an_argument_error(make_deps):
    with pytest.raises(ToolArgsError):
        invoke_tool("build_booking_handoff", make_deps(), {"service_type": "mini_move", "pickup_date": "16/06/2026"})


def test_handoff_sends_same_day_to_the_phone(make_deps):
    deps = make_deps()
    result = invoke_tool("build_booking_handoff", deps, {
        "service_type": "standard_delivery", "standard_delivery_item_count": 2, "is_same_day_delivery": True,
    })  # fmt: skip
    assert (result["ok"], result["error"]["code"], result["error"]["field"]) == (
        False, "invalid_field", "is_same_day_delivery",
    )  # fmt: skip
    assert deps.config.agent.contact.phone in result["error"]["message"]
