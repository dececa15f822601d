"""Django's own middleware, run on the event loop instead of a worker thread under ASGI.

Django runs a `MiddlewareMixin`'s hooks through `sync_to_async` in an async request: two thread hops per
middleware per request (17 per chat turn with the default stack). None of these hooks does I/O — they read
headers and cookies and set lazy attributes — except the session save, which `SessionMiddleware` here
does with the session's async API. Under a sync handler (Django's test `Client`) they behave exactly as
Django's classes do.

Keep it that way: a hook added here must not touch the database or the network. A middleware that needs
to should be written async (`async_capable = True`, `await` its I/O), not added as a sync one.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.contrib.auth import middleware as auth_middleware
from django.contrib.messages import middleware as messages_middleware
from django.contrib.sessions import middleware as sessions_middleware
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.exceptions import SessionInterrupted
from django.http import HttpRequest, HttpResponseBase
from django.middleware import clickjacking, common, csrf, security
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date

from common.api_edge import leave_api_body_to_the_view


class _Inline:
    """`__acall__` without threads: the hooks are CPU-only, so calling them on the loop is cheaper."""

    get_response: Any

    async def __acall__(self, request: HttpRequest) -> HttpResponseBase:
        response = None
        if hasattr(self, "process_request"):
            response = self.process_request(request)
        response = response or await self.get_response(request)
        if hasattr(self, "process_response"):
            response = self.process_response(request, response)
        return response


class SecurityMiddleware(_Inline, security.SecurityMiddleware):
    pass


class CommonMiddleware(_Inline, common.CommonMiddleware):
    pass


class CsrfViewMiddleware(_Inline, csrf.CsrfViewMiddleware):
    """Also: under /api/ the token is read from the X-CSRFToken header only (common/api_edge.py says why)."""

    def __init__(self, get_response: Any) -> None:
        super().__init__(get_response)
        if self.async_mode:
            check = self.process_view

            async def process_view(*args: Any) -> HttpResponseBase | None:
                return check(*args)  # Django awaits an async process_view instead of sending it to a thread

            self.process_view = process_view  # type: ignore[method-assign]

    def process_view(self, request: HttpRequest, *args: Any) -> HttpResponseBase | None:
        leave_api_body_to_the_view(request)
        return super().process_view(request, *args)


class AuthenticationMiddleware(_Inline, auth_middleware.AuthenticationMiddleware):
    pass


class MessageMiddleware(_Inline, messages_middleware.MessageMiddleware):
    pass


class XFrameOptionsMiddleware(_Inline, clickjacking.XFrameOptionsMiddleware):
    pass


class SessionMiddleware(sessions_middleware.SessionMiddleware):
    """Django's, with the save awaited (`asave`)."""

    async def __acall__(self, request: HttpRequest) -> HttpResponseBase:
        self.process_request(request)
        response = await self.get_response(request)
        return await self._aprocess_response(request, response)

    async def _aprocess_response(self, request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
        session = request.session
        accessed, modified, empty = session.accessed, session.modified, session.is_empty()
        name = settings.SESSION_COOKIE_NAME
        if name in request.COOKIES and empty:
            response.delete_cookie(
                name,
                path=settings.SESSION_COOKIE_PATH,
                domain=settings.SESSION_COOKIE_DOMAIN,
                samesite=settings.SESSION_COOKIE_SAMESITE,
            )
            patch_vary_headers(response, ("Cookie",))
            return response
        if (modified or settings.SESSION_SAVE_EVERY_REQUEST) and not empty:
            if response.status_code >= 500:
                return response
            try:
                await session.asave()
            except UpdateError as exc:
                raise SessionInterrupted(
                    "The request's session was deleted before the request completed. "
                    "The user may have logged out in a concurrent request, for example."
                ) from exc
            if session.get_expire_at_browser_close():
                max_age, expires = None, None
            else:
                max_age = session.get_expiry_age()
                expires = http_date(time.time() + max_age)
            response.set_cookie(
                name,
                session.session_key,
                max_age=max_age,
                expires=expires,
                domain=settings.SESSION_COOKIE_DOMAIN,
                path=settings.SESSION_COOKIE_PATH,
                secure=settings.SESSION_COOKIE_SECURE or None,
                httponly=settings.SESSION_COOKIE_HTTPONLY or None,
                samesite=settings.SESSION_COOKIE_SAMESITE,
            )
            accessed = True
        if accessed:
            patch_vary_headers(response, ("Cookie",))
        return response
