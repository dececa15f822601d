"""GET /api/assistant/widget/: the widget's greeting, starters, limit and contact come from agent_config/.

Assertions compare with the loaded config, never with shipped wording, so staff may reword any of it.
"""

from __future__ import annotations

import json

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def served_config(config_copy, settings):
    """Serve a throwaway copy of agent_config/ (edit it with config_copy.replace before the first request)."""
    from assistant.runtime import reset_runtime

    settings.AGENT_CONFIG_DIR = config_copy.dir
    reset_runtime()
    yield config_copy
    reset_runtime()


def _offer(client: Client) -> dict:
    response = client.get("/api/assistant/widget/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return response.json()


def _loaded(config_copy):
    from assistant.config import load_config

    return load_config(config_copy.dir)


def test_offer_is_the_configured_greeting_starters_limit_and_contact(client: Client, served_config):
    config = _loaded(served_config)
    offer = _offer(client)
    widget, contact = config.agent.widget, config.agent.contact
    assert offer["greeting"] == widget.greeting
    assert offer["intro"] == widget.intro
    assert offer["starters"] == [{"label": s.label, "message": s.message} for s in widget.starters]
    assert offer["max_chars"] == config.agent.limits.max_message_chars
    assert offer["contact"] == {"phone": contact.phone, "email": contact.email, "orders_email": contact.orders_email}
    assert "{{" not in json.dumps(offer)  # every placeholder filled in


def test_signed_in_customer_is_greeted_by_first_name(client: Client, served_config):
    user = get_user_model().objects.create_user(username="mallory", password="p", first_name="<b>Mal</b> {{ x }}")
    client.force_login(user)
    offer = _offer(client)
    assert "<b>Mal</b> {{ x }}" in offer["greeting"]  # the name is data, never a template; the widget sets textContent
    assert offer["greeting"] != _loaded(served_config).agent.widget.greeting


def test_disabling_a_tool_removes_its_starter_and_text(client: Client, served_config):
    served_config.replace_yaml("tools.yaml", ("tools", "check_zip_coverage", "enabled"), False)
    served_config.replace_yaml(
        "agent.yaml", ("widget", "intro"), "Ask{% if tools_enabled.check_zip_coverage %} ZIP{% endif %}."
    )
    config = _loaded(served_config)
    offer = _offer(client)
    kept = [s for s in config.agent.widget.starters if s.tool != "check_zip_coverage"]
    assert len(kept) < len(config.agent.widget.starters)
    assert offer["starters"] == [{"label": s.label, "message": s.message} for s in kept]
    assert offer["intro"] == "Ask."


def test_contact_placeholders_are_filled_from_the_one_contact_section(client: Client, served_config):
    served_config.replace_yaml("agent.yaml", ("contact", "phone"), "(212) 555-0142")
    served_config.replace_yaml("agent.yaml", ("widget", "offline_note"), "Call {{ contact.phone }} please.")
    offer = _offer(client)
    assert offer["offline_note"] == "Call (212) 555-0142 please."
    assert offer["contact"]["phone"] == "(212) 555-0142"


def test_only_get_is_allowed(client: Client):
    assert client.post("/api/assistant/widget/").status_code == 405
