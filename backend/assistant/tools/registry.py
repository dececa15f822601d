"""The tool functions, registered by the name tools.yaml uses, and the one way to call them by name.

A tool function is `(deps, args) -> {"ok": ...}` with a typed pydantic `args` model: a selector plus a
schema. PydanticAI, the offline mode and `manage.py assistant tool` all call tools through `invoke_tool`
(or the toolset built from the same functions), so the auth gate and the result shape are the same
everywhere.
"""

from __future__ import annotations

import typing
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel, ValidationError

from ..deps import ChatDeps
from .availability import AvailabilityResult, check_availability
from .bookings import (
    BookingHistoryResult,
    BookingStatusResult,
    lookup_booking_history,
    lookup_booking_status,
    sign_in_required,
)
from .coverage import ZipCoverageResult, check_zip_coverage
from .handoff import HandoffResult, build_booking_handoff
from .pricing import QuoteResult, get_pricing_estimate
from .results import ResultModel, ToolResult

ToolFunction = Callable[[ChatDeps, Any], ToolResult]

TOOL_FUNCTIONS: dict[str, ToolFunction] = {
    "check_zip_coverage": check_zip_coverage,
    "get_pricing_estimate": get_pricing_estimate,
    "check_availability": check_availability,
    "lookup_booking_status": lookup_booking_status,
    "lookup_booking_history": lookup_booking_history,
    "build_booking_handoff": build_booking_handoff,
}

# What each tool returns when it says yes ({"ok": true, **model}); `assistant check` renders the offline reply
# templates with samples of these, so a template can only use fields a result really has.
TOOL_RESULTS: dict[str, type[ResultModel]] = {
    "check_zip_coverage": ZipCoverageResult,
    "get_pricing_estimate": QuoteResult,
    "check_availability": AvailabilityResult,
    "lookup_booking_status": BookingStatusResult,
    "lookup_booking_history": BookingHistoryResult,
    "build_booking_handoff": HandoffResult,
}


def args_model(name: str) -> type[BaseModel]:
    """The pydantic model a tool's arguments are validated with (its `args` annotation)."""
    return typing.get_type_hints(TOOL_FUNCTIONS[name])["args"]


class ToolArgsError(ValueError):
    """Arguments that do not fit the tool's schema (the model gets a retry; the CLI exits 1)."""

    def __init__(self, name: str, error: ValidationError) -> None:
        self.name = name
        self.error = error
        lines = [f"{'.'.join(str(p) for p in e['loc']) or '(arguments)'}: {e['msg']}" for e in error.errors()]
        super().__init__(f"Bad arguments for {name}:\n  " + "\n  ".join(lines))


def call_tool(name: str, deps: ChatDeps, args: BaseModel) -> ToolResult:
    """Run a tool with validated args, applying the auth gate from tools.yaml."""
    if deps.config.tools[name].auth == "customer" and deps.user_id is None:
        # Hidden from anonymous runs already; this covers direct calls (CLI, offline mode, a confused model).
        return sign_in_required(deps)
    return TOOL_FUNCTIONS[name](deps, args)


def invoke_tool(name: str, deps: ChatDeps, raw_args: dict[str, Any]) -> ToolResult:
    """Validate raw JSON-ish args and run the tool. Raises KeyError (unknown tool) or ToolArgsError."""
    if name not in TOOL_FUNCTIONS:
        raise KeyError(name)
    try:
        args = args_model(name).model_validate(raw_args)
    except ValidationError as error:
        raise ToolArgsError(name, error) from error
    return call_tool(name, deps, args)
