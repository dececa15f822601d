"""The project's 400/403/404/500 handlers (config/urls.py): the JSON error shape under /api/, Django's
pages elsewhere.

Django's own handlers are wrapped in `requires_csrf_token`, which reads `request.POST` — for a POST
with a broken multipart body that raises inside the 404 handler and turns a 404 into a 500. These never
parse the body: an error page has no use for form fields.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, QueryDict
from django.views import defaults

from common.http import is_api_request, status_error_response


def _without_body(request: HttpRequest) -> HttpRequest:
    if not hasattr(request, "_post"):
        request.POST = QueryDict()
    return request


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api_request(request):
        return status_error_response(400)
    return defaults.bad_request(_without_body(request), exception)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api_request(request):
        return status_error_response(403)
    return defaults.permission_denied(_without_body(request), exception)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if is_api_request(request):
        return status_error_response(404)
    return defaults.page_not_found(_without_body(request), exception)


def server_error(request: HttpRequest) -> HttpResponse:
    if is_api_request(request):
        return status_error_response(500)
    return defaults.server_error(_without_body(request))
