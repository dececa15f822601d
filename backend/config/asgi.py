"""ASGI entry point: uvicorn (make run) and gunicorn with uvicorn workers (make serve)."""

import gc
import os

from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
from django.core.asgi import get_asgi_application
from django.core.exceptions import SuspiciousOperation
from django.http import Http404

from config.lifespan import LifespanApp, banner_wanted

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

from config.startup_guard import refuse_unsafe_start  # noqa: E402

refuse_unsafe_start()  # DEBUG off with a development secret key: no worker serves (gunicorn stops, not respawns)


def _startup() -> None:
    from assistant.views import current_runtime

    # Build the agent (config, model, ~1-2 s of provider imports) before the first customer's message
    # rather than during it: after every deploy each worker's first reply was that much slower.
    runtime = current_runtime()
    from assistant.history_stores.codec import warm

    warm()
    # Everything built so far (Django, PydanticAI, the agent and its config: ~300k objects) lives as long as
    # the worker. Frozen, it is out of the cyclic collector's view: a full collection walked all of it,
    # ~0.2 s about once every 100 turns, ~2 ms a turn (bench/, scenario T).
    gc.collect()
    gc.freeze()
    if banner_wanted():
        from assistant.startup import announce

        announce(runtime.config)


class StaticFiles(ASGIStaticFilesHandler):
    """Django's static handler, answering a path that escapes the static folders
    (`/static/../backend/config/settings.py`) with a 404 like any missing file, not a plain-text 500."""

    def serve(self, request):  # type: ignore[no-untyped-def]
        try:
            return super().serve(request)
        except SuspiciousOperation as exc:
            raise Http404("Not found") from exc


# The widget and demo pages load /static/ from this same process (uvicorn has no static server and
# runserver is not used: it buffers SSE). Everything else passes straight through to Django.
application = LifespanApp(StaticFiles(get_asgi_application()), on_startup=_startup)
