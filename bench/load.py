"""A load client on raw asyncio sockets: HTTP/1.1 by hand, so the client costs almost nothing and
measures only the server. Each stream records when its first token and every later token arrived."""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass, field


@dataclass
class StreamTiming:
    sent: float
    tokens: list[float] = field(default_factory=list)
    status: int = 0
    ended_with: str = ""  # "done" | "error" | "" (cut off)

    @property
    def ttft(self) -> float | None:
        return self.tokens[0] - self.sent if self.tokens else None

    @property
    def gaps(self) -> list[float]:
        return [b - a for a, b in zip(self.tokens, self.tokens[1:], strict=False)]


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


async def one_stream(host: str, port: int, cookie: str, token: str, message: str) -> StreamTiming:
    body = json.dumps({"message": message}).encode()
    request = (
        f"POST /api/assistant/chat/ HTTP/1.1\r\nHost: {host}\r\nContent-Type: application/json\r\n"
        f"Content-Length: {len(body)}\r\nCookie: {cookie}\r\nX-CSRFToken: {token}\r\nConnection: close\r\n\r\n"
    ).encode() + body
    reader, writer = await asyncio.open_connection(host, port)
    timing = StreamTiming(sent=time.perf_counter())
    writer.write(request)
    tail = b""
    try:
        while chunk := await reader.read(65536):
            now = time.perf_counter()
            data = tail + chunk
            if not timing.status and b"\r\n" in data:
                timing.status = int(data.split(b" ", 2)[1])
            # Count frames by their event line; a line split between two reads is completed by `tail`
            # (and not counted twice: occurrences wholly inside the tail were counted last time).
            timing.tokens.extend(now for _ in range(data.count(b"event: token\n") - tail.count(b"event: token\n")))
            if b"event: done\n" in data:
                timing.ended_with = "done"
            elif b"event: error\n" in data:
                timing.ended_with = "error"
            tail = data[-16:]
    finally:
        writer.close()
    return timing


async def run_level(host: str, port: int, streams: int, *, ramp_seconds: float) -> list[StreamTiming]:
    """Open `streams` concurrent chats, their starts spread over `ramp_seconds`."""
    cookie, token = await csrf(host, port)

    async def delayed(index: int) -> StreamTiming:
        await asyncio.sleep(ramp_seconds * index / max(streams, 1))
        return await one_stream(host, port, cookie, token, f"bench message {index}")

    return list(await asyncio.gather(*(delayed(i) for i in range(streams))))
