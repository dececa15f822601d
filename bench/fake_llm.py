"""`python -m bench.fake_llm --port N`: a fake Anthropic Messages API for `make bench`, on raw asyncio.

Its own process, HTTP/1.1 keep-alive with chunked SSE written by hand, so it costs little CPU next to
the servers being measured. It answers `POST /v1/messages` (streamed) as the scenario says:
- T: 300 ms, then 50 text deltas 20 ms apart;
- R: 500 ms, one `get_pricing_estimate` tool_use; the request carrying its tool_result: 500 ms, then
  100 text deltas 20 ms apart.
Input usage is accounted like Anthropic's prompt cache (bench/prompt_cache_accounting.py).
Control: `POST /_bench/scenario` with body `T` or `R`; `POST /_bench/usage` returns the requests' usage
since the last call (and resets it).
"""

from __future__ import annotations

import argparse
import asyncio
import json
from dataclasses import dataclass, field
from typing import Any

from bench.prompt_cache_accounting import PromptCache

SCENARIOS: dict[str, dict[str, float]] = {
    "T": {"first_delay": 0.3, "deltas": 50, "interval": 0.02},
    "R": {"first_delay": 0.5, "deltas": 100, "interval": 0.02, "after_tool_delay": 0.5},
}
TOOL_NAME = "get_pricing_estimate"
TOOL_INPUT = {"service_type": "mini_move", "package_type": "petite"}


@dataclass
class State:
    scenario: str = "T"
    cache: PromptCache = field(default_factory=PromptCache)
    usage: list[dict[str, Any]] = field(default_factory=list)


def _chunk(data: bytes) -> bytes:
    return b"%x\r\n%s\r\n" % (len(data), data)


def _event(name: str, data: dict[str, Any]) -> bytes:
    return _chunk(f"event: {name}\ndata: {json.dumps(data, separators=(',', ':'))}\n\n".encode())


def _has_tool_result(request: dict[str, Any]) -> bool:
    last = (request.get("messages") or [{}])[-1]
    content = last.get("content")
    return isinstance(content, list) and any(
        isinstance(block, dict) and block.get("type") == "tool_result" for block in content
    )


def _offers_tool(request: dict[str, Any]) -> bool:
    return any(tool.get("name") == TOOL_NAME for tool in request.get("tools") or [])


async def _answer(writer: asyncio.StreamWriter, state: State, request: dict[str, Any]) -> None:
    usage = state.cache.account(request)
    scenario = SCENARIOS[state.scenario]
    after_tool = _has_tool_result(request)
    use_tool = state.scenario == "R" and not after_tool and _offers_tool(request)
    model = request.get("model", "claude-fake")
    record = {**usage.as_dict(), "after_tool": after_tool, "output_tokens": 0}
    state.usage.append(record)
    writer.write(
        b"HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n"
        b"request-id: req_fake\r\n\r\n"
    )
    message = {
        "id": "msg_fake",
        "type": "message",
        "role": "assistant",
        "model": model,
        "content": [],
        "stop_reason": None,
        "stop_sequence": None,
        "usage": {**usage.as_dict(), "output_tokens": 1},
    }
    await asyncio.sleep(scenario["after_tool_delay"] if after_tool else scenario["first_delay"])
    writer.write(_event("message_start", {"type": "message_start", "message": message}))
    if use_tool:
        block = {"type": "tool_use", "id": "toolu_bench", "name": TOOL_NAME, "input": {}}
        delta = {"type": "input_json_delta", "partial_json": json.dumps(TOOL_INPUT)}
        writer.write(
            _event("content_block_start", {"type": "content_block_start", "index": 0, "content_block": block})
            + _event("content_block_delta", {"type": "content_block_delta", "index": 0, "delta": delta})
            + _event("content_block_stop", {"type": "content_block_stop", "index": 0})
        )
        stop, output_tokens = "tool_use", 20
    else:
        start = {"type": "content_block_start", "index": 0, "content_block": {"type": "text", "text": ""}}
        writer.write(_event("content_block_start", start))
        count = int(scenario["deltas"])
        for index in range(count):
            if index:
                await asyncio.sleep(scenario["interval"])
            text = {"type": "text_delta", "text": f"word{index} "}
            writer.write(_event("content_block_delta", {"type": "content_block_delta", "index": 0, "delta": text}))
            await writer.drain()
        writer.write(_event("content_block_stop", {"type": "content_block_stop", "index": 0}))
        stop, output_tokens = "end_turn", count
    record["output_tokens"] = output_tokens
    end = {"type": "message_delta", "delta": {"stop_reason": stop, "stop_sequence": None}}
    writer.write(
        _event("message_delta", {**end, "usage": {"output_tokens": output_tokens}})
        + _event("message_stop", {"type": "message_stop"})
        + b"0\r\n\r\n"
    )
    await writer.drain()


async def _json(writer: asyncio.StreamWriter, payload: Any, status: str = "200 OK") -> None:
    body = json.dumps(payload).encode()
    writer.write(
        f"HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {len(body)}\r\n\r\n".encode() + body
    )
    await writer.drain()


async def _serve(state: State, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    try:
        while True:
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            method, path, _ = lines[0].split(" ", 2)
            headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:] if line)}
            body = await reader.readexactly(int(headers.get("content-length", "0")))
            if path.startswith("/v1/messages") and method == "POST":
                await _answer(writer, state, json.loads(body))
            elif path == "/_bench/scenario":
                state.scenario = body.decode().strip()
                await _json(writer, {"scenario": state.scenario})
            elif path == "/_bench/usage":
                usage, state.usage = state.usage, []
                await _json(writer, usage)
            else:
                await _json(writer, {"type": "error", "error": {"type": "not_found_error"}}, "404 Not Found")
            if headers.get("connection", "").lower() == "close":
                break
    except (asyncio.IncompleteReadError, ConnectionError):
        pass
    finally:
        writer.close()


async def main(port: int) -> None:
    state = State()
    server = await asyncio.start_server(lambda r, w: _serve(state, r, w), "127.0.0.1", port, backlog=2048)
    async with server:
        await server.serve_forever()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    asyncio.run(main(parser.parse_args().port))
