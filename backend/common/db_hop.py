"""Database work from async code: one thread hop, and the connection handed back before the hop returns.

Under ASGI Django runs `sync_to_async` work on a thread of the request's own, and a connection opened
there stays open until the response ends. For a chat stream that is the whole reply: with the stores in
the database, every open stream held a connection (200 streams, 200 PostgreSQL connections; the pool's
few would run out). So each hop closes what it opened — on PostgreSQL that returns it to the pool
(config/settings.py), on SQLite it closes a file. A connection inside a transaction (a test's) is left be.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ParamSpec, TypeVar

from asgiref.sync import sync_to_async
from django.db import connections

P = ParamSpec("P")
T = TypeVar("T")


def release_connections() -> None:
    """Hand back this thread's database connections (kept while in an atomic block: a test's transaction)."""
    for connection in connections.all(initialized_only=True):
        if not connection.in_atomic_block:
            connection.close()


def released(func: Callable[P, T]) -> Callable[P, T]:
    """`func`, then `release_connections()` however it ended."""

    def run(*args: P.args, **kwargs: P.kwargs) -> T:
        try:
            return func(*args, **kwargs)
        finally:
            release_connections()

    return run


async def db_hop(func: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """`func(*args, **kwargs)` on the request's database thread, its connection released afterwards."""
    return await sync_to_async(released(func))(*args, **kwargs)
