"""Text deltas merged below the agent, in the provider's byte stream: per-delta work is paid per chunk.

Anthropic streams a reply as one `content_block_delta` event per token or two, every ~20 ms. Each one
costs the SDK (SSE parsing, a pydantic event object) and then PydanticAI (~250 µs: event mapping, parts
manager, cancel scopes, memory streams), about as much as the rest of a turn together. `coalesce_text_deltas`
hooks the Anthropic HTTP client: in a streamed, uncompressed response it merges the text deltas of one
content block while they keep arriving within `window` seconds of the first one held, and writes them on as
one `content_block_delta` frame. The first delta of a block is never held, so the time to first token is
unchanged; a held chunk goes out when a delta arrives after the window (a chunk of at least two deltas: see
`TextDeltaMerger.feed`), when any other frame arrives, or when the stream ends. Every other frame passes
through byte for byte, in order. The reply still arrives word by word, in chunks of one to three words
every ~30-40 ms instead of one every 20 ms.

It replaced a wrapper model that merged PydanticAI's events: merging the bytes spares the SDK's and
PydanticAI's mapping work for the merged deltas too (~1.5 ms of a 50-delta turn, twice that in a 100-delta
one, in `make bench`'s scenarios). The offline model and scripted test models never stream through it.
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Callable

import httpx2

DEFAULT_WINDOW_SECONDS = 0.03
_DELTA_EVENT = b"event: content_block_delta\n"


def coalesce_text_deltas(
    client: httpx2.AsyncClient, *, window: float = DEFAULT_WINDOW_SECONDS, clock: Callable[[], float] = time.monotonic
) -> httpx2.AsyncClient:
    """`client`, its streamed event responses read through a `TextDeltaMerger`."""

    async def merge_text_deltas(response: httpx2.Response) -> None:
        if _merges(response):
            response.stream = MergedStream(response.stream, TextDeltaMerger(window), clock)

    client.event_hooks = {**client.event_hooks, "response": [*client.event_hooks["response"], merge_text_deltas]}
    return client


def _merges(response: httpx2.Response) -> bool:
    # Bytes as they came off the wire: only an uncompressed stream can be rewritten frame by frame.
    content_type = response.headers.get("content-type", "")
    encoding = response.headers.get("content-encoding", "identity").strip().lower()
    return content_type.startswith("text/event-stream") and encoding in ("", "identity")


class MergedStream(httpx2.AsyncByteStream):
    def __init__(self, inner: httpx2.AsyncByteStream, merger: TextDeltaMerger, clock: Callable[[], float]) -> None:
        self.inner = inner
        self.merger = merger
        self.clock = clock  # tests pass a fake clock, so what is merged never depends on machine load

    async def __aiter__(self) -> AsyncIterator[bytes]:
        chunks = self.inner.__aiter__()
        try:
            async for chunk in chunks:
                if out := self.merger.feed(chunk, self.clock()):
                    yield out
            if tail := self.merger.finish():
                yield tail
        finally:
            # Close the transport's own generator here, in this task, when the reader stops early (a client
            # that went away): left to the garbage collector, it is finalized later in whatever test or
            # request runs then ("Exception ignored in: <async_generator AsyncResponseStream.__aiter__>").
            close = getattr(chunks, "aclose", None)
            if close is not None:
                await close()

    async def aclose(self) -> None:
        await self.inner.aclose()


class TextDeltaMerger:
    """SSE bytes in, the same bytes out, except consecutive plain text deltas of a block merged into one frame."""

    def __init__(self, window: float) -> None:
        self.window = window
        self.pending = b""  # the start of a frame whose end has not arrived yet
        self.started: set[int] = set()  # blocks whose first delta went out
        self.held: tuple[int, list[str], float] | None = None  # (block, texts, deadline)
        self.passthrough = False

    def feed(self, data: bytes, now: float) -> bytes:
        if self.passthrough:
            return data
        if b"\r" in data:  # CRLF framing is not what Anthropic sends: pass the rest through untouched
            self.passthrough = True
            before, self.pending = self.pending, b""
            return self._flush() + before + data
        *frames, self.pending = (self.pending + data).split(b"\n\n")
        out: list[bytes] = []
        for frame in frames:
            delta = _text_delta(frame)
            if delta is None or delta[0] not in self.started:
                out.append(self._flush())
                out.append(frame + b"\n\n")
                if delta is not None:
                    self.started.add(delta[0])  # the first text of a block goes out at once
                continue
            index, text = delta
            held = self.held
            # A lone held delta takes the next one even after the window: on a busy event loop each delta
            # is read more than a window after the previous one however fast they came, and merging would
            # stop exactly when CPU is short.
            if held is not None and held[0] == index and (now < held[2] or len(held[1]) < 2):
                held[1].append(text)
                continue
            out.append(self._flush())
            self.held = (index, [text], now + self.window)
        return b"".join(out)

    def finish(self) -> bytes:
        return self._flush() + self.pending

    def _flush(self) -> bytes:
        if self.held is None:
            return b""
        index, texts, _ = self.held
        self.held = None
        event = {"type": "content_block_delta", "index": index, "delta": {"type": "text_delta", "text": "".join(texts)}}
        return (
            _DELTA_EVENT + b"data: " + json.dumps(event, ensure_ascii=False, separators=(",", ":")).encode() + b"\n\n"
        )


def _text_delta(frame: bytes) -> tuple[int, str] | None:
    """(block index, text) of a frame that is exactly a plain text delta, else None (passed through)."""
    if not frame.startswith(_DELTA_EVENT) or frame.count(b"\n") != 1:
        return None
    try:
        event = json.loads(frame[len(_DELTA_EVENT) :].removeprefix(b"data: "))
    except ValueError:
        return None
    if not isinstance(event, dict):
        return None
    delta, index = event.get("delta"), event.get("index")
    if (
        event.get("type") == "content_block_delta"
        and isinstance(index, int)
        and isinstance(delta, dict)
        and delta.keys() == {"type", "text"}
        and delta["type"] == "text_delta"
        and isinstance(delta["text"], str)
    ):
        return index, delta["text"]
    return None
