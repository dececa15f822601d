"""The 429 a customer gets for too many messages: what the limit is, when they can write again, whom to call.

The widget words it in the customer's own clock ("20 messages an hour — you can write again at 9:42 PM")
from `limit`, `retry_at` and `contact`; `message` is the same in words for any other client.
"""

from __future__ import annotations

import datetime as dt

from django.http import JsonResponse

from assistant.ratelimit import RateDecision
from common.http import error_response


def per_window(seconds: int) -> str:
    """3600 → "an hour", 60 → "a minute", 86400 → "a day", 1800 → "every 30 minutes"."""
    named = {60: "a minute", 3600: "an hour", 86400: "a day"}
    if seconds in named:
        return named[seconds]
    if seconds % 3600 == 0:
        return f"every {seconds // 3600} hours"
    if seconds % 60 == 0:
        return f"every {seconds // 60} minutes"
    return f"every {seconds} seconds"


def wait_words(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = -(-seconds // 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def rate_limited_response(
    decision: RateDecision, *, messages: int, per_seconds: int, phone: str, email: str, now: dt.datetime | None = None
) -> JsonResponse:
    now = now or dt.datetime.now(dt.UTC)
    retry_at = (now + dt.timedelta(seconds=decision.retry_after)).replace(microsecond=0)
    text = (
        f"You've reached the limit of {messages} message{'s' if messages != 1 else ''} {per_window(per_seconds)}. "
        f"You can write again in {wait_words(decision.retry_after)}. "
        f"If it can't wait, call us at {phone} or email {email}."
    )
    response = error_response(
        429,
        "rate_limited",
        text,
        retry_after=decision.retry_after,
        retry_at=retry_at.isoformat().replace("+00:00", "Z"),
        limit={"messages": messages, "per_seconds": per_seconds},
        contact={"phone": phone, "email": email},
    )
    response["Retry-After"] = str(decision.retry_after)
    return response
