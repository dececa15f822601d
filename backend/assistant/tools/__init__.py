"""The assistant's six tools, bound by name to agent_config/tools.yaml."""

from .registry import TOOL_FUNCTIONS, ToolArgsError, args_model, call_tool, invoke_tool
from .results import ToolResult

__all__ = ["TOOL_FUNCTIONS", "ToolArgsError", "ToolResult", "args_model", "call_tool", "invoke_tool"]
