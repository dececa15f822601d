"""HTTP edge of the assistant: parse, rate-limit, resolve the owner and thread, then hand off to the stream.

Every refusal before streaming is JSON `{"error": {"code", "message", "field"}}` with a 4xx status;
after the stream starts, failures are `error` events (assistant/turn_errors.py).
"""

from __future__ import annotations

import functools
import importlib
import logging
import uuid
from dataclasses import dataclass
from functools import partial
from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import auth
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.middleware.csrf import get_token
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_GET, require_POST
from pydantic_ai.conversation import Conversation

from assistant import locks, ratelimit
from assistant.chat_request import BadChatRequest, ChatRequest, read_chat_request
from assistant.feedback import BadFeedback, find_reply, ratings_for_thread, read_feedback_request, record_feedback
from assistant.health import health_report, shows_detail
from assistant.history import get_store, owner_scope, transcript
from assistant.history_stores.outage import STORE_OUTAGE
from assistant.rate_refusal import rate_limited_response
from assistant.stream import SSE_HEADERS, sse_body
from assistant.tracing import configure_tracing
from assistant.turn import Turn, run_turn
from assistant.unavailable import unavailable_response
from assistant.widget_offer import widget_offer
from common.db_hop import db_hop
from common.http import error_response
from common.middleware import SESSION_COOKIE_PENDING

logger = logging.getLogger("assistant.views")


def current_runtime() -> Any:
    """The process's agent runtime (config, agent, mode, model_name). Tests swap this seam; the bench
    names a factory in settings.ASSISTANT_RUNTIME_FACTORY."""
    configure_tracing()  # once per process; nothing unless LOGFIRE_TOKEN / OTEL_EXPORTER_OTLP_ENDPOINT is set
    if settings.ASSISTANT_RUNTIME_FACTORY:
        return _factory_runtime(settings.ASSISTANT_RUNTIME_FACTORY)
    from assistant.runtime import get_runtime

    return get_runtime()


@functools.cache
def _factory_runtime(path: str) -> Any:
    module, _, name = path.partition(":")
    return getattr(importlib.import_module(module), name)()


def make_deps(runtime: Any, user: Any, *, catalogue_stamp: str | None = None) -> Any:
    from assistant.deps import ChatDeps

    deps = ChatDeps.for_user(runtime.config, user)
    deps.catalogue_stamp = catalogue_stamp
    return deps


def _thread_not_found() -> JsonResponse:
    # Also the answer for someone else's thread, so a thread's existence never leaks.
    return error_response(404, "thread_not_found", "This conversation was not found.", field="thread_id")


@dataclass(frozen=True)
class Visitor:
    scope: str | None  # the owner of their threads; None: an anonymous visitor without a session yet
    label: str  # for the log line: "user:<pk>" or "anon"
    user: Any
    catalogue_stamp: str | None  # the catalogue version this turn's prompt is for


def _resolve_visitor(request: HttpRequest, *, create: bool, catalogue: bool) -> Visitor:
    """Everything a chat request needs from the database, in one thread hop: the session, the user, a new
    session for a first-time visitor (`create`; written once, the middleware only sets its cookie), and the
    catalogue version (`catalogue`)."""
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
        session.save()  # creates it: the thread's owner needs the key now
        session.modified = False
        setattr(request, SESSION_COOKIE_PENDING, True)
    return Visitor(owner_scope(user_id=None, session_key=session.session_key), "anon", user, stamp)


async def _owner(request: HttpRequest, *, create: bool = True, catalogue: bool = False) -> Visitor:
    # Released at once: nothing else a Redis-backed turn does needs the connection, and the request's thread
    # would otherwise keep it until the stream ends (one PostgreSQL connection per open stream).
    return await db_hop(_resolve_visitor, request, create=create, catalogue=catalogue)


