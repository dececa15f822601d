"""Provider down → the customer still gets an answer: the real anthropic SDK path against a fake Messages API
answering 529, with the offline model as fallback, through the real chat endpoint. `done` says "offline"."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from anthropic import AsyncAnthropic
from pydantic_ai import models
from pydantic_ai.models.anthropic import AnthropicModel
from pydantic_ai.providers.anthropic import AnthropicProvider

from tests.chat_support import ChatClient, ScriptedRuntime, make_config, run_db
from tests.fake_anthropic import FakeAnthropic, FakeAnthropicServer, Overloaded, Text


@pytest.fixture
def anthropic_api(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeAnthropic]:
    monkeypatch.setattr(models, "ALLOW_MODEL_REQUESTS", True)  # only this loopback fake is ever called
    with FakeAnthropicServer(FakeAnthropic()) as api:
        yield api


@pytest.fixture
def fallback_runtime(anthropic_api: FakeAnthropic, chat_runtime) -> ScriptedRuntime:  # noqa: ANN001
    from assistant.agent import build_agent
    from assistant.offline import build_offline_model
    from assistant.offline.fallback import with_offline_fallback

    config = make_config()
    client = AsyncAnthropic(api_key="test", base_url=anthropic_api.base_url, max_retries=0, timeout=1.5)
    claude = AnthropicModel("claude-sonnet-4-20250514", provider=AnthropicProvider(anthropic_client=client))
    agent = build_agent(config, model=with_offline_fallback(claude, build_offline_model(config)))
    return chat_runtime(ScriptedRuntime(config=config, agent=agent, mode="llm", model_name="claude-sonnet-4-20250514"))


async def test_529_from_the_provider_is_answered_offline_and_logged(
    chat_server: str, anthropic_api: FakeAnthropic, fallback_runtime: ScriptedRuntime, caplog: pytest.LogCaptureFixture
) -> None:
    from django.core.management import call_command

    await run_db(lambda: call_command("seed_demo", stdout=io.StringIO()))
    anthropic_api.replies = [Overloaded(), Overloaded(), Text(["Claude ", "is back."])]
    async with ChatClient(chat_server) as client:
        result = await client.say("how much to deliver 2 items?")
        thread_id = result.data("done")[0]["thread_id"]
        recovered = await client.say("thanks!", thread_id)

    assert result.names()[:3] == ["start", "tool_call", "tool_result"]
    assert result.names()[-1] == "done"
    assert result.data("tool_call")[0]["args"] == {
        "service_type": "standard_delivery",
        "standard_delivery_item_count": 2,
    }
    assert result.data("tool_result")[0]["data"]["total"] == "285.00"
    assert "Total: $285.00" in result.text()
    assert result.names().count("token") > 10  # streamed word by word, like the LLM
    assert result.data("done")[0]["mode"] == "offline"
    assert "HTTP 529, model claude-sonnet-4-20250514); answering from offline mode" in caplog.text
    # Once the provider answers again, the same conversation continues with Claude.
    assert recovered.text() == "Claude is back."
    assert recovered.data("done")[0]["mode"] == "llm"
