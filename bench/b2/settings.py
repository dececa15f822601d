"""B2's settings: Django with nothing but the one view (no apps, no middleware, no database)."""

SECRET_KEY = "bench-only"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS: list[str] = []
MIDDLEWARE: list[str] = []
ROOT_URLCONF = "bench.b2.app"
DATABASES: dict[str, dict[str, str]] = {}
USE_TZ = True
