"""The static part of the system prompt, rendered once per catalogue version and day, shared by every turn.

Rendering it costs a dozen queries (~270 ZIP rows) and a template: ~30 ms, paid per model request before.
Now a turn reads the catalogue version (one indexed row, in the same database round as the session; see
views._request_context) and looks the text up here; only the first turn after an admin save renders again.
The day is part of the key because past peak dates drop out of the catalogue facts; the text is otherwise
byte-identical across days, which is what lets the model provider cache it.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from dataclasses import dataclass

from asgiref.sync import sync_to_async
from django.db import connections

from common.clock import now_ny

from .config.models import AgentConfig
from .prompt_facts import CatalogueFacts, load_catalogue_facts
from .prompts import render_static_prompt

_MAX_ENTRIES = 8  # a few configs (tests) × a version or two × today/tomorrow


@dataclass(frozen=True)
class _Entry:
    config: AgentConfig  # held so id(config) in the key can never be reused by another config
    text: str


_lock = threading.Lock()
_prompts: OrderedDict[tuple[int, str, dt.date], _Entry] = OrderedDict()
_facts: OrderedDict[tuple[str, dt.date], CatalogueFacts] = OrderedDict()
renders = 0  # how many times the static prompt was rendered in this process (tests, bench)


def cached_static_prompt(config: AgentConfig, *, stamp: str, now: dt.datetime | None) -> str | None:
    """The cached text for this catalogue version and day, or None (no database access)."""
    key = (id(config), stamp, now_ny(now).date())
    with _lock:
        entry = _prompts.get(key)
        if entry is None or entry.config is not config:
            return None
        _prompts.move_to_end(key)
        return entry.text


def catalogue_facts(*, stamp: str, today: dt.date) -> CatalogueFacts:
    """The catalogue facts of this version (sync: reads the database on a miss)."""
    with _lock:
        facts = _facts.get((stamp, today))
    if facts is None:
        facts = load_catalogue_facts(today=today)
        with _lock:
            _facts[(stamp, today)] = facts
            while len(_facts) > _MAX_ENTRIES:
                _facts.popitem(last=False)
    return facts


def static_prompt_sync(config: AgentConfig, *, now: dt.datetime | None, stamp: str | None = None) -> str:
    """The static prompt (sync: reads the catalogue version unless given, and the catalogue on a miss)."""
    global renders
    from catalogue import version_stamp

    stamp = stamp if stamp is not None else version_stamp.current()
    if (text := cached_static_prompt(config, stamp=stamp, now=now)) is not None:
        return text
    today = now_ny(now).date()
    if not stamp:  # no version row (a flushed database): render without caching
        return render_static_prompt(config, load_catalogue_facts(today=today))
    text = render_static_prompt(config, catalogue_facts(stamp=stamp, today=today))
    with _lock:
        renders += 1
        _prompts[(id(config), stamp, today)] = _Entry(config, text)
        while len(_prompts) > _MAX_ENTRIES:
            _prompts.popitem(last=False)
    return text


async def static_prompt(config: AgentConfig, *, now: dt.datetime | None, stamp: str | None) -> str:
    """The static prompt for a turn: from memory when the version is known and cached, else one thread hop."""
    if stamp and (text := cached_static_prompt(config, stamp=stamp, now=now)) is not None:
        return text
    return await sync_to_async(_on_own_connection)(config, now, stamp)


def _on_own_connection(config: AgentConfig, now: dt.datetime | None, stamp: str | None) -> str:
    # Outside a request (tests, the CLI's event loop) this runs on asgiref's shared thread: close what it opened.
    try:
        return static_prompt_sync(config, now=now, stamp=stamp)
    finally:
        if threading.current_thread() is not threading.main_thread():
            connections.close_all()


def clear() -> None:
    with _lock:
        _prompts.clear()
        _facts.clear()
