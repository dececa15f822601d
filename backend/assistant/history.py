"""Conversation history: which store, whose thread, what the model sees, what the widget restores.

A thread is a PydanticAI `Conversation` kept in a `ConversationStore` under a scope naming its owner
("user:<id>" for a signed-in customer, "session:<key>" for a visitor). A thread saved under another
scope loads as `None`, exactly like one that never existed, so its existence never leaks.

What is stored per turn (docs/sse-protocol.md):
- a completed turn: the user's request and every message the run added;
- a turn the customer stopped (disconnect): the user's request and one assistant text response with
  the text streamed so far, `metadata={"interrupted": True}` — never a tool call without its result,
  so the next model call gets a valid history;
- a failed turn (model or tool error): nothing, so a retry does not duplicate the question.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from pydantic import BaseModel, ConfigDict
from pydantic_ai.conversation_store import ConversationStore
from pydantic_ai.messages import (
    ModelMessage,
    ModelRequest,
    ModelResponse,
    TextPart,
    ToolReturnPart,
    UserPromptPart,
)
from pydantic_core import to_jsonable_python

from assistant.history_stores import DatabaseConversationStore, RedisConversationStore
from assistant.history_stores.redis_client import redis_prefix
from assistant.offline.model import MODEL_NAME as OFFLINE_MODEL_NAME

INTERRUPTED_PLACEHOLDER = "(The customer stopped this reply before any text was written.)"

_stores: dict[tuple[str, str, int], ConversationStore] = {}


def get_store(*, ttl_seconds: int) -> ConversationStore:
    """Redis when REDIS_URL is set, else the database; one instance per (backend, TTL) per process."""
    url = settings.REDIS_URL
    prefix = redis_prefix()
    key = (url, prefix, ttl_seconds)
    if key not in _stores:
        _stores[key] = (
            RedisConversationStore(url=url, ttl_seconds=ttl_seconds, prefix=f"{prefix}conv:")
            if url
            else DatabaseConversationStore(ttl_seconds=ttl_seconds)
        )
    return _stores[key]


def owner_scope(*, user_id: int | None, session_key: str | None) -> str:
    if user_id is not None:
        return f"user:{user_id}"
    if not session_key:
        raise ValueError("an anonymous owner needs a session key")
    return f"session:{session_key}"


def _starts_turn(message: ModelMessage) -> bool:
    return isinstance(message, ModelRequest) and any(isinstance(part, UserPromptPart) for part in message.parts)


def trim_history(messages: Sequence[ModelMessage], *, budget: int) -> list[ModelMessage]:
    """The most recent whole turns that fit in `budget` messages (at least the last turn).

    Cutting only where a user's turn starts keeps every tool call next to its result.
    """
    starts = [index for index, message in enumerate(messages) if _starts_turn(message)]
    if not starts:
        return list(messages[-budget:]) if budget > 0 else []
    keep_from = starts[-1]
    for start in reversed(starts):
        if len(messages) - start > budget:
            break
        keep_from = start
    return list(messages[keep_from:])


def interrupted_turn(
    *, user_message: str, partial_text: str, model_name: str | None, tools: Sequence[dict[str, Any]] = ()
) -> list[ModelMessage]:
    """The stored form of a turn the customer stopped: their message and the reply so far.

    The tools the turn used ride in the response's metadata ({name, label, ok}; `ok` None = stopped
    before it answered), so the restored reply shows its activity lines without a tool call in the history.
    """
    metadata: dict[str, Any] = {"interrupted": True}
    if tools:
        metadata["tools"] = [dict(tool) for tool in tools]
    return [
        ModelRequest(parts=[UserPromptPart(content=user_message)]),
        ModelResponse(
            parts=[TextPart(content=partial_text or INTERRUPTED_PLACEHOLDER)],
            model_name=model_name,
            metadata=metadata,
        ),
    ]


class TranscriptTool(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    label: str
    ok: bool
    data: Any


class TranscriptMessage(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    role: str  # "user" | "assistant"
    text: str
    tools: list[TranscriptTool] = []
    interrupted: bool = False
    # The store's entry id of the reply's last message (what `done` sends as message_id): ratings tie to it.
    message_id: str | None = None
    at: str | None = None  # ISO 8601 time the message was written (the reply's last part)
    mode: str | None = None  # "llm" | "offline": who wrote the reply (assistant entries only)


def tool_outcome(part: ToolReturnPart) -> tuple[bool, Any]:
    """(ok, data) of a tool's answer: our tools return {"ok": bool, ...}; a failed or retried call is a refusal."""
    if part.outcome != "success":
        return False, {"error": {"code": f"tool_{part.outcome}", "message": str(part.content), "field": None}}
    # A tool may hand back a pydantic model, a dataclass or Decimals: make it plain JSON for the wire.
    content = to_jsonable_python(part.content, fallback=str)
    if isinstance(content, dict):
        return bool(content.get("ok", True)), content
    return True, content


