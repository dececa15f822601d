"""Django's `request_started` receivers start no thread for an ASGI request (a chat stream would hold it)."""

from __future__ import annotations

import asyncio
import threading

from asgiref.sync import ThreadSensitiveContext
from django.core.handlers.asgi import ASGIHandler
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_started
from django.db import connection


def test_an_asgi_request_starts_no_thread_for_request_started() -> None:
    async def request() -> tuple[int, int]:
        async with ThreadSensitiveContext():  # what ASGIHandler wraps each request in
            before = threading.active_count()
            await request_started.asend(sender=ASGIHandler, scope={"type": "http"})
            return before, threading.active_count()

    before, after = asyncio.run(request())
    assert after == before


def test_wsgi_requests_still_reset_the_query_log(db: None) -> None:
    connection.queries_log.append({"sql": "SELECT 1", "time": "0.000"})
    request_started.send(sender=WSGIHandler, environ={})
    assert len(connection.queries_log) == 0
