"""How the project is served and checked outside pytest: gunicorn.conf.py (`make serve`) and .ci/run."""

from __future__ import annotations

import os
import re
import runpy
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from gunicorn.config import Config
from gunicorn.workers.base import Worker

REPO = Path(__file__).resolve().parent.parent


def _gunicorn_config(monkeypatch: pytest.MonkeyPatch, **env: str) -> Config:
    """gunicorn.conf.py read the way gunicorn reads it: each known name set (and type-checked) on a Config."""
    for name in [k for k in os.environ if k.startswith("GUNICORN_")]:
        monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    config = Config()
    for name, value in runpy.run_path(str(REPO / "gunicorn.conf.py")).items():
        if name in config.settings:
            config.set(name, value)
    return config


def test_make_serve_runs_the_entry_script_which_runs_gunicorn_with_the_conf_file():
    recipe = re.search(r"^serve:.*\n((?:\t.*\n)+)", (REPO / "Makefile").read_text(), re.MULTILINE)
    assert recipe is not None
    assert "bin/serve" in recipe.group(1)  # the same script as the Dockerfile's CMD (tests/test_deploy_files.py)
    assert "gunicorn -c ../gunicorn.conf.py config.asgi:application" in (REPO / "bin" / "serve").read_text()


def test_gunicorn_trusts_no_forwarded_headers_by_default(monkeypatch):
    # Not even from 127.0.0.1: the app decides whom to believe (common/client_ip.py, SECURE_PROXY_SSL_HEADER).
    assert _gunicorn_config(monkeypatch).forwarded_allow_ips == []


def test_gunicorn_uses_uvicorn_workers(monkeypatch):
    config = _gunicorn_config(monkeypatch)
    # uvicorn.workers.UvicornWorker is deprecated; the uvicorn-worker package's class is the supported one.
    assert config.worker_class_str == "uvicorn_worker.UvicornWorker"
    assert issubclass(config.worker_class, Worker)  # importable: the package is installed
    assert config.workers >= 1


def test_gunicorn_lets_a_reply_in_flight_finish(monkeypatch):
    config = _gunicorn_config(monkeypatch)
    # A restart waits for streams up to the longest turn; the worker heartbeat never kills a live stream first.
    assert config.graceful_timeout > settings.ASSISTANT_TURN_TIMEOUT_SECONDS
    assert config.timeout > settings.ASSISTANT_HEARTBEAT_SECONDS
    assert config.preload_app is False  # nothing (DB, Redis pool, event loop) is shared across fork


def test_gunicorn_settings_follow_the_environment(monkeypatch):
    config = _gunicorn_config(monkeypatch, GUNICORN_WORKERS="5", GUNICORN_GRACEFUL_TIMEOUT="300")
    assert (config.workers, config.graceful_timeout) == (5, 300)


FAKE_MAKE = """#!/usr/bin/env bash
echo "$* db=${DATABASE_URL:-sqlite} redis=${REDIS_URL:-embedded}" >> "$FAKE_MAKE_LOG"
if [ -z "${DATABASE_URL:-}" ]; then exit "$SQLITE_RC"; else exit "$POSTGRES_RC"; fi
"""


@pytest.mark.parametrize(
    ("sqlite_rc", "postgres_rc", "expected"),
    [(0, 0, 0), (2, 0, 1), (0, 2, 1), (5, 0, 1), (0, 5, 1)],  # 5: pytest collected nothing, never a pass
)
def test_ci_runs_both_databases_and_fails_if_either_fails(tmp_path, sqlite_rc, postgres_rc, expected):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "make").write_text(FAKE_MAKE)
    (bin_dir / "make").chmod(0o755)
    log = tmp_path / "make.log"
    env = {
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "FAKE_MAKE_LOG": str(log),
        "SQLITE_RC": str(sqlite_rc),
        "POSTGRES_RC": str(postgres_rc),
        "DATABASE_URL": "postgres://somewhere-else/ci",  # the caller's environment must not leak into run 1
        "REDIS_URL": "redis://somewhere-else/0",
    }
    result = subprocess.run([str(REPO / ".ci" / "run")], env=env, capture_output=True, text=True, timeout=30)
    assert result.returncode == expected, result.stdout + result.stderr
    assert log.read_text().splitlines() == [  # both suites always run, so one report shows both failures
        "test db=sqlite redis=embedded",
        "test db=postgres://postgres@127.0.0.1:5432/test redis=redis://127.0.0.1:6379/3",
    ]
