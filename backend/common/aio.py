"""Awaiting cleanup that must not hold anything up: bounded in time, never raising.

`asyncio.wait_for` is not enough for this: on timeout it cancels the inner task and then waits for it to
finish, and a client library that swallows the cancellation (redis-py has done so mid-command) makes
that wait unbounded. Here the work runs as its own task; past the deadline it is cancelled and left to
finish on its own (kept referenced until it does), and the caller moves on.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Iterable

logger = logging.getLogger("assistant.cleanup")

_abandoned: set[asyncio.Future[object]] = set()  # past their deadline: referenced until they finish


async def settle(awaitable: Awaitable[object], *, timeout: float, what: str) -> bool:
    """Await `awaitable` for at most `timeout` seconds. True if it finished without an exception."""
    task = asyncio.ensure_future(awaitable)
    return await settle_all([task], timeout=timeout, what=what)


async def settle_all(tasks: Iterable[asyncio.Future[object]], *, timeout: float, what: str) -> bool:
    """Wait for `tasks` at most `timeout` seconds; cancel and abandon any still running. True if all
    finished cleanly (a cancelled task counts as clean: it was asked to stop)."""
    pending = {task for task in tasks}
    if not pending:
        return True
    try:
        done, still_running = await asyncio.wait(pending, timeout=timeout)
    except asyncio.CancelledError:
        for task in pending:
            _abandon(task)
        raise
    clean = True
    for task in still_running:
        logger.warning("%s did not finish within %.1f s; left to finish on its own", what, timeout)
        _abandon(task)
        clean = False
    for task in done:
        if not task.cancelled() and task.exception() is not None:
            logger.warning("%s failed: %r", what, task.exception())
            clean = False
    return clean


def _abandon(task: asyncio.Future[object]) -> None:
    if task.done():
        return
    task.cancel()
    _abandoned.add(task)
    task.add_done_callback(_forget)


def _forget(task: asyncio.Future[object]) -> None:
    _abandoned.discard(task)
    if not task.cancelled() and task.exception() is not None:
        pass  # retrieved, so asyncio does not log "exception was never retrieved"
