"""The system prompt: rendered from agent_config/prompts/system.md.j2 with live catalogue facts."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from assistant.prompts import render_system_prompt
from assistant.tools import invoke_tool

pytestmark = pytest.mark.django_db


def render(config, deps) -> str:
    return render_system_prompt(config, user_id=deps.user_id, first_name=deps.first_name, now=deps.now)


def test_prompt_for_anonymous_visitor(agent_config, make_deps, snapshot):
    prompt = render(agent_config, make_deps())
    assert "The visitor is not signed in." in prompt
    assert "lookup_booking_status" not in prompt.split("Tools you can use")[1].splitlines()[0]
    assert prompt == snapshot


def test_prompt_for_signed_in_customer(agent_config, make_deps, alice, snapshot):
    prompt = render(agent_config, make_deps(alice))
    assert "The visitor is signed in as Alice." in prompt
    assert "lookup_booking_status" in prompt
    # The prompt knows the customer's first name, never their account id or username.
    assert f"user {alice.pk}" not in prompt and "user_id" not in prompt and "alice" not in prompt
    assert prompt == snapshot


def test_prompt_has_todays_new_york_date(agent_config, make_deps):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    late_utc = datetime(2026, 6, 2, 2, 30, tzinfo=ZoneInfo("UTC"))  # still June 1st in New York
    assert "Today is Monday, June 1, 2026 (2026-06-01, New York time)." in render(agent_config, make_deps(now=late_utc))


def test_every_faq_answer_is_in_the_prompt(agent_config, make_deps):
    prompt = render(agent_config, make_deps())
    for entry in agent_config.faq:
        assert entry.answer in prompt, entry.id


def test_prompt_prices_match_the_quote_tool(agent_config, make_deps):
    """Every package price in the prompt is what get_pricing_estimate charges for it."""
    deps = make_deps()
    prompt = render(agent_config, deps)
    stated = dict(re.findall(r"\(`(petite|standard|full)`\): \$([\d,]+)", prompt))
    assert set(stated) == {"petite", "standard", "full"}
    for package, price in stated.items():
        result = invoke_tool("get_pricing_estimate", deps, {"service_type": "mini_move", "package_type": package})
        assert result["total"] == f"{Decimal(price.replace(',', '')):.2f}"


def test_admin_price_change_reaches_prompt_and_quote_without_restart(agent_config, make_deps, admin_client):
    """Staff edit a price in the Django admin; the next render and the next quote both use it.

    Nothing is cached: the prompt is rendered per run from the same rows the calculator reads.
    """
    from catalogue.models import SpecialtyItem

    deps = make_deps()
    surfboard = SpecialtyItem.objects.get(slug="surfboard")
    args = {"service_type": "specialty_item", "specialty_items": [{"item_type": "surfboard", "quantity": 1}]}
    assert "Surfboard (`surfboard`): $350" in render(agent_config, deps)
    assert invoke_tool("get_pricing_estimate", deps, args)["total"] == "350.00"

    response = admin_client.post(
        f"/admin/catalogue/specialtyitem/{surfboard.pk}/change/",
        {
            "slug": "surfboard",
            "name": surfboard.name,
            "description": surfboard.description,
            "price": "365.00",
            "sort_order": surfboard.sort_order,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]

    assert "Surfboard (`surfboard`): $365" in render(agent_config, deps)
    assert invoke_tool("get_pricing_estimate", deps, args)["total"] == "365.00"
