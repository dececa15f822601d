"""`agent_events` (the turn's way of streaming a run) gives what `Agent.run_stream_events` gives, in order."""

from __future__ import annotations

import asyncio
from contextlib import aclosing

import pytest
from pydantic_ai import Agent, AgentRunResultEvent, UsageLimits

from assistant.agent_events import agent_events
from tests.chat_support import ScriptedModel, ToolCall, coverage_tool


def _agent(steps) -> tuple[Agent, ScriptedModel]:
    script = ScriptedModel(steps=steps, chunk_delay=0)
    return Agent(script.model(), tools=[coverage_tool]), script


def _shape(event) -> tuple:
    """What a reader sees of an event (its kind, and the text, tool or part it carries), without run ids."""
    if isinstance(event, AgentRunResultEvent):
        return ("result", event.result.output, len(event.result.new_messages()))
    inner = getattr(event, "delta", None) or getattr(event, "part", None) or getattr(event, "result", None)
    text = getattr(inner, "content_delta", None) or getattr(inner, "content", None)
    return (type(event).__name__, type(inner).__name__, getattr(inner, "tool_name", None), str(text))


async def _events_of(stream) -> list[tuple]:
    return [_shape(event) async for event in stream]


STEPS = [ToolCall("coverage_tool", {"zip_code": "10001"}, "call-1"), ["Yes, ", "we serve ", "10001."]]


async def test_same_events_in_the_same_order_as_run_stream_events():
    agent, _ = _agent(list(STEPS))

    async def reference():
        async with agent.run_stream_events("10001?") as events:
            return await _events_of(events)

    expected = await reference()
    agent, _ = _agent(list(STEPS))
    got = await _events_of(agent_events(agent, "10001?"))
    assert got == expected
    assert got[-1] == ("result", "Yes, we serve 10001.", 4)  # request, tool call, tool result, reply
    assert [kind for kind, *_ in got].count("FunctionToolResultEvent") == 1


async def test_a_failing_run_raises_to_the_reader():
    agent, _ = _agent([["never"]])
    with pytest.raises(Exception, match="request_limit"):
        async for _ in agent_events(agent, "hi", usage_limits=UsageLimits(request_limit=0)):
            pass


async def test_cancelling_the_reader_stops_the_model_stream():
    """What a client that goes away does to its turn: the task reading the events is cancelled."""
    agent, script = _agent([["one ", "two ", "three"]])
    script.hang_after = 1

    async def read() -> None:
        async with aclosing(agent_events(agent, "hi")) as events:
            async for _ in events:
                pass

    reader = asyncio.create_task(read())
    while not script.streaming.is_set():
        await asyncio.sleep(0.01)
    reader.cancel()
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(reader, 5)
    assert script.cancelled.is_set()
