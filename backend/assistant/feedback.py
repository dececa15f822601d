"""Customer feedback on assistant replies: parse a rating, record it against its reply, count it per day.

A rating names a reply by the store's entry id (`message_id`, sent in `done` and in the transcript).
The reply is looked up in the owner's own thread, so a visitor can only rate what they can read: any
other thread or reply id is "not found", exactly like a missing one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from asgiref.sync import sync_to_async
from django.db.models import Count, Q
from django.db.models.functions import TruncDate
from django.http import HttpRequest
from pydantic import BaseModel, ConfigDict, Field, ValidationError
from pydantic_ai.conversation_store import ConversationEntry

from assistant.history import TranscriptMessage, transcript
from assistant.models import ReplyFeedback
from common.http import BAD_BODY_STATUS, read_json_body
from common.json_body import BadJsonBody

MAX_COMMENT_CHARS = 1000


class FeedbackRequest(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    message_id: str = Field(min_length=1, max_length=64)
    rating: Literal["up", "down"]
    comment: str = Field("", max_length=MAX_COMMENT_CHARS)


class BadFeedback(Exception):
    def __init__(self, *, code: str, message: str, field: str | None, status: int = 400) -> None:
        super().__init__(message)
        self.code, self.message, self.field, self.status = code, message, field, status


_FIELD_MESSAGES = {
    "message_id": "message_id must name one of this conversation's replies.",
    "rating": "rating must be 'up' or 'down'.",
    "comment": f"The comment must be text of at most {MAX_COMMENT_CHARS} characters.",
}


def read_feedback_request(request: HttpRequest) -> FeedbackRequest:
    """The body as a FeedbackRequest: content type, size and JSON checked by common/http.py first."""
    max_bytes = MAX_COMMENT_CHARS * 12 + 4096  # every character escaped, plus the other fields
    try:
        data = read_json_body(request, max_bytes=max_bytes, max_depth=4)
    except BadJsonBody as exc:
        if exc.code == "body_too_large":
            raise BadFeedback(code="invalid_comment", message=_FIELD_MESSAGES["comment"], field="comment") from exc
        field = exc.field if exc.code == "invalid_text" else None
        raise BadFeedback(
            code=exc.code, message=exc.message, field=field, status=BAD_BODY_STATUS.get(exc.code, 400)
        ) from exc
    return parse_feedback_request(data)


def parse_feedback_request(data: object) -> FeedbackRequest:
    if not isinstance(data, dict):
        raise BadFeedback(code="invalid_json", message="The request body must be a JSON object.", field=None)
    if data.get("comment") is None:
        data.pop("comment", None)
    try:
        request = FeedbackRequest.model_validate(data)
    except ValidationError as exc:
        error = exc.errors()[0]
        field = str(error["loc"][0]) if error["loc"] else None
        if error["type"] == "extra_forbidden":
            raise BadFeedback(code="unknown_field", message=f"Unknown field '{field}'.", field=field) from exc
        message = _FIELD_MESSAGES.get(field or "", "The request is not valid.")
        raise BadFeedback(code=f"invalid_{field}", message=message, field=field) from exc
    return request.model_copy(update={"comment": request.comment.strip()})


@dataclass(frozen=True)
class RatedReply:
    """A reply as staff will review it: what the customer asked, what the assistant said, which tools ran."""

    question: str
    reply: TranscriptMessage


def find_reply(entries: Sequence[ConversationEntry], *, message_id: str, labels: dict[str, str]) -> RatedReply | None:
    """The reply whose id is `message_id` in a thread's entries (loaded for its owner), with its question."""
    messages = transcript([e.message for e in entries], labels=labels, ids=[e.id for e in entries])
    question = ""
    for message in messages:
        if message.role == "user":
            question = message.text
        elif message.message_id == message_id:
            return RatedReply(question=question, reply=message)
    return None


def _save(
    thread_id: str, scope: str, user_id: int | None, rated: RatedReply, request: FeedbackRequest
) -> ReplyFeedback:
    reply = rated.reply
    feedback, _ = ReplyFeedback.objects.update_or_create(
        thread_id=thread_id,
        message_id=request.message_id,
        defaults={
            "owner_scope": scope,
            "user_id": user_id,
            "rating": request.rating,
            # A thumbs up after a thumbs down clears the complaint.
            "comment": request.comment if request.rating == "down" else "",
            "question": rated.question,
            "reply": reply.text,
            "tools": [{"name": t.name, "label": t.label, "ok": t.ok} for t in reply.tools],
            "mode": reply.mode or "llm",
        },
    )
    return feedback


async def record_feedback(
    *, thread_id: str, scope: str, user_id: int | None, rated: RatedReply, request: FeedbackRequest
) -> ReplyFeedback:
    return await sync_to_async(_save)(thread_id, scope, user_id, rated, request)


def _ratings(thread_id: str, scope: str) -> dict[str, str]:
    rows = ReplyFeedback.objects.filter(thread_id=thread_id, owner_scope=scope).values_list("message_id", "rating")
    return dict(rows)


async def ratings_for_thread(thread_id: str, scope: str) -> dict[str, str]:
    """{message_id: "up"|"down"} this owner gave in this thread, so the widget restores its thumbs."""
    return await sync_to_async(_ratings)(thread_id, scope)


@dataclass(frozen=True)
class DayCount:
    day: dt.date
    up: int
    down: int

    @property
    def total(self) -> int:
        return self.up + self.down


def daily_counts(
    *, since: dt.date | None = None, until: dt.date | None = None, mode: str | None = None
) -> list[DayCount]:
    """Thumbs up/down per day (UTC dates), newest first — for the admin and the eval report."""
    rows: Any = ReplyFeedback.objects.all()
    if since is not None:
        rows = rows.filter(created_at__date__gte=since)
    if until is not None:
        rows = rows.filter(created_at__date__lte=until)
    if mode is not None:
        rows = rows.filter(mode=mode)
    grouped = (
        rows.annotate(day=TruncDate("created_at"))
        .values("day")
        .annotate(up=Count("id", filter=Q(rating="up")), down=Count("id", filter=Q(rating="down")))
        .order_by("-day")
    )
    return [DayCount(day=row["day"], up=row["up"], down=row["down"]) for row in grouped]
