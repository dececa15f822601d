"""Test doubles and helpers for the chat endpoint: a scripted streaming model, a runtime around a small
agent, a test AgentConfig, and a client that reads the stream with the strict SSE parser.
"""

from __future__ import annotations

import asyncio
import dataclasses
import functools
import json
import threading
import time
from collections.abc import AsyncIterator, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

import httpx
from django.conf import settings
from pydantic_ai import Agent, RunContext, Tool
from pydantic_ai.messages import ModelMessage
from pydantic_ai.models import Model
from pydantic_ai.models.function import AgentInfo, DeltaToolCall, FunctionModel

from assistant.config import load_config
from assistant.config.models import AgentConfig
from assistant.deps import ChatDeps
from tests.sse import SSEEvent, SSEParser

T = TypeVar("T")


@functools.cache
def _base_config() -> AgentConfig:
    from tests.fixtures.assistant import FIXTURE_CONFIG

    return load_config(FIXTURE_CONFIG)


def contact_text() -> str:
    return _base_config().agent.contact.fallback


def make_config(
    *, rate_messages: int = 1000, history_messages: int | None = None, max_message_chars: int | None = None
) -> AgentConfig:
    """The test fixture config (tests/fixtures/agent_config/), with the limits a test needs (a generous rate limit by default)."""
    base = _base_config()
    limits = base.agent.limits
    limits = limits.model_copy(
        update={
            "rate_limit": limits.rate_limit.model_copy(update={"messages": rate_messages}),
            "history_messages": history_messages or limits.history_messages,
            "max_message_chars": max_message_chars or limits.max_message_chars,
        }
    )
    return dataclasses.replace(base, agent=base.agent.model_copy(update={"limits": limits}))


# ---- a scripted model ---------------------------------------------------------------------------


@dataclass(frozen=True)
class ToolCall:
    name: str
    args: dict[str, Any]
    id: str


Step = Sequence[str] | ToolCall  # a reply streamed as these text chunks, or one tool call


@dataclass
class ScriptedModel:
    """Answers each model request with the next scripted step, streamed chunk by chunk with a delay.

    Records what the model was sent and whether a stream was cancelled mid-way. The server runs on
    another thread's loop, so cross-thread signals are `threading.Event`s.
    """

    steps: list[Step]
    chunk_delay: float = 0.03
    first_delay: float = 0.0
    hang_after: int | None = None  # stop and wait forever after this many chunks (to test disconnect)
    model_name: str = "scripted"
    requests: list[list[ModelMessage]] = field(default_factory=list)
    cancelled: threading.Event = field(default_factory=threading.Event)
    streaming: threading.Event = field(default_factory=threading.Event)
    _next: int = 0

    def model(self) -> Model:
        return FunctionModel(stream_function=self._stream, model_name=self.model_name)

    async def _stream(
        self, messages: list[ModelMessage], info: AgentInfo
    ) -> AsyncIterator[str | dict[int, DeltaToolCall]]:
        self.requests.append(list(messages))
        step = self.steps[self._next]
        self._next += 1
        try:
            if self.first_delay:
                await asyncio.sleep(self.first_delay)
            if isinstance(step, ToolCall):
                yield {0: DeltaToolCall(name=step.name, json_args=json.dumps(step.args), tool_call_id=step.id)}
                return
            for index, chunk in enumerate(step):
                if index:
                    await asyncio.sleep(self.chunk_delay)
                yield chunk
                self.streaming.set()
                if self.hang_after is not None and index + 1 >= self.hang_after:
                    await asyncio.sleep(3600)
        except (asyncio.CancelledError, GeneratorExit):
            # CancelledError when the run is cancelled while this stream awaits; GeneratorExit when it is
            # cancelled while the stream sits at a `yield` and PydanticAI closes it. Both mean "stopped".
            self.cancelled.set()
            raise


def coverage_tool(ctx: RunContext[ChatDeps], zip_code: str) -> dict[str, Any]:
    """Check whether ToteTaxi serves a ZIP code."""
    serviceable = zip_code.startswith("10")
    return {"ok": True, "zip_code": zip_code, "serviceable": serviceable, "zone": "core" if serviceable else "outside"}


