"""The start of a chat turn: from a valid request to the turn to stream and its thread's lock, or a refusal.

Round trips, each of which waits a full turn of a busy event loop under load: a rate check (so a client
over its limit costs no database work), a database hop for a signed-in visitor only (visitor.py), one admission step
(rate, owner, lock and count: admission.py), and for a returning thread the history (two Redis round trips
or two database hops). Refusals are JSON 4xx; STORE_OUTAGE errors propagate (the view answers 503).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.http import HttpRequest, JsonResponse
from pydantic_ai.conversation import Conversation

from assistant import locks, ratelimit, visitor
from assistant.admission import Ask, admit
from assistant.chat_request import ChatRequest
from assistant.history import get_store
from assistant.rate_refusal import rate_limited_response
from assistant.turn import Turn
from common.http import error_response


def make_deps(runtime: Any, user: Any, *, catalogue_stamp: str | None = None) -> Any:
    from assistant.deps import ChatDeps

    deps = ChatDeps.for_user(runtime.config, user)
    deps.catalogue_stamp = catalogue_stamp
    return deps


def thread_not_found() -> JsonResponse:
    # Also the answer for someone else's thread, so a thread's existence never leaks.
    return error_response(404, "thread_not_found", "This conversation was not found.", field="thread_id")


def thread_busy() -> JsonResponse:
    return error_response(409, "thread_busy", "A reply is still being written in this conversation.", field="thread_id")


def rate_limited(runtime: Any, decision: ratelimit.RateDecision) -> JsonResponse:
    rate, contact = runtime.config.agent.limits.rate_limit, runtime.config.agent.contact
    return rate_limited_response(
        decision, messages=rate.messages, per_seconds=rate.per_seconds, phone=contact.phone, email=contact.email
    )


async def accept(request: HttpRequest, runtime: Any, body: ChatRequest) -> JsonResponse | tuple[Turn, locks.HeldLock]:
    limits = runtime.config.agent.limits
    rate = limits.rate_limit
    rate_key = f"ip:{ratelimit.client_ip(request)}"
    decision = await ratelimit.peek(rate_key, limit=rate.messages, per_seconds=rate.per_seconds)
    if not decision.allowed:
        return rate_limited(runtime, decision)

    who = await visitor.resolve(request, catalogue=True)
    assert who.scope is not None
    store = get_store(ttl_seconds=limits.history_ttl_seconds)
    thread_id = str(body.thread_id or uuid.uuid4())
    ask = Ask(rate_key, rate.messages, rate.per_seconds, thread_id, new=body.thread_id is None, scope=who.scope)
    admission = await admit(ask, store)
    if admission.refused == "rate_limited":
        return rate_limited(runtime, admission.rate)
    if admission.refused == "thread_not_found":
        return thread_not_found()
    if admission.refused == "thread_busy":
        return thread_busy()
    lock = admission.lock
    assert lock is not None
    try:
        conversation = Conversation(conversation_id=thread_id)
        if body.thread_id is not None:
            loaded = await store.load(thread_id, scope=who.scope)
            if loaded is None:  # expired between the check and the lock
                await locks.release(lock)
                return thread_not_found()
            conversation = loaded
        turn = Turn(
            runtime=runtime,
            deps=make_deps(runtime, who.user, catalogue_stamp=who.catalogue_stamp),
            store=store,
            scope=who.scope,
            conversation=conversation,
            message=body.message,
            user_label=who.label,
        )
    except BaseException:
        await locks.release_quietly(lock)
        raise
    return turn, lock
