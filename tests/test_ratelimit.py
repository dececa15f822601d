"""Rate limit and thread locks on both shared backends (the database, and Redis when REDIS_URL is set)."""

from __future__ import annotations

import asyncio
import uuid

import pytest

from assistant import locks, ratelimit

pytestmark = pytest.mark.django_db(transaction=True)


async def test_counts_per_key_and_refuses_over_the_limit(store_backend):
    key = f"ip:{uuid.uuid4()}"
    now = 1_000_000.0  # a window start (multiple of 3600 is not needed: windows are floor(now / per) * per)
    decisions = [await ratelimit.hit(key, limit=3, per_seconds=3600, now=now) for _ in range(4)]
    assert [d.allowed for d in decisions] == [True, True, True, False]
    window_end = (now // 3600 + 1) * 3600
    assert decisions[-1].retry_after == int(window_end - now)
    assert (await ratelimit.hit(f"ip:{uuid.uuid4()}", limit=3, per_seconds=3600, now=now)).allowed  # other client


async def test_next_window_starts_fresh(store_backend):
    key = f"ip:{uuid.uuid4()}"
    assert (await ratelimit.hit(key, limit=1, per_seconds=60, now=600.0)).allowed
    assert not (await ratelimit.hit(key, limit=1, per_seconds=60, now=659.0)).allowed
    assert (await ratelimit.hit(key, limit=1, per_seconds=60, now=660.0)).allowed


async def test_concurrent_hits_are_counted_exactly(store_backend):
    key = f"ip:{uuid.uuid4()}"
    decisions = await asyncio.gather(*(ratelimit.hit(key, limit=5, per_seconds=3600, now=7200.0) for _ in range(8)))
    assert sum(d.allowed for d in decisions) == 5


async def test_one_holder_per_thread(store_backend):
    thread_id = str(uuid.uuid4())
    held = await locks.acquire(thread_id)
    assert held is not None
    assert await locks.acquire(thread_id) is None
    assert await locks.acquire(str(uuid.uuid4())) is not None  # other threads are independent
    await locks.release(held)
    again = await locks.acquire(thread_id)
    assert again is not None
    await locks.release(held)  # a stale holder's release leaves the new holder's lock alone
    assert await locks.acquire(thread_id) is None


async def test_lease_expires_unless_renewed(store_backend):
    renewed, abandoned = str(uuid.uuid4()), str(uuid.uuid4())
    keep = await locks.acquire(renewed, ttl_seconds=1)
    await locks.acquire(abandoned, ttl_seconds=1)
    await asyncio.sleep(0.6)
    await locks.renew(keep, ttl_seconds=5)
    await asyncio.sleep(1.0)
    assert await locks.acquire(renewed) is None  # still held: the lease was renewed
    assert await locks.acquire(abandoned) is not None  # the dead holder's lease ran out
