"""agent.yaml `widget.starters`: each starter's `tool` must be one of the assistant's tools."""

from __future__ import annotations

from .errors import ConfigProblem, did_you_mean
from .models import AgentSettings, ToolConfig
from .yaml_source import YamlFile


def check_starters(file: YamlFile, agent: AgentSettings, tools: dict[str, ToolConfig]) -> list[ConfigProblem]:
    from ..tools.registry import TOOL_FUNCTIONS

    tools = TOOL_FUNCTIONS  # type: ignore[assignment]  # a tool missing from tools.yaml is reported there
    problems = []
    for index, starter in enumerate(agent.widget.starters):
        if starter.tool is not None and starter.tool not in tools:
            problems.append(
                file.problem(
                    ("widget", "starters", index, "tool"),
                    f"there is no tool called '{starter.tool}'.",
                    did_you_mean(starter.tool, tools) or f"tools: {', '.join(tools)}.",
                )
            )
    return problems
