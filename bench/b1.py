"""Baseline B1 for `make bench`: a raw ASGI app relaying the fake Anthropic stream (the floor).

No framework and no SDK: one HTTP request to the fake per model call over a raw socket, its text deltas
re-framed as SSE `token` events; a tool_use is answered with a fixed tool_result and a second request.
"""

from __future__ import annotations

import asyncio
import json
import os
from typing import Any
from urllib.parse import urlsplit

_UPSTREAM = urlsplit(os.environ.get("ANTHROPIC_BASE_URL", "http://127.0.0.1:1"))
_TOOL = {
    "name": "get_pricing_estimate",
    "description": "Price a move.",
    "input_schema": {"type": "object", "properties": {"package_type": {"type": "string"}}},
}


async def _model_call(messages: list[dict[str, Any]], send: Any) -> dict[str, Any] | None:
    """Stream one request; relay text; return the tool_use block if the model asked for one."""
    body = json.dumps(
        {
            "model": "claude-sonnet-4-20250514",
            "max_tokens": 1024,
            "stream": True,
            "messages": messages,
            "tools": [_TOOL],
        }
    ).encode()
    reader, writer = await asyncio.open_connection(_UPSTREAM.hostname, _UPSTREAM.port)
    writer.write(
        f"POST /v1/messages HTTP/1.1\r\nhost: {_UPSTREAM.hostname}\r\ncontent-type: application/json\r\n"
        f"content-length: {len(body)}\r\nconnection: close\r\n\r\n".encode()
        + body
    )
    tool: dict[str, Any] | None = None
    try:
        while line := await reader.readline():
            if not line.startswith(b"data: "):
                continue
            data = json.loads(line[6:])
            kind = data.get("type")
            if kind == "content_block_delta" and data["delta"].get("type") == "text_delta":
                text = json.dumps({"text": data["delta"]["text"]})
                await send(
                    {
                        "type": "http.response.body",
                        "body": f"event: token\ndata: {text}\n\n".encode(),
                        "more_body": True,
                    }
                )
            elif kind == "content_block_start" and data["content_block"]["type"] == "tool_use":
                tool = dict(data["content_block"])
            elif kind == "content_block_delta" and tool is not None:
                tool["input"] = json.loads(data["delta"]["partial_json"])
            elif kind == "message_stop":
                break
    finally:
        writer.close()
    return tool


async def app(scope: dict[str, Any], receive: Any, send: Any) -> None:
    if scope["type"] == "lifespan":
        while (await receive())["type"] != "lifespan.shutdown":
            await send({"type": "lifespan.startup.complete"})
        await send({"type": "lifespan.shutdown.complete"})
        return
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/event-stream")]})
    messages: list[dict[str, Any]] = [{"role": "user", "content": json.loads(body)["message"]}]
    tool = await _model_call(messages, send)
    if tool is not None:
        messages += [
            {"role": "assistant", "content": [tool]},
            {
                "role": "user",
                "content": [{"type": "tool_result", "tool_use_id": tool["id"], "content": '{"total": "995.00"}'}],
            },
        ]
        await _model_call(messages, send)
    await send({"type": "http.response.body", "body": b"event: done\ndata: {}\n\n", "more_body": False})
