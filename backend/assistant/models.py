"""Tables for the embedded (no-Redis) backends: conversation history, rate-limit windows, thread locks.

They exist so several worker processes share one view of a conversation without Redis; when
REDIS_URL is set none of them is used. Every row carries an expiry so old data can be swept.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class StoredConversation(models.Model):
    """One `ConversationRecord` of PydanticAI's conversation store, as JSON, with its revision for compare-and-set."""

    conversation_id = models.CharField(max_length=64, primary_key=True)
    scope = models.CharField(max_length=200, null=True, db_index=True)
    revision = models.CharField(max_length=64)
    record_json = models.TextField()
    updated_at = models.DateTimeField(db_index=True)
    expires_at = models.DateTimeField(db_index=True)


class StoredConversationEntry(models.Model):
    """One message of a conversation's log; `conversation_id` is the conversation whose save wrote it (for its TTL)."""

    entry_id = models.CharField(max_length=64, primary_key=True)
    conversation_id = models.CharField(max_length=64, db_index=True)
    parent_id = models.CharField(max_length=64, null=True)
    message_json = models.TextField()
    expires_at = models.DateTimeField(db_index=True)


class RateLimitWindow(models.Model):
    """How many messages one client sent in one fixed window."""

    key = models.CharField(max_length=200)
    window_start = models.BigIntegerField()
    count = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "window_start"], name="assistant_ratelimit_unique_window")
        ]


class ThreadLock(models.Model):
    """Held while a thread streams a reply, so a second concurrent turn on it gets 409 instead of racing."""

    thread_id = models.CharField(max_length=64, primary_key=True)
    token = models.CharField(max_length=64)
    expires_at = models.DateTimeField()


class ReplyFeedback(models.Model):
    """A customer's thumbs up/down on one assistant reply, with a copy of what was asked and answered.

    The copy is kept because conversations expire (limits.history_ttl_seconds) while staff review
    feedback later; `message_id` is the conversation store's entry id of the reply's last message.
    One rating per reply: rating again changes it.
    """

    class Rating(models.TextChoices):
        UP = "up", "👍 helpful"
        DOWN = "down", "👎 not helpful"

    class Mode(models.TextChoices):
        LLM = "llm", "AI model"
        OFFLINE = "offline", "Quick-answer (offline)"

    thread_id = models.CharField(max_length=64, db_index=True)
    message_id = models.CharField(max_length=64)
    owner_scope = models.CharField(max_length=200, help_text="user:<id> or session:<key>, as for the thread")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="assistant_feedback"
    )
    rating = models.CharField(max_length=8, choices=Rating.choices)
    comment = models.TextField(blank=True)
    question = models.TextField(blank=True, help_text="The customer's message this reply answered.")
    reply = models.TextField(blank=True)
    tools = models.JSONField(default=list, blank=True, help_text="[{name, label, ok}] in the order they ran.")
    mode = models.CharField(max_length=16, choices=Mode.choices)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "reply feedback"
        verbose_name_plural = "reply feedback"
        constraints = [
            models.UniqueConstraint(fields=["thread_id", "message_id"], name="assistant_feedback_one_per_reply")
        ]

    def __str__(self) -> str:
        return f"{self.get_rating_display()} on {self.question[:60]!r}"


class DislikedAnswer(ReplyFeedback):
    """Admin view of thumbs-down feedback only: "answers customers disliked"."""

    class Meta:
        proxy = True
        verbose_name = "answer customers disliked"
        verbose_name_plural = "answers customers disliked"


class FeedbackDay(ReplyFeedback):
    """Admin view of up/down counts per day."""

    class Meta:
        proxy = True
        verbose_name = "feedback per day"
        verbose_name_plural = "feedback per day"
