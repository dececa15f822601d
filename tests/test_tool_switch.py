"""Switching a tool off (`enabled: false`) is a supported edit: what needs or offers it adapts by itself."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conversations.harness import run_turn


@pytest.fixture
def availability_off(config_copy) -> Any:
    from assistant.config import load_config

    config_copy.replace_yaml("tools.yaml", ("tools", "check_availability", "enabled"), False)
    return load_config(config_copy.dir)


async def test_offline_question_needing_it_gets_a_please_call_reply(availability_off, make_deps, seeded):
    from assistant.agent import build_agent
    from assistant.offline import build_offline_model

    agent = build_agent(availability_off, model=build_offline_model(availability_off))
    deps = make_deps(config=availability_off)
    result, _ = await run_turn(agent, "Which dates are available next week?", deps, [])
    assert result.tools == []
    assert availability_off.agent.contact.phone in result.reply


def test_the_prompt_drops_its_lines(availability_off, agent_config):
    from assistant.prompts import example_facts, render_static_prompt

    assert "check_availability" in render_static_prompt(agent_config, example_facts())
    assert "check_availability" not in render_static_prompt(availability_off, example_facts())


def test_check_lists_it_as_information_and_warns_about_text_naming_it(config_copy, settings):
    import io

    from django.core.management import call_command

    from assistant.config import load_config
    from assistant.startup import facts

    config_copy.replace_yaml("tools.yaml", ("tools", "check_availability", "enabled"), False)
    with open(config_copy.path("faq.yaml"), "a", encoding="utf-8") as handle:
        handle.write("\n  - id: extra\n    question: Dates?\n    answer: I use check_availability for that.\n")
    config = load_config(config_copy.dir)
    notes = [n for n in config.notices if "check_availability" in n.message]
    assert [n.severity for n in notes] == ["warning", "info"]  # in file order: faq.yaml, then tools.yaml
    assert str(notes[0]).startswith("agent_config/faq.yaml, line ") and ": warning: this text still names" in str(
        notes[0]
    )
    assert "'check_availability' is switched off" in str(notes[1])

    # One mechanism: the check's and the banner's warning counts include these notes.
    warnings = sum(1 for n in config.notices if n.severity == "warning")
    assert warnings >= 1
    settings.AGENT_CONFIG_DIR = config_copy.dir
    out = io.StringIO()
    call_command("assistant", "check", stdout=out)
    printed = out.getvalue()
    assert f"; {warnings} warning{'s' if warnings != 1 else ''} (not errors):" in printed
    assert printed.count(str(notes[0]).splitlines()[0]) == 1  # listed once, not twice
    assert f", {warnings} warning" in facts(config, url="http://x")["config"]


def test_a_tool_that_is_on_gives_no_notes(agent_config):
    assert not [n for n in agent_config.notices if "switched off" in n.message or "still names" in n.message]
