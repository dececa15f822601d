"""Anthropic prompt caching through the real SDK path, against the fake Messages API's cache accounting.

The tools and the static system prompt (rules, catalogue, FAQ) are one byte-identical prefix for every
visitor and every day, ending at a `cache_control` breakpoint; the date and the signed-in name come after
it. So a new conversation reads that prefix from the cache, and each later request of a conversation
reads almost everything before it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from anthropic import AsyncAnthropic
from pydantic_ai import models
from pydantic_ai.models.anthropic import AnthropicModel
from pydantic_ai.providers.anthropic import AnthropicProvider

from assistant.agent import build_agent
from bench.prompt_cache_accounting import breakpoint_prefix
from tests.fake_anthropic import FakeAnthropic, FakeAnthropicServer, Text, ToolUse
from tests.fixtures.assistant import ASSISTANT_NOW

QUOTE = {"service_type": "mini_move", "package_type": "petite"}


@pytest.fixture
def anthropic_api(monkeypatch):
    monkeypatch.setattr(models, "ALLOW_MODEL_REQUESTS", True)  # only this loopback fake is ever called
    with FakeAnthropicServer(FakeAnthropic()) as api:
        yield api


async def converse(agent: Any, api: FakeAnthropic, deps: Any) -> list[int]:
    """Two turns, the first with a tool round trip; returns the indexes of this conversation's requests."""
    first = len(api.requests)
    api.replies += [ToolUse("get_pricing_estimate", QUOTE), Text(["It is ", "$995."]), Text(["You're ", "welcome."])]
    result = await agent.run("how much is a petite move?", deps=deps)
    await agent.run("thanks", deps=deps, message_history=result.all_messages())
    return list(range(first, len(api.requests)))


async def test_every_visitor_and_day_shares_one_cached_prefix_per_tool_set(
    anthropic_api, agent_config, make_deps, seeded
):
    client = AsyncAnthropic(api_key="test", base_url=anthropic_api.base_url, max_retries=0, timeout=5)
    model = AnthropicModel("claude-sonnet-4-20250514", provider=AnthropicProvider(anthropic_client=client))
    agent = build_agent(agent_config, model=model)
    conversations = {}
    for day in (ASSISTANT_NOW, ASSISTANT_NOW + timedelta(days=1)):
        for who in ("anonymous", "alice", "bob"):
            deps = make_deps(seeded.get(who), now=day)
            conversations[(who, day)] = await converse(agent, anthropic_api, deps)

    prefixes: dict[str, set[str]] = {"anonymous": set(), "customer": set()}
    for (who, day), indexes in conversations.items():
        for index in indexes:
            request = anthropic_api.requests[index]
            prefix = breakpoint_prefix(request)
            assert prefix, "no cache_control breakpoint on the tools or the system prompt"
            prefixes["anonymous" if who == "anonymous" else "customer"].add(prefix)
            # What changes per visitor or day comes after the breakpoint.
            assert "Today is" not in prefix and "signed in as" not in prefix
            assert f"{datetime.date(day):%B} {day.day}" not in prefix and "Alice" not in prefix
            after = [block["text"] for block in request["system"] if "cache_control" not in block]
            assert any("Today is" in text for text in after)
    assert len(prefixes["anonymous"]) == 1 and len(prefixes["customer"]) == 1  # one variant per tool set

    for (who, day), indexes in conversations.items():
        usages = [anthropic_api.usages[index] for index in indexes]
        for usage in usages[1:]:  # from a conversation's second model request on
            assert usage.cache_read_input_tokens >= 0.8 * usage.total, (who, day, usage)
    # A new conversation (bob's, the next day) reads the shared prefix written by an earlier one.
    later_first = anthropic_api.usages[conversations[("bob", ASSISTANT_NOW + timedelta(days=1))][0]]
    assert later_first.cache_read_input_tokens > 0.5 * later_first.total
