"""Property-based fuzzing of every /api/ endpoint against the live ASGI app (real middleware, CSRF,
sessions, the offline agent): every answer is JSON or a well-terminated SSE stream, never a 5xx, and a
refused request stores nothing.

A bounded number of examples by default (fast, derandomized for CI); more, and random, with
FUZZ_EXAMPLES=2000. Against a running server: `make fuzz` (tests/fuzz_api.py).
"""

from __future__ import annotations

import dataclasses
import os

import httpx
import pytest
from hypothesis import HealthCheck, given, settings

from tests.chat_support import make_config
from tests.fuzz_api import Sent, any_request, requests_to_chat, send

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "0")) or None
FUZZ = settings(
    max_examples=EXAMPLES or 40,
    derandomize=EXAMPLES is None,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _stored_turns(django_settings) -> int:
    """Conversations in the store (Redis with REDIS_URL, else the database)."""
    if django_settings.REDIS_URL:
        import redis

        client = redis.Redis.from_url(django_settings.REDIS_URL)
        try:
            return sum(1 for _ in client.scan_iter(f"{django_settings.ASSISTANT_REDIS_PREFIX}conv:rec:*"))
        finally:
            client.close()
    from assistant.models import StoredConversation

    return StoredConversation.objects.count()


@pytest.fixture
def fuzz_client(seeded, chat_server, monkeypatch):
    """A browser-like client of the live server, answering with the offline agent and a rate limit that
    does not get in the way of the examples."""
    from assistant.runtime import get_runtime

    runtime = get_runtime()
    runtime = dataclasses.replace(runtime, config=make_config(rate_messages=100_000))
    monkeypatch.setattr("assistant.views.current_runtime", lambda: runtime)
    with httpx.Client(base_url=chat_server, timeout=30) as http:
        token = http.get("/api/assistant/csrf/").json()["csrf_token"]
        yield http, token


def _check(fuzz_client, django_settings, sent: Sent) -> None:
    http, token = fuzz_client
    before = _stored_turns(django_settings)
    verdict = send(http, token, sent)
    assert verdict.problems == [], (sent, verdict)
    stored = _stored_turns(django_settings) - before
    assert stored <= (1 if verdict.stored_a_turn else 0), (sent, verdict)


@pytest.mark.slow
@FUZZ
@given(sent=requests_to_chat)
def test_fuzzed_bodies_and_content_types(fuzz_client, settings, sent):
    _check(fuzz_client, settings, sent)


@pytest.mark.slow
@FUZZ
@given(sent=any_request)
def test_fuzzed_methods_paths_and_bodies(fuzz_client, settings, sent):
    _check(fuzz_client, settings, sent)
