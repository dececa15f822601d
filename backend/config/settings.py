"""Django settings for ToteTaxi Assistant.

Everything that differs between a laptop, CI and production comes from the environment:
DATABASE_URL (SQLite by default), REDIS_URL (embedded stores by default), ANTHROPIC_API_KEY
(offline mode without it), DJANGO_SECRET_KEY, DJANGO_DEBUG, DJANGO_ALLOWED_HOSTS.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent  # backend/
REPO_DIR = BASE_DIR.parent
VAR_DIR = REPO_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)

AGENT_CONFIG_DIR = Path(os.environ.get("AGENT_CONFIG_DIR", REPO_DIR / "agent_config"))

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "dev-only-insecure-key-change-me-in-production")
DEBUG = os.environ.get("DJANGO_DEBUG", "1") == "1"
ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "common",
    "catalogue",
    "customers",
    "bookings",
    "assistant",
    "storefront",
]

# Django's middleware run on the event loop (common/middleware.py): the sync-only originals cost two
# thread hops each per request. Add only async-capable middleware here (see that module).
MIDDLEWARE = [
    "common.middleware.SecurityMiddleware",
    "common.middleware.SessionMiddleware",
    "common.middleware.CommonMiddleware",
    "common.middleware.CsrfViewMiddleware",
    "common.middleware.AuthenticationMiddleware",
    "common.middleware.MessageMiddleware",
    "common.middleware.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [REPO_DIR / "frontend" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "storefront.context_processors.contact",
            ],
        },
    },
]

ASGI_APPLICATION = "config.asgi.application"
WSGI_APPLICATION = None

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'db.sqlite3'}",
        conn_max_age=0,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL + a busy timeout so concurrent ASGI requests and a live test server don't trip "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE"}
    )
    # Tests use a file, not ":memory:": the live test server answers concurrent requests on their own
    # connections, and a shared-cache in-memory SQLite fails those with "database table is locked".
    # One file per process: several test runs (and xdist workers) may run at once in this checkout.
    # (In the temp dir: SQLite may leave -wal/-shm files behind when the test database is dropped.)
    DATABASES["default"]["TEST"] = {"NAME": str(Path(tempfile.gettempdir()) / f"totetaxi_test_{os.getpid()}.sqlite3")}
else:
    # Likewise one test database per process on a server database: concurrent runs against the same
    # PostgreSQL would otherwise drop each other's "test_<name>" mid-run.
    DATABASES["default"]["TEST"] = {"NAME": f"test_{DATABASES['default']['NAME']}_{os.getpid()}"}

REDIS_URL = os.environ.get("REDIS_URL", "")

# Chat endpoint (assistant/views.py). The client-IP header is trusted only when a proxy sets it
# (e.g. "Fly-Client-IP" or "X-Forwarded-For"); off by default so clients cannot pick their own bucket.
ASSISTANT_TRUSTED_IP_HEADER = os.environ.get("ASSISTANT_TRUSTED_IP_HEADER", "")
ASSISTANT_HEARTBEAT_SECONDS = float(os.environ.get("ASSISTANT_HEARTBEAT_SECONDS", "15"))
# Thumbs up/down per client IP per hour (POST /api/assistant/threads/<id>/feedback/).
ASSISTANT_FEEDBACK_PER_HOUR = int(os.environ.get("ASSISTANT_FEEDBACK_PER_HOUR", "60"))
ASSISTANT_TURN_TIMEOUT_SECONDS = float(os.environ.get("ASSISTANT_TURN_TIMEOUT_SECONDS", "120"))
# "module:function" returning a runtime to serve instead of assistant.runtime.get_runtime() — for
# `make bench` (a synthetic model behind the real stack). Empty in every real deployment.
ASSISTANT_RUNTIME_FACTORY = os.environ.get("ASSISTANT_RUNTIME_FACTORY", "")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]

LANGUAGE_CODE = "en-us"
TIME_ZONE = "America/New_York"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [REPO_DIR / "frontend" / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"

LOGIN_URL = "/signin/"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "loggers": {
        "assistant": {"handlers": ["console"], "level": os.environ.get("ASSISTANT_LOG_LEVEL", "INFO")},
    },
}
