"""Demo storefront pages. Thin: pick a template, hand it selector output."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import ensure_csrf_cookie

from assistant import visitor
from storefront import selectors


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "storefront/home.html", {"overview": selectors.services_overview()})


def services(request: HttpRequest) -> HttpResponse:
    return render(request, "storefront/services.html", {"overview": selectors.services_overview()})


@ensure_csrf_cookie  # the wizard's price box POSTs to /api/pricing/quote/
def book(request: HttpRequest) -> HttpResponse:
    return render(request, "storefront/book.html", selectors.booking_form_choices())


class SignInView(auth_views.LoginView):
    template_name = "storefront/signin.html"
    redirect_authenticated_user = True

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        visitor.forget(response)  # the chats of the anonymous visitor stay theirs, not the account's
        return response


class SignOutView(auth_views.LogoutView):
    next_page = "/"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        visitor.forget(response)  # the next person at this browser starts with no chats
        return response


def staff_dashboard(request: HttpRequest) -> HttpResponse:
    # Signed out → sign in. Signed in without staff rights → 403 (templates/403.html), not back to the sign-in
    # page: it would send a signed-in user straight back here, a redirect loop.
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not (request.user.is_active and request.user.is_staff):
        raise PermissionDenied("Staff only")
    return render(request, "storefront/staff.html", {"rows": selectors.staff_recent_bookings()})
