"""Who is asking: the owner scope of their threads, from the session or the signed-in user.

Everything a chat request needs from the database happens in one thread hop: the session, the user, a new
session for a first-time visitor, and the catalogue version the turn's prompt is for. The connection goes
back at once (common/db_hop.py): nothing else a Redis-backed turn does needs it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import auth
from django.http import HttpRequest

from assistant.history import owner_scope
from common.db_hop import db_hop
from common.middleware import SESSION_COOKIE_PENDING


@dataclass(frozen=True)
class Visitor:
    scope: str | None  # the owner of their threads; None: an anonymous visitor without a session yet
    label: str  # for the log line: "user:<pk>" or "anon"
    user: Any
    catalogue_stamp: str | None  # the catalogue version this turn's prompt is for


async def resolve(request: HttpRequest, *, create: bool = True, catalogue: bool = False) -> Visitor:
    """The visitor; `create` gives a first-time visitor a session (their threads need an owner), `catalogue`
    also reads the catalogue version."""
    return await db_hop(resolve_sync, request, create=create, catalogue=catalogue)


def resolve_sync(request: HttpRequest, *, create: bool, catalogue: bool) -> Visitor:
    user = auth.get_user(request)
    request._cached_user = request._acached_user = user  # what request.user / request.auser() return
    stamp = None
    if catalogue:
        from catalogue.models import CatalogueVersion

        stamp = CatalogueVersion.current()
    if user.is_authenticated:
        return Visitor(owner_scope(user_id=user.pk, session_key=None), f"user:{user.pk}", user, stamp)
    session = request.session
    if not session.session_key:
        if not create:
            return Visitor(None, "anon", user, stamp)
        session["assistant_visitor"] = True
        session.save()  # creates it (written once: the middleware then only sets its cookie)
        session.modified = False
        setattr(request, SESSION_COOKIE_PENDING, True)
    return Visitor(owner_scope(user_id=None, session_key=session.session_key), "anon", user, stamp)
