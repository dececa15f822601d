"""`check --deploy` that sees our middleware: Django's deploy checks, run against Django's own names.

common/middleware.py subclasses Django's Security, CSRF and X-Frame-Options middleware so they run on the
event loop. Django's checks look for the original dotted paths only, so they would report them missing
(security.W001-W003, silenced in settings) and — worse — skip every check that depends on them (HSTS, SSL
redirect, nosniff, Secure CSRF cookie...). This check runs those same Django checks with each subclass
standing in as the class it extends, so a real gap is still reported (as common.W001-W003 when missing).
"""

from __future__ import annotations

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register
from django.core.checks.security import base, csrf
from django.test.utils import override_settings
from django.utils.module_loading import import_string

ORIGINALS = (
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
)
SILENCED = {"security.W001": "common.W001", "security.W002": "common.W002", "security.W003": "common.W003"}

MIDDLEWARE_DEPENDENT_CHECKS = (
    base.check_security_middleware,
    base.check_xframe_options_middleware,
    base.check_sts,
    base.check_sts_include_subdomains,
    base.check_sts_preload,
    base.check_content_type_nosniff,
    base.check_ssl_redirect,
    base.check_xframe_deny,
    base.check_referrer_policy,
    base.check_cross_origin_opener_policy,
    csrf.check_csrf_middleware,
    csrf.check_csrf_cookie_secure,
)


def _as_django_names(middleware: list[str]) -> list[str]:
    names = []
    for path in middleware:
        found = import_string(path)
        originals = [o for o in ORIGINALS if isinstance(found, type) and issubclass(found, import_string(o))]
        names.append(originals[0] if originals else path)
    return names


@register(Tags.security, deploy=True)
def check_security_with_our_middleware(app_configs, **kwargs) -> list[CheckMessage]:  # noqa: ANN001
    with override_settings(MIDDLEWARE=_as_django_names(list(settings.MIDDLEWARE))):
        messages = [message for check in MIDDLEWARE_DEPENDENT_CHECKS for message in check(app_configs)]
    return [
        Warning(message.msg, hint=message.hint, id=SILENCED[message.id]) if message.id in SILENCED else message
        for message in messages
    ]
