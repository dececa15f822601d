"""One active stream per thread: a second concurrent turn on a thread gets 409 instead of racing.

The lock is a short lease (`LEASE_SECONDS`) that the stream renews while it runs, so a worker that dies
mid-stream, or a response the server never started (client gone at once), blocks the thread only until
the lease runs out. Renew and release touch only the holder's own lock (compared by token).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from assistant.history_stores.redis_client import redis_for, redis_prefix
from assistant.models import ThreadLock
from common.aio import settle
from common.db_hop import db_hop

LEASE_SECONDS = 30
RENEW_EVERY_SECONDS = 10
# Renewing or releasing never holds a stream open longer than this: past it the lease simply runs out.
CLEANUP_SECONDS = 1.0

_RENEW = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('EXPIRE', KEYS[1], ARGV[2]) end
return 0
"""

_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0
"""


@dataclass(frozen=True)
class HeldLock:
    thread_id: str
    token: str


async def acquire(thread_id: str, *, ttl_seconds: int = LEASE_SECONDS) -> HeldLock | None:
    """The lock, or None when another stream on this thread holds it."""
    token = uuid.uuid4().hex
    if settings.REDIS_URL:
        ok = await redis_for(settings.REDIS_URL).set(redis_key(thread_id), token, nx=True, ex=ttl_seconds)
    else:
        ok = await db_hop(acquire_db, thread_id, token, ttl_seconds)
    return HeldLock(thread_id, token) if ok else None


async def renew(lock: HeldLock, *, ttl_seconds: int = LEASE_SECONDS) -> None:
    """Extend the lease of a lock we still hold (a no-op if it expired and someone else took it)."""
    if settings.REDIS_URL:
        await redis_for(settings.REDIS_URL).eval(_RENEW, 1, redis_key(lock.thread_id), lock.token, ttl_seconds)
    else:
        await db_hop(_renew_db, lock, ttl_seconds)


async def release(lock: HeldLock) -> None:
    if settings.REDIS_URL:
        await redis_for(settings.REDIS_URL).eval(_RELEASE, 1, redis_key(lock.thread_id), lock.token)
    else:
        await db_hop(release_db, lock)


async def release_quietly(lock: HeldLock, *, timeout: float = CLEANUP_SECONDS) -> bool:
    """Release without raising and within `timeout` (the end of a stream, a refusal after acquiring).
    False when the store could not be reached in time: the lease then expires by itself."""
    return await settle(release(lock), timeout=timeout, what=f"releasing the lock of thread {lock.thread_id}")


def redis_key(thread_id: str) -> str:
    return f"{redis_prefix()}lock:{thread_id}"


def acquire_db(thread_id: str, token: str, ttl_seconds: int) -> bool:
    now = timezone.now()
    try:
        with transaction.atomic():
            ThreadLock.objects.filter(thread_id=thread_id, expires_at__lte=now).delete()  # an abandoned lease
            ThreadLock.objects.create(thread_id=thread_id, token=token, expires_at=now + timedelta(seconds=ttl_seconds))
    except IntegrityError:
        return False
    return True


def _renew_db(lock: HeldLock, ttl_seconds: int) -> None:
    ThreadLock.objects.filter(thread_id=lock.thread_id, token=lock.token).update(
        expires_at=timezone.now() + timedelta(seconds=ttl_seconds)
    )


def release_db(lock: HeldLock) -> None:
    ThreadLock.objects.filter(thread_id=lock.thread_id, token=lock.token).delete()
