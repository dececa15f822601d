"""Text deltas merged in the Anthropic client's byte stream: fewer, larger events, the reply itself unchanged."""

from __future__ import annotations

import json

import httpx2
from pydantic_ai import Agent
from pydantic_ai.messages import PartDeltaEvent, PartStartEvent, TextPart, TextPartDelta

from assistant.coalesce import TextDeltaMerger, coalesce_text_deltas
from tests.fake_anthropic import sse_frame as frame

WORDS = [f"word{i} " for i in range(12)]


def text_delta(text: str, index: int = 0) -> bytes:
    return frame(
        "content_block_delta",
        {"type": "content_block_delta", "index": index, "delta": {"type": "text_delta", "text": text}},
    )


START = frame(
    "content_block_start", {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}
)
STOP = frame("content_block_stop", {"type": "content_block_stop", "index": 0})


def merged(chunks: list[tuple[float, bytes]], window: float = 0.03) -> bytes:
    """What comes out for `chunks`, each (seconds since the previous one, bytes): a fake clock, never load."""
    merger, now, out = TextDeltaMerger(window), 0.0, []
    for delay, data in chunks:
        now += delay
        out.append(merger.feed(data, now))
    out.append(merger.finish())
    return b"".join(out)


def texts(stream: bytes) -> list[str]:
    found = []
    for raw in stream.split(b"\n\n"):
        if raw.startswith(b"event: content_block_delta\n"):
            delta = json.loads(raw.split(b"data: ", 1)[1])["delta"]
            if delta["type"] == "text_delta":
                found.append(delta["text"])
    return found


def paced(delays: list[float]) -> list[tuple[float, bytes]]:
    return [(0.0, START), *((delay, text_delta(word)) for word, delay in zip(WORDS, delays, strict=True)), (0.0, STOP)]


def test_deltas_within_the_window_become_one_frame_and_the_text_is_unchanged():
    out = merged(paced([0.0] + [0.005] * 11))  # a token every 5 ms
    # the first word alone (never held), then a frame per 30 ms window: words 1-6 (5-30 ms), 7-11 (35-55 ms)
    assert texts(out) == [WORDS[0], "".join(WORDS[1:7]), "".join(WORDS[7:])]
    assert out.startswith(START) and out.endswith(STOP)


def test_a_pause_longer_than_the_window_sends_what_was_held():
    out = texts(merged(paced([0.0, 0.005, 0.005, 0.1, 0.005, 0.005, 0.1, 0.005, 0.005, 0.005, 0.005, 0.005])))
    assert "".join(out) == "".join(WORDS)
    assert out[1] == "word1 word2 "  # held together, sent when word3 came after the window
    assert "word2 word3" not in "|".join(out)


def test_deltas_each_read_after_the_window_still_go_out_in_pairs():
    # What a busy event loop looks like from here: every delta is read more than a window after the last.
    out = texts(merged(paced([0.0] + [0.05] * 11)))
    assert out == [WORDS[0], *("".join(WORDS[i : i + 2]) for i in range(1, 11, 2)), WORDS[11]]


def test_every_other_frame_passes_through_byte_for_byte_and_in_order():
    tool_start = frame(
        "content_block_start",
        {
            "type": "content_block_start",
            "index": 1,
            "content_block": {"type": "tool_use", "id": "t", "name": "x", "input": {}},
        },
    )
    tool_delta = frame(
        "content_block_delta",
        {"type": "content_block_delta", "index": 1, "delta": {"type": "input_json_delta", "partial_json": "{}"}},
    )
    cited = frame(
        "content_block_delta",
        {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "b ", "citations": []}},
    )
    ping = b"event: ping\ndata: {}\n\n"
    stream = (
        START + text_delta("a ") + text_delta("b ") + text_delta("c ") + ping + cited + STOP + tool_start + tool_delta
    )
    # split anywhere: a frame arriving in pieces is put together first
    chunks = [(0.0, stream[i : i + 7]) for i in range(0, len(stream), 7)]
    out = merged(chunks)
    assert out.startswith(START + text_delta("a "))  # the first text of the block, as it came
    assert texts(out) == ["a ", "b c ", "b "]
    assert out.endswith(ping + cited + STOP + tool_start + tool_delta)


def test_a_stream_framed_with_crlf_passes_through_untouched():
    stream = START.replace(b"\n", b"\r\n") + text_delta("a ").replace(b"\n", b"\r\n")
    assert merged([(0.0, stream[:10]), (0.0, stream[10:])]) == stream


async def test_through_the_anthropic_sdk_and_pydantic_ai_the_reply_and_usage_survive(monkeypatch):
    from pydantic_ai import models
    from pydantic_ai.models.anthropic import AnthropicModel
    from pydantic_ai.providers.anthropic import AnthropicProvider

    from tests.fake_anthropic import FakeAnthropic, FakeAnthropicServer, Text, ToolUse

    monkeypatch.setattr(models, "ALLOW_MODEL_REQUESTS", True)  # only the loopback fake is called
    with FakeAnthropicServer(FakeAnthropic()) as api:
        api.replies = [ToolUse("echo", {"text": "a"}), Text(WORDS, delay=0.002)]
        client = coalesce_text_deltas(httpx2.AsyncClient(timeout=5), window=0.03)
        provider = AnthropicProvider(api_key="test", base_url=api.base_url, http_client=client)
        agent = Agent(AnthropicModel("claude-sonnet-4-20250514", provider=provider))

        @agent.tool_plain
        def echo(text: str) -> str:
            return text

        chunks: list[str] = []
        async with agent.run_stream_events("hi") as events:
            async for event in events:
                if isinstance(event, PartStartEvent) and isinstance(event.part, TextPart) and event.part.content:
                    chunks.append(event.part.content)
                elif isinstance(event, PartDeltaEvent) and isinstance(event.delta, TextPartDelta):
                    chunks.append(event.delta.content_delta)
            reply = events.all_messages()[-1]
        await client.aclose()
    assert reply.parts[0].content == "".join(chunks) == "".join(WORDS)  # the stored reply is whole
    assert 1 < len(chunks) < len(WORDS) / 2
    assert reply.usage.output_tokens == len(WORDS)
