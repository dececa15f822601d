"""Claude first, offline mode when the provider fails before its reply starts — and a log line saying so.

`OfflineFallback` does for this agent what PydanticAI's `FallbackModel(claude, offline)` does: a provider error
(`ModelAPIError`: HTTP 5xx/529 overloaded, 401 bad key, timeouts and connection errors) raised while the request
is sent, or as the stream's first event, is answered by the offline model instead, and the failed attempt rides
on the offline response (`failed_attempts`) as FallbackModel records it; once the reply has started, an error is
the stream's own. It is a plain wrapper because `FallbackModel` holds per open stream what a chain of any length
needs (run scopes entered for every model, an attempt log, deadlines, continuation pins): on `make bench` ~16 KB
more memory per open stream than the Anthropic model alone, for a chain that is always "Claude, else offline".
PydanticAI's `ModelFallback` capability measured worse still (~50 KB).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from time import perf_counter
from typing import Any

# Private, but the very helper FallbackModel uses for each candidate; the lock file pins the version, and the
# streamed 529 tests (test_offline_fallback_stream.py, test_offline_model.py) fail loudly if it moves.
from pydantic_ai._fallback import request_stream_until_first_event
from pydantic_ai.exceptions import ModelAPIError, ModelHTTPError
from pydantic_ai.messages import ModelMessage, ModelRequestAttempt, ModelResponse
from pydantic_ai.models import Model, ModelRequestParameters, StreamedResponse
from pydantic_ai.models.wrapper import WrapperModel
from pydantic_ai.settings import ModelSettings

log = logging.getLogger("assistant.offline")


class _Attempt:
    """A request to the provider: when it started, and what to record and log if it fails."""

    def __init__(self, model: Model) -> None:
        self.model = model
        self.timestamp = datetime.now(tz=UTC)
        self._started = perf_counter()

    def failed(self, exc: ModelAPIError) -> ModelRequestAttempt:
        """Log the provider failure operators need to notice an outage, and describe it as FallbackModel does."""
        status = f" HTTP {exc.status_code}" if isinstance(exc, ModelHTTPError) else ""
        log.warning("LLM provider failed (%s%s, model %s); answering from offline mode", type(exc).__name__, status,
                    exc.model_name)  # fmt: skip
        return ModelRequestAttempt(
            model_name=self.model.model_name,
            provider_name=self.model.system,
            outcome="error",
            error=f"{type(exc).__name__}: {exc}",
            timestamp=self.timestamp,
            duration=timedelta(seconds=perf_counter() - self._started),
        )


class OfflineFallback(WrapperModel):
    """The provider model, answered by `offline` when the provider fails before its reply starts."""

    def __init__(self, primary: Model, offline: Model) -> None:
        super().__init__(primary)
        self.offline = offline

    # Like FallbackModel: each model prepares its own request and messages when it is the one asked.
    def prepare_request(
        self, model_settings: ModelSettings | None, model_request_parameters: ModelRequestParameters
    ) -> tuple[ModelSettings | None, ModelRequestParameters]:
        return model_settings, model_request_parameters

    def prepare_messages(
        self, messages: list[ModelMessage], model_request_parameters: ModelRequestParameters | None = None
    ) -> list[ModelMessage]:
        return messages

    async def request(
        self,
        messages: list[ModelMessage],
        model_settings: ModelSettings | None,
        model_request_parameters: ModelRequestParameters,
    ) -> ModelResponse:
        attempt = _Attempt(self.wrapped)
        try:
            return await self.wrapped.request(
                self.wrapped.prepare_messages(messages, model_request_parameters), model_settings,
                model_request_parameters,
            )  # fmt: skip
        except ModelAPIError as exc:
            failure = attempt.failed(exc)
        response = await self.offline.request(
            self.offline.prepare_messages(messages, model_request_parameters), model_settings, model_request_parameters
        )
        return replace(response, failed_attempts=[failure, *(response.failed_attempts or [])])

    @asynccontextmanager
    async def request_stream(
        self,
        messages: list[ModelMessage],
        model_settings: ModelSettings | None,
        model_request_parameters: ModelRequestParameters,
        run_context: Any = None,
    ) -> AsyncIterator[StreamedResponse]:
        attempt = _Attempt(self.wrapped)
        async with AsyncExitStack() as stack:
            try:
                # Waits for the first event, so an error the provider sends as its first event still falls back.
                response = await stack.enter_async_context(
                    request_stream_until_first_event(
                        self.wrapped,
                        None,
                        self.wrapped.prepare_messages(messages, model_request_parameters),
                        model_settings,
                        model_request_parameters,
                        run_context,
                    )  # fmt: skip
                )
            except ModelAPIError as exc:
                failure = attempt.failed(exc)
            else:
                yield response
                return
        async with self.offline.request_stream(
            self.offline.prepare_messages(messages, model_request_parameters),
            model_settings,
            model_request_parameters,
            run_context,
        ) as response:
            response.failed_attempts = [failure, *(response.failed_attempts or [])]
            yield response


def with_offline_fallback(primary: Model, offline: Model) -> OfflineFallback:
    return OfflineFallback(primary, offline)
