"""Thumbs up/down on a reply: stored against the owner's thread and reply, private to the owner, rate-limited,
JSON errors like the chat API, and reviewed by staff in the admin ("answers customers disliked", per day)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import httpx
import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from assistant.feedback import daily_counts
from assistant.models import ReplyFeedback
from tests.chat_support import ChatClient, ScriptedModel, ToolCall, run_db

QUESTION = "Do you serve 10001?"
REPLY = ["Yes, ", "we serve ", "10001."]


async def rate(client: ChatClient, thread_id: str, payload: Any, *, raw: bytes | None = None) -> httpx.Response:
    if client.token is None:
        await client.fetch_csrf()
    return await client.http.post(
        f"/api/assistant/threads/{thread_id}/feedback/",
        content=raw if raw is not None else None,
        json=None if raw is not None else payload,
        headers={"X-CSRFToken": client.token or "", "Content-Type": "application/json"},
    )


def _user(username: str):  # noqa: ANN202
    return get_user_model().objects.create_user(username=username, password="pw-for-tests-only", first_name=username)


async def _ask(client: ChatClient) -> tuple[str, str]:
    result = await client.say(QUESTION)
    done = result.data("done")[0]
    return done["thread_id"], done["message_id"]


async def test_a_thumbs_down_with_comment_is_stored_against_the_reply(chat_server, chat_runtime):
    chat_runtime(ScriptedModel([ToolCall("check_zip_coverage", {"zip_code": "10001"}, "c1"), REPLY]))
    alice = await run_db(lambda: _user("alice-fb"))
    async with ChatClient(chat_server) as client:
        await client.login(alice)
        thread_id, message_id = await _ask(client)
        response = await rate(
            client, thread_id, {"message_id": message_id, "rating": "down", "comment": " Wrong area "}
        )
        assert response.status_code == 200, response.text
        assert response.json() == {"message_id": message_id, "rating": "down", "comment": "Wrong area"}

        # The transcript names each reply by the same id and remembers the customer's thumbs.
        messages = (await client.transcript(thread_id)).json()["messages"]
        assert [m["role"] for m in messages] == ["user", "assistant"]
        assert messages[1]["message_id"] == message_id and messages[1]["rating"] == "down"
        assert messages[0]["rating"] is None

        # Rating again changes the one rating (and a thumbs up drops the complaint).
        again = await rate(client, thread_id, {"message_id": message_id, "rating": "up"})
        assert again.json() == {"message_id": message_id, "rating": "up", "comment": ""}
        await rate(client, thread_id, {"message_id": message_id, "rating": "down", "comment": "Wrong area"})

    stored = await run_db(lambda: list(ReplyFeedback.objects.values()))
    assert len(stored) == 1
    row = stored[0]
    assert (row["thread_id"], row["message_id"], row["rating"]) == (thread_id, message_id, "down")
    assert row["question"] == QUESTION and row["reply"] == "".join(REPLY)
    assert row["tools"] == [{"name": "check_zip_coverage", "label": row["tools"][0]["label"], "ok": True}]
    assert row["comment"] == "Wrong area" and row["mode"] == "llm"
    assert row["user_id"] == alice.pk and row["owner_scope"] == f"user:{alice.pk}"


async def test_another_customer_or_visitor_cannot_rate_or_read_it(chat_server, chat_runtime):
    chat_runtime(ScriptedModel([REPLY]))
    alice, bob = await run_db(lambda: _user("alice-fp")), await run_db(lambda: _user("bob-fp"))
    async with ChatClient(chat_server) as mine, ChatClient(chat_server) as bobs, ChatClient(chat_server) as stranger:
        await mine.login(alice)
        await bobs.login(bob)
        thread_id, message_id = await _ask(mine)
        await rate(mine, thread_id, {"message_id": message_id, "rating": "down", "comment": "private"})
        missing = await rate(mine, str(uuid.uuid4()), {"message_id": message_id, "rating": "up"})
        assert missing.status_code == 404
        for other in (bobs, stranger):
            attempt = await rate(other, thread_id, {"message_id": message_id, "rating": "up"})
            assert (attempt.status_code, attempt.json()) == (404, missing.json())  # same as a missing thread
            assert (await other.transcript(thread_id)).status_code == 404  # nor read the reply or its rating
        # The owner's own thread with a reply id that is not one of its replies.
        unknown = await rate(mine, thread_id, {"message_id": "not-a-reply", "rating": "up"})
        assert unknown.status_code == 404 and unknown.json()["error"]["field"] == "message_id"
    stored = await run_db(lambda: list(ReplyFeedback.objects.values_list("rating", "comment")))
    assert stored == [("down", "private")]


@pytest.mark.parametrize(
    ("payload", "code", "field"),
    [
        (b"not json", "invalid_json", None),
        (b"[1]", "invalid_json", None),
        (b'{"message_id": "x", "rating": "meh"}', "invalid_rating", "rating"),
        (b'{"rating": "up"}', "invalid_message_id", "message_id"),
        (b'{"message_id": "x", "rating": "up", "stars": 5}', "unknown_field", "stars"),
        (b'{"message_id": "x", "rating": "down", "comment": 7}', "invalid_comment", "comment"),
        (b'{"message_id": "x", "rating": "down", "comment": "' + b"a" * 1001 + b'"}', "invalid_comment", "comment"),
    ],
)
async def test_bad_feedback_gets_a_json_error_naming_the_field(chat_server, chat_runtime, payload, code, field):
    chat_runtime(ScriptedModel([REPLY]))
    async with ChatClient(chat_server) as client:
        response = await rate(client, str(uuid.uuid4()), None, raw=payload)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == code and response.json()["error"]["field"] == field


async def test_feedback_is_rate_limited_with_json(chat_server, chat_runtime, settings):
    settings.ASSISTANT_FEEDBACK_PER_HOUR = 2
    chat_runtime(ScriptedModel([REPLY]))
    async with ChatClient(chat_server) as client:
        thread_id, message_id = await _ask(client)
        answers = [await rate(client, thread_id, {"message_id": message_id, "rating": "up"}) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 429]
    assert answers[2].json()["error"]["code"] == "rate_limited"
    assert int(answers[2].headers["retry-after"]) >= 1


def _feedback(rating: str, *, mode: str = "llm", days_ago: int = 0, comment: str = "") -> ReplyFeedback:
    row = ReplyFeedback.objects.create(
        thread_id=str(uuid.uuid4()),
        message_id=str(uuid.uuid4()),
        owner_scope="session:x",
        rating=rating,
        comment=comment,
        question=f"question {uuid.uuid4().hex[:6]}",
        reply="a reply",
        tools=[{"name": "get_pricing_estimate", "label": "Pricing…", "ok": False}],
        mode=mode,
    )
    if days_ago:
        ReplyFeedback.objects.filter(pk=row.pk).update(created_at=row.created_at - dt.timedelta(days=days_ago))
    return row


@pytest.mark.django_db
def test_daily_counts_for_the_eval_report_and_admin():
    for rating, mode, days_ago in [("up", "llm", 0), ("down", "llm", 0), ("down", "offline", 0), ("up", "llm", 2)]:
        _feedback(rating, mode=mode, days_ago=days_ago)
    counts = daily_counts()
    assert [(c.up, c.down, c.total) for c in counts] == [(1, 2, 3), (1, 0, 1)]
    assert counts[0].day > counts[1].day
    assert [(c.up, c.down) for c in daily_counts(mode="offline")] == [(0, 1)]
    assert [(c.up, c.down) for c in daily_counts(since=counts[0].day)] == [(1, 2)]


@pytest.mark.django_db
def test_admin_lists_disliked_answers_with_question_reply_tools_and_comment(admin_client: Client):
    disliked = _feedback("down", comment="the price was wrong")
    liked = _feedback("up")
    url = reverse("admin:assistant_dislikedanswer_changelist")
    page = admin_client.get(url).content.decode()
    assert disliked.question in page and "a reply" in page and "the price was wrong" in page
    assert "get_pricing_estimate (failed)" in page
    assert liked.question not in page
    assert "answers customers disliked" in page.lower()
    # Filterable by date and mode.
    assert disliked.question not in admin_client.get(url, {"mode": "offline"}).content.decode()
    assert (
        disliked.question
        in admin_client.get(url, {"mode": "llm", "created_at__year": disliked.created_at.year}).content.decode()
    )
    detail = admin_client.get(reverse("admin:assistant_dislikedanswer_change", args=[disliked.pk]))
    assert detail.status_code == 200 and "the price was wrong" in detail.content.decode()

    per_day = admin_client.get(reverse("admin:assistant_feedbackday_changelist"))
    assert per_day.status_code == 200
    table = per_day.content.decode()
    assert 'id="feedback-per-day"' in table and "<td>1</td><td>1</td><td>2</td>" in table
    assert admin_client.get(reverse("admin:assistant_feedbackday_changelist"), {"days": "x"}).status_code == 200
