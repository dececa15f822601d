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
    of the response: the renewal stops on an event (not only by cancellation, which a client library
    may swallow mid-command), and the end waits at most `cleanup_seconds` for it and for the release,
    whose failure is logged, never raised (the lease then runs out by itself).
    """
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[object] = asyncio.Queue()
    timer: asyncio.TimerHandle | None = None
    stop = asyncio.Event()

    def beat() -> None:
        nonlocal timer
        queue.put_nowait(comment("heartbeat"))
        timer = loop.call_later(heartbeat_seconds, beat)

    async def produce() -> None:
        try:
            await run_turn(queue.put_nowait)
        finally:
            queue.put_nowait(_END)

    async def keep_alive(renew: Callable[[], Awaitable[None]]) -> None:
        while not stop.is_set():
            try:
                await asyncio.wait_for(stop.wait(), keepalive_seconds)
            except TimeoutError:
                await settle(renew(), timeout=keepalive_seconds, what="renewing a thread lock")

    yield comment("connected")
    producer = asyncio.create_task(produce())
    helpers = [asyncio.create_task(keep_alive(keepalive))] if keepalive is not None else []
    timer = loop.call_later(heartbeat_seconds, beat)
    try:
        ended = False
        while not ended:
            item = await queue.get()
            if item is _END:
                break
            frames = [item]
            # Frames that piled up while the loop was busy go out in one write: each write is a syscall
            # and a wake-up of the reader, the largest per-frame cost; nothing waits that was ready.
            while not queue.empty():
                more = queue.get_nowait()
                if more is _END:
                    ended = True
                    break
                frames.append(more)
            yield frames[0] if len(frames) == 1 else b"".join(frames)  # type: ignore[arg-type]
    finally:
        timer.cancel()
        stop.set()
        if not producer.done():
            producer.cancel()  # the client went away: stop the model call and tool work now
            # It stores the interrupted turn before it ends; nobody is waiting for this response any more.
            await settle_all([producer], timeout=interrupted_save_seconds, what="storing an interrupted turn")
        closing = [asyncio.ensure_future(on_close())] if on_close is not None else []
        await settle_all([producer, *helpers, *closing], timeout=cleanup_seconds, what="ending a stream")
