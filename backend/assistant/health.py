"""GET /api/assistant/health/: can this process serve a chat turn right now?"""

from __future__ import annotations

import asyncio
from typing import Any

from assistant.history import get_store


async def health_report(runtime: Any | None) -> tuple[int, dict[str, Any]]:
    """(HTTP status, body). 503 when the agent did not load or the history store does not answer,
    since a turn could then neither run nor be saved."""
    if runtime is None:
        return 503, {"status": "degraded", "mode": None, "model": None, "store": "unknown", "config": None}
    store = get_store(ttl_seconds=runtime.config.agent.limits.history_ttl_seconds)
    try:
        await asyncio.wait_for(store.ping(), timeout=2)
        store_state = "ok"
    except Exception:  # noqa: BLE001 — any failure to answer is "down"
        store_state = "down"
    body = {
        "status": "ok" if store_state == "ok" else "degraded",
        "mode": runtime.mode,
        "model": runtime.model_name,
        "store": store_state,
        "config": runtime.config.config_hash,
    }
    return (200 if store_state == "ok" else 503), body
