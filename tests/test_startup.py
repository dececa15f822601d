"""The first five minutes: the start-up banner, the lifespan answer, and commands on an unmigrated database."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import free_port

REPO = Path(__file__).resolve().parent.parent
MANAGE = [sys.executable, str(REPO / "backend" / "manage.py")]


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k not in ("ANTHROPIC_API_KEY", "REDIS_URL")}
    environ.update(env)
    return subprocess.run([*MANAGE, *args], capture_output=True, text=True, env=environ, timeout=60)


@pytest.mark.parametrize(
    "command",
    [
        ["assistant", "render-prompt"],
        ["assistant", "tool", "lookup_booking_status", "--user", "alice"],
        ["assistant", "tool", "get_pricing_estimate", "--args", '{"service_type": "mini_move"}'],
        ["seed_demo"],
    ],
    ids=["render-prompt", "tool-customer", "tool-public", "seed_demo"],
)
def test_a_command_on_an_unmigrated_database_says_run_make_migrate(tmp_path: Path, command: list[str]) -> None:
    result = _manage(*command, DATABASE_URL=f"sqlite:///{tmp_path / 'fresh.sqlite3'}")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "is not set up yet" in lines[0] and "make migrate" in lines[0]


def test_a_command_on_an_unreachable_database_says_so_in_one_line() -> None:
    result = _manage("assistant", "render-prompt", DATABASE_URL=f"postgres://postgres@127.0.0.1:{free_port()}/nothing")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "Cannot reach the database PostgreSQL" in result.stderr and "DATABASE_URL" in result.stderr


def test_assistant_check_says_which_model_answers(monkeypatch: pytest.MonkeyPatch) -> None:
    from assistant.runtime import get_config
    from assistant.startup import answering_model

    config = get_config()
    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    assert answering_model(config).startswith("offline mode — no ANTHROPIC_API_KEY")
    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-test")
    monkeypatch.setenv("ANTHROPIC_BASE_URL", "http://127.0.0.1:9")
    answering = answering_model(config)
    assert answering.startswith(f"Claude {config.agent.model.partition(':')[2]} ")
    assert "via http://127.0.0.1:9" in answering


def test_the_check_command_prints_the_answering_line() -> None:
    result = _manage("assistant", "check")
    assert result.returncode == 0, result.stderr
    assert "Answering now: offline mode" in result.stdout


def test_the_banner_never_shows_a_redis_password(settings) -> None:
    from assistant.startup import describe_store

    settings.REDIS_URL = "redis://:s3cret@cache.internal:6380/3"
    assert describe_store() == "Redis (redis://cache.internal:6380/3)"
    settings.REDIS_URL = ""
    assert describe_store() == "the database (no REDIS_URL)"


async def _lifespan(app: object) -> list[str]:
    incoming = [{"type": "lifespan.startup"}, {"type": "lifespan.shutdown"}]
    sent: list[dict] = []

    async def receive() -> dict:
        return incoming.pop(0)

    async def send(message: dict) -> None:
        sent.append(message)

    await app({"type": "lifespan"}, receive, send)  # type: ignore[operator]
    return [m["type"] for m in sent]


async def test_lifespan_is_answered_and_runs_the_startup_hook() -> None:
    from config.lifespan import LifespanApp

    started: list[str] = []
    app = LifespanApp(lambda *a: None, on_startup=lambda: started.append("built"))  # type: ignore[arg-type]
    assert await _lifespan(app) == ["lifespan.startup.complete", "lifespan.shutdown.complete"]
    assert started == ["built"]


async def test_a_failing_startup_hook_still_serves() -> None:
    from config.lifespan import LifespanApp

    def broken() -> None:
        raise RuntimeError("agent_config has 1 problem")

    assert await _lifespan(LifespanApp(lambda *a: None, on_startup=broken)) == [  # type: ignore[arg-type]
        "lifespan.startup.complete",
        "lifespan.shutdown.complete",
    ]


def test_the_banner_is_printed_once_per_server(monkeypatch: pytest.MonkeyPatch) -> None:
    from config.lifespan import BANNER_ENV, banner_wanted

    monkeypatch.delenv(BANNER_ENV, raising=False)
    assert banner_wanted()
    monkeypatch.setenv(BANNER_ENV, "0")  # gunicorn workers: the master printed it already
    assert not banner_wanted()


def test_uvicorn_starts_with_the_banner_and_without_lifespan_noise(tmp_path: Path) -> None:
    port = free_port()
    environ = {k: v for k, v in os.environ.items() if k not in ("ANTHROPIC_API_KEY", "TOTETAXI_STARTUP_BANNER")}
    environ.update(PORT=str(port), HOST="127.0.0.1", PYTHONWARNINGS="error::DeprecationWarning")
    uvicorn = [sys.executable, "-m", "uvicorn", "config.asgi:application", "--port", str(port)]
    with subprocess.Popen(
        uvicorn, cwd=REPO / "backend", env=environ, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    ) as server:
        output = []
        deadline = time.monotonic() + 30
        try:
            assert server.stdout is not None
            while time.monotonic() < deadline:
                line = server.stdout.readline()
                if not line:
                    break
                output.append(line)
                if "Application startup complete" in line:
                    break
        finally:
            server.terminate()
            rest, _ = server.communicate(timeout=10)
    text = "".join(output) + rest
    assert "Application startup complete" in text, text
    assert "'lifespan' protocol appears unsupported" not in text, text
    assert f"URL        http://127.0.0.1:{port}" in text
    assert "answering  offline mode — no ANTHROPIC_API_KEY" in text
    assert "Warning" not in text, text
