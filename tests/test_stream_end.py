"""Streams always end: renewing or releasing the thread lock can never hold the end of a response open.

The hang seen in production: the cleanup cancelled the lease-renewal task while its Redis call was in
flight, redis-py swallowed the cancellation, the renewal loop carried on every 10 s and the final gather
never returned, so the client got `done` and then nothing, and the thread stayed locked.
"""

from __future__ import annotations

import asyncio
import json
import time

import httpx
import pytest

from assistant.stream import sse_body
from tests.chat_support import ScriptedModel
from tests.sse import SSEParser


async def _collect(body) -> tuple[list[bytes], float]:
    chunks = []
    async for chunk in body:
        chunks.append(chunk)
    return chunks, time.perf_counter()


async def _turn_that_says_done(emit) -> None:
    emit(b"event: done\ndata: {}\n\n")


async def test_a_renewal_that_swallows_cancellation_does_not_hold_the_end():
    in_flight = asyncio.Event()

    async def stubborn_renew() -> None:  # like a client library that eats CancelledError mid-command
        in_flight.set()
        for _ in range(20):
            try:
                await asyncio.sleep(0.05)
            except asyncio.CancelledError:
                continue

    async def slow_turn(emit) -> None:
        await in_flight.wait()  # end the turn while a renewal is in flight
        emit(b"event: done\ndata: {}\n\n")

    started = time.perf_counter()
    body = sse_body(
        slow_turn,
        heartbeat_seconds=60,
        keepalive=stubborn_renew,
        keepalive_seconds=0.01,
        cleanup_seconds=0.3,
    )
    chunks, ended = await asyncio.wait_for(_collect(body), timeout=5)
    assert chunks[-1].startswith(b"event: done")
    assert ended - started < 1.5


async def test_a_release_that_fails_or_hangs_still_ends_the_stream():
    async def failing_release() -> None:
        raise ConnectionError("Redis went away")

    async def hanging_release() -> None:  # ignores cancellation until its own socket timeout, ~1 s later
        for _ in range(10):
            try:
                await asyncio.sleep(0.1)
            except asyncio.CancelledError:
                continue

    for release in (failing_release, hanging_release):
        started = time.perf_counter()
        body = sse_body(_turn_that_says_done, heartbeat_seconds=60, on_close=release, cleanup_seconds=0.2)
        chunks, ended = await asyncio.wait_for(_collect(body), timeout=5)
        assert chunks[-1].startswith(b"event: done")
        assert ended - started < 1.0, release.__name__


async def test_renewal_failures_are_retried_not_fatal():
    calls = 0

    async def flaky_renew() -> None:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise ConnectionError("blip")

    async def turn(emit) -> None:
        while calls < 3:
            await asyncio.sleep(0.01)
        emit(b"event: done\ndata: {}\n\n")

    body = sse_body(turn, heartbeat_seconds=60, keepalive=flaky_renew, keepalive_seconds=0.01)
    chunks, _ = await asyncio.wait_for(_collect(body), timeout=5)
    assert calls >= 3 and chunks[-1].startswith(b"event: done")


# ---- the whole stack, Redis store, many turns at once -------------------------------------------------

TURNS = 50


@pytest.fixture
def redis_store(settings, redis_url):
    settings.REDIS_URL = redis_url


async def _timed_turn(base_url: str, index: int) -> tuple[float, float, list[str]]:
    """(seconds from `done` to the end of the response, total seconds, event names)."""
    async with httpx.AsyncClient(base_url=base_url, timeout=30) as http:
        token = (await http.get("/api/assistant/csrf/")).json()["csrf_token"]
        parser = SSEParser()
        done_at = None
        started = time.perf_counter()
        async with http.stream(
            "POST",
            "/api/assistant/chat/",
            content=json.dumps({"message": f"hello {index}"}),
            headers={"Content-Type": "application/json", "X-CSRFToken": token},
        ) as response:
            assert response.status_code == 200, await response.aread()
            async for chunk in response.aiter_raw():
                for event in parser.feed(chunk):
                    if event.event == "done":
                        done_at = time.perf_counter()
        ended = time.perf_counter()
    assert done_at is not None, [e.event for e in parser.events]
    return ended - done_at, ended - started, [e.event for e in parser.events]


@pytest.mark.slow
async def test_fifty_concurrent_turns_on_redis_all_end_promptly_and_release_their_locks(
    redis_store, chat_server, chat_runtime, monkeypatch, settings
):
    import redis.asyncio as aioredis

    # Renew constantly, so many renewals are in flight exactly when turns end (the production hang).
    monkeypatch.setattr("assistant.locks.RENEW_EVERY_SECONDS", 0.02)
    script = ScriptedModel([["Hello", " there", ", friend."]] * TURNS, chunk_delay=0.05)
    chat_runtime(script)
    results = await asyncio.gather(*(_timed_turn(chat_server, index) for index in range(TURNS)))
    after_done = sorted(result[0] for result in results)
    open_after_done = [seconds for seconds in after_done if seconds > 1.0]
    assert open_after_done == [], f"{len(open_after_done)} of {TURNS} streams stayed open > 1 s after done"
    assert all(names[-1] == "done" for _, _, names in results)
    client = aioredis.Redis.from_url(settings.REDIS_URL)
    try:
        locks_left = [key async for key in client.scan_iter(f"{settings.ASSISTANT_REDIS_PREFIX}lock:*")]
    finally:
        await client.aclose()
    assert locks_left == []
    print(f"\n{TURNS} concurrent turns: slowest end after done {after_done[-1] * 1000:.0f} ms; streams open > 1 s: 0")
