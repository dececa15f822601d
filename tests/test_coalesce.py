"""CoalescingModel: provider text deltas merged below the agent, the reply itself unchanged."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from pydantic_ai import Agent
from pydantic_ai.messages import ModelMessage, PartDeltaEvent, PartStartEvent, TextPart, TextPartDelta
from pydantic_ai.models.function import AgentInfo, DeltaToolCall, FunctionModel

from assistant.coalesce import CoalescingModel

WORDS = [f"word{i} " for i in range(12)]


class FakeClock:
    """Time that moves only when the paced stream says so: the merging is the same on a loaded machine."""

    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def paced(delays: list[float], clock: FakeClock | None = None) -> FunctionModel:
    """Streams WORDS, delays[i] seconds before word i: on `clock` when given (no sleeping), else really."""

    async def stream(messages: list[ModelMessage], info: AgentInfo) -> AsyncIterator[str]:
        for word, delay in zip(WORDS, delays, strict=True):
            if clock is None:
                await asyncio.sleep(delay)
            else:
                clock.now += delay
            yield word

    return FunctionModel(stream_function=stream, model_name="paced")


async def text_events(model) -> tuple[list[str], str, list[float]]:
    """(the text of each text event the agent emitted, the final output, when each arrived)."""
    chunks: list[str] = []
    arrivals: list[float] = []
    loop = asyncio.get_running_loop()
    started = loop.time()
    async with Agent(model).run_stream_events("hi") as events:
        async for event in events:
            if isinstance(event, PartStartEvent) and isinstance(event.part, TextPart):
                chunks.append(event.part.content)
            elif isinstance(event, PartDeltaEvent) and isinstance(event.delta, TextPartDelta):
                chunks.append(event.delta.content_delta)
            else:
                continue
            arrivals.append(loop.time() - started)
        output = events.all_messages()[-1].parts[0].content
    return chunks, output, arrivals


async def test_deltas_within_the_window_become_one_event_and_the_text_is_unchanged():
    delays = [0.0] + [0.005] * 11  # a token every 5 ms
    clock = FakeClock()
    plain, _, _ = await text_events(paced(delays, FakeClock()))
    merged, stored, _ = await text_events(CoalescingModel(paced(delays, clock), window=0.03, clock=clock))
    assert "".join(merged) == "".join(plain) == stored == "".join(WORDS)
    assert len(plain) == 12
    # the first word alone, then a chunk per 30 ms window: words 1-6 (5-30 ms), 7-11 (35-55 ms)
    assert merged == [WORDS[0], "".join(WORDS[1:7]), "".join(WORDS[7:])]
    assert merged[0] == WORDS[0]  # the first text is never held back


async def test_a_pause_longer_than_the_window_sends_what_was_held():
    delays = [0.0, 0.005, 0.005, 0.1, 0.005, 0.005, 0.1, 0.005, 0.005, 0.005, 0.005, 0.005]
    clock = FakeClock()
    merged, _, _ = await text_events(CoalescingModel(paced(delays, clock), window=0.03, clock=clock))
    assert "".join(merged) == "".join(WORDS)
    assert merged[1] == "word1 word2 "  # held together, sent when word3 came after the window
    assert "word2 word3" not in "|".join(merged)


async def test_tool_calls_pass_through_and_the_run_completes():
    calls = 0

    async def stream(messages: list[ModelMessage], info: AgentInfo):
        nonlocal calls
        calls += 1
        if calls == 1:
            yield {0: DeltaToolCall(name="echo", json_args='{"text": "a"}', tool_call_id="t1")}
            return
        for word in WORDS:
            yield word

    agent = Agent(CoalescingModel(FunctionModel(stream_function=stream), window=0.03))

    @agent.tool_plain
    def echo(text: str) -> str:
        return text

    async with agent.run_stream_events("hi") as events:
        kinds = [type(event).__name__ async for event in events]
    assert "FunctionToolCallEvent" in kinds and "FunctionToolResultEvent" in kinds
    assert events.all_messages()[-1].parts[0].content == "".join(WORDS)  # the stored reply is whole
    assert calls == 2


async def test_through_the_anthropic_sdk_usage_and_text_survive(monkeypatch):
    from anthropic import AsyncAnthropic
    from pydantic_ai import models
    from pydantic_ai.models.anthropic import AnthropicModel
    from pydantic_ai.providers.anthropic import AnthropicProvider

    from tests.fake_anthropic import FakeAnthropic, FakeAnthropicServer, Text

    monkeypatch.setattr(models, "ALLOW_MODEL_REQUESTS", True)  # only the loopback fake is called
    with FakeAnthropicServer(FakeAnthropic()) as api:
        api.replies = [Text(WORDS, delay=0.002)]
        client = AsyncAnthropic(api_key="test", base_url=api.base_url, max_retries=0, timeout=5)
        model = AnthropicModel("claude-sonnet-4-20250514", provider=AnthropicProvider(anthropic_client=client))
        chunks, stored, _ = await text_events(CoalescingModel(model, window=0.03))
    assert "".join(chunks) == stored == "".join(WORDS)
    assert len(chunks) < len(WORDS) / 2


async def test_deltas_each_reached_after_the_window_still_go_out_in_pairs():
    # What a busy event loop looks like from here: every delta is processed more than a window after the last.
    delays = [0.0] + [0.05] * 11
    clock = FakeClock()
    merged, stored, _ = await text_events(CoalescingModel(paced(delays, clock), window=0.03, clock=clock))
    assert "".join(merged) == stored == "".join(WORDS)
    assert merged == [WORDS[0], *("".join(WORDS[i : i + 2]) for i in range(1, 11, 2)), WORDS[11]]
