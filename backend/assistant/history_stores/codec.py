"""JSON for records and entries, shared by both backends so what one writes the other could read."""

from __future__ import annotations

from dataclasses import replace

from pydantic import TypeAdapter
from pydantic_ai.conversation_store import ConversationEntry, ConversationRecord
from pydantic_ai.messages import ModelMessage, ModelMessagesTypeAdapter, ModelRequest

_RECORD = TypeAdapter(ConversationRecord)


def dump_record(record: ConversationRecord) -> str:
    return _RECORD.dump_json(record).decode()


def load_record(blob: str | bytes) -> ConversationRecord:
    return _RECORD.validate_json(blob)


def dump_message(entry: ConversationEntry) -> str:
    # Through ModelMessagesTypeAdapter: it is the adapter that round-trips every message field exactly
    # (bytes as base64 included), which a TypeAdapter of the entry dataclass does not promise.
    return ModelMessagesTypeAdapter.dump_json([without_instructions(entry.message)]).decode()


def without_instructions(message: ModelMessage) -> ModelMessage:
    """The message without the system prompt PydanticAI records on each request (~11 KB of JSON per turn).

    Every run renders the prompt afresh from agent_config/ and the catalogue and sends that, never an
    earlier request's copy; kept, it was 90% of a thread's stored bytes and of the JSON each save wrote.
    """
    if isinstance(message, ModelRequest) and message.instructions is not None:
        return replace(message, instructions=None)
    return message


def warm() -> None:
    """Build the message serializer now: pydantic builds it lazily on the first dump (~0.1-0.2 s of CPU),
    which otherwise lands on a worker's first completed turn, in the middle of other visitors' streams."""
    from pydantic_ai.messages import ModelRequest, ModelResponse, TextPart, UserPromptPart

    ModelMessagesTypeAdapter.dump_json(
        [ModelRequest(parts=[UserPromptPart("hi")]), ModelResponse(parts=[TextPart("hi")])]
    )


def load_entry(*, entry_id: str, parent_id: str | None, message_json: str | bytes) -> ConversationEntry:
    (message,) = ModelMessagesTypeAdapter.validate_json(message_json)
    return ConversationEntry(id=entry_id, parent_id=parent_id, message=message)
