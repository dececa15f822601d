"""Django settings for ToteTaxi Assistant.

Production is the default: DEBUG off, HTTPS-only cookies, HSTS and SSL redirect, and the server refuses to
start without a real DJANGO_SECRET_KEY (config/startup_guard.py). Development is what `make run` asks for
with DJANGO_DEBUG=1; pytest uses config/settings_test.py. Everything else that differs between a laptop,
CI and production comes from the environment too — every variable is listed in .env.example.
"""

from __future__ import annotations

import os
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url

from config.startup_guard import DEVELOPMENT_SECRET_KEY

BASE_DIR = Path(__file__).resolve().parent.parent  # backend/
REPO_DIR = BASE_DIR.parent
VAR_DIR = REPO_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)

AGENT_CONFIG_DIR = Path(os.environ.get("AGENT_CONFIG_DIR") or REPO_DIR / "agent_config")
# How customers reach a person when agent_config/agent.yaml itself cannot be read (its `contact` section is
# the one source otherwise): the widget's "unavailable" message and the site footer (common/contact.py).
ASSISTANT_FALLBACK_PHONE = os.environ.get("TOTETAXI_FALLBACK_PHONE", "")
ASSISTANT_FALLBACK_EMAIL = os.environ.get("TOTETAXI_FALLBACK_EMAIL", "")

DEBUG = os.environ.get("DJANGO_DEBUG", "0") == "1"
# The development key only ever signs sessions on a laptop: startup_guard refuses to serve with it when DEBUG is off.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "") or DEVELOPMENT_SECRET_KEY
ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

# HTTPS: on in production, off in development. DJANGO_HTTPS=0 serves production over plain http on purpose (a
# local `make serve`, the bench); `check --deploy` then says so. Behind a TLS-terminating proxy (Fly.io),
# DJANGO_SECURE_PROXY_SSL_HEADER names the header it sets ("X-Forwarded-Proto"), or every request redirects.
HTTPS = (os.environ.get("DJANGO_HTTPS") or ("0" if DEBUG else "1")) == "1"
_PROXY_SSL_HEADER = os.environ.get("DJANGO_SECURE_PROXY_SSL_HEADER", "")
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_" + _PROXY_SSL_HEADER.upper().replace("-", "_"), "https") if _PROXY_SSL_HEADER else None
)
SECURE_SSL_REDIRECT = HTTPS
SECURE_REDIRECT_EXEMPT = [r"^api/assistant/health/$"]  # platform health checks call the machine over plain http
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS") or "31536000") if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Django's deploy checks look for its own middleware by name and miss common/middleware.py's async subclasses;
# common/security_checks.py runs the same checks with the subclasses recognised (common.W001-W003 if missing).
SILENCED_SYSTEM_CHECKS = ["security.W001", "security.W002", "security.W003"]
# Sent on every response by common/security_headers.py. No inline script or style anywhere: the pages and the
# widget load theirs from /static/ (the favicon is a data: URL).
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "axes",
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
    "common.api_edge.ApiJsonErrorsMiddleware",  # outermost: every /api/ error is JSON (common/api_edge.py)
    "common.middleware.SecurityMiddleware",
    "common.middleware.SessionMiddleware",
    "common.middleware.CommonMiddleware",
    "common.middleware.CsrfViewMiddleware",
    "common.middleware.AuthenticationMiddleware",
    "common.middleware.MessageMiddleware",
    "common.middleware.XFrameOptionsMiddleware",
    "common.security_headers.security_headers",
    # Last, as django-axes requires: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
CSRF_FAILURE_VIEW = "common.api_edge.csrf_failure"  # JSON under /api/, Django's page elsewhere

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
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A pool per worker process: under ASGI every request's database work runs on a thread of its own, so
    # without one each chat turn opened (and closed) a PostgreSQL connection — 3-8 ms, most of the time to the
    # first token at low load, and more under load. Closing a connection now returns it here. The code keeps
    # no connection across a stream, so a few per worker suffice. A request waits `timeout` s at most for one:
    # with the database down that is how long until its 503 (or the stream's `error` event).
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": int(os.environ.get("DATABASE_POOL_MIN") or "2"),
        "max_size": int(os.environ.get("DATABASE_POOL_MAX") or "16"),
        "timeout": float(os.environ.get("DATABASE_POOL_TIMEOUT") or "3"),
    }
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True  # a pooled connection the server dropped is replaced, not used

REDIS_URL = os.environ.get("REDIS_URL", "")

# How long a worker process keeps the catalogue version it read (catalogue/version_stamp.py): an admin edit
# reaches the assistant's prompt in other worker processes within this many seconds (in its own, at once).
CATALOGUE_STAMP_SECONDS = float(os.environ.get("CATALOGUE_STAMP_SECONDS") or "2")

# Client IP (common/client_ip.py) for the chat rate limit and the sign-in throttle: the socket address, unless
# the request comes from a TRUSTED_PROXIES address (IPs/CIDRs, or "*" when the app is only reachable through its
# proxy, as on Fly.io) and CLIENT_IP_HEADER names the header that proxy sets ("Fly-Client-IP", "X-Forwarded-For").
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "")
TRUSTED_PROXIES = [p.strip() for p in os.environ.get("TRUSTED_PROXIES", "").split(",") if p.strip()]

# Chat endpoint (assistant/views.py).
ASSISTANT_HEARTBEAT_SECONDS = float(os.environ.get("ASSISTANT_HEARTBEAT_SECONDS", "15"))
# Thumbs up/down per client IP per hour (POST /api/assistant/threads/<id>/feedback/).
ASSISTANT_FEEDBACK_PER_HOUR = int(os.environ.get("ASSISTANT_FEEDBACK_PER_HOUR", "60"))
ASSISTANT_TURN_TIMEOUT_SECONDS = float(os.environ.get("ASSISTANT_TURN_TIMEOUT_SECONDS", "120"))
# "module:function" returning a runtime to serve instead of assistant.runtime.get_runtime() — for
# `make bench` (a synthetic model behind the real stack). Empty in every real deployment.
ASSISTANT_RUNTIME_FACTORY = os.environ.get("ASSISTANT_RUNTIME_FACTORY", "")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "common.signin_throttle.SignInThrottleBackend",  # refuses a locked-out (IP, username) before the password check
    "django.contrib.auth.backends.ModelBackend",
]
# Sign-in throttle (django-axes, for /signin/ and /admin/login/ alike): after AXES_FAILURE_LIMIT wrong passwords
# for one username from one IP, that pair is refused until AXES_COOLOFF_TIME has passed since the last failure.
AXES_FAILURE_LIMIT = int(os.environ.get("SIGNIN_FAILURE_LIMIT") or "5")
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("SIGNIN_LOCKOUT_MINUTES") or "15"))
AXES_LOCKOUT_PARAMETERS = [["ip_address", "username"]]  # per pair: a stranger cannot lock a customer out everywhere
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "common.signin_throttle.client_ip_address"
AXES_LOCKOUT_CALLABLE = "common.signin_throttle.lockout_response"
AXES_DISABLE_ACCESS_LOG = True  # keep failed attempts only, not a log of every customer's sign-ins
AXES_VERBOSE = False

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

SESSION_ENGINE = "common.sessions"  # the database engine, one query fewer per new session
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
