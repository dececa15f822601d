"""build_agent: agent.yaml's AgentSpec + the Jinja system prompt + the tools bound by name from tools.yaml.

`Agent.from_spec` builds the agent from the spec section of agent.yaml. The spec names `AssistantTools`,
which binds the registered Python functions that tools.yaml enables, with tools.yaml's descriptions,
filtered per run so customer tools are never offered to anonymous visitors.

The system prompt is resolved once per run (`AssistantAgent.iter`): the static part (rules, catalogue,
FAQ; cached per catalogue version) as *literal* instructions, which PydanticAI sends first and marks as the
prompt-cache prefix, then the visitor part (date, signed-in name, tools) as a computed instruction after it.

Neither the tools nor the prompt nor `Caching` is a capability at run time. PydanticAI carries every
capability through every run: a copy of the run context for each hook, a coroutine around the run and an
async generator around each node's event stream, so each one cost ~4 KB per open stream (tracemalloc) and a
hop per streamed event. `AssistantTools` becomes the agent's toolset and `Caching` the model settings it
contributes (`Caching.get_model_settings`, so whatever options staff give it mean the same).
"""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from typing import Any, TypeVar

from django.db import connections
from pydantic_ai import Agent, RunContext, Tool
from pydantic_ai.capabilities import Caching
from pydantic_ai.messages import InstructionPart
from pydantic_ai.models import Model
from pydantic_ai.run import AgentRun
from pydantic_ai.tools import ToolDefinition
from pydantic_ai.toolsets import AbstractToolset, FunctionToolset

from .config.loader import TOOLS_CAPABILITY
from .config.models import AgentConfig
from .deps import ChatDeps
from .prompt_cache import static_prompt
from .prompts import render_visitor_prompt
from .tools.registry import TOOL_FUNCTIONS, args_model, call_tool


def build_toolset(config: AgentConfig) -> AbstractToolset[ChatDeps]:
    tools = [_pydantic_ai_tool(name, tool.description) for name, tool in config.enabled_tools().items()]

    def visible(ctx: RunContext[ChatDeps], tool_def: ToolDefinition) -> bool:
        return config.tools[tool_def.name].auth == "public" or ctx.deps.user_id is not None

    return FunctionToolset(tools, max_retries=config.agent.spec.retries).filtered(visible)


T = TypeVar("T")


def _with_own_connection(func: Callable[[], T]) -> T:
    """Run database work on PydanticAI's worker thread, then close that thread's connections.

    PydanticAI runs sync tools and instructions on anyio worker threads that Django's request cycle never
    sees; a connection left open there leaks until the idle thread is collected (and, in tests, keeps
    the test database from being dropped).
    """
    try:
        return func()
    finally:
        if threading.current_thread() is not threading.main_thread():
            connections.close_all()


def _pydantic_ai_tool(name: str, description: str) -> Tool[ChatDeps]:
    def run(ctx: RunContext[ChatDeps], args: Any) -> dict[str, Any]:
        return _with_own_connection(lambda: call_tool(name, ctx.deps, args))

    # One pydantic argument model → PydanticAI offers its fields as the tool's parameters, and a bad
    # argument becomes a retry prompt for the model with pydantic's message.
    run.__annotations__ = {"ctx": RunContext[ChatDeps], "args": args_model(name), "return": dict[str, Any]}
    run.__name__ = run.__qualname__ = name
    return Tool(run, name=name, description=description, takes_ctx=True)


async def system_prompt(deps: ChatDeps) -> list[Any]:
    """The run's instructions: the static part as a literal (the cached prefix), then the visitor part."""
    static = await static_prompt(deps.config, now=deps.now, stamp=deps.catalogue_stamp)
    visitor = render_visitor_prompt(deps.config, signed_in=deps.signed_in, first_name=deps.first_name, now=deps.now)

    async def visitor_part() -> InstructionPart:
        # A computed part: after the literal (cached) one, and outside the cache prefix.
        return InstructionPart(content=visitor, dynamic=True)

    return [static, visitor_part]


class AssistantAgent(Agent[ChatDeps, str]):
    """An Agent whose every run (`run`, `run_stream_events`, `iter`) carries the two-part system prompt."""

    @asynccontextmanager
    async def iter(  # type: ignore[override]
        self, user_prompt: Any = None, *, deps: ChatDeps | None = None, instructions: Any = None, **kwargs: Any
    ) -> AsyncIterator[AgentRun[ChatDeps, Any]]:
        if deps is None:
            raise TypeError("the assistant agent needs deps=ChatDeps(...): its system prompt is built from them")
        run_instructions = await system_prompt(deps)
        if instructions is not None:
            run_instructions += instructions if isinstance(instructions, list) else [instructions]
        async with super().iter(user_prompt, deps=deps, instructions=run_instructions, **kwargs) as run:
            yield run


def _without_run_capabilities(spec: dict[str, Any], config: AgentConfig) -> tuple[dict[str, Any], list[Any]]:
    """The spec with `AssistantTools` taken out as the agent's toolset and `Caching` as model settings."""
    capabilities, toolsets = [], []
    settings = dict(spec.get("model_settings") or {})
    for entry in spec.get("capabilities", []):
        (name, options), *_ = entry.items()
        if name == TOOLS_CAPABILITY:
            toolsets.append(build_toolset(config))
        elif name == Caching.get_serialization_name():
            settings.update(Caching.from_spec(**(options or {})).get_model_settings() or {})
        else:
            capabilities.append(entry)
    return {**spec, "capabilities": capabilities, "model_settings": settings}, toolsets


def build_agent(config: AgentConfig, *, model: Model | str | None = None) -> AssistantAgent:
    """The assistant agent. `model` overrides agent.yaml's (tests pass FunctionModel/TestModel)."""
    missing = set(config.tools) - set(TOOL_FUNCTIONS)
    if missing:  # load_config already refuses this; guard against hand-built configs
        raise ValueError(f"tools without a function: {sorted(missing)}")

    spec, toolsets = _without_run_capabilities(config.agent.spec.model_dump(mode="json"), config)
    agent = Agent.from_spec(
        spec,
        deps_type=ChatDeps,
        toolsets=toolsets,
        model=model,
        defer_model_check=True,
    )
    # `from_spec` always builds a plain Agent; the assistant is that Agent with `iter` overridden (no state of
    # its own), so the spec stays the one place the agent is declared.
    agent.__class__ = AssistantAgent
    return agent  # type: ignore[return-value]
