"""HTTP edge of the assistant: parse the request, hand it to the logic (chat_start, visitor, feedback, history),
answer with JSON or the SSE stream.

Every refusal before streaming is JSON `{"error": {"code", "message", "field"}}` with a 4xx status;
after the stream starts, failures are `error` events (assistant/turn_errors.py).
"""

from __future__ import annotations

import functools
import importlib
import logging
from functools import partial
from typing import Any
from uuid import UUID

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.middleware.csrf import get_token
from django.views.decorators.csrf import ensure_csrf_cookie
from django.views.decorators.http import require_GET, require_POST

from assistant import chat_start, locks, ratelimit, visitor
from assistant.chat_request import BadChatRequest, read_chat_request
from assistant.feedback import BadFeedback, find_reply, ratings_for_thread, read_feedback_request, record_feedback
from assistant.health import health_report, shows_detail
from assistant.history import get_store, transcript
from assistant.history_stores.outage import STORE_OUTAGE
from assistant.stream import SSE_HEADERS, sse_body
from assistant.tracing import configure_tracing
from assistant.turn import run_turn
from assistant.unavailable import unavailable_response
from assistant.widget_offer import widget_offer
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
        accepted = await chat_start.accept(request, runtime, body)
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
    visitor.remember(request, response)
    return response


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
        return chat_start.thread_not_found()  # not an id we could ever have issued
    try:
        scope = (await visitor.resolve(request, create=False)).scope
        store = get_store(ttl_seconds=runtime.config.agent.limits.history_ttl_seconds)
        entries = None if scope is None else await store.load_entries(thread_id, scope=scope)
    except STORE_OUTAGE as exc:
        return _unavailable(exc, runtime)
    if entries is None:
        return chat_start.thread_not_found()
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
    who = await visitor.resolve(request, create=False)
    scope, user = who.scope, who.user
    if scope is None:
        return chat_start.thread_not_found()
    store = get_store(ttl_seconds=runtime.config.agent.limits.history_ttl_seconds)
    entries = await store.load_entries(str(thread_id), scope=scope)
    if entries is None:  # someone else's thread answers exactly like a missing one
        return chat_start.thread_not_found()
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
