"""Sign-in throttle for /signin/ and /admin/login/: django-axes, with our client IP and our lockout page.

Why axes and not our own counter: it hooks Django's authentication itself (every login form, the admin's
included), stores attempts in the database we already have (SQLite or PostgreSQL, shared by every worker),
expires lockouts after AXES_COOLOFF_TIME, and gives staff an admin list and `axes_reset` to unlock someone.
Its middleware is sync- and async-capable, so it costs the streaming chat path no thread hop.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from common.client_ip import client_ip


class SignInThrottleBackend(AxesStandaloneBackend):
    """Axes' check, skipped when there is no request: `authenticate()` from a script or a test is not a sign-in."""

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None, password: str | None = None, **kwargs: Any
    ):  # noqa: E501
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def client_ip_address(request: HttpRequest) -> str | None:
    """The client IP axes records, or None when there is no address (a unix socket, Client.force_login()).

    Axes stores it in a GenericIPAddressField: PostgreSQL's inet refuses anything else, "unknown" included.
    """
    address = client_ip(request)
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def lockout_response(request: HttpRequest, *_: Any) -> HttpResponse:
    """429 with a page that says what happened and when to try again (same page for the admin's login)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    response = render(
        request,
        "storefront/signin_locked.html",
        {"minutes": minutes, "next": request.POST.get("next") or request.GET.get("next") or "/"},
        status=429,
    )
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response
