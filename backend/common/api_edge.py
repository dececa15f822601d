"""Middleware that keeps every answer under /api/ JSON, whatever went wrong before or around the view.

- `leave_api_body_to_the_view`: under /api/ the CSRF token is read from the X-CSRFToken header only. Django's
  own middleware reads `request.POST` first, which parses a form or multipart body and leaves the view
  a `RawPostDataException` (multipart) or an HTML 400 (a form over the upload limit). The body is the
  view's to read, once, with its own limits (common/http.py).
- `ApiJsonErrorsMiddleware` (outermost): a 4xx/5xx under /api/ that is not JSON — a URL that does not
  resolve, a method a view does not take, a crash, Django's debug pages — becomes the one JSON error
  shape for its status. Views answer their own errors; this is the net under them.
- `csrf_failure`: the CSRF refusal as JSON under /api/ (settings.CSRF_FAILURE_VIEW), Django's page elsewhere.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from asgiref.sync import iscoroutinefunction, markcoroutinefunction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.views.csrf import csrf_failure as django_csrf_failure

from common.http import STATUS_ERRORS, error_response, is_api_request, status_error_response


def leave_api_body_to_the_view(request: HttpRequest) -> None:
    """Before the CSRF check of an /api/ POST: no form fields, so the check falls to the X-CSRFToken header
    and never parses (and consumes) the body (common/middleware.py's CsrfViewMiddleware calls this)."""
    if is_api_request(request) and request.method == "POST" and not hasattr(request, "_post"):
        request.POST = QueryDict()


class ApiJsonErrorsMiddleware:
    sync_capable = True
    async_capable = True

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse | Awaitable[HttpResponse]]) -> None:
        self.get_response = get_response
        self.is_async = iscoroutinefunction(get_response)
        if self.is_async:
            markcoroutinefunction(self)

    def __call__(self, request: HttpRequest):  # type: ignore[no-untyped-def]
        if self.is_async:
            return self._acall(request)
        return as_json_error(request, self.get_response(request))  # type: ignore[arg-type]

    async def _acall(self, request: HttpRequest) -> HttpResponse:
        return as_json_error(request, await self.get_response(request))  # type: ignore[misc]


def as_json_error(request: HttpRequest, response: HttpResponse) -> HttpResponse:
    if response.status_code < 400 or not is_api_request(request) or _is_json(response):
        return response
    error = status_error_response(response.status_code)
    if response.status_code == 405:
        allowed = response.get("Allow", "")
        text = f"This address accepts {allowed} only." if allowed else STATUS_ERRORS[405][1]
        error = error_response(405, "method_not_allowed", text)
    if response.streaming:
        return error  # (no view streams an error; kept for completeness)
    # Rewritten in place, so headers such as Allow, Retry-After and cookies stay, and the response is
    # closed once, by the server, as usual.
    response.content = error.content
    response["Content-Type"] = error["Content-Type"]
    if response.has_header("Content-Length"):  # set by CommonMiddleware for the page it replaces
        response["Content-Length"] = str(len(response.content))
    return response


def _is_json(response: HttpResponse) -> bool:
    return response.get("Content-Type", "").split(";")[0].strip() == "application/json"


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    if is_api_request(request):
        return error_response(
            403, "csrf_failed", "Your session's security token is missing or expired. Reload the page and try again."
        )
    return django_csrf_failure(request, reason=reason)