def reply_mode(model_name: str | None) -> str:
    """ "offline" for a reply the offline model wrote (as itself or as the LLM's fallback), else "llm"."""
    return "offline" if model_name and model_name.startswith(OFFLINE_MODEL_NAME) else "llm"


def transcript(
    messages: Sequence[ModelMessage], *, labels: dict[str, str], ids: Sequence[str] | None = None
) -> list[TranscriptMessage]:
    """What the widget shows after navigation: each user message, then one assistant entry per turn
    holding the turn's text and the tools it used (in order). `ids` (the store's entry ids, parallel to
    `messages`) give each assistant entry its `message_id`."""
    out: list[TranscriptMessage] = []
    reply: dict[str, Any] | None = None  # the assistant entry being built for the current turn

    def new_reply() -> dict[str, Any]:
        return {"text": "", "tools": [], "interrupted": False, "message_id": None, "at": None, "mode": "llm"}

    def flush() -> None:
        if reply is not None:
            out.append(TranscriptMessage(role="assistant", **reply))

    for index, message in enumerate(messages):
        entry_id = ids[index] if ids is not None else None
        if isinstance(message, ModelRequest):
            for part in message.parts:
                if isinstance(part, UserPromptPart) and isinstance(part.content, str):
                    flush()
                    reply = None
                    out.append(TranscriptMessage(role="user", text=part.content, at=_iso(part.timestamp)))
                elif isinstance(part, ToolReturnPart) and part.tool_name:
                    ok, data = tool_outcome(part)
                    label = labels.get(part.tool_name, part.tool_name)
                    reply = reply or new_reply()
                    reply["tools"].append(TranscriptTool(name=part.tool_name, label=label, ok=ok, data=data))
                    reply["message_id"] = entry_id
            continue
        reply = reply or new_reply()
        reply["message_id"] = entry_id
        reply["at"] = _iso(message.timestamp)
        if reply_mode(message.model_name) == "offline":
            reply["mode"] = "offline"
        text = "".join(part.content for part in message.parts if isinstance(part, TextPart))
        if (message.metadata or {}).get("interrupted"):
            reply["interrupted"] = True
            text = "" if text == INTERRUPTED_PLACEHOLDER else text
            reply["tools"].extend(_stopped_tools(message.metadata.get("tools") or [], labels))
        reply["text"] += text
    flush()
    return out


def _iso(moment: Any) -> str | None:
    return moment.isoformat().replace("+00:00", "Z") if moment is not None else None


def _stopped_tools(tools: list[Any], labels: dict[str, str]) -> list[TranscriptTool]:
    """The activity lines an interrupted reply kept in its metadata (see interrupted_turn)."""
    out = []
    for tool in tools:
        if not isinstance(tool, dict) or not isinstance(tool.get("name"), str):
            continue
        name, ok = tool["name"], tool.get("ok")
        data = {"stopped": True} if ok is None else {}
        out.append(TranscriptTool(name=name, label=labels.get(name, tool.get("label") or name), ok=bool(ok), data=data))
    return out
