"""The provider model a production turn talks to: Anthropic, tool schemas prepared once, text deltas merged
in its HTTP client (assistant/coalesce.py), and nothing of the sent request kept while the reply streams.

PydanticAI re-derives every tool's JSON schema for the provider (`customize_request_parameters`, a walk
over each schema) on every model request — twice, when a wrapper model sits in front. The tool
definitions of this agent only change when agent_config/ does (a restart), so the prepared definitions
are kept, keyed by each definition's own fields and the identity of its schema object.

A request carries the whole system prompt and every tool schema (~23 KB of JSON), and the SDK keeps two
copies of it for as long as the reply streams: the encoded body on the HTTP request that the response
points back to, and the prepared JSON tree on the stream's request options. Neither is read again (a retry
builds its request afresh from the caller's parameters), and with hundreds of replies streaming at once
they were the largest part of what an open stream holds (`python -m bench.memprofile`): both are dropped
as soon as the reply starts. The next largest, the instructions PydanticAI joins onto every request of a run
(~22 KB), is kept once per distinct text rather than once per request (interned).
"""

from __future__ import annotations

import sys
from dataclasses import replace
from typing import Any

import httpx2
from pydantic_ai.messages import ModelMessage, ModelRequest
from pydantic_ai.models import Model, ModelRequestParameters, create_async_httpx2_client
from pydantic_ai.models.anthropic import AnthropicModel
from pydantic_ai.providers.anthropic import AnthropicProvider
from pydantic_ai.tools import ToolDefinition

from .coalesce import coalesce_text_deltas

_MAX_PREPARED = 256


class PreparedToolsAnthropicModel(AnthropicModel):
    """AnthropicModel whose per-request tool-schema preparation is done once per tool definition."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # key → (the prepared definition, the definitions whose field ids the keys hold, kept alive so no id is reused)
        self._prepared: dict[tuple[Any, ...], tuple[ToolDefinition, tuple[ToolDefinition, ...]]] = {}

    def customize_request_parameters(self, model_request_parameters: ModelRequestParameters) -> ModelRequestParameters:
        params = model_request_parameters
        if params.output_object is not None or params.output_tools:
            return super().customize_request_parameters(params)  # not this agent's case: no caching
        tools = [self._prepared_tool(tool) for tool in params.function_tools]
        return replace(params, function_tools=tools)

    def _prepared_tool(self, tool: ToolDefinition) -> ToolDefinition:
        key = _key(tool)
        hit = self._prepared.get(key)
        if hit is not None:
            return replace(hit[0], **{name: getattr(tool, name) for name in _PER_RUN_FIELDS})
        single = ModelRequestParameters(function_tools=[tool])
        prepared = super().customize_request_parameters(single).function_tools[0]
        if len(self._prepared) < _MAX_PREPARED:
            pins = (tool, prepared)
            self._prepared[key] = (prepared, pins)
            self._prepared[_key(prepared)] = (prepared, pins)  # prepared again inside request_stream: a hit
        return prepared

    async def _messages_create(self, messages: list[ModelMessage], stream: bool, *args: Any, **kwargs: Any) -> Any:
        for message in messages:
            if isinstance(message, ModelRequest) and message.instructions:
                # Every run joins its own copy of the instructions (~22 KB) onto its requests, and all anonymous
                # visitors of a day (and both requests of a tool turn) are sent the same text: interned, the open
                # streams hold one string between them. An equal value, so nothing that reads or compares it
                # changes; the interpreter forgets the string once no request holds it.
                message.instructions = sys.intern(message.instructions)
        response = await super()._messages_create(messages, stream, *args, **kwargs)
        options = getattr(getattr(response, "source", None), "_options", None)  # on the SDK's stream (and its copies)
        if stream and getattr(options, "json_data", None) is not None:
            options.json_data = None  # the request's prepared JSON tree: the stream never reads it again
        return response


# Where the definition came from: new ids on every run, and nothing the provider is sent.
_PER_RUN_FIELDS = ("capability_id", "toolset_id")


def _key(tool: ToolDefinition) -> tuple[Any, ...]:
    """Each field by value, or by identity where it is a dict or list (the schemas: walking them is the cost)."""
    return tuple(
        (name, value if _hashable(value) else ("id", id(value)))
        for name, value in vars(tool).items()
        if name not in _PER_RUN_FIELDS
    )


def _hashable(value: Any) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


def forget_sent_bodies(client: httpx2.AsyncClient) -> httpx2.AsyncClient:
    """`client`, dropping each request's body once its response has started (the response keeps the request)."""

    async def forget_body(response: httpx2.Response) -> None:
        request = response.request
        if isinstance(request.stream, httpx2.ByteStream):
            # Emptied in place: the connection pool's own request object holds this same stream until the end.
            request.stream._stream = b""
        request._content = b""  # what `request.content` returns; the SDK never reads it after sending

    client.event_hooks = {**client.event_hooks, "response": [*client.event_hooks["response"], forget_body]}
    return client


def anthropic_http_client(client: httpx2.AsyncClient | None = None) -> httpx2.AsyncClient:
    """The HTTP client under the provider model: text deltas merged, sent bodies dropped once answered."""
    return forget_sent_bodies(coalesce_text_deltas(client or create_async_httpx2_client()))


def provider_model(name: str) -> Model:
    """Anthropic with ANTHROPIC_API_KEY (and ANTHROPIC_BASE_URL, when set) from the environment."""
    return PreparedToolsAnthropicModel(name, provider=AnthropicProvider(http_client=anthropic_http_client()))
