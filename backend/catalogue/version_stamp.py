"""The catalogue version a chat turn's prompt is for: read from the database at most every few seconds.

Every catalogue save bumps the version (catalogue/signals.py), and the prompt cache keys on it
(assistant/prompt_cache.py). Reading it was the one query left in an anonymous visitor's turn once their key
replaced the session (assistant/visitor.py). A process now keeps the stamp it read for `settings.CATALOGUE_STAMP_SECONDS` (2 s by
default): an edit saved in another worker process reaches this one's prompts within that time, and an edit
saved in this process at once (`forget`, on the save and again on its commit).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from django.conf import settings

_lock = threading.Lock()
_seen: tuple[str, float] | None = None  # (stamp, when it was read: time.monotonic())
clock: Callable[[], float] = time.monotonic  # tests move time by replacing this


def remembered() -> str | None:
    """The stamp read less than CATALOGUE_STAMP_SECONDS ago, or None (no database access)."""
    seen = _seen
    if seen is None or clock() - seen[1] >= settings.CATALOGUE_STAMP_SECONDS:
        return None
    return seen[0]


def current() -> str:
    """The stamp, from memory or with one indexed read (sync: call it where the database may be used)."""
    global _seen
    if (stamp := remembered()) is not None:
        return stamp
    from catalogue.models import CatalogueVersion

    read_at = clock()
    stamp = CatalogueVersion.current()
    if stamp:  # "" is a flushed database: nothing may be cached for it
        with _lock:
            _seen = (stamp, read_at)
    return stamp


def forget() -> None:
    global _seen
    with _lock:
        _seen = None
