"""`python -m config.preflight` (bin/serve runs it before gunicorn): one clear line and exit 2 when unsafe to serve.

gunicorn would also refuse (config/asgi.py raises), but only after forking workers and printing a traceback each.
"""

from __future__ import annotations

import os
import sys


def main() -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.exceptions import ImproperlyConfigured

    try:
        import django

        django.setup()
        from config.startup_guard import unsafe_start_reason

        reason = unsafe_start_reason()
    except ImproperlyConfigured as exc:
        reason = f"refusing to start: {exc}"
    if reason:
        print(f"error: {reason}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