@require_POST
async def chat(request: HttpRequest) -> HttpResponse:
    try:
        runtime = current_runtime()
    except Exception as exc:  # noqa: BLE001 — e.g. a broken agent_config/: refuse clearly, the health check says why
        return _unavailable(exc)
    limits = runtime.config.agent.limits
    try:
        body = read_chat_request(request, max_message_chars=limits.max_message_chars)
    except BadChatRequest as exc:
        return error_response(exc.status, exc.code, exc.message, field=exc.field)
    try:
        accepted = await _accept(request, runtime, body)
    except STORE_OUTAGE as exc:
        return _unavailable(exc, runtime)
    if isinstance(accepted, HttpResponse):
        return accepted
    turn, lock = accepted
    response = StreamingHttpResponse(
        sse_body(
            partial(run_turn, turn),
            heartbeat_seconds=settings.ASSISTANT_HEARTBEAT_SECONDS,
            keepalive=partial(locks.renew, lock),
            keepalive_seconds=locks.RENEW_EVERY_SECONDS,
            on_close=partial(locks.release, lock),
        ),
        content_type="text/event-stream; charset=utf-8",
    )
    for name, value in SSE_HEADERS.items():
        response[name] = value
    return response


async def _accept(request: HttpRequest, runtime: Any, body: ChatRequest) -> HttpResponse | tuple[Turn, locks.HeldLock]:
    """The turn to stream and its thread's lock, or the refusal. Only an accepted message counts against the
    rate limit: a full window refuses at once (`peek`), and the message is counted once the thread is
    resolved and locked, so a 404 or 409 uses none of it."""
    limits = runtime.config.agent.limits
    rate = limits.rate_limit
    rate_key = f"ip:{ratelimit.client_ip(request)}"
    decision = await ratelimit.peek(rate_key, limit=rate.messages, per_seconds=rate.per_seconds)
    if not decision.allowed:
        return _rate_limited(runtime, decision)

    visitor = await _owner(request, catalogue=True)
    scope, user_label = visitor.scope, visitor.label
    assert scope is not None
    store = get_store(ttl_seconds=limits.history_ttl_seconds)
    thread_id = str(body.thread_id or uuid.uuid4())
    if body.thread_id is not None:
        record = await store.read_record(thread_id)
        if record is None or record.scope != scope:  # someone else's thread looks exactly like a missing one
            return _thread_not_found()

    lock = await locks.acquire(thread_id)
    if lock is None:
        return error_response(
            409, "thread_busy", "A reply is still being written in this conversation.", field="thread_id"
        )
    try:
        decision = await ratelimit.hit(rate_key, limit=rate.messages, per_seconds=rate.per_seconds)
        if not decision.allowed:  # another message from this client took the last place meanwhile
            await locks.release(lock)
            return _rate_limited(runtime, decision)
        conversation = Conversation(conversation_id=thread_id)
        if body.thread_id is not None:
            loaded = await store.load(thread_id, scope=scope)
            if loaded is None:  # expired between the check and the lock
                await locks.release(lock)
                return _thread_not_found()
            conversation = loaded
        turn = Turn(
            runtime=runtime,
            deps=make_deps(runtime, visitor.user, catalogue_stamp=visitor.catalogue_stamp),
            store=store,
            scope=scope,
            conversation=conversation,
            message=body.message,
            user_label=user_label,
        )
    except BaseException:
        await locks.release_quietly(lock)
        raise
    return turn, lock


def _rate_limited(runtime: Any, decision: ratelimit.RateDecision) -> JsonResponse:
    rate, contact = runtime.config.agent.limits.rate_limit, runtime.config.agent.contact
    return rate_limited_response(
        decision, messages=rate.messages, per_seconds=rate.per_seconds, phone=contact.phone, email=contact.email
    )


def _unavailable(exc: BaseException, runtime: Any = None) -> JsonResponse:
    """The runtime could not load (`runtime` None), or the conversation store (Redis or the database) is down."""
    return unavailable_response(exc, config=runtime.config if runtime is not None else None)


@require_GET
@ensure_csrf_cookie
async def csrf(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"csrf_token": get_token(request)})


