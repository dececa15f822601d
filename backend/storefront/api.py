"""POST /api/pricing/quote/ — the /book wizard's price, from the ONE calculator (catalogue.pricing.quote)."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_POST
from pydantic import ValidationError

from catalogue.pricing import QuoteRequest, quote
from common.errors import DomainError
from common.http import bad_body_response, domain_error_response, error_response, read_json_body
from common.json_body import BadJsonBody

MAX_BODY_BYTES = 16_384  # a quote with every specialty item listed is well under 2 KB


@require_POST
def quote_view(request: HttpRequest) -> JsonResponse:
    try:
        payload = read_json_body(request, max_bytes=MAX_BODY_BYTES)
    except BadJsonBody as exc:
        if exc.code == "invalid_text":
            text = f"{exc.field}: {exc.message}" if exc.field else exc.message
            return error_response(400, "invalid_request", text, field=exc.field)
        return bad_body_response(exc)
    if not isinstance(payload, dict):
        return error_response(400, "invalid_json", "The request body must be a JSON object.")
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
