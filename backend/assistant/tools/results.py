"""The two shapes every tool returns: `{"ok": true, ...}` or `{"ok": false, "error": {code, message, field}}`."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict

from common.errors import DomainError

ToolResult = dict[str, Any]
F = TypeVar("F", bound=Callable[..., ToolResult])


class ResultModel(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def ok(result: ResultModel) -> ToolResult:
    return {"ok": True, **result.model_dump(mode="json")}


def refused(code: str, message: str, field: str | None = None) -> ToolResult:
    return {"ok": False, "error": {"code": code, "message": message, "field": field}}


def answers_domain_errors(func: F) -> F:
    """A business rule saying no (past date, outside the area…) is an answer for the model, not a crash."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> ToolResult:
        try:
            return func(*args, **kwargs)
        except DomainError as error:
            return {"ok": False, "error": error.as_dict()}

    return wrapper  # type: ignore[return-value]
