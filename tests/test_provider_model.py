"""The production provider model: tool schemas prepared once per definition, requests unchanged."""

from __future__ import annotations

import httpx2
import pytest
from anthropic import AsyncAnthropic
from pydantic_ai import models
from pydantic_ai.models.anthropic import AnthropicModel
from pydantic_ai.providers.anthropic import AnthropicProvider

from assistant.agent import build_agent
from assistant.coalesce import coalesce_text_deltas
from assistant.provider_model import PreparedToolsAnthropicModel
from tests.fake_anthropic import FakeAnthropic, FakeAnthropicServer, Text, ToolUse


class CountingModel(PreparedToolsAnthropicModel):
    preparations = 0

    def _prepared_tool(self, tool):
        before = len(self._prepared)
        prepared = super()._prepared_tool(tool)
        CountingModel.preparations += len(self._prepared) > before
        return prepared


async def requests_of(model_class, api, agent_config, make_deps, seeded, *, merged=False):
    http = coalesce_text_deltas(httpx2.AsyncClient(timeout=5)) if merged else httpx2.AsyncClient(timeout=5)
    client = AsyncAnthropic(api_key="test", base_url=api.base_url, max_retries=0, http_client=http)
    model = model_class("claude-sonnet-4-20250514", provider=AnthropicProvider(anthropic_client=client))
    agent = build_agent(agent_config, model=model)
    first = len(api.requests)
    for who in (None, seeded["alice"], None):
        api.replies += [ToolUse("check_zip_coverage", {"zip_code": "10001"}), Text(["Yes."])]
        async with agent.run_stream_events("10001?", deps=make_deps(who)) as events:
            async for _ in events:
                pass
    return api.requests[first:]


@pytest.fixture
def anthropic_api(monkeypatch):
    monkeypatch.setattr(models, "ALLOW_MODEL_REQUESTS", True)  # only the loopback fake is called
    with FakeAnthropicServer(FakeAnthropic()) as api:
        yield api


async def test_prepared_once_and_sent_exactly_as_before(anthropic_api, agent_config, make_deps, seeded):
    plain = await requests_of(AnthropicModel, anthropic_api, agent_config, make_deps, seeded)
    CountingModel.preparations = 0
    cached = await requests_of(CountingModel, anthropic_api, agent_config, make_deps, seeded, merged=True)
    assert [r["tools"] for r in cached] == [r["tools"] for r in plain]
    assert len(cached) == 6
    assert CountingModel.preparations == 6  # each of the six tools once, over six requests and two tool sets
