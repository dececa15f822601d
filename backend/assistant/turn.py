"""One chat turn: run the agent, turn its events into SSE frames, and store the turn (or not) atomically.

Storage rules (documented in docs/sse-protocol.md, reasons in assistant/history.py): a completed turn
is appended in one compare-and-set save before `done` is sent; a cancelled turn is stored in its
interrupted form; a failed turn stores nothing.
"""

from __future__ import annotations

import asyncio
import logging
import time
from contextlib import aclosing
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from pydantic_ai import AgentRunResultEvent
from pydantic_ai.conversation import Conversation
from pydantic_ai.conversation_store import ConversationConflict, ConversationStore
from pydantic_ai.messages import (
    FunctionToolCallEvent,
    FunctionToolResultEvent,
    ModelMessage,
    ModelResponse,
    PartDeltaEvent,
    PartStartEvent,
    TextPart,
    TextPartDelta,
)
from pydantic_ai.usage import RunUsage, UsageLimits

from assistant.agent_events import agent_events
from assistant.history import interrupted_turn, tool_outcome, trim_history
from assistant.logging import TurnLog, log_turn
from assistant.stream import Emit, frame
from assistant.turn_errors import describe_failure

logger = logging.getLogger("assistant.turn")


@dataclass
class Turn:
    """Everything the view resolved before streaming: who, which thread, what they said."""

    runtime: Any  # assistant.runtime.Runtime: .config, .agent, .mode, .model_name
    deps: Any  # assistant.deps.ChatDeps
    store: ConversationStore
    scope: str
    conversation: Conversation
    message: str
    user_label: str
    started: float = field(default_factory=time.perf_counter)
    complete: bool = False  # the run finished and its messages are being (or were) saved
    tools: dict[str, dict[str, Any]] = field(default_factory=dict)  # call id → {name, label, ok}: for a stopped turn

    @property
    def thread_id(self) -> str:
        return self.conversation.conversation_id


def answered_mode(runtime: Any, responses: list[ModelResponse]) -> str:
    """ "offline" when the offline model wrote any reply of this turn (also when the LLM fell back to it)."""
    offline_names = {"offline", getattr(runtime, "offline_model_name", "offline")}
    if any(r.model_name and (r.model_name in offline_names or r.model_name.startswith("offline")) for r in responses):
        return "offline"
    return runtime.mode


def _args(part: Any) -> Any:
    try:
        return part.args_as_dict()
    except ValueError:
        return {"_raw": str(part.args)}  # the model sent arguments that are not JSON; the tool will refuse them


async def run_turn(turn: Turn, emit: Emit) -> None:
    config = turn.runtime.config
    limits = config.agent.limits
    log = TurnLog(thread_id=turn.thread_id, user=turn.user_label, mode=turn.runtime.mode)
    streamed: list[str] = []
    emit(frame("start", {"thread_id": turn.thread_id, "mode": turn.runtime.mode}))
    try:
        history = trim_history(turn.conversation.messages, budget=limits.history_messages)
        run_limits = UsageLimits(request_limit=limits.request_limit, tool_calls_limit=limits.max_tool_calls_per_turn)
        async with aclosing(
            agent_events(
                turn.runtime.agent,
                turn.message,
                message_history=history,
                deps=turn.deps,
                usage_limits=run_limits,
                timeout=settings.ASSISTANT_TURN_TIMEOUT_SECONDS,
            )
        ) as events:
            async for event in events:
                await _relay(event, turn, log, streamed, emit)
    except asyncio.CancelledError:
        log.outcome = "interrupted"
        await _store_interrupted(turn, "".join(streamed))
        raise
    except Exception as exc:  # noqa: BLE001 — every failure must end the stream with an `error` event
        failure = describe_failure(exc, contact=config.agent.contact.fallback)
        log.outcome = f"error:{failure.code}"
        emit(frame("error", failure.payload()))
    finally:
        log.duration_ms = int((time.perf_counter() - turn.started) * 1000)
        log_turn(log)


async def _relay(event: Any, turn: Turn, log: TurnLog, streamed: list[str], emit: Emit) -> None:
    """One agent event → at most one SSE frame (the run's result also stores the turn)."""
    text = _event_text(event)
    if text:
        if log.ttft_ms is None:
            log.ttft_ms = int((time.perf_counter() - turn.started) * 1000)
        streamed.append(text)
        emit(frame("token", {"text": text}))
    elif isinstance(event, FunctionToolCallEvent):
        name = event.part.tool_name
        log.tools.append(name)
        tools = turn.runtime.config.tools
        label = tools[name].label if name in tools else name
        turn.tools[event.tool_call_id] = {"name": name, "label": label, "ok": None}
        emit(frame("tool_call", {"id": event.tool_call_id, "name": name, "label": label, "args": _args(event.part)}))
    elif isinstance(event, FunctionToolResultEvent):
        ok, data = tool_outcome(event.part)
        if event.tool_call_id in turn.tools:
            turn.tools[event.tool_call_id]["ok"] = ok
        emit(frame("tool_result", {"id": event.tool_call_id, "name": event.part.tool_name, "ok": ok, "data": data}))
    elif isinstance(event, AgentRunResultEvent):
        await _finish(turn, event.result.new_messages(), event.result.usage, log, emit)


def _event_text(event: Any) -> str:
    if isinstance(event, PartStartEvent) and isinstance(event.part, TextPart):
        return event.part.content  # the first chunk of a text part arrives here, not as a delta
    if isinstance(event, PartDeltaEvent) and isinstance(event.delta, TextPartDelta):
        return event.delta.content_delta
    return ""


async def _finish(turn: Turn, new: list[ModelMessage], usage: RunUsage, log: TurnLog, emit: Emit) -> None:
    conversation = turn.conversation
    turn.complete = True
    conversation.messages.extend(new)  # in place: the store appends what follows the loaded messages
    conversation.usage = conversation.usage + usage
    entries = await turn.store.save(conversation, scope=turn.scope)
    mode = answered_mode(turn.runtime, [m for m in new if isinstance(m, ModelResponse)])
    log.mode, log.outcome = mode, "ok"
    log.input_tokens, log.output_tokens, log.requests = usage.input_tokens, usage.output_tokens, usage.requests
    emit(
        frame(
            "done",
            {
                "thread_id": turn.thread_id,
                "message_id": entries[-1].id if entries else None,
                "usage": {
                    "input_tokens": usage.input_tokens,
                    "output_tokens": usage.output_tokens,
                    "requests": usage.requests,
                    "tool_calls": usage.tool_calls,
                },
                "mode": mode,
            },
        )
    )


async def _store_interrupted(turn: Turn, partial_text: str) -> None:
    """Save the user's message and the reply so far, so the transcript and the next model call both see them.

    Cancelled while the completed turn was being saved: save that (a save that already landed makes this
    one a conflict, ignored), never the interrupted form on top of it.
    """
    conversation = turn.conversation
    if not turn.complete:
        conversation.messages.extend(
            interrupted_turn(
                user_message=turn.message,
                partial_text=partial_text,
                model_name=turn.runtime.model_name,
                tools=list(turn.tools.values()),
            )
        )
    try:
        await turn.store.save(conversation, scope=turn.scope)
    except ConversationConflict:
        logger.info("interrupted turn not stored: thread %s was saved meanwhile", turn.thread_id)
    except Exception:  # noqa: BLE001 — the client is gone; a store failure here must not mask the cancellation
        logger.exception("interrupted turn not stored for thread %s", turn.thread_id)
