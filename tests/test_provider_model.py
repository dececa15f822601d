"""The production provider model: tool schemas prepared once per definition, requests unchanged, and nothing
of a sent request kept while its reply streams."""

from __future__ import annotations

import httpx2
import pytest
from anthropic import AsyncAnthropic
from pydantic_ai import AgentRunResultEvent, models
from pydantic_ai.messages import ModelRequest
from pydantic_ai.models.anthropic import AnthropicModel
from pydantic_ai.providers.anthropic import AnthropicProvider

from assistant.agent import build_agent
from assistant.agent_events import agent_events
from assistant.provider_model import PreparedToolsAnthropicModel, anthropic_http_client
from tests.fake_anthropic import FakeAnthropic, FakeAnthropicServer, Text, ToolUse


class CountingModel(PreparedToolsAnthropicModel):
    preparations = 0
    streams: list = []  # every streamed response `_messages_create` handed to PydanticAI

    async def _messages_create(self, messages, stream, *args, **kwargs):
        response = await super()._messages_create(messages, stream, *args, **kwargs)
        CountingModel.streams.append(response)
        return response

    def _prepared_tool(self, tool):
        before = len(self._prepared)
        prepared = super()._prepared_tool(tool)
        CountingModel.preparations += len(self._prepared) > before
        return prepared


async def requests_of(model_class, api, agent_config, make_deps, seeded, *, production_client=False, answered=None):
    http = anthropic_http_client(httpx2.AsyncClient(timeout=5)) if production_client else httpx2.AsyncClient(timeout=5)
    if answered is not None:

        async def record(response):
            answered.append(response)

        http.event_hooks["response"].append(record)
    client = AsyncAnthropic(api_key="test", base_url=api.base_url, max_retries=0, http_client=http)
    model = model_class("claude-sonnet-4-20250514", provider=AnthropicProvider(anthropic_client=client))
    agent = build_agent(agent_config, model=model)
    first = len(api.requests)
    for who in (None, seeded["alice"], None):
        api.replies += [ToolUse("check_zip_coverage", {"zip_code": "10001"}), Text(["Yes."])]
        async for _ in agent_events(agent, "10001?", deps=make_deps(who)):
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
    cached = await requests_of(CountingModel, anthropic_api, agent_config, make_deps, seeded, production_client=True)
    assert [r["tools"] for r in cached] == [r["tools"] for r in plain]
    assert len(cached) == 6
    assert CountingModel.preparations == 6  # each of the six tools once, over six requests and two tool sets


async def test_a_streaming_reply_keeps_nothing_of_the_request_it_answers(
    anthropic_api, agent_config, make_deps, seeded
):
    """The body (~23 KB with the prompt and tools) and the SDK's prepared copy of it are dropped once sent."""
    plain = await requests_of(AnthropicModel, anthropic_api, agent_config, make_deps, seeded)
    answered: list[httpx2.Response] = []
    CountingModel.streams = []
    sent = await requests_of(
        CountingModel, anthropic_api, agent_config, make_deps, seeded, production_client=True, answered=answered
    )
    assert sent == plain  # the API received every request whole
    assert len(answered) == len(sent) == 6
    assert all(response.request.content == b"" for response in answered)
    assert all(b"".join(response.request.stream) == b"" for response in answered)
    assert len(CountingModel.streams) == 6
    assert all(stream.source._options.json_data is None for stream in CountingModel.streams)


async def test_runs_sent_the_same_instructions_hold_one_copy_of_them(anthropic_api, agent_config, make_deps, seeded):
    """Each run joins its own ~22 KB instructions string; equal ones are kept once (value unchanged)."""
    http = anthropic_http_client(httpx2.AsyncClient(timeout=5))
    client = AsyncAnthropic(api_key="test", base_url=anthropic_api.base_url, max_retries=0, http_client=http)
    model = PreparedToolsAnthropicModel("claude-sonnet-4-20250514", provider=AnthropicProvider(anthropic_client=client))
    agent = build_agent(agent_config, model=model)
    requests = []
    for who in (None, None, seeded["alice"]):
        anthropic_api.replies += [ToolUse("check_zip_coverage", {"zip_code": "10001"}), Text(["Yes."])]
        async for event in agent_events(agent, "10001?", deps=make_deps(who)):
            if isinstance(event, AgentRunResultEvent):
                requests.append([m for m in event.result.new_messages() if isinstance(m, ModelRequest)])
    anonymous = [r.instructions for run in requests[:2] for r in run]
    assert len(anonymous) == 4 and all(text is anonymous[0] for text in anonymous)
    alice = [r.instructions for r in requests[2]]
    assert alice[0] is alice[1] and alice[0] != anonymous[0]
    sent = [r["system"] for r in anthropic_api.requests[-6:]]
    assert sent[0] == sent[1] == sent[2] == sent[3] != sent[4]  # what the API received is unchanged
