"""The chat start's admission step on both backends (the database, and Redis): rate window, owner, lock and
count in one step, in that order, with only an admitted message counted (assistant/admission.py)."""

from __future__ import annotations

import asyncio
import uuid

import pytest
from pydantic_ai.conversation import Conversation

from assistant import locks, ratelimit
from assistant.admission import Ask, admit
from assistant.history import get_store

pytestmark = pytest.mark.django_db(transaction=True)
NOW = 7_200.0  # inside one rate window for every call of a test


def _ask(rate_key: str, thread_id: str, *, scope: str, new: bool = False, limit: int = 3) -> Ask:
    return Ask(rate_key, limit, 3600, thread_id, new=new, scope=scope)


async def _saved_thread(scope: str) -> str:
    thread_id = str(uuid.uuid4())
    await get_store(ttl_seconds=3600).save(Conversation(conversation_id=thread_id), scope=scope)
    return thread_id


async def _count(rate_key: str) -> int:
    # Messages counted in the window, read without counting: peek refuses every limit up to the count.
    refused = [not (await ratelimit.peek(rate_key, limit=n, per_seconds=3600, now=NOW)).allowed for n in range(1, 11)]
    return sum(refused)


async def test_a_new_thread_is_admitted_locked_and_counted(store_backend):
    rate_key, thread_id = f"ip:{uuid.uuid4()}", str(uuid.uuid4())
    admission = await admit(
        _ask(rate_key, thread_id, scope="session:a", new=True), get_store(ttl_seconds=3600), now=NOW
    )
    assert admission.refused is None and admission.lock is not None and admission.rate.allowed
    assert await locks.acquire(thread_id) is None  # held
    assert await _count(rate_key) == 1
    await locks.release(admission.lock)


async def test_refusals_in_order_and_none_of_them_counted(store_backend):
    store = get_store(ttl_seconds=3600)
    rate_key = f"ip:{uuid.uuid4()}"
    mine = await _saved_thread("session:mine")
    theirs = await _saved_thread("session:theirs")

    async def ask(thread_id: str, **kwargs) -> str | None:
        return (await admit(_ask(rate_key, thread_id, scope="session:mine", **kwargs), store, now=NOW)).refused

    assert await ask(theirs) == "thread_not_found"  # someone else's thread answers like a missing one
    assert await ask(str(uuid.uuid4())) == "thread_not_found"
    held = await locks.acquire(mine)
    assert held is not None
    assert await ask(mine) == "thread_busy"
    assert await _count(rate_key) == 0
    await locks.release(held)
    for _ in range(3):
        admission = await admit(_ask(rate_key, str(uuid.uuid4()), scope="session:mine", new=True), store, now=NOW)
        assert admission.lock is not None
    full = await admit(_ask(rate_key, mine, scope="session:mine"), store, now=NOW)
    assert full.refused == "rate_limited" and not full.rate.allowed and full.rate.retry_after > 0
    assert full.lock is None and await locks.acquire(mine) is not None  # a refused message takes no lock


async def test_concurrent_messages_never_exceed_the_limit(store_backend):
    store = get_store(ttl_seconds=3600)
    rate_key = f"ip:{uuid.uuid4()}"
    admissions = await asyncio.gather(
        *(admit(_ask(rate_key, str(uuid.uuid4()), scope="session:a", new=True), store, now=NOW) for _ in range(6))
    )
    assert sum(a.refused is None for a in admissions) == 3
    assert all(a.refused == "rate_limited" for a in admissions if a.refused is not None)