@require_GET
async def thread(request: HttpRequest, thread_id: str) -> JsonResponse:
    try:
        runtime = current_runtime()
    except Exception as exc:  # noqa: BLE001 — the same JSON 503 as the chat endpoint, not an HTML 500
        return _unavailable(exc)
    try:
        thread_id = str(UUID(thread_id))
    except ValueError:
        return _thread_not_found()  # not an id we could ever have issued
    try:
        scope = (await _owner(request, create=False)).scope
        store = get_store(ttl_seconds=runtime.config.agent.limits.history_ttl_seconds)
        entries = None if scope is None else await store.load_entries(thread_id, scope=scope)
    except STORE_OUTAGE as exc:
        return _unavailable(exc, runtime)
    if entries is None:
        return _thread_not_found()
    assert scope is not None
    messages = transcript([e.message for e in entries], labels=_tool_labels(runtime), ids=[e.id for e in entries])
    ratings = await ratings_for_thread(str(thread_id), scope)
    return JsonResponse(
        {
            "thread_id": str(thread_id),
            "messages": [{**m.model_dump(mode="json"), "rating": ratings.get(m.message_id or "")} for m in messages],
        }
    )


def _tool_labels(runtime: Any) -> dict[str, str]:
    return {name: tool.label for name, tool in runtime.config.tools.items()}


@require_POST
async def feedback(request: HttpRequest, thread_id: UUID) -> JsonResponse:
    """A thumbs up/down (and optional comment) on one of the owner's replies: 200 with the stored rating."""
    try:
        runtime = current_runtime()
    except Exception as exc:  # noqa: BLE001 — the same JSON 503 as the chat endpoint
        return _unavailable(exc)
    try:
        body = read_feedback_request(request)
    except BadFeedback as exc:
        return error_response(exc.status, exc.code, exc.message, field=exc.field)
    decision = await ratelimit.hit(
        f"feedback:ip:{ratelimit.client_ip(request)}",
        limit=settings.ASSISTANT_FEEDBACK_PER_HOUR,
        per_seconds=3600,
    )
    if not decision.allowed:
        response = error_response(
            429, "rate_limited", "Too many ratings. Please try again later.", retry_after=decision.retry_after
        )
        response["Retry-After"] = str(decision.retry_after)
        return response
    visitor = await _owner(request, create=False)
    scope, user = visitor.scope, visitor.user
    if scope is None:
        return _thread_not_found()
    store = get_store(ttl_seconds=runtime.config.agent.limits.history_ttl_seconds)
    entries = await store.load_entries(str(thread_id), scope=scope)
    if entries is None:  # someone else's thread answers exactly like a missing one
        return _thread_not_found()
    rated = find_reply(entries, message_id=body.message_id, labels=_tool_labels(runtime))
    if rated is None:
        return error_response(404, "message_not_found", "This reply was not found.", field="message_id")
    saved = await record_feedback(
        thread_id=str(thread_id),
        scope=scope,
        user_id=user.pk if user.is_authenticated else None,
        rated=rated,
        request=body,
    )
    return JsonResponse({"message_id": saved.message_id, "rating": saved.rating, "comment": saved.comment})


@require_GET
async def widget(request: HttpRequest) -> JsonResponse:
    """The widget's greeting, starters, message limit and contact details (agent.yaml `widget`, `contact`)."""
    try:
        runtime = current_runtime()
    except Exception as exc:  # noqa: BLE001 — the same JSON 503 as the chat endpoint
        return _unavailable(exc)
    user = await request.auser()
    first_name = (user.first_name or user.get_username()) if user.is_authenticated else None
    offer = widget_offer(runtime.config, first_name=first_name)
    response = JsonResponse(offer.model_dump(mode="json"))
    response["Cache-Control"] = "private, no-cache"  # personal greeting; config changes show on the next page
    return response


@require_GET
async def health(request: HttpRequest) -> JsonResponse:
    runtime, failure = None, None
    try:
        runtime = current_runtime()
    except Exception as exc:  # noqa: BLE001 — a runtime that cannot load is exactly what health reports
        failure = exc
    status, body = await health_report(runtime, failure=failure, detailed=await shows_detail(request))
    return JsonResponse(body, status=status)
