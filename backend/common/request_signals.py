"""No thread per request for Django's `request_started` receivers under ASGI.

Django connects two sync receivers to `request_started`: `reset_queries` and `close_old_connections`. The
ASGI handler sends the signal inside the request's own `ThreadSensitiveContext`, so running them starts a
thread for that request, and the thread then idles until the response ends: for a chat reply, a thread per
open stream (~200 threads for 200 streams on `make bench`). On that brand-new thread both are no-ops: it has
no database connection and no query log yet. They stay connected for WSGI, whose requests run on long-lived
threads where they do their job (not this project's deployment). Django's test client already takes
`close_old_connections` off around each request, and the query log is bounded (9,000 entries).
The request thread is still started when a request really does sync work (a sync view, `db_hop`), and
`request_finished` (sent when the response closes) still closes what that thread opened.
"""

from __future__ import annotations

from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_started
from django.db import close_old_connections, reset_queries


def only_for_sync_handlers() -> None:
    for receiver in (reset_queries, close_old_connections):
        if request_started.disconnect(receiver):
            request_started.connect(receiver, sender=WSGIHandler)
