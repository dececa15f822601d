"""build_agent: agent.yaml's AgentSpec + the Jinja system prompt + the tools bound by name from tools.yaml.

`Agent.from_spec` builds the agent from the spec section of agent.yaml. The spec names the custom
capability `AssistantTools`, which contributes a FunctionToolset of the registered Python functions that
tools.yaml enables, with tools.yaml's descriptions, filtered per run so customer tools are never offered to
anonymous visitors.

The system prompt comes from the `SystemPrompt` capability: per run it contributes the static part
(rules, catalogue, FAQ; cached per catalogue version) as *literal* instructions, which PydanticAI sends
first and marks as the prompt-cache prefix, then the visitor part (date, signed-in name, tools) as a
computed instruction after it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import connections
from pydantic_ai import Agent, RunContext, Tool
from pydantic_ai.capabilities import AbstractCapability
from pydantic_ai.messages import InstructionPart
from pydantic_ai.models import Model
from pydantic_ai.tools import ToolDefinition
from pydantic_ai.toolsets import AbstractToolset, FunctionToolset

from .config.loader import TOOLS_CAPABILITY
from .config.models import AgentConfig
from .deps import ChatDeps
from .prompt_cache import static_prompt
from .prompts import render_visitor_prompt
from .tools.registry import TOOL_FUNCTIONS, args_model, call_tool


@dataclass
class AssistantTools(AbstractCapability[ChatDeps]):
    """Binds the tools named in tools.yaml to their Python functions (spec name: `AssistantTools`)."""

    config: AgentConfig | None = field(default=None, repr=False)
    _toolset: AbstractToolset[ChatDeps] | None = field(default=None, init=False, repr=False, compare=False)

    @classmethod
    def get_serialization_name(cls) -> str | None:
        return TOOLS_CAPABILITY

    def get_toolset(self) -> AbstractToolset[ChatDeps] | None:
        # PydanticAI asks for the toolset on every run; building it derives six JSON schemas (~10 ms), so
        # it is built once per agent. The per-run auth filter is part of the toolset, not of its building.
        if self.config is None:
            raise RuntimeError("AssistantTools needs the loaded agent_config; build the agent with build_agent().")
        if self._toolset is None:
            self._toolset = build_toolset(self.config)
        return self._toolset


def _bound_capability_type(config: AgentConfig) -> type[AssistantTools]:
    """A spec-loadable AssistantTools that carries `config` (a spec can only hold plain data)."""

    @dataclass
    class BoundAssistantTools(AssistantTools):
        @classmethod
        def from_spec(cls, *args: Any, **kwargs: Any) -> AssistantTools:
            return AssistantTools(config=config)

    return BoundAssistantTools


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


@dataclass
class SystemPrompt(AbstractCapability[ChatDeps]):
    """The two-part system prompt, resolved once per run (not per model request, and not on a thread)."""

    config: AgentConfig = field(repr=False)
    static: str | None = field(default=None, repr=False)
    visitor: str | None = field(default=None, repr=False)

    async def for_run(self, ctx: RunContext[ChatDeps]) -> SystemPrompt:
        deps = ctx.deps
        static = await static_prompt(deps.config, now=deps.now, stamp=deps.catalogue_stamp)
        visitor = render_visitor_prompt(deps.config, signed_in=deps.signed_in, first_name=deps.first_name, now=deps.now)
        return SystemPrompt(self.config, static=static, visitor=visitor)

    def get_instructions(self) -> Any:
        if self.static is None:  # the agent-level instance: every run replaces it in for_run
            return None
        visitor = self.visitor or ""

        async def visitor_part() -> InstructionPart:
            # A computed part: after the literal (cached) one, and outside the cache prefix.
            return InstructionPart(content=visitor, dynamic=True)

        return [self.static, visitor_part]


def build_agent(config: AgentConfig, *, model: Model | str | None = None) -> Agent[ChatDeps, str]:
    """The assistant agent. `model` overrides agent.yaml's (tests pass FunctionModel/TestModel)."""
    missing = set(config.tools) - set(TOOL_FUNCTIONS)
    if missing:  # load_config already refuses this; guard against hand-built configs
        raise ValueError(f"tools without a function: {sorted(missing)}")

    return Agent.from_spec(
        config.agent.spec.model_dump(mode="json"),
        deps_type=ChatDeps,
        custom_capability_types=[_bound_capability_type(config)],
        capabilities=[SystemPrompt(config)],
        model=model,
        defer_model_check=True,
    )
