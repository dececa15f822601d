"""POST /api/pricing/quote/ — the /book wizard's price, from the ONE calculator (catalogue.pricing.quote)."""

from __future__ import annotations

import json

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_POST
from pydantic import ValidationError

from catalogue.pricing import QuoteRequest, quote
from common.errors import DomainError
from common.money import dollars


def _error(code: str, message: str, field: str | None, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": {"code": code, "message": message, "field": field}}, status=status)


@require_POST
def quote_view(request: HttpRequest) -> JsonResponse:
    try:
        payload = json.loads(request.body or b"{}")
    except (json.JSONDecodeError, UnicodeDecodeError):
        return _error("invalid_json", "The request body must be JSON.", None)
    try:
        quote_request = QuoteRequest.model_validate(payload)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or None
        return _error("invalid_request", f"{field}: {first['msg']}" if field else first["msg"], field)
    try:
        result = quote(quote_request)
    except DomainError as exc:
        return JsonResponse({"error": exc.as_dict()}, status=400)
    return JsonResponse(
        {
            "service_type": result.service_type,
            "line_items": [
                {"code": line.code, "label": line.label, "amount": dollars(line.amount)} for line in result.line_items
            ],
            "total": dollars(result.total),
            "notes": result.notes,
        }
    )