def _who(ctx: RunContext[ChatDeps]) -> str:
    # As the real prompt does: the first name, never the id.
    return f"The customer is signed in as {ctx.deps.first_name}." if ctx.deps.signed_in else "Not signed in."


@dataclass
class ScriptedRuntime:
    """Shaped like assistant.runtime.Runtime: config, agent, mode, model_name."""

    config: AgentConfig
    agent: Agent[ChatDeps, str]
    mode: str = "llm"
    model_name: str = "scripted"


def scripted_runtime(script: ScriptedModel, *, config: AgentConfig | None = None, mode: str = "llm") -> ScriptedRuntime:
    return model_runtime(script.model(), model_name=script.model_name, config=config, mode=mode)


def model_runtime(
    model: Model, *, model_name: str, config: AgentConfig | None = None, mode: str = "llm"
) -> ScriptedRuntime:
    """A small agent (one tool, an auth-aware instruction) around any model, shaped like the real runtime."""
    tool = Tool(coverage_tool, name="check_zip_coverage", takes_ctx=True)
    agent = Agent(model, deps_type=ChatDeps, tools=[tool], name="test-assistant", instructions=_who)
    return ScriptedRuntime(config=config or make_config(), agent=agent, mode=mode, model_name=model_name)


async def run_db(fn: Callable[[], T]) -> T:
    """Run ORM work from an async test on a fresh thread that closes its connection, so no connection
    outlives the test (PostgreSQL refuses to drop the test database while one is open)."""
    from django.db import connections

    def call() -> T:
        try:
            return fn()
        finally:
            connections.close_all()

    return await asyncio.to_thread(call)


# ---- the client -----------------------------------------------------------------------------------


@dataclass
class StreamResult:
    status: int
    headers: httpx.Headers
    events: list[SSEEvent]
    comments: list[str]
    arrivals: list[float]  # seconds since the request was sent, one per event
    body: bytes

    def names(self) -> list[str]:
        return [event.event for event in self.events]

    def data(self, name: str) -> list[dict[str, Any]]:
        return [json.loads(event.data) for event in self.events if event.event == name]

    def text(self) -> str:
        return "".join(item["text"] for item in self.data("token"))

    def json(self) -> Any:
        return json.loads(self.body)


class ChatClient:
    """A browser-like client: session + CSRF cookies, the CSRF header, and a strict SSE reader."""

    def __init__(self, base_url: str) -> None:
        self.http = httpx.AsyncClient(base_url=base_url, timeout=10)
        self.token: str | None = None

    async def __aenter__(self) -> ChatClient:
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.http.aclose()

    async def fetch_csrf(self) -> str:
        response = await self.http.get("/api/assistant/csrf/")
        response.raise_for_status()
        self.token = response.json()["csrf_token"]
        return self.token

    async def post_chat(self, payload: Any, *, raw: bytes | None = None, csrf: bool = True) -> StreamResult:
        if csrf and self.token is None:
            await self.fetch_csrf()
        headers = {"X-CSRFToken": self.token} if csrf and self.token else {}
        content = raw if raw is not None else json.dumps(payload).encode()
        parser = SSEParser()
        arrivals: list[float] = []
        body = b""
        started = time.perf_counter()
        async with self.http.stream(
            "POST", "/api/assistant/chat/", content=content, headers={"Content-Type": "application/json", **headers}
        ) as response:
            async for chunk in response.aiter_raw():
                body += chunk
                if response.headers.get("content-type", "").startswith("text/event-stream"):
                    for _ in parser.feed(chunk):
                        arrivals.append(time.perf_counter() - started)
        return StreamResult(response.status_code, response.headers, parser.events, parser.comments, arrivals, body)

    async def say(self, message: str, thread_id: str | None = None) -> StreamResult:
        return await self.post_chat({"message": message, "thread_id": thread_id})

    async def login(self, user: Any) -> None:
        """Sign in as `user` the way a browser would carry it: a session cookie."""
        from django.test import Client

        def session_cookie() -> str:
            browser = Client()
            browser.force_login(user)
            return browser.cookies[settings.SESSION_COOKIE_NAME].value

        self.http.cookies.set(settings.SESSION_COOKIE_NAME, await run_db(session_cookie))

    async def transcript(self, thread_id: str) -> httpx.Response:
        return await self.http.get(f"/api/assistant/threads/{thread_id}/")
