"""Whether a message may start a turn on a thread: the rate window, the thread's owner, and its lock.

One step instead of four (a second rate check, reading the record, taking the lock, counting the message):
on Redis one Lua script — one round trip, and atomic, so no other message can take the window's last place
between the check and the count — and on the database one thread hop. Under load every round trip waits a
whole turn of a busy event loop, and every database hop a thread handover.

Answers, in this order: rate limited, thread not found (also someone else's thread: its existence never
leaks), thread busy (409), admitted. Only an admitted message is counted against the rate limit.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Literal

from django.conf import settings
from pydantic_ai.conversation_store import ConversationStore

from assistant import locks, ratelimit
from assistant.history_stores import DatabaseConversationStore, RedisConversationStore
from assistant.history_stores.redis_client import redis_for
from common.db_hop import db_hop

Refusal = Literal["rate_limited", "thread_not_found", "thread_busy"]

# KEYS: rate window, lock, conversation record ("" for a new thread)
# ARGV: limit, window TTL, lock token, lock TTL, scope
_ADMIT = """
if tonumber(redis.call('GET', KEYS[1]) or '0') >= tonumber(ARGV[1]) then return 1 end
if KEYS[3] ~= '' and redis.call('HGET', KEYS[3], 'scope') ~= ARGV[5] then return 2 end
if not redis.call('SET', KEYS[2], ARGV[3], 'NX', 'EX', tonumber(ARGV[4])) then return 3 end
redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], tonumber(ARGV[2]))
return 0
"""
_REFUSALS: dict[int, Refusal] = {1: "rate_limited", 2: "thread_not_found", 3: "thread_busy"}


@dataclass(frozen=True)
class Admission:
    lock: locks.HeldLock | None  # held when admitted: the caller releases it when the stream ends
    refused: Refusal | None
    rate: ratelimit.RateDecision  # the window's answer (retry_after when rate limited)


@dataclass(frozen=True)
class Ask:
    """What is being asked: a message from `rate_key` on `thread_id` (an existing thread unless `new`)."""

    rate_key: str
    limit: int
    per_seconds: int
    thread_id: str
    new: bool
    scope: str


async def admit(ask: Ask, store: ConversationStore, *, now: float | None = None) -> Admission:
    window_start, retry_after = ratelimit.window(ask.per_seconds, now)
    token = uuid.uuid4().hex
    if settings.REDIS_URL:
        assert isinstance(store, RedisConversationStore)
        outcome = await _admit_redis(ask, store, window_start, token)
    else:
        assert isinstance(store, DatabaseConversationStore)
        outcome = await db_hop(_admit_db, ask, store, window_start, token)
    if outcome is None:
        return Admission(locks.HeldLock(ask.thread_id, token), None, ratelimit.RateDecision(True, 0))
    allowed = outcome != "rate_limited"
    return Admission(None, outcome, ratelimit.RateDecision(allowed, 0 if allowed else retry_after))


async def _admit_redis(ask: Ask, store: RedisConversationStore, window_start: int, token: str) -> Refusal | None:
    keys = [
        ratelimit.redis_key(ask.rate_key, window_start),
        locks.redis_key(ask.thread_id),
        "" if ask.new else store.record_key(ask.thread_id),
    ]
    args = [ask.limit, ask.per_seconds + 5, token, locks.LEASE_SECONDS, ask.scope]
    outcome = int(await redis_for(settings.REDIS_URL).eval(_ADMIT, len(keys), *keys, *args))
    return _REFUSALS.get(outcome)


def _admit_db(ask: Ask, store: DatabaseConversationStore, window_start: int, token: str) -> Refusal | None:
    if ratelimit.count_db(ask.rate_key, window_start) >= ask.limit:
        return "rate_limited"
    if not ask.new:
        record = store.read_record_sync(ask.thread_id)
        if record is None or record.scope != ask.scope:
            return "thread_not_found"
    if not locks.acquire_db(ask.thread_id, token, locks.LEASE_SECONDS):
        return "thread_busy"
    if ratelimit.hit_db(ask.rate_key, window_start, ask.per_seconds) > ask.limit:
        # Another worker's message took the window's last place between the check and the count.
        locks.release_db(locks.HeldLock(ask.thread_id, token))
        return "rate_limited"
    return None
