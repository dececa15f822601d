"""Text deltas merged below the agent: PydanticAI's per-event cost is paid per chunk, not per token.

Anthropic streams a reply as one `text_delta` per token or two, every ~20 ms. PydanticAI 2.x spends
~250 µs of CPU on each event above the model (cancel scopes, memory streams, loop iterations), about
as much as the rest of a turn together. `CoalescingModel` wraps the provider model: its stream passes
every event through unchanged except text deltas of one part, which it merges while they keep arriving
within `window` seconds of the first one held. The first text of a part (its PartStartEvent) is never
held, so the time to first token is unchanged; a held chunk goes out when a delta arrives after the
window (a chunk of at least two deltas: see below), when any other event arrives (a tool call, the part's
end), or when the stream ends. The reply
still arrives word by word, in chunks of one to three words every ~30-40 ms instead of one every 20 ms.

Only the provider's stream is wrapped: the offline model and scripted test models stream as they did.
"""

from __future__ import annotations

import time
from collections.abc import AsyncGenerator, AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

from pydantic_ai.messages import ModelMessage, ModelResponse, ModelResponseStreamEvent, PartDeltaEvent, TextPartDelta
from pydantic_ai.models import ModelRequestParameters, StreamedResponse
from pydantic_ai.models.wrapper import WrapperModel
from pydantic_ai.settings import ModelSettings
from pydantic_ai.usage import RequestUsage

DEFAULT_WINDOW_SECONDS = 0.03


class CoalescingModel(WrapperModel):
    def __init__(
        self, wrapped: Any, *, window: float = DEFAULT_WINDOW_SECONDS, clock: Callable[[], float] = time.monotonic
    ) -> None:
        super().__init__(wrapped)
        self.window = window
        self.clock = clock  # tests pass a fake clock, so what is merged never depends on machine load

    @asynccontextmanager
    async def request_stream(
        self,
        messages: list[ModelMessage],
        model_settings: ModelSettings | None,
        model_request_parameters: ModelRequestParameters,
        run_context: Any = None,
    ) -> AsyncGenerator[StreamedResponse]:
        async with self.wrapped.request_stream(
            messages, model_settings, model_request_parameters, run_context
        ) as response:
            yield CoalescedResponse(model_request_parameters, inner=response, window=self.window, clock=self.clock)


class CoalescedResponse(StreamedResponse):
    """The inner stream's events, text deltas merged; parts, usage and state are the inner stream's own."""

    def __init__(
        self,
        model_request_parameters: ModelRequestParameters,
        *,
        inner: StreamedResponse,
        window: float,
        clock: Callable[[], float] = time.monotonic,
    ):
        super().__init__(model_request_parameters)
        self.inner = inner
        self.window = window
        self.clock = clock

    # The inner stream applies every delta to its own parts manager; this one only re-times the events.
    @property  # type: ignore[override]
    def _parts_manager(self) -> Any:
        return self.inner._parts_manager

    async def _get_event_iterator(self) -> AsyncIterator[ModelResponseStreamEvent]:
        held: PartDeltaEvent | None = None
        held_text: list[str] = []
        held_until = 0.0
        async for event in self.inner._get_event_iterator():
            if _plain_text_delta(event):
                assert isinstance(event, PartDeltaEvent) and isinstance(event.delta, TextPartDelta)
                now = self.clock()
                # A lone held delta takes the next one even after the window: on a busy event loop each delta
                # is reached more than a window after the previous one however fast they came, and merging
                # stopped exactly when CPU was short (one agent event per token at 50 streams).
                if held is not None and held.index == event.index and (now < held_until or len(held_text) < 2):
                    held_text.append(event.delta.content_delta)
                    continue
                if held is not None:
                    yield _merged(held, held_text)
                held, held_text, held_until = event, [event.delta.content_delta], now + self.window
                continue
            if held is not None:
                yield _merged(held, held_text)
                held = None
            yield event
        if held is not None:
            yield _merged(held, held_text)
        self._sync_from_inner()

    def _sync_from_inner(self) -> None:
        for name in ("provider_response_id", "provider_details", "finish_reason", "metadata", "canonical_system"):
            setattr(self, name, getattr(self.inner, name))
        if self.inner.state != "complete":
            self.state = self.inner.state

    def get(self) -> ModelResponse:
        self._sync_from_inner()
        return super().get()

    @property
    def usage(self) -> RequestUsage:
        return self.inner.usage

    async def close_stream(self) -> None:
        self.inner._cancelled = True
        await self.inner.close_stream()

    def get_stream_cancel_errors(self) -> tuple[type[BaseException], ...]:
        return self.inner.get_stream_cancel_errors()

    @property
    def model_name(self) -> str:
        return self.inner.model_name

    @property
    def provider_name(self) -> str | None:
        return self.inner.provider_name

    @property
    def provider_url(self) -> str | None:
        return self.inner.provider_url

    @property
    def timestamp(self) -> datetime:
        return self.inner.timestamp


def _plain_text_delta(event: ModelResponseStreamEvent) -> bool:
    """Text only: a delta carrying citations or provider details passes through on its own."""
    return (
        isinstance(event, PartDeltaEvent)
        and isinstance(event.delta, TextPartDelta)
        and event.delta.citations_delta is None
        and event.delta.provider_details is None
    )


def _merged(first: PartDeltaEvent, texts: list[str]) -> PartDeltaEvent:
    if len(texts) == 1:
        return first
    assert isinstance(first.delta, TextPartDelta)
    delta = TextPartDelta(content_delta="".join(texts), provider_name=first.delta.provider_name)
    return PartDeltaEvent(index=first.index, delta=delta)
