"""GET /api/assistant/health/: can this process serve a chat turn right now, and if not, which check failed?

Three checks: `config` (agent_config/ loads), `agent` (the model and agent were built), `store` (the
conversation store answers a ping). Anyone (a load balancer, a status page) sees each check, the failed one,
its category and a summary; staff signed in, and everyone under DEBUG, also see `problems`: the file, line
and hint of each config problem (assistant/unavailable.py says why not everyone).
"""

from __future__ import annotations

import asyncio
from typing import Any

from django.conf import settings
from django.http import HttpRequest

from assistant.history import get_store
from assistant.unavailable import describe

# The store is pinged even when the config did not load; the TTL only matters for writes.
PING_TTL_SECONDS = 86400
DETAIL_ELSEWHERE = "File, line and hint: sign in as staff and reload, see the server log, or run make check-config."


async def shows_detail(request: HttpRequest) -> bool:
    if settings.DEBUG:
        return True
    user = await request.auser()
    return bool(user.is_authenticated and user.is_staff)


async def health_report(
    runtime: Any | None, *, failure: BaseException | None = None, detailed: bool = False
) -> tuple[int, dict[str, Any]]:
    """(HTTP status, body). 503 when the agent did not load (`failure` says why) or the history store does not
    answer, since a turn could then neither run nor be saved."""
    ttl = runtime.config.agent.limits.history_ttl_seconds if runtime is not None else PING_TTL_SECONDS
    store_state = await _ping(ttl)
    if runtime is None:
        return 503, _not_loaded(failure, store_state, detailed=detailed)
    body = {
        "status": "ok" if store_state == "ok" else "degraded",
        "mode": runtime.mode,
        "model": runtime.model_name,
        "store": store_state,
        "config": runtime.config.config_hash,
        "checks": {"config": "ok", "agent": "ok", "store": store_state},
    }
    if store_state != "ok":
        body.update(failed="store", reason="store_down", summary="The conversation store does not answer.")
    return (200 if store_state == "ok" else 503), body


def _not_loaded(failure: BaseException | None, store_state: str, *, detailed: bool) -> dict[str, Any]:
    described = describe(failure if failure is not None else RuntimeError("the assistant did not load"))
    config_state = "failed" if described.check == "config" else "ok"
    agent_state = "not built" if described.check == "config" else "failed"
    body: dict[str, Any] = {
        "status": "degraded",
        "mode": None,
        "model": None,
        "store": store_state,
        "config": None,
        "checks": {"config": config_state, "agent": agent_state, "store": store_state},
        "failed": described.check,
        "reason": described.reason,
        "summary": described.summary,
    }
    if detailed:
        body["problems"] = list(described.details)
    else:
        body["detail"] = DETAIL_ELSEWHERE
    return body


async def _ping(ttl_seconds: int) -> str:
    try:
        await asyncio.wait_for(get_store(ttl_seconds=ttl_seconds).ping(), timeout=2)
    except Exception:  # noqa: BLE001 — any failure to answer is "down"
        return "down"
    return "ok"
