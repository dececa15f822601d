"""The provider model a production turn talks to: Anthropic, tool schemas prepared once, text deltas merged
in its HTTP client (assistant/coalesce.py).

PydanticAI re-derives every tool's JSON schema for the provider (`customize_request_parameters`, a walk
over each schema) on every model request — twice, when a wrapper model sits in front. The tool
definitions of this agent only change when agent_config/ does (a restart), so the prepared definitions
are kept, keyed by each definition's own fields and the identity of its schema object.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

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


def provider_model(name: str) -> Model:
    """Anthropic with ANTHROPIC_API_KEY (and ANTHROPIC_BASE_URL, when set) from the environment."""
    client = coalesce_text_deltas(create_async_httpx2_client())
    return PreparedToolsAnthropicModel(name, provider=AnthropicProvider(http_client=client))
