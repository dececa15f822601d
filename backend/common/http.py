"""The one JSON error shape every endpoint answers with: `{"error": {"code", "message", "field"}}`."""

from __future__ import annotations

from typing import Any

from django.http import JsonResponse

from common.errors import DomainError


def error_response(status: int, code: str, message: str, *, field: str | None = None, **extra: Any) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "message": message, "field": field}, **extra}, status=status)


def domain_error_response(exc: DomainError, *, status: int = 400) -> JsonResponse:
    """A business rule's refusal, at the HTTP edge."""
    return error_response(status, exc.code, exc.message, field=exc.field)
