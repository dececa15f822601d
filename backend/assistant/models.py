"""Tables for the embedded (no-Redis) backends: conversation history, rate-limit windows, thread locks.

They exist so several worker processes share one view of a conversation without Redis; when
REDIS_URL is set none of them is used. Every row carries an expiry so old data can be swept.
"""

from __future__ import annotations

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
