"""The offline responder's brain: from the messages a model would receive, decide the next response.

Either text (an FAQ answer, a question for a missing detail, a refusal, or a tool result rendered through
its template) or tool calls with arguments in the tools' own vocabulary. Pure: messages + what the run
offers in, an `Output` out; model.py turns that into PydanticAI responses and stream chunks.
"""

from __future__ import annotations

import json
import logging
import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic_ai.messages import (
    ModelMessage,
    ModelRequest,
    ModelResponse,
    RetryPromptPart,
    ToolCallPart,
    ToolReturnPart,
    UserPromptPart,
)

from .intents import Ask, CallTools, Planner, Say
from .replies import Replies

log = logging.getLogger("assistant.offline")


@dataclass(frozen=True)
class ToolCall:
    name: str
    args: dict[str, Any]
    tool_call_id: str


@dataclass(frozen=True)
class Output:
    text: str | None = None
    tool_calls: tuple[ToolCall, ...] = ()


@dataclass(frozen=True)
class Responder:
    planner: Planner
    replies: Replies

    def respond(
        self, messages: Sequence[ModelMessage], *, today: date, offered: Collection[str], first_name: str | None
    ) -> Output:
        last = messages[-1] if messages else None
        action, state, said = self.planner.replay(user_texts(messages), today=today, offered=offered)
        if isinstance(last, ModelRequest) and any(isinstance(p, ToolReturnPart | RetryPromptPart) for p in last.parts):
            # The replay gives the intent that made these calls (several may use one tool) and its details.
            intent = action.intent if isinstance(action, CallTools) else None
            context = {"slots": state.slots, "said": said}
            text = self._render_results(messages, first_name=first_name, intent=intent, context=context)
            if isinstance(action, CallTools) and action.preface is not None:
                faq = self.replies.render(self.planner.config.replies.faq, first_name=first_name, **action.preface)
                text = f"{faq}\n\n{text}"
            return Output(text=text)
        log.debug("offline action: %s", action)
        if isinstance(action, CallTools):
            calls = tuple(
                # Unique ids: the history may be trimmed, and Claude may read it later (after a fallback).
                ToolCall(name, args, f"offline_{uuid.uuid4().hex[:16]}")
                for name, args in action.calls
            )
            if calls:
                return Output(tool_calls=calls)
            action = Say(self.planner.config.replies.not_sure, {})
        if isinstance(action, Ask):
            return Output(text=action.question)
        context = {"slots": state.slots, "said": said, **action.context}
        return Output(text=self.replies.render(action.template, first_name=first_name, **context))

    def _render_results(
        self,
        messages: Sequence[ModelMessage],
        *,
        first_name: str | None,
        intent: str | None = None,
        context: dict[str, Any] | None = None,
    ) -> str:
        request = messages[-1]
        assert isinstance(request, ModelRequest)
        calls = _calls_by_id(messages)
        config = self.planner.config
        if any(isinstance(p, RetryPromptPart) for p in request.parts):
            # A tool rejected our arguments or was not offered: say so honestly rather than retry blindly.
            log.warning(
                "offline tool call was rejected: %s", [p for p in request.parts if isinstance(p, RetryPromptPart)]
            )
            return self.replies.render(config.replies.tool_failed, first_name=first_name)
        groups: dict[str, list[tuple[dict[str, Any], dict[str, Any]]]] = {}
        for part in request.parts:
            if isinstance(part, ToolReturnPart):
                call = calls.get(part.tool_call_id)
                groups.setdefault(part.tool_name, []).append(
                    (_as_dict(part.content), call.args_as_dict() if call else {})
                )
        texts = []
        planned = config.by_name(intent) if intent else None
        for tool, pairs in groups.items():
            results = [result for result, _ in pairs]
            answering = planned if planned is not None and planned.tool == tool else config.for_tool(tool)
            if answering is None or (len(results) == 1 and not results[0].get("ok", False)):
                error = results[0].get("error") or {"code": "unknown", "message": "", "field": None}
                # Arguments the tool refused: the honest "couldn't look that up"
                reply = (
                    config.replies.tool_failed if error.get("code") == REFUSED_ARGUMENTS else config.replies.tool_error
                )
                texts.append(self.replies.render(reply, error=error, first_name=first_name))
                continue
            texts.append(
                self.replies.render(
                    answering.reply,
                    result=results[0],
                    results=results,
                    args=pairs[0][1],
                    calls=[args for _, args in pairs],
                    first_name=first_name,
                    **{"slots": {}, "said": {}, **(context or {})},
                )
            )
        return "\n\n".join(texts)


def user_texts(messages: Sequence[ModelMessage]) -> list[str]:
    """Every customer message in the conversation, oldest first (the slot-filling replay input)."""
    texts = []
    for message in messages:
        if isinstance(message, ModelRequest):
            for part in message.parts:
                if isinstance(part, UserPromptPart):
                    content = part.content
                    texts.append(
                        content if isinstance(content, str) else " ".join(c for c in content if isinstance(c, str))
                    )
    return texts


def _calls_by_id(messages: Sequence[ModelMessage]) -> dict[str, ToolCallPart]:
    calls: dict[str, ToolCallPart] = {}
    for message in messages:
        if isinstance(message, ModelResponse):
            calls.update({p.tool_call_id: p for p in message.parts if isinstance(p, ToolCallPart)})
    return calls


# The error code of a result that is not ours (PydanticAI's validation errors): no message of ours to show
REFUSED_ARGUMENTS = "invalid_arguments"


def _as_dict(content: Any) -> dict[str, Any]:
    """A tool's result as the reply templates read it. Our tools return a dict; anything else is an error — a list
    is PydanticAI's validation errors once the retries for bad arguments are spent (a count over the tool's limit)."""
    if isinstance(content, str):
        try:
            content = json.loads(content)
        except ValueError:
            return {"ok": False, "error": {"code": "unreadable", "message": content, "field": None}}
    if isinstance(content, dict):
        return content
    return {"ok": False, "error": {"code": REFUSED_ARGUMENTS, "message": "", "field": None}}
