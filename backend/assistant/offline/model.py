"""Offline mode as a PydanticAI model, so agent, tools, streaming, history and widget are the same code as with Claude.

It is a `FunctionModel` whose functions ask the `Responder` what to say. The one thing a FunctionModel
does not hand its function is the run's deps (who is asking, and "now" for dates), so `request_stream`
puts them in a context variable the stream function reads on its first step.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from contextvars import ContextVar
from typing import Any

from pydantic_ai.messages import ModelMessage, ModelResponse, TextPart, ToolCallPart
from pydantic_ai.models import ModelRequestParameters, StreamedResponse
from pydantic_ai.models.function import AgentInfo, DeltaToolCall, DeltaToolCalls, FunctionModel
from pydantic_ai.settings import ModelSettings

from common.clock import today_ny

from .replies import chunks
from .responder import Output, Responder

MODEL_NAME = "offline"
_RUN_DEPS: ContextVar[Any] = ContextVar("assistant_offline_run_deps", default=None)


class OfflineModel(FunctionModel):
    def __init__(self, responder: Responder) -> None:
        self.responder = responder
        super().__init__(self._respond, stream_function=self._stream, model_name=MODEL_NAME)

    @property
    def system(self) -> str:
        return MODEL_NAME

    @asynccontextmanager
    async def request_stream(
        self,
        messages: list[ModelMessage],
        model_settings: ModelSettings | None,
        model_request_parameters: ModelRequestParameters,
        run_context: Any = None,
    ) -> AsyncIterator[StreamedResponse]:
        # The stream function decides on its first step, which FunctionModel takes before yielding the stream.
        token = _RUN_DEPS.set(getattr(run_context, "deps", None))
        try:
            async with super().request_stream(
                messages, model_settings, model_request_parameters, run_context
            ) as stream:
                yield stream
        finally:
            with contextlib.suppress(ValueError):  # closed from another context (cancellation): nothing to undo
                _RUN_DEPS.reset(token)

    def _decide(self, messages: Sequence[ModelMessage], info: AgentInfo) -> Output:
        deps = _RUN_DEPS.get()
        return self.responder.respond(
            messages,
            today=today_ny(getattr(deps, "now", None)),
            offered={tool.name for tool in info.function_tools},
            first_name=getattr(deps, "first_name", None),
        )

    async def _stream(self, messages: list[ModelMessage], info: AgentInfo) -> AsyncIterator[str | DeltaToolCalls]:
        output = self._decide(messages, info)
        if output.tool_calls:
            yield {
                index: DeltaToolCall(name=call.name, json_args=json.dumps(call.args), tool_call_id=call.tool_call_id)
                for index, call in enumerate(output.tool_calls)
            }
            return
        for piece in chunks(output.text or ""):
            yield piece

    def _respond(self, messages: list[ModelMessage], info: AgentInfo) -> ModelResponse:
        output = self._decide(messages, info)
        if output.tool_calls:
            return ModelResponse(
                parts=[ToolCallPart(c.name, c.args, tool_call_id=c.tool_call_id) for c in output.tool_calls]
            )
        return ModelResponse(parts=[TextPart(output.text or "")])
