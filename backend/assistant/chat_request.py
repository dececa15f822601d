"""The chat request body, validated into a model or a `BadChatRequest` naming the field at fault."""

from __future__ import annotations

import json
from uuid import UUID

from pydantic import BaseModel, ConfigDict, ValidationError


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    message: str
    thread_id: UUID | None = None


class BadChatRequest(Exception):
    def __init__(self, *, code: str, message: str, field: str | None) -> None:
        super().__init__(message)
        self.code, self.message, self.field = code, message, field


def parse_chat_request(body: bytes, *, max_message_chars: int) -> ChatRequest:
    try:
        data = json.loads(body or b"")
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BadChatRequest(code="invalid_json", message="The request body must be JSON.", field=None) from exc
    if not isinstance(data, dict):
        raise BadChatRequest(code="invalid_json", message="The request body must be a JSON object.", field=None)
    if isinstance(data.get("thread_id"), str):
        data["thread_id"] = _uuid(data["thread_id"])  # strict mode takes no strings for UUID: parse it here
    try:
        request = ChatRequest.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = str(error["loc"][0]) if error["loc"] else None
        if error["type"] == "extra_forbidden":
            raise BadChatRequest(code="unknown_field", message=f"Unknown field '{field}'.", field=field) from exc
        if field == "message":
            text = "A message is required." if error["type"] == "missing" else "The message must be text."
            raise BadChatRequest(code="invalid_message", message=text, field="message") from exc
        raise BadChatRequest(
            code="invalid_thread_id", message="thread_id must be a UUID or null.", field="thread_id"
        ) from exc
    message = request.message.strip()
    if not message:
        raise BadChatRequest(code="empty_message", message="Please type a message.", field="message")
    if len(message) > max_message_chars:
        raise BadChatRequest(
            code="message_too_long",
            message=f"Messages can be at most {max_message_chars} characters (this one has {len(message)}).",
            field="message",
        )
    return request.model_copy(update={"message": message})


def _uuid(value: str) -> UUID | str:
    try:
        return UUID(value)
    except ValueError:
        return value  # left as a string, so validation reports it against thread_id
