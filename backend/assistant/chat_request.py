"""The chat request body, validated into a model or a `BadChatRequest` naming the field at fault.

The body is refused before it is parsed when it is larger than any valid request can be (the longest
message, every character escaped, plus room for thread_id and whitespace), and parsed with the
depth- and number-bounded decoder in common/json_body.py.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import HttpRequest
from pydantic import BaseModel, ConfigDict, ValidationError

from common.http import read_json_body
from common.json_body import BadJsonBody

MAX_DEPTH = 4  # the body is one flat object; a little room so nested junk is named by its field
_BYTES_PER_CHAR = 12  # an astral character escaped as a surrogate pair: \ud83d\ude00
_ENVELOPE_BYTES = 4096


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    message: str
    thread_id: UUID | None = None


class BadChatRequest(Exception):
    def __init__(self, *, code: str, message: str, field: str | None, status: int = 400) -> None:
        super().__init__(message)
        self.code, self.message, self.field, self.status = code, message, field, status


def max_body_bytes(max_message_chars: int) -> int:
    return max_message_chars * _BYTES_PER_CHAR + _ENVELOPE_BYTES


def read_chat_request(request: HttpRequest, *, max_message_chars: int) -> ChatRequest:
    """The request's body as a ChatRequest (content type, size, JSON and fields checked, in that order)."""
    try:
        data = read_json_body(request, max_bytes=max_body_bytes(max_message_chars), max_depth=MAX_DEPTH)
    except BadJsonBody as exc:
        raise _refusal(exc, max_message_chars) from exc
    return validate_chat_request(data, max_message_chars=max_message_chars)


def _refusal(exc: BadJsonBody, max_message_chars: int) -> BadChatRequest:
    if exc.code == "unsupported_media_type":
        return BadChatRequest(code=exc.code, message=exc.message, field=None, status=415)
    if exc.code == "body_too_large":  # only a huge message makes a valid-looking body this big
        text = f"Messages can be at most {max_message_chars} characters."
        return BadChatRequest(code="message_too_long", message=text, field="message")
    if exc.code == "invalid_text":
        if exc.field == "message":
            text = "The message contains characters that are not valid text. Please retype it."
            return BadChatRequest(code="invalid_message", message=text, field="message")
        if exc.field == "thread_id":
            return _bad_thread_id()
        return BadChatRequest(code="unknown_field", message="Unknown field.", field=None)
    return BadChatRequest(code="invalid_json", message=exc.message, field=None)


def validate_chat_request(data: Any, *, max_message_chars: int) -> ChatRequest:
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
        raise _bad_thread_id() from exc
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


def _bad_thread_id() -> BadChatRequest:
    return BadChatRequest(code="invalid_thread_id", message="thread_id must be a UUID or null.", field="thread_id")


def _uuid(value: str) -> UUID | str:
    try:
        return UUID(value)
    except ValueError:
        return value  # left as a string, so validation reports it against thread_id
