"""Django's `request_started` receivers start no thread for an ASGI request (a chat stream would hold it)."""

from __future__ import annotations

import asyncio
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import asgiref.sync
import pytest
from asgiref.sync import ThreadSensitiveContext
from django.core.handlers.asgi import ASGIHandler
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_started
from django.db import connection

from common.request_signals import only_for_sync_handlers


def test_an_asgi_request_starts_no_thread_for_request_started(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[ThreadPoolExecutor] = []

    class Recorded(ThreadPoolExecutor):  # what sync_to_async starts a request's thread with
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            started.append(self)

    monkeypatch.setattr(asgiref.sync, "ThreadPoolExecutor", Recorded)
    # As CommonConfig.ready leaves it: Django's test client connects `close_old_connections` back for every
    # sender after each of its requests, so an earlier test in this process may have undone it.
    only_for_sync_handlers()

    async def request() -> None:
        async with ThreadSensitiveContext():  # what ASGIHandler wraps each request in
            await request_started.asend(sender=ASGIHandler, scope={"type": "http"})

    asyncio.run(request())
    assert started == []


def test_wsgi_requests_still_reset_the_query_log(db: None) -> None:
    connection.queries_log.append({"sql": "SELECT 1", "time": "0.000"})
    request_started.send(sender=WSGIHandler, environ={})
    assert len(connection.queries_log) == 0
