"""One `redis.asyncio` client per event loop: a client's connections belong to the loop that opened them."""

from __future__ import annotations

import asyncio
import weakref

import redis.asyncio as aioredis
from django.conf import settings

# Connections per worker process. Past that a command waits (up to POOL_WAIT_SECONDS, then a ConnectionError:
# the 503 of a store outage) instead of failing at once: at 200 streams a busy loop had over 100 commands in
# flight per worker and redis-py's default pool refused the rest with "Too many connections".
MAX_CONNECTIONS = 100
POOL_WAIT_SECONDS = 5.0

_clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, dict[str, aioredis.Redis]] = weakref.WeakKeyDictionary()


def redis_for(url: str) -> aioredis.Redis:
    """The client for `url` on the running loop (DB 3 unless the URL names one, as the deployment expects)."""
    loop = asyncio.get_running_loop()
    per_loop = _clients.setdefault(loop, {})
    client = per_loop.get(url)
    if client is None:
        kwargs = {} if _names_db(url) else {"db": 3}
        pool = aioredis.BlockingConnectionPool.from_url(
            url,
            max_connections=MAX_CONNECTIONS,
            timeout=POOL_WAIT_SECONDS,
            socket_connect_timeout=2,
            socket_timeout=5,
            **kwargs,
        )
        client = aioredis.Redis.from_pool(pool)  # the client owns the pool: closing it closes both
        per_loop[url] = client
    return client


def _names_db(url: str) -> bool:
    path = url.split("://", 1)[-1].split("?", 1)[0]
    return "/" in path and path.rsplit("/", 1)[1] != ""


def redis_prefix() -> str:
    """Where the assistant's keys live in Redis ("assistant:" unless settings.ASSISTANT_REDIS_PREFIX says)."""
    return getattr(settings, "ASSISTANT_REDIS_PREFIX", "assistant:")
