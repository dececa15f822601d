"""A load client on raw asyncio sockets: HTTP/1.1 by hand, so the client costs almost nothing and
measures only the server. Each stream records when its first token and every later token arrived, when
`done` came, and whether the server then closed the connection."""

from __future__ import annotations

import asyncio
import json
import time
import uuid
from dataclasses import dataclass, field

CLOSE_AFTER_DONE_SECONDS = 2.0  # a stream still open this long after `done` counts as left open


@dataclass
class StreamTiming:
    sent: float
    tokens: list[float] = field(default_factory=list)
    status: int = 0
    ended_with: str = ""  # "done" | "error" | "" (cut off)
    done_at: float | None = None
    closed_at: float | None = None
    failure: str = ""

    @property
    def ttft(self) -> float | None:
        return self.tokens[0] - self.sent if self.tokens else None

    @property
    def gaps(self) -> list[float]:
        return [b - a for a, b in zip(self.tokens, self.tokens[1:], strict=False)]

    @property
    def ok(self) -> bool:
        return self.status == 200 and self.ended_with == "done"

    @property
    def left_open(self) -> bool:
        return self.done_at is not None and (
            self.closed_at is None or self.closed_at - self.done_at > CLOSE_AFTER_DONE_SECONDS
        )


@dataclass(frozen=True)
class Target:
    """Where and how to open a chat: the product needs its CSRF cookie and token, the baselines nothing."""

    host: str
    port: int
    path: str
    csrf: bool = False


async def csrf(host: str, port: int) -> tuple[str, str]:
    """(cookie header, token) from GET /api/assistant/csrf/."""
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(f"GET /api/assistant/csrf/ HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode())
    raw = await reader.read(-1)
    writer.close()
    head, _, body = raw.partition(b"\r\n\r\n")
    cookie = next(
        line.split(b":", 1)[1].split(b";", 1)[0].strip().decode()
        for line in head.split(b"\r\n")
        if line.lower().startswith(b"set-cookie: csrftoken=")
    )
    return cookie, json.loads(body)["csrf_token"]


async def one_stream(target: Target, auth: str, message: str, *, timeout: float) -> StreamTiming:
    body = json.dumps({"message": message}).encode()
    request = (
        f"POST {target.path} HTTP/1.1\r\nHost: {target.host}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\n{auth}Connection: close\r\n\r\n"
    ).encode() + body
    timing = StreamTiming(sent=time.perf_counter())
    try:
        await asyncio.wait_for(_read(target, request, timing), timeout)
    except (TimeoutError, OSError) as exc:
        timing.failure = type(exc).__name__
    return timing


async def _read(target: Target, request: bytes, timing: StreamTiming) -> None:
    reader, writer = await asyncio.open_connection(target.host, target.port)
    writer.write(request)
    tail = b""
    try:
        while chunk := await (reader.read(65536) if timing.done_at is None else _read_after_done(reader)):
            now = time.perf_counter()
            data = tail + chunk
            if not timing.status and b"\r\n" in data:
                timing.status = int(data.split(b" ", 2)[1])
            # Count frames by their event line; a line split between two reads is completed by `tail`
            # (and not counted twice: occurrences wholly inside the tail were counted last time).
            timing.tokens.extend(now for _ in range(data.count(b"event: token\n") - tail.count(b"event: token\n")))
            if b"event: done\n" in data and timing.done_at is None:
                timing.ended_with, timing.done_at = "done", now
            elif b"event: error\n" in data:
                timing.ended_with = "error"
            tail = data[-16:]
        timing.closed_at = time.perf_counter()
    finally:
        writer.close()


async def _read_after_done(reader: asyncio.StreamReader) -> bytes:
    try:
        return await asyncio.wait_for(reader.read(65536), CLOSE_AFTER_DONE_SECONDS + 1)
    except TimeoutError:
        return b""  # left open: closed_at is set now, more than the allowance after done


async def run_level(target: Target, streams: int, *, ramp_seconds: float, timeout: float) -> list[StreamTiming]:
    """Open `streams` concurrent chats, their starts spread over `ramp_seconds`."""
    auth = ""
    if target.csrf:
        cookie, token = await csrf(target.host, target.port)
        auth = f"Cookie: {cookie}\r\nX-CSRFToken: {token}\r\n"

    async def delayed(index: int) -> StreamTiming:
        await asyncio.sleep(ramp_seconds * index / max(streams, 1))
        # A new conversation each: its own text, so the provider cache sees it as one (no free repeat reads).
        return await one_stream(target, auth, f"bench message {uuid.uuid4().hex[:8]}", timeout=timeout)

    return list(await asyncio.gather(*(delayed(i) for i in range(streams))))
