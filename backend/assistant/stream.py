"""Server-sent events: frame encoding, the open comment, heartbeats, and the response body.

The turn runs in its own task and hands finished frames to the response through a queue. That keeps
the whole agent run inside one task (PydanticAI's run context is task-local), lets a timer slip a
heartbeat comment in while the model is thinking or a tool is slow, and gives disconnect one place to
act: when the server cancels the response, the turn task is cancelled too and stores the interrupted
form of the turn before it ends (see assistant/history.py).
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

from common.aio import settle, settle_all

Emit = Callable[[bytes], None]

SSE_HEADERS = {
    # no-transform: a proxy must not recompress or rewrite the stream (a gzip member per chunk breaks clients).
    "Cache-Control": "no-cache, no-transform",
    "X-Accel-Buffering": "no",  # nginx / Fly: pass each frame through as it is written
}

_END = object()


def frame(event: str, data: dict[str, Any]) -> bytes:
    """One `event:`/`data:` frame; the JSON is one line, so a single data field carries it."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=str)
    return f"event: {event}\ndata: {payload}\n\n".encode()


def comment(text: str) -> bytes:
    return f": {text}\n\n".encode()


class _Frames:
    """Frames the turn has written that the response has not sent yet: a list and at most one waiter.

    What `asyncio.Queue` would do here, without its three deques (~2 KB per open stream, most of it never
    used: there is one reader and no bound).
    """

    __slots__ = ("_items", "_waiter")

    def __init__(self) -> None:
        self._items: list[object] = []
        self._waiter: asyncio.Future[None] | None = None

    def put(self, item: object) -> None:
        self._items.append(item)
        if self._waiter is not None and not self._waiter.done():
            self._waiter.set_result(None)

    async def take_all(self) -> list[object]:
        """Everything written so far, waiting for the first item if there is none yet."""
        while not self._items:
            self._waiter = asyncio.get_running_loop().create_future()
            try:
                await self._waiter
            finally:
                self._waiter = None
        items, self._items = self._items, []
        return items


async def sse_body(
    run_turn: Callable[[Emit], Awaitable[None]],
    *,
    heartbeat_seconds: float,
    keepalive: Callable[[], Awaitable[None]] | None = None,
    keepalive_seconds: float = 10,
    on_close: Callable[[], Awaitable[None]] | None = None,
    cleanup_seconds: float = 1.0,
    interrupted_save_seconds: float = 10.0,
) -> AsyncIterator[bytes]:
    """The response body: `: connected`, then the turn's frames, with `: heartbeat` every interval.

    `keepalive` (renewing the thread's lock lease) runs every `keepalive_seconds` while the turn does;
    `on_close` (releasing it) runs once the turn has ended, however it ended. Neither can hold the end
    of the response: no renewal starts once the turn has ended (a timer, not a loop that a client library
    could keep alive by swallowing its cancellation), and the end waits at most `cleanup_seconds` for a
    renewal under way and for the release, whose failure is logged, never raised (the lease then runs out
    by itself). Most turns end before the first renewal is due, so none is started at all.
    """
    loop = asyncio.get_running_loop()
    frames = _Frames()
    renewals: list[asyncio.Future[bool]] = []

    def beat() -> None:
        nonlocal heartbeat
        frames.put(comment("heartbeat"))
        heartbeat = loop.call_later(heartbeat_seconds, beat)

    def renew() -> None:
        nonlocal renewal
        assert keepalive is not None
        renewals[:] = [task for task in renewals if not task.done()]
        renewals.append(
            asyncio.ensure_future(settle(keepalive(), timeout=keepalive_seconds, what="renewing a thread lock"))
        )
        renewal = loop.call_later(keepalive_seconds, renew)

    async def produce() -> None:
        try:
            await run_turn(frames.put)
        finally:
            frames.put(_END)

    yield comment("connected")
    producer = asyncio.create_task(produce())
    heartbeat = loop.call_later(heartbeat_seconds, beat)
    renewal = loop.call_later(keepalive_seconds, renew) if keepalive is not None else None
    try:
        ended = False
        while not ended:
            # Frames that piled up while the loop was busy go out in one write: each write is a syscall
            # and a wake-up of the reader, the largest per-frame cost; nothing waits that was ready.
            items = await frames.take_all()
            end = next((i for i, item in enumerate(items) if item is _END), None)
            if end is not None:
                ended = True
                items = items[:end]
            if items:
                yield items[0] if len(items) == 1 else b"".join(items)  # type: ignore[arg-type,misc]
    finally:
        heartbeat.cancel()
        if renewal is not None:
            renewal.cancel()
        if not producer.done():
            producer.cancel()  # the client went away: stop the model call and tool work now
            # It stores the interrupted turn before it ends; nobody is waiting for this response any more.
            await settle_all([producer], timeout=interrupted_save_seconds, what="storing an interrupted turn")
        closing = [asyncio.ensure_future(on_close())] if on_close is not None else []
        await settle_all([producer, *renewals, *closing], timeout=cleanup_seconds, what="ending a stream")
