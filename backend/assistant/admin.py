"""Staff review of customer feedback: the answers customers disliked (what to fix next) and up/down per day."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import Truncator

from assistant.feedback import daily_counts
from assistant.models import DislikedAnswer, FeedbackDay, ReplyFeedback


class _ReadOnly(admin.ModelAdmin):
    """Feedback is the customers' record: staff read and delete it, never edit it."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


def _excerpt(text: str, words: int = 40) -> str:
    return Truncator(text).words(words, truncate=" …")


def _tools_called(obj: ReplyFeedback) -> str:
    calls = [f"{t.get('name')}{'' if t.get('ok') else ' (failed)'}" for t in obj.tools or []]
    return ", ".join(calls) or "—"


@admin.register(DislikedAnswer)
class DislikedAnswerAdmin(_ReadOnly):
    list_display = ["created_at", "question_excerpt", "reply_excerpt", "tools_called", "comment", "mode"]
    list_filter = ["created_at", "mode"]
    search_fields = ["question", "reply", "comment"]
    date_hierarchy = "created_at"
    ordering = ["-created_at"]
    fields = ["created_at", "mode", "question", "reply", "tools_called", "comment", "thread_id", "message_id", "user"]
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[DislikedAnswer]:
        return super().get_queryset(request).filter(rating=ReplyFeedback.Rating.DOWN)

    @admin.display(description="Question")
    def question_excerpt(self, obj: ReplyFeedback) -> str:
        return _excerpt(obj.question, 25)

    @admin.display(description="Reply")
    def reply_excerpt(self, obj: ReplyFeedback) -> str:
        return _excerpt(obj.reply)

    @admin.display(description="Tools called")
    def tools_called(self, obj: ReplyFeedback) -> str:
        return _tools_called(obj)


@admin.register(ReplyFeedback)
class ReplyFeedbackAdmin(DislikedAnswerAdmin):
    """Every rating, up and down."""

    list_display = ["created_at", "rating", "question_excerpt", "reply_excerpt", "tools_called", "comment", "mode"]
    list_filter = ["rating", "created_at", "mode"]
    fields = ["rating", *DislikedAnswerAdmin.fields]
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet[ReplyFeedback]:
        return admin.ModelAdmin.get_queryset(self, request)


@admin.register(FeedbackDay)
class FeedbackDayAdmin(_ReadOnly):
    """Not a list of rows: a table of thumbs up/down per day (last `days` days, optionally one mode)."""

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        try:
            days = max(1, min(365, int(request.GET.get("days", "30"))))
        except ValueError:
            days = 30
        mode = request.GET.get("mode") or None
        if mode not in {None, *ReplyFeedback.Mode.values}:
            mode = None
        since = timezone.localdate() - dt.timedelta(days=days - 1)
        rows = daily_counts(since=since, mode=mode)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Feedback per day",
            "rows": rows,
            "days": days,
            "mode": mode or "",
            "modes": ReplyFeedback.Mode.choices,
            "day_choices": [7, 30, 90, 365],
            "totals": {"up": sum(r.up for r in rows), "down": sum(r.down for r in rows)},
            **(extra_context or {}),
        }
        return TemplateResponse(request, "admin/assistant/feedback_per_day.html", context)
