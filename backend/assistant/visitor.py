"""Who is asking: the owner scope of their threads, from the signed-in user or the anonymous visitor's key.

An anonymous visitor is known by a random key in a cookie of its own (`VISITOR_COOKIE`: HttpOnly, as secret
as a session key), which owns their threads. Nothing is stored for it: their threads are the only server
state. It replaced a Django session created for every first-time visitor, whose INSERT (and SELECT on
every later turn) on a database thread was ~5 ms of CPU of a ~26 ms turn in `make bench`. Signing in or
out forgets the key (storefront/views.py), as cycling the session did, so threads never cross an account.

Only a request carrying a session cookie can be signed in; it takes one thread hop for the session, the
user and, when it is not in memory, the catalogue version the turn's prompt is for (catalogue/
version_stamp.py). The connection goes back at once (common/db_hop.py). An anonymous visitor's turn does
no database work at all unless the remembered catalogue version has expired.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import auth
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.http import HttpRequest, HttpResponseBase
from django.utils.crypto import get_random_string

from assistant.history import owner_scope
from catalogue import version_stamp
from common.db_hop import db_hop

VISITOR_COOKIE = "totetaxi_chat"
_NEW_KEY = "_assistant_new_visitor_key"  # on a request whose visitor got a key just now: the response sets it
_KEY = re.compile(r"[a-z0-9]{32}")  # what get_random_string(32, VALID_KEY_CHARS) makes, as a session key


@dataclass(frozen=True)
class Visitor:
    scope: str | None  # the owner of their threads; None: an anonymous visitor without a key yet
    label: str  # for the log line: "user:<pk>" or "anon"
    user: Any
    catalogue_stamp: str | None  # the catalogue version this turn's prompt is for


async def resolve(request: HttpRequest, *, create: bool = True, catalogue: bool = False) -> Visitor:
    """The visitor; `create` gives a first-time visitor a key (their threads need an owner), `catalogue`
    also gives the catalogue version."""
    stamp = version_stamp.remembered() if catalogue else None
    if settings.SESSION_COOKIE_NAME in request.COOKIES or (catalogue and stamp is None):
        return await db_hop(resolve_sync, request, create=create, catalogue=catalogue)
    return _anonymous(request, AnonymousUser(), create=create, stamp=stamp)


def resolve_sync(request: HttpRequest, *, create: bool, catalogue: bool) -> Visitor:
    user = auth.get_user(request)
    stamp = version_stamp.current() if catalogue else None
    if user.is_authenticated:
        request._cached_user = request._acached_user = user  # what request.user / request.auser() return
        return Visitor(owner_scope(user_id=user.pk, session_key=None), f"user:{user.pk}", user, stamp)
    return _anonymous(request, user, create=create, stamp=stamp)


def _anonymous(request: HttpRequest, user: Any, *, create: bool, stamp: str | None) -> Visitor:
    request._cached_user = request._acached_user = user
    key = request.COOKIES.get(VISITOR_COOKIE, "")
    if not _KEY.fullmatch(key):
        if not create:
            return Visitor(None, "anon", user, stamp)
        key = get_random_string(32, VALID_KEY_CHARS)
        setattr(request, _NEW_KEY, key)
    return Visitor(owner_scope(user_id=None, session_key=key), "anon", user, stamp)


def remember(request: HttpRequest, response: HttpResponseBase) -> None:
    """Set the cookie of a visitor who got a key in this request."""
    key = getattr(request, _NEW_KEY, None)
    if key is not None:
        response.set_cookie(
            VISITOR_COOKIE,
            key,
            max_age=settings.SESSION_COOKIE_AGE,
            path="/",
            secure=settings.SESSION_COOKIE_SECURE or None,
            httponly=True,
            samesite=settings.SESSION_COOKIE_SAMESITE,
        )


def forget(response: HttpResponseBase) -> None:
    """End the anonymous visitor's ownership of their threads (on sign-in and sign-out)."""
    response.delete_cookie(VISITOR_COOKIE, path="/", samesite=settings.SESSION_COOKIE_SAMESITE)
