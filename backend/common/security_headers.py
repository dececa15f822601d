"""Content-Security-Policy (and a Permissions-Policy) on every response.

Django 5.2 has no CSP of its own. This is one header set per response, sync and async alike, so it adds no
thread hop to the streaming chat path. A view that needs a different policy sets the header itself.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from asgiref.sync import iscoroutinefunction
from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils.decorators import sync_and_async_middleware

PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=()"


def _add_headers(response: HttpResponseBase) -> HttpResponseBase:
    policy = settings.CONTENT_SECURITY_POLICY
    if policy and "Content-Security-Policy" not in response:
        response["Content-Security-Policy"] = policy
    if "Permissions-Policy" not in response:
        response["Permissions-Policy"] = PERMISSIONS_POLICY
    return response


@sync_and_async_middleware
def security_headers(get_response: Callable) -> Callable:
    if iscoroutinefunction(get_response):

        async def middleware(request: HttpRequest) -> Awaitable[HttpResponseBase]:
            return _add_headers(await get_response(request))

    else:

        def middleware(request: HttpRequest) -> HttpResponseBase:
            return _add_headers(get_response(request))

    return middleware
