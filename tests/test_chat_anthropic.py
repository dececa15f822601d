"""The real anthropic SDK path (AnthropicModel → HTTP → SSE parsing) against a fake Messages API on 127.0.0.1.

Each provider failure must end the stream with a correct `error` event, and leave the stored history
exactly as it was: no half turn, no duplicated question when the customer retries.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from anthropic import AsyncAnthropic
from pydantic_ai import models
from pydantic_ai.models.anthropic import AnthropicModel
from pydantic_ai.providers.anthropic import AnthropicProvider

from tests.chat_support import ChatClient, contact_text, model_runtime
from tests.fake_anthropic import FakeAnthropic, FakeAnthropicServer, Hang, Malformed, Overloaded, Text, ToolUse


@pytest.fixture
def anthropic_api(monkeypatch) -> Iterator[FakeAnthropic]:
    monkeypatch.setattr(models, "ALLOW_MODEL_REQUESTS", True)  # only this loopback fake is ever called
    with FakeAnthropicServer(FakeAnthropic()) as api:
        yield api


@pytest.fixture
def anthropic_runtime(anthropic_api, chat_runtime):
    # Retries off and a short timeout: a failure must surface as one error event, quickly.
    client = AsyncAnthropic(api_key="test", base_url=anthropic_api.base_url, max_retries=0, timeout=1.5)
    model = AnthropicModel("claude-sonnet-4-20250514", provider=AnthropicProvider(anthropic_client=client))
    return chat_runtime(model_runtime(model, model_name="claude-sonnet-4-20250514"))


async def test_streams_anthropic_text_as_tokens(chat_server, anthropic_api, anthropic_runtime):
    anthropic_api.replies = [Text(["We ", "serve ", "Manhattan", "."])]
    async with ChatClient(chat_server) as client:
        result = await client.say("where do you go?")
    assert result.names() == ["start", "token", "token", "token", "token", "done"]
    assert result.text() == "We serve Manhattan."
    done = result.data("done")[0]
    total_input = anthropic_api.usages[0].total
    assert done["usage"] == {"input_tokens": total_input, "output_tokens": 4, "requests": 1, "tool_calls": 0}
    assert done["mode"] == "llm"
    assert anthropic_api.requests[0]["stream"] is True
    assert anthropic_api.requests[0]["messages"][-1]["content"][0]["text"] == "where do you go?"


async def test_tool_use_turn(chat_server, anthropic_api, anthropic_runtime):
    anthropic_api.replies = [ToolUse("check_zip_coverage", {"zip_code": "10001"}), Text(["Yes, ", "we serve 10001."])]
    async with ChatClient(chat_server) as client:
        result = await client.say("do you serve 10001?")
    assert result.names() == ["start", "tool_call", "tool_result", "token", "token", "done"]
    call = result.data("tool_call")[0]
    assert call == {
        "id": "toolu_01",
        "name": "check_zip_coverage",
        "label": call["label"],
        "args": {"zip_code": "10001"},
    }
    assert call["label"] and call["label"] != "check_zip_coverage"
    assert result.data("tool_result")[0]["ok"] is True
    # the tool's result went back to the model in the second request
    second = anthropic_api.requests[1]["messages"]
    tool_results = [
        block
        for m in second
        for block in (m["content"] if isinstance(m["content"], list) else [])
        if block.get("type") == "tool_result"
    ]
    assert tool_results and tool_results[0]["tool_use_id"] == "toolu_01"
    assert "serviceable" in str(tool_results[0]["content"])


@pytest.mark.parametrize(
    ("failure", "code", "retryable"),
    [
        (Overloaded(), "model_unavailable", True),
        (Hang(), "model_unavailable", True),
        (Malformed(), "model_unavailable", True),
    ],
    ids=["overloaded-529", "timeout", "malformed-stream"],
)
async def test_provider_failure_is_an_error_event_and_history_is_untouched(
    chat_server, anthropic_api, anthropic_runtime, failure, code, retryable
):
    anthropic_api.replies = [Text(["Hello", "!"]), failure, Text(["Second ", "try."])]
    async with ChatClient(chat_server) as client:
        first = await client.say("hi")
        thread_id = first.data("done")[0]["thread_id"]
        failed = await client.say("what does a mini move cost?", thread_id)
        after_failure = (await client.transcript(thread_id)).json()["messages"]
        retried = await client.say("what does a mini move cost?", thread_id)
        after_retry = (await client.transcript(thread_id)).json()["messages"]

    assert failed.names()[0] == "start" and failed.names()[-1] == "error"
    assert "done" not in failed.names()
    error = failed.data("error")[0]
    if code is not None:
        assert error["code"] == code
    assert error["retryable"] is retryable
    assert contact_text() in error["message"]

    assert [m["text"] for m in after_failure] == ["hi", "Hello!"]  # nothing half-written
    assert retried.names()[-1] == "done"
    assert [m["text"] for m in after_retry] == ["hi", "Hello!", "what does a mini move cost?", "Second try."]
    # the retry's model call carries the first turn once and the question once
    sent = anthropic_api.requests[-1]["messages"]
    texts = [block["text"] for m in sent for block in m["content"] if block.get("type") == "text"]
    assert texts == ["hi", "Hello!", "what does a mini move cost?"]


async def test_non_streamed_request_is_answered_too(anthropic_api, monkeypatch):
    from pydantic_ai import Agent

    anthropic_api.replies = [Text(["Plain ", "answer."])]
    client = AsyncAnthropic(api_key="test", base_url=anthropic_api.base_url, max_retries=0, timeout=1.5)
    agent = Agent(AnthropicModel("claude-sonnet-4-20250514", provider=AnthropicProvider(anthropic_client=client)))
    result = await agent.run("hello")
    assert result.output == "Plain answer."
    assert anthropic_api.requests[0].get("stream") in (None, False)
