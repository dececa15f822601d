"""Django's deploy checks still see our async middleware subclasses (common/security_checks.py)."""

from __future__ import annotations

from django.test import override_settings

from common.security_checks import check_security_with_our_middleware


def _ids() -> set[str]:
    return {message.id for message in check_security_with_our_middleware(None)}


@override_settings(
    SECURE_HSTS_SECONDS=31536000,
    SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
    SECURE_HSTS_PRELOAD=True,
    SECURE_SSL_REDIRECT=True,
    CSRF_COOKIE_SECURE=True,
)
def test_production_settings_pass(settings):
    assert _ids() == set()


def test_a_middleware_gap_is_still_reported(settings):
    settings.MIDDLEWARE = [
        m for m in settings.MIDDLEWARE if not m.endswith(("SecurityMiddleware", "CsrfViewMiddleware"))
    ]
    assert {"common.W001", "common.W003"} <= _ids()


def test_https_settings_are_checked_through_the_subclass(settings):
    settings.SECURE_HSTS_SECONDS, settings.SECURE_SSL_REDIRECT, settings.CSRF_COOKIE_SECURE = 0, False, False
    assert {"security.W004", "security.W008", "security.W016"} <= _ids()  # skipped by Django's own checks
