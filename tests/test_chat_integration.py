"""The endpoint with the project's real runtime: agent_config/, build_agent, the six tools, the offline model."""

from __future__ import annotations

import pytest

from assistant.agent import build_agent
from assistant.runtime import get_config, get_runtime, reset_runtime
from tests.chat_support import ChatClient, ScriptedModel, ScriptedRuntime, ToolCall


@pytest.fixture
def real_runtime():
    reset_runtime()
    yield get_runtime()
    reset_runtime()


async def test_offline_runtime_answers_over_the_stream(chat_server, seeded, real_runtime):
    assert real_runtime.mode == "offline"  # the suite never has ANTHROPIC_API_KEY
    async with ChatClient(chat_server) as client:
        result = await client.say("Do you serve ZIP 10001?")
    assert result.status == 200
    assert result.names()[0] == "start" and result.names()[-1] == "done"
    assert result.data("start")[0]["mode"] == "offline"
    assert result.data("done")[0]["mode"] == "offline"
    assert result.names().count("token") >= 2  # word by word, not one blob
    labels = {name: tool.label for name, tool in real_runtime.config.tools.items()}
    for call in result.data("tool_call"):
        assert call["label"] == labels[call["name"]]


async def test_real_agent_and_tool_with_a_scripted_model(chat_server, chat_runtime, seeded):
    config = get_config()
    script = ScriptedModel([ToolCall("check_zip_coverage", {"zip_code": "10001"}, id="z1"), ["Yes", ", we do."]])
    runtime = ScriptedRuntime(config=config, agent=build_agent(config, model=script.model()), model_name="scripted")
    chat_runtime(runtime)
    async with ChatClient(chat_server) as client:
        result = await client.say("Do you serve 10001?")
    assert result.names() == ["start", "tool_call", "tool_result", "token", "token", "done"]
    assert result.data("tool_call")[0]["label"] == config.tools["check_zip_coverage"].label
    outcome = result.data("tool_result")[0]
    assert outcome["ok"] is True and outcome["data"]["ok"] is True


async def test_customer_tool_uses_the_session_user(chat_server, chat_runtime, seeded):
    config = get_config()
    script = ScriptedModel([ToolCall("lookup_booking_history", {}, id="h1"), ["Here", " it is."]])
    chat_runtime(ScriptedRuntime(config=config, agent=build_agent(config, model=script.model()), model_name="scripted"))
    async with ChatClient(chat_server) as client:
        await client.login(seeded["alice"])
        result = await client.say("How many bookings have I made?")
    outcome = result.data("tool_result")[0]
    assert outcome["name"] == "lookup_booking_history"
    assert outcome["ok"] is True, outcome


async def test_handoff_reaches_the_stream_as_open_booking_wizard(chat_server, chat_runtime, seeded):
    """What the widget acts on: the tool_result of build_booking_handoff carries the action and the prefill."""
    config = get_config()
    args = {"service_type": "mini_move", "package_type": "standard", "pickup_address": {"zip_code": "10001-1234"}}
    script = ScriptedModel([ToolCall("build_booking_handoff", args, id="b1"), ["Opening", " the booking form."]])
    chat_runtime(ScriptedRuntime(config=config, agent=build_agent(config, model=script.model()), model_name="scripted"))
    async with ChatClient(chat_server) as client:
        result = await client.say("Book a Standard Mini Move from 10001")
    assert result.names() == ["start", "tool_call", "tool_result", "token", "token", "done"]
    assert result.data("tool_call")[0]["label"] == config.tools["build_booking_handoff"].label
    outcome = result.data("tool_result")[0]
    assert (outcome["id"], outcome["name"], outcome["ok"]) == ("b1", "build_booking_handoff", True)
    assert outcome["data"] == {
        "ok": True,
        "action": "open_booking_wizard",
        "prefill_data": {
            "service_type": "mini_move",
            "package_type": "standard",
            "pickup_address": {"address_line_1": "", "city": "", "state": "NY", "zip_code": "10001"},
        },
    }
