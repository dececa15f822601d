"""Demo storefront pages. Thin: pick a template, hand it selector output."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import user_passes_test
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.csrf import ensure_csrf_cookie

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


class SignOutView(auth_views.LogoutView):
    next_page = "/"


def _is_staff(user) -> bool:  # noqa: ANN001 - Django passes AbstractBaseUser | AnonymousUser
    return bool(user.is_active and user.is_staff)


@user_passes_test(_is_staff, login_url="/signin/")
def staff_dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "storefront/staff.html", {"rows": selectors.staff_recent_bookings()})
