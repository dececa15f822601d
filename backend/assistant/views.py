"""HTTP edge of the assistant: parse, rate-limit, resolve the owner and thread, then hand off to the stream.

Every refusal before streaming is JSON `{"error": {"code", "message", "field"}}` with a 4xx status;
after the stream starts, failures are `error` events (assistant/turn_errors.py).
"""

from __future__ import annotations

import functools
import importlib
import logging
import uuid
from functools import partial
from typing import Any
from uuid import UUID

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.middleware.csrf import get_token
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_GET, require_POST
from pydantic_ai.conversation import Conversation

from assistant import locks, ratelimit
from assistant.chat_request import BadChatRequest, ChatRequest, read_chat_request
from assistant.health import health_report
from assistant.history import get_store, owner_scope, transcript
from assistant.history_stores.outage import STORE_OUTAGE
from assistant.stream import SSE_HEADERS, sse_body
from assistant.tracing import configure_tracing
from assistant.turn import Turn, run_turn
from common.http import error_response

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


def make_deps(runtime: Any, user: Any) -> Any:
    from assistant.deps import ChatDeps

    return ChatDeps.for_user(runtime.config, user)


def _thread_not_found() -> JsonResponse:
    # Also the answer for someone else's thread, so a thread's existence never leaks.
    return error_response(404, "thread_not_found", "This conversation was not found.", field="thread_id")


async def _owner(request: HttpRequest, *, create: bool = True) -> tuple[str | None, str, Any]:
    """(scope, log label, user). A visitor without a session gets one now (`create`), so their thread has an owner."""
    user = await request.auser()
    if user.is_authenticated:
        return owner_scope(user_id=user.pk, session_key=None), f"user:{user.pk}", user
    if not request.session.session_key:
        if not create:
            return None, "anon", user
        await request.session.aset("assistant_visitor", True)
        await request.session.asave()
    return owner_scope(user_id=None, session_key=request.session.session_key), "anon", user


@require_POST
async def chat(request: HttpRequest) -> HttpResponse:
    try:
        runtime = current_runtime()
    except Exception:  # noqa: BLE001 — e.g. a broken agent_config/: refuse clearly, the health check says why
        return _unavailable()
    limits = runtime.config.agent.limits
    try:
        body = read_chat_request(request, max_message_chars=limits.max_message_chars)
    except BadChatRequest as exc:
        return error_response(exc.status, exc.code, exc.message, field=exc.field)
    try:
        accepted = await _accept(request, runtime, body)
    except STORE_OUTAGE:
        return _unavailable(runtime.config.agent.contact.fallback)
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

    scope, user_label, user = await _owner(request)
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
            deps=make_deps(runtime, user),
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
    response = error_response(
        429,
        "rate_limited",
        f"Too many messages. Please wait {decision.retry_after} seconds. {runtime.config.agent.contact.fallback}",
        retry_after=decision.retry_after,
    )
    response["Retry-After"] = str(decision.retry_after)
    return response


def _unavailable(contact: str = "") -> JsonResponse:
    """The runtime could not load, or the conversation store (Redis or the database) is down."""
    logger.exception("assistant unavailable")
    text = f"The assistant is unavailable right now. Please try again later. {contact}".strip()
    return error_response(503, "unavailable", text)


@require_GET
@ensure_csrf_cookie
async def csrf(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"csrf_token": get_token(request)})


@require_GET
async def thread(request: HttpRequest, thread_id: str) -> JsonResponse:
    try:
        runtime = current_runtime()
    except Exception:  # noqa: BLE001 — the same JSON 503 as the chat endpoint, not an HTML 500
        return _unavailable()
    try:
        thread_id = str(UUID(thread_id))
    except ValueError:
        return _thread_not_found()  # not an id we could ever have issued
    try:
        scope, _, _ = await _owner(request, create=False)
        store = get_store(ttl_seconds=runtime.config.agent.limits.history_ttl_seconds)
        conversation = None if scope is None else await store.load(thread_id, scope=scope)
    except STORE_OUTAGE:
        return _unavailable(runtime.config.agent.contact.fallback)
    if conversation is None:
        return _thread_not_found()
    labels = {name: tool.label for name, tool in runtime.config.tools.items()}
    messages = transcript(conversation.messages, labels=labels)
    return JsonResponse({"thread_id": str(thread_id), "messages": [m.model_dump(mode="json") for m in messages]})


@require_GET
async def health(request: HttpRequest) -> JsonResponse:
    try:
        runtime = current_runtime()
    except Exception:  # noqa: BLE001 — a runtime that cannot load is exactly what health reports
        logger.exception("assistant runtime unavailable")
        runtime = None
    status, body = await health_report(runtime)
    return JsonResponse(body, status=status)
