"""The runtime the bench server serves (ASSISTANT_RUNTIME_FACTORY=bench.runtime:build).

The real config, prompt and agent (build_agent), with a synthetic model in place of the LLM that writes
the same stream the reference measurements used: 50 tokens, the first after 300 ms, then one every 20 ms.
The rate limit is lifted (every bench stream comes from 127.0.0.1); everything else is as deployed.
"""

from __future__ import annotations

import asyncio
import dataclasses
import os
from collections.abc import AsyncIterator

from pydantic_ai.messages import ModelMessage
from pydantic_ai.models.function import AgentInfo, FunctionModel

from assistant.agent import build_agent
from assistant.runtime import Runtime, get_config

TOKENS = int(os.environ.get("BENCH_TOKENS", "50"))
FIRST_TOKEN_SECONDS = float(os.environ.get("BENCH_FIRST_TOKEN_SECONDS", "0.3"))
TOKEN_INTERVAL_SECONDS = float(os.environ.get("BENCH_TOKEN_INTERVAL_SECONDS", "0.02"))


async def synthetic_stream(messages: list[ModelMessage], info: AgentInfo) -> AsyncIterator[str]:
    await asyncio.sleep(FIRST_TOKEN_SECONDS)
    for index in range(TOKENS):
        if index:
            await asyncio.sleep(TOKEN_INTERVAL_SECONDS)
        yield f"word{index} "


def build() -> Runtime:
    config = get_config()
    limits = config.agent.limits
    lifted = limits.model_copy(update={"rate_limit": limits.rate_limit.model_copy(update={"messages": 10**9})})
    config = dataclasses.replace(config, agent=config.agent.model_copy(update={"limits": lifted}))
    model = FunctionModel(stream_function=synthetic_stream, model_name="bench-synthetic")
    return Runtime(config=config, agent=build_agent(config, model=model), mode="llm", model_name="bench-synthetic")
