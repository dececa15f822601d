"""A fake Anthropic Messages API on 127.0.0.1, so the real `anthropic` SDK path runs in the tests.

`POST /v1/messages` answers the next scripted reply, streamed as Anthropic's SSE events when the
request says `"stream": true`, else as one JSON message. Scripts: `Text(chunks)`, `ToolUse(name, input)`,
`Overloaded()` (HTTP 529), `Hang()` (headers never come: the client's timeout fires) and `Malformed()`
(a stream that breaks off into invalid JSON). Every request body is kept in `requests`, and its input
usage in `usages`: the prompt cache is accounted as Anthropic does (bench/prompt_cache_accounting.py), so
`cache_control` breakpoints show up as cache writes and, on later requests, cache reads.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import uvicorn

from bench.prompt_cache_accounting import InputUsage, PromptCache
from tests.conftest import free_port


@dataclass(frozen=True)
class Text:
    chunks: list[str]
    delay: float = 0.02


@dataclass(frozen=True)
class ToolUse:
    name: str
    input: dict[str, Any]
    id: str = "toolu_01"


@dataclass(frozen=True)
class Overloaded:
    pass


@dataclass(frozen=True)
class Hang:
    pass


@dataclass(frozen=True)
class Malformed:
    pass


Reply = Text | ToolUse | Overloaded | Hang | Malformed


# No keep-alive: the SDK client lives on the chat server's loop, and a pooled socket left open at the end
# of a test would be reported as a ResourceWarning (an error in this suite).
_CLOSE = [(b"connection", b"close")]


def sse_frame(event: str, data: dict[str, Any]) -> bytes:
    return f"event: {event}\ndata: {json.dumps(data)}\n\n".encode()


def _message(
    model: str, content: list[dict[str, Any]], stop_reason: str | None, output_tokens: int, usage: InputUsage
) -> dict[str, Any]:
    return {
        "id": "msg_fake",
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": content,
        "stop_reason": stop_reason,
        "stop_sequence": None,
        "usage": {**usage.as_dict(), "output_tokens": output_tokens},
    }


@dataclass
class FakeAnthropic:
    replies: list[Reply] = field(default_factory=list)
    requests: list[dict[str, Any]] = field(default_factory=list)
    usages: list[InputUsage] = field(default_factory=list)
    cache: PromptCache = field(default_factory=PromptCache)
    port: int = field(default_factory=free_port)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            return
        body = b""
        while True:
            message = await receive()
            body += message.get("body", b"")
            if not message.get("more_body"):
                break
        if scope["path"] != "/v1/messages" or scope["method"] != "POST":
            await self._json(send, 404, {"type": "error", "error": {"type": "not_found_error", "message": "no route"}})
            return
        request = json.loads(body)
        self.requests.append(request)
        usage = self.cache.account(request)
        self.usages.append(usage)
        reply = self.replies.pop(0) if self.replies else Overloaded()
        model = request.get("model", "claude-test")
        if isinstance(reply, Overloaded):
            await self._json(
                send, 529, {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}}
            )
        elif isinstance(reply, Hang):
            await asyncio.sleep(3600)
        elif request.get("stream"):
            await self._stream(send, reply, model, usage)
        else:
            await self._json(send, 200, self._whole(reply, model, usage))

    @staticmethod
    async def _json(send, status: int, payload: dict[str, Any]) -> None:
        await send(
            {
                "type": "http.response.start",
                "status": status,
                "headers": [(b"content-type", b"application/json"), *_CLOSE],
            }
        )
        await send({"type": "http.response.body", "body": json.dumps(payload).encode()})

    @staticmethod
    def _whole(reply: Reply, model: str, usage: InputUsage) -> dict[str, Any]:
        if isinstance(reply, ToolUse):
            block = {"type": "tool_use", "id": reply.id, "name": reply.name, "input": reply.input}
            return _message(model, [block], "tool_use", 12, usage)
        assert isinstance(reply, Text)
        text = [{"type": "text", "text": "".join(reply.chunks)}]
        return _message(model, text, "end_turn", len(reply.chunks), usage)

    async def _stream(self, send, reply: Reply, model: str, usage: InputUsage) -> None:
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [(b"content-type", b"text/event-stream"), *_CLOSE],
            }
        )

        async def emit(event: str, data: dict[str, Any]) -> None:
            await send({"type": "http.response.body", "body": sse_frame(event, data), "more_body": True})

        await emit("message_start", {"type": "message_start", "message": _message(model, [], None, 1, usage)})
        if isinstance(reply, Malformed):
            await emit(
                "content_block_start",
                {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
            )
            await emit(
                "content_block_delta",
                {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": "Our pri"}},
            )
            await send(
                {
                    "type": "http.response.body",
                    "body": b'event: content_block_delta\ndata: {"type": "content_bl\n\n',
                    "more_body": True,
                }
            )
        elif isinstance(reply, ToolUse):
            block = {"type": "tool_use", "id": reply.id, "name": reply.name, "input": {}}
            await emit("content_block_start", {"type": "content_block_start", "index": 0, "content_block": block})
            delta = {"type": "input_json_delta", "partial_json": json.dumps(reply.input)}
            await emit("content_block_delta", {"type": "content_block_delta", "index": 0, "delta": delta})
            await emit("content_block_stop", {"type": "content_block_stop", "index": 0})
            await emit(
                "message_delta",
                {
                    "type": "message_delta",
                    "delta": {"stop_reason": "tool_use", "stop_sequence": None},
                    "usage": {"output_tokens": 12},
                },
            )
            await emit("message_stop", {"type": "message_stop"})
        else:
            assert isinstance(reply, Text)
            await emit(
                "content_block_start",
                {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}},
            )
            for chunk in reply.chunks:
                await emit(
                    "content_block_delta",
                    {"type": "content_block_delta", "index": 0, "delta": {"type": "text_delta", "text": chunk}},
                )
                await asyncio.sleep(reply.delay)
            await emit("content_block_stop", {"type": "content_block_stop", "index": 0})
            await emit(
                "message_delta",
                {
                    "type": "message_delta",
                    "delta": {"stop_reason": "end_turn", "stop_sequence": None},
                    "usage": {"output_tokens": len(reply.chunks)},
                },
            )
            await emit("message_stop", {"type": "message_stop"})
        await send({"type": "http.response.body", "body": b"", "more_body": False})


class FakeAnthropicServer:
    """Runs a FakeAnthropic app under uvicorn on its own thread and loop."""

    def __init__(self, app: FakeAnthropic) -> None:
        self.app = app
        config = uvicorn.Config(app, host="127.0.0.1", port=app.port, lifespan="off", log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=lambda: asyncio.run(self.server.serve()), daemon=True)

    def __enter__(self) -> FakeAnthropic:
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("fake Anthropic server did not start")
            time.sleep(0.01)
        return self.app

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.server.force_exit = True  # a Hang() reply would otherwise hold shutdown
        self.thread.join(timeout=5)
