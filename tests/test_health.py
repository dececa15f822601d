"""GET /api/assistant/health/: 200 while a turn can run and be saved, 503 otherwise."""

from __future__ import annotations

import httpx
import pytest

from assistant.runtime import get_runtime, reset_runtime
from tests.chat_support import ScriptedModel


async def _health(base_url: str) -> httpx.Response:
    async with httpx.AsyncClient(base_url=base_url) as client:
        return await client.get("/api/assistant/health/")


async def test_healthy_with_the_real_runtime(chat_server):
    reset_runtime()
    runtime = get_runtime()
    response = await _health(chat_server)
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "mode": runtime.mode,
        "model": runtime.model_name,
        "store": "ok",
        "config": runtime.config.config_hash,
        "checks": {"config": "ok", "agent": "ok", "store": "ok"},
    }


async def test_store_down_is_503_degraded(chat_server, chat_runtime, settings):
    chat_runtime(ScriptedModel([]))
    settings.REDIS_URL = "redis://127.0.0.1:1/3"  # nothing listens on port 1
    response = await _health(chat_server)
    assert response.status_code == 503
    assert response.json()["status"] == "degraded" and response.json()["store"] == "down"
    assert response.json()["failed"] == "store" and response.json()["checks"]["store"] == "down"


async def test_runtime_that_cannot_load_is_503(chat_server, monkeypatch):
    def broken():
        raise RuntimeError("agent_config/ is broken")

    monkeypatch.setattr("assistant.views.current_runtime", broken)
    response = await _health(chat_server)
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "degraded" and body["mode"] is None
    assert body["failed"] == "agent" and body["reason"] == "agent_unavailable"
    assert body["checks"] == {"config": "ok", "agent": "failed", "store": "ok"}


@pytest.mark.parametrize("method", ["post", "put"])
async def test_only_get(chat_server, method):
    async with httpx.AsyncClient(base_url=chat_server) as client:
        response = await getattr(client, method)("/api/assistant/health/")
    assert response.status_code in (403, 405)
