"""gunicorn for `make serve`: uvicorn workers for the ASGI app, tuned for long-lived SSE streams.

Run from backend/ (the Makefile does): `gunicorn -c ../gunicorn.conf.py config.asgi:application`.
Every value can be overridden from the environment (GUNICORN_*), e.g. on Fly.io.
"""

import os

bind = os.environ.get("GUNICORN_BIND") or f"{os.environ.get('HOST') or '127.0.0.1'}:{os.environ.get('PORT') or '8000'}"

# uvicorn_worker.UvicornWorker (the `uvicorn-worker` package): uvicorn.workers.UvicornWorker is deprecated.
worker_class = "uvicorn_worker.UvicornWorker"
# Two workers on two cores: a second worker nearly halves queueing under load; more than cores does not help.
workers = int(os.environ.get("GUNICORN_WORKERS", "2"))

# A chat stream stays open for the whole reply (tool calls included). With async workers `timeout` is the
# worker heartbeat to the arbiter, not a per-request limit, but keep it well above any event-loop stall.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
# On deploy/restart, let replies in flight finish: a turn is capped by ASSISTANT_TURN_TIMEOUT_SECONDS (120 s).
graceful_timeout = int(os.environ.get("GUNICORN_GRACEFUL_TIMEOUT", "130"))
# Browsers reuse the connection for the next message; a little longer than a typical pause between turns.
keepalive = int(os.environ.get("GUNICORN_KEEPALIVE", "20"))

# Nobody may rewrite uvicorn's client address or scheme with X-Forwarded-For/-Proto, not even 127.0.0.1 (anything
# on the host could then pick its own rate-limit identity). The app decides whom to believe instead:
# TRUSTED_PROXIES + CLIENT_IP_HEADER for the client IP, DJANGO_SECURE_PROXY_SSL_HEADER for https (.env.example).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "")

accesslog = "-"
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Each worker imports the app itself: nothing (DB connection, Redis pool, event loop) is shared across fork.
# `make serve` runs `manage.py assistant check` first, so a broken agent_config/ still fails before serving.
preload_app = False

# One start-up banner for the whole server (URL, answering model, database, store): printed here in the
# master once the socket is bound; the workers inherit this variable and stay quiet (config/lifespan.py).
os.environ["TOTETAXI_STARTUP_BANNER"] = "0"


def when_ready(server) -> None:  # noqa: ANN001 - gunicorn's Arbiter
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    try:
        import django

        django.setup()  # settings and agent_config only: no database connection is opened before fork
        from assistant.runtime import get_config
        from assistant.startup import announce

        host, _, port = str(server.cfg.bind[0]).rpartition(":")
        announce(get_config(), url=f"http://{'127.0.0.1' if host in ('0.0.0.0', '') else host}:{port}")
    except Exception as exc:  # noqa: BLE001 - the banner is information; never stop the server for it
        server.log.warning("start-up banner unavailable: %s: %s", type(exc).__name__, exc)
