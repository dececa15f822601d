"""The shipped agent_config/: invariants only. Staff own its wording and numbers, so nothing here reads them.

Business facts that must hold (prices, the cancellation policy) are pinned in agent_config/conversations/,
which a config pull request edits together with the config.
"""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from assistant.config.contact_check import scan_contact
from assistant.config.placeholders import render_text, text_context
from assistant.tools import TOOL_FUNCTIONS
from tests.fixtures.assistant import REPO_CONFIG


def test_every_tool_in_the_code_has_an_entry(shipped_config):
    assert set(shipped_config.tools) == set(TOOL_FUNCTIONS)


def test_faq_ids_are_unique(shipped_config):
    ids = [entry.id for entry in shipped_config.faq]
    assert len(ids) == len(set(ids))


def test_every_intent_names_a_tool_that_exists(shipped_config):
    for intent in shipped_config.intents.intents:
        assert intent.tool is None or intent.tool in shipped_config.tools, intent.name


def test_every_starter_names_a_tool_that_exists(shipped_config):
    for starter in shipped_config.agent.widget.starters:
        assert starter.tool is None or starter.tool in shipped_config.tools, starter.label


def test_the_fallback_and_sign_in_texts_give_the_phone(shipped_config):
    contact = shipped_config.agent.contact
    assert contact.phone in contact.fallback
    assert contact.phone in shipped_config.agent.sign_in_message


def test_every_placeholder_is_filled_in(shipped_config):
    agent = shipped_config.agent
    texts = [agent.contact.fallback, agent.sign_in_message, agent.widget.greeting, agent.widget.intro]
    texts += [agent.widget.offline_note, *(e.answer for e in shipped_config.faq)]
    assert not [text for text in texts if "{{" in text or "{%" in text]


def test_the_signed_in_greeting_uses_the_name(shipped_config):
    context = {**text_context(shipped_config.agent.contact, shipped_config.tools), "name": "Zanzibar"}
    assert "Zanzibar" in render_text(shipped_config.agent.widget.greeting_signed_in, context)


def test_no_other_phone_or_email_in_the_config_or_the_website(shipped_config, settings):
    contact = shipped_config.agent.contact
    problems = scan_contact(contact, REPO_CONFIG, "agent_config")
    problems += scan_contact(contact, settings.REPO_DIR / "frontend", "frontend")
    assert not problems, "\n".join(map(str, problems))


def test_assistant_check_passes_on_the_shipped_config(settings, capsys):
    settings.AGENT_CONFIG_DIR = REPO_CONFIG
    call_command("assistant", "check")
    assert "agent_config is valid" in capsys.readouterr().out


@pytest.mark.django_db
def test_the_widget_offer_renders_from_the_shipped_config(shipped_config):
    from assistant.widget_offer import widget_offer

    offer = widget_offer(shipped_config, first_name="Zanzibar").model_dump(mode="json")
    assert offer["starters"] and "Zanzibar" in offer["greeting"]
    assert offer["max_chars"] == shipped_config.agent.limits.max_message_chars
    assert "{{" not in json.dumps(offer)
