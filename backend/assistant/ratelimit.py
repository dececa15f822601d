"""Messages per client IP in fixed windows, shared by every worker (Redis when REDIS_URL is set, else the DB).

A fixed window (not a sliding log) keeps each check to one atomic increment; the cost is that a
client can send up to twice the limit across a window boundary, which this limit tolerates.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from assistant.history_stores.redis_client import redis_for, redis_prefix
from assistant.models import RateLimitWindow
from common.client_ip import client_ip  # noqa: F401 - the rate limit's identity; views call ratelimit.client_ip
from common.db_hop import db_hop


@dataclass(frozen=True)
class RateDecision:
    allowed: bool
    retry_after: int  # seconds until the window resets (0 when allowed)


def window(per_seconds: int, now: float | None = None) -> tuple[int, int]:
    """(start of the fixed window `now` falls in, seconds until it resets)."""
    now = time.time() if now is None else now
    window_start = int(now // per_seconds) * per_seconds
    return window_start, max(1, int(window_start + per_seconds - now + 0.999))


def redis_key(key: str, window_start: int) -> str:
    return f"{redis_prefix()}rate:{key}:{window_start}"


async def hit(key: str, *, limit: int, per_seconds: int, now: float | None = None) -> RateDecision:
    """Count one message for `key`; refuse it when the window already holds `limit` messages."""
    window_start, retry_after = window(per_seconds, now)
    if settings.REDIS_URL:
        count = await _hit_redis(key, window_start, per_seconds)
    else:
        count = await db_hop(hit_db, key, window_start, per_seconds)
    return RateDecision(True, 0) if count <= limit else RateDecision(False, retry_after)


async def peek(key: str, *, limit: int, per_seconds: int, now: float | None = None) -> RateDecision:
    """Whether `key`'s window still has room, counting nothing (refuse early, count only accepted messages)."""
    window_start, retry_after = window(per_seconds, now)
    if settings.REDIS_URL:
        count = int(await redis_for(settings.REDIS_URL).get(redis_key(key, window_start)) or 0)
    else:
        count = await db_hop(count_db, key, window_start)
    return RateDecision(True, 0) if count < limit else RateDecision(False, retry_after)


def count_db(key: str, window_start: int) -> int:
    row = RateLimitWindow.objects.filter(key=key, window_start=window_start).values_list("count", flat=True).first()
    return row or 0


async def _hit_redis(key: str, window_start: int, per_seconds: int) -> int:
    redis = redis_for(settings.REDIS_URL)
    name = redis_key(key, window_start)
    async with redis.pipeline(transaction=True) as pipe:
        pipe.incr(name)
        pipe.expire(name, per_seconds + 5)
        count, _ = await pipe.execute()
    return int(count)


def hit_db(key: str, window_start: int, per_seconds: int) -> int:
    expires_at = timezone.now() + timedelta(seconds=per_seconds + 5)
    for _ in range(3):
        try:
            with transaction.atomic():
                updated = RateLimitWindow.objects.filter(key=key, window_start=window_start).update(
                    count=F("count") + 1
                )
                if not updated:
                    RateLimitWindow.objects.create(key=key, window_start=window_start, count=1, expires_at=expires_at)
                    RateLimitWindow.objects.filter(expires_at__lte=timezone.now()).delete()
                return RateLimitWindow.objects.get(key=key, window_start=window_start).count
        except IntegrityError:
            continue  # another worker created this window first: increment theirs
    raise RuntimeError("rate-limit window could not be created")
