"""The one JSON error shape every endpoint answers with: `{"error": {"code", "message", "field"}}`,
and reading a JSON request body at the HTTP edge without ever raising past the view."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import RequestDataTooBig
from django.http import HttpRequest, JsonResponse
from django.http.request import RawPostDataException

from common.errors import DomainError
from common.json_body import MAX_DEPTH, BadJsonBody, decode_json_body

API_PREFIX = "/api/"

# What an /api/ client is told for a status no view answered itself (a 404 path, a 405 method, a crash).
STATUS_ERRORS: dict[int, tuple[str, str]] = {
    400: ("bad_request", "The request could not be read."),
    403: ("forbidden", "This request is not allowed."),
    404: ("not_found", "There is nothing at this address."),
    405: ("method_not_allowed", "This address does not accept that method."),
    413: ("body_too_large", "The request body is too large."),
    415: ("unsupported_media_type", "Send the request body as JSON (Content-Type: application/json)."),
    500: ("internal_error", "Something went wrong on our side. Please try again later."),
    503: ("unavailable", "The service is unavailable right now. Please try again later."),
}


def error_response(status: int, code: str, message: str, *, field: str | None = None, **extra: Any) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "message": message, "field": field}, **extra}, status=status)


def domain_error_response(exc: DomainError, *, status: int = 400) -> JsonResponse:
    """A business rule's refusal, at the HTTP edge."""
    return error_response(status, exc.code, exc.message, field=exc.field)


def status_error_response(status: int) -> JsonResponse:
    code, message = STATUS_ERRORS.get(status) or STATUS_ERRORS[500 if status >= 500 else 400]
    return error_response(status, code, message)


def is_api_request(request: HttpRequest) -> bool:
    return request.path_info.startswith(API_PREFIX)


def is_json_content_type(request: HttpRequest) -> bool:
    """application/json or a `+json` type; no Content-Type at all is read as JSON too (curl, scripts)."""
    media_type = (request.content_type or "").strip().lower()
    return media_type in ("", "application/json") or (
        media_type.startswith("application/") and media_type.endswith("+json")
    )


def read_json_body(request: HttpRequest, *, max_bytes: int, max_depth: int = MAX_DEPTH) -> Any:
    """The decoded JSON body, or `BadJsonBody` (code unsupported_media_type, body_too_large, invalid_json,
    invalid_text). The size is checked from Content-Length before anything is read, and again on what was."""
    if not is_json_content_type(request):
        raise BadJsonBody("unsupported_media_type", STATUS_ERRORS[415][1])
    try:
        declared = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        declared = 0
    if declared > max_bytes:
        raise BadJsonBody("body_too_large", f"The request body can be at most {max_bytes} bytes.")
    try:
        raw = request.body
    except RequestDataTooBig as exc:  # past DATA_UPLOAD_MAX_MEMORY_SIZE
        raise BadJsonBody("body_too_large", f"The request body can be at most {max_bytes} bytes.") from exc
    except RawPostDataException as exc:  # something parsed the body as a form first; never expected under /api/
        raise BadJsonBody("unsupported_media_type", STATUS_ERRORS[415][1]) from exc
    return decode_json_body(raw, max_bytes=max_bytes, max_depth=max_depth)


BAD_BODY_STATUS = {"unsupported_media_type": 415, "body_too_large": 413}


def bad_body_response(exc: BadJsonBody) -> JsonResponse:
    return error_response(BAD_BODY_STATUS.get(exc.code, 400), exc.code, exc.message, field=exc.field)
