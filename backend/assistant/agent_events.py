"""The events of one agent run, read straight off its graph (`Agent.iter` + `node.stream`).

`Agent.run_stream_events` gives the same events, but runs the agent in a task of its own that hands every
event to the reader across an in-memory stream: per streamed text chunk, several more cancel scopes, a
lock and a few event-loop iterations, ~5 ms of a 50-chunk turn (a fifth of a bare agent's whole turn on
`make bench`'s fake API). Reading the nodes' own streams in the reader's task skips that hand-over. The
events and their order are the same (capabilities' event-stream hooks apply where each node's stream is
produced, so they still run), and the run still ends with an `AgentRunResultEvent`.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

from pydantic_ai import Agent, AgentRunResultEvent
from pydantic_ai.messages import AgentStreamEvent


async def agent_events(
    agent: Agent[Any, Any], message: str, **run_kwargs: Any
) -> AsyncIterator[AgentStreamEvent | AgentRunResultEvent[Any]]:
    """`agent.run_stream_events(message, **run_kwargs)`'s events, in the caller's task.

    Close it with `contextlib.aclosing` when the reader may stop early, so the run ends in that task.
    """
    async with agent.iter(message, **run_kwargs) as run:
        async for node in run:
            if Agent.is_model_request_node(node) or Agent.is_call_tools_node(node):
                async with node.stream(run.ctx) as events:
                    async for event in events:
                        yield event
        result = run.result
    if result is None:  # `iter` always reaches the end node unless it raised; guard the type
        raise RuntimeError("the agent run ended without a result")
    yield AgentRunResultEvent(result=result)
