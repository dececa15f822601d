"""`manage.py assistant check | render-prompt | tool | schema`, run through call_command."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db
NOW = "2026-06-01T10:00"


def assistant(*args: str) -> str:
    out = io.StringIO()
    call_command("assistant", *args, stdout=out)
    return out.getvalue()


def tool(name: str, args: dict[str, Any] | None = None, *extra: str) -> dict[str, Any]:
    return json.loads(assistant("tool", name, "--args", json.dumps(args or {}), "--now", NOW, *extra))


@pytest.fixture
def demo(db: None) -> None:
    call_command("seed_demo", stdout=io.StringIO())


def test_check_on_the_shipped_config():
    assert assistant("check").startswith("agent_config is valid: 6 tools, ")


def test_check_on_a_broken_config_exits_1_with_every_problem(config_copy, settings):
    config_copy.replace(
        "tools.yaml",
        "    auth: customer\n    label: Fixture history…",
        "    auth: custmer\n    label: Fixture history…",
    )
    config_copy.replace("faq.yaml", "  - id: tipping", "  - id: storage")
    settings.AGENT_CONFIG_DIR = config_copy.dir
    with pytest.raises(CommandError) as info:
        assistant("check")
    assert info.value.returncode == 1
    message = str(info.value)
    assert message.startswith("agent_config has 2 problems:")
    assert "(tools.lookup_booking_history.auth): 'custmer' is not one of: public, customer." in message


def test_render_prompt_anonymous_and_as_a_customer(demo):
    anonymous = assistant("render-prompt", "--now", NOW)
    assert "Today is Monday, June 1, 2026" in anonymous and "not signed in" in anonymous
    assert "The visitor is signed in as Alice." in assistant("render-prompt", "--user", "alice", "--now", NOW)


def test_each_tool_from_the_terminal(demo):
    from django.contrib.auth import get_user_model

    from bookings.selectors import booking_history

    assert tool("check_zip_coverage", {"zip_code": "07030"})["region"] == "Hudson NJ"
    assert tool("get_pricing_estimate", {"service_type": "mini_move", "package_type": "standard",
                                         "pickup_time": "morning_specific", "specific_pickup_hour": 9})["total"] \
        == "1900.00"  # fmt: skip
    days = tool("check_availability", {"start_date": "2026-06-01", "num_days": 2})["days"]
    assert [d["status"] for d in days] == ["blocked", "available"]
    assert len(tool("lookup_booking_status", {}, "--user", "alice")["bookings"]) == 5
    bob = get_user_model().objects.get(username="bob")
    expected = booking_history(user_id=bob.pk)
    history = tool("lookup_booking_history", {}, "--user", "bob")
    assert (history["total_bookings"], history["total_spent"]) == (
        expected.total_bookings,
        f"{expected.total_spent:.2f}",
    )
    handoff = tool("build_booking_handoff", {"service_type": "blade_transfer", "blade_bag_count": 2})
    assert handoff == {
        "ok": True,
        "action": "open_booking_wizard",
        "prefill_data": {"service_type": "blade_transfer", "blade_bag_count": 2},
    }


def test_customer_tool_without_user_asks_to_sign_in(demo):
    assert tool("lookup_booking_status")["error"]["code"] == "sign_in_required"


def test_refusal_is_printed_as_json_and_exits_0(demo):
    result = tool("get_pricing_estimate", {"service_type": "standard_delivery", "standard_delivery_item_count": 1,
                                           "pickup_date": "2026-05-01"})  # fmt: skip
    assert result["ok"] is False and result["error"]["code"] == "past_date"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("tool", "get_price"), "Unknown tool 'get_price'. Tools: check_zip_coverage, "),
        (("tool", "check_zip_coverage", "--args", "{zip: 1}"), "--args is not valid JSON"),
        (("tool", "check_zip_coverage", "--args", "[1]"), "--args must be a JSON object"),
        (("tool", "check_zip_coverage", "--args", '{"zip": "10001"}'), "Bad arguments for check_zip_coverage:"),
        (("tool", "check_zip_coverage", "--now", "tomorrow"), "--now 'tomorrow' is not a date and time"),
        (("tool", "lookup_booking_status", "--user", "nobody"), "No user 'nobody'."),
        (("render-prompt", "--user", "nobody"), "No user 'nobody'."),
        (("tool", "check_zip_coverage"), "Bad arguments for check_zip_coverage:\n  zip_code: Field required"),
    ],
)
def test_bad_arguments_exit_1_with_a_readable_message(args, message):
    with pytest.raises(CommandError) as info:
        assistant(*args)
    assert info.value.returncode == 1
    assert message in str(info.value)


def test_schema_writes_the_json_schemas(config_copy, settings):
    settings.AGENT_CONFIG_DIR = config_copy.dir
    assert assistant("schema").startswith("Wrote ")
    assert assistant("schema") == "Schemas are up to date.\n"
    tools_schema = json.loads((config_copy.dir / "schema" / "tools.schema.json").read_text())
    assert tools_schema["properties"]["tools"]["propertyNames"]["enum"][0] == "build_booking_handoff"
