"""POST /api/pricing/quote/ — the /book wizard's price, from the ONE calculator (catalogue.pricing.quote)."""

from __future__ import annotations

import json

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_POST
from pydantic import ValidationError

from catalogue.pricing import QuoteRequest, quote
from common.errors import DomainError
from common.http import domain_error_response, error_response


@require_POST
def quote_view(request: HttpRequest) -> JsonResponse:
    try:
        payload = json.loads(request.body or b"{}")
    except (json.JSONDecodeError, UnicodeDecodeError):
        return error_response(400, "invalid_json", "The request body must be JSON.")
    try:
        quote_request = QuoteRequest.model_validate(payload)
    except ValidationError as exc:
        first = exc.errors()[0]
        field = ".".join(str(part) for part in first["loc"]) or None
        return error_response(
            400, "invalid_request", f"{field}: {first['msg']}" if field else first["msg"], field=field
        )
    try:
        result = quote(quote_request)
    except DomainError as exc:
        return domain_error_response(exc)
    return JsonResponse(result.in_dollars())
