"""Refuse to serve production with a development secret key.

A leaked or default SECRET_KEY lets anyone forge session cookies (sign in as any customer or staff member),
so when DEBUG is off the server does not start without a real one. Command-line tools (migrate, `assistant
check`) still run: they sign nothing a browser will see.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured

# Used only when DJANGO_SECRET_KEY is unset; fine with DJANGO_DEBUG=1 (make run), refused when serving otherwise.
DEVELOPMENT_SECRET_KEY = "django-insecure-development-only-key-never-serve-production-with-it"

REFUSAL = (
    "refusing to start: DJANGO_SECRET_KEY is not set to a real key (it must be 50+ random characters; make one "
    "with `python3 -c 'import secrets; print(secrets.token_urlsafe(50))'`), or set DJANGO_DEBUG=1 for development"
)


def is_weak_secret_key(key: str) -> bool:
    """Django's own test (security.W009): short, few distinct characters, or a generated development key."""
    return (
        not key
        or key == DEVELOPMENT_SECRET_KEY
        or len(key) < 50
        or len(set(key)) < 5
        or key.startswith("django-insecure-")
    )


def unsafe_start_reason() -> str | None:
    """The one-line reason this process must not serve, or None."""
    from django.conf import settings

    if not settings.DEBUG and is_weak_secret_key(settings.SECRET_KEY):
        return REFUSAL
    return None


def refuse_unsafe_start() -> None:
    """Called by config/asgi.py: any way of serving (bin/serve, a hand-typed gunicorn or uvicorn) is covered."""
    reason = unsafe_start_reason()
    if reason:
        raise ImproperlyConfigured(reason)
