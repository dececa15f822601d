"""Everything refused before streaming: bad bodies, CSRF, rate limit, unknown threads. JSON errors name the field."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

import pytest

from tests.chat_support import ChatClient, ScriptedModel, make_config


@pytest.mark.parametrize(
    ("raw", "code", "field"),
    [
        (b"not json", "invalid_json", None),
        (b"", "invalid_json", None),
        (b'{"message": "caf\xe9"}', "invalid_json", None),  # not UTF-8
        (b"[1, 2]", "invalid_json", None),
        (b'{"thread_id": null}', "invalid_message", "message"),
        (b'{"message": 42}', "invalid_message", "message"),
        (b'{"message": ""}', "empty_message", "message"),
        (b'{"message": "   \\n\\t "}', "empty_message", "message"),
        (b'{"message": "hi", "thread_id": "not-a-uuid"}', "invalid_thread_id", "thread_id"),
        (b'{"message": "hi", "thread_id": 12}', "invalid_thread_id", "thread_id"),
        (b'{"message": "hi", "user_id": 1}', "unknown_field", "user_id"),
    ],
)
async def test_bad_body_is_400_naming_the_field(chat_server, chat_runtime, raw, code, field):
    script = ScriptedModel([["never"]])
    chat_runtime(script)
    async with ChatClient(chat_server) as client:
        result = await client.post_chat(None, raw=raw)
    assert result.status == 400
    assert result.headers["content-type"] == "application/json"
    error = result.json()["error"]
    assert (error["code"], error["field"]) == (code, field)
    assert error["message"]
    assert script.requests == []


async def test_message_length_limit_comes_from_config(chat_server, chat_runtime):
    chat_runtime(ScriptedModel([["ok"]]), config=make_config(max_message_chars=10))
    async with ChatClient(chat_server) as client:
        too_long = await client.say("x" * 11)
        at_limit = await client.say("  " + "x" * 10 + "  ")  # trimmed before counting
    assert too_long.status == 400
    assert too_long.json()["error"]["code"] == "message_too_long"
    assert too_long.json()["error"]["field"] == "message"
    assert "10" in too_long.json()["error"]["message"]
    assert at_limit.status == 200 and at_limit.names()[-1] == "done"


async def test_body_over_djangos_upload_limit_is_the_same_json_400(chat_server, chat_runtime, settings):
    # Past DATA_UPLOAD_MAX_MEMORY_SIZE Django refuses to read the body; the client still gets JSON naming the field.
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    script = ScriptedModel([["never"]])
    chat_runtime(script)
    async with ChatClient(chat_server) as client:
        result = await client.say("x" * 20_000)
    assert result.status == 400
    assert result.headers["content-type"] == "application/json"
    assert result.json()["error"] == {
        "code": "message_too_long",
        "message": "Messages can be at most 500 characters.",
        "field": "message",
    }
    assert script.requests == []


async def test_csrf_is_enforced(chat_server, chat_runtime):
    script = ScriptedModel([["never"]])
    chat_runtime(script)
    async with ChatClient(chat_server) as client:
        result = await client.post_chat({"message": "hi"}, csrf=False)
    assert result.status == 403
    assert script.requests == []


async def test_csrf_endpoint_sets_cookie_and_returns_token(chat_server):
    async with ChatClient(chat_server) as client:
        response = await client.http.get("/api/assistant/csrf/")
    assert response.status_code == 200
    assert response.json()["csrf_token"]
    assert "csrftoken" in response.cookies


async def test_rate_limit_per_ip_with_retry_after(chat_server, chat_runtime):
    chat_runtime(ScriptedModel([["a"], ["b"], ["c"]]), config=make_config(rate_messages=2))
    async with ChatClient(chat_server) as client:
        ok = [await client.say("hi"), await client.say("hi again")]
        limited = await client.say("and again")
    async with ChatClient(chat_server) as other_session_same_ip:
        also_limited = await other_session_same_ip.say("hello")
    assert [r.status for r in ok] == [200, 200]
    assert limited.status == 429
    retry_after = int(limited.headers["retry-after"])
    assert 1 <= retry_after <= 3600
    body = limited.json()
    assert body["retry_after"] == retry_after
    assert body["error"]["code"] == "rate_limited"
    # What the widget needs to say what happened: the limit, when to write again, and whom to call.
    config = make_config(rate_messages=2)
    assert body["limit"] == {"messages": 2, "per_seconds": config.agent.limits.rate_limit.per_seconds}
    retry_at = datetime.fromisoformat(body["retry_at"].replace("Z", "+00:00"))
    assert abs((retry_at - datetime.now(UTC)).total_seconds() - retry_after) < 5
    assert body["contact"] == {"phone": config.agent.contact.phone, "email": config.agent.contact.email}
    assert config.agent.contact.phone in body["error"]["message"]
    assert also_limited.status == 429


async def test_trusted_ip_header_is_off_by_default_and_used_when_set(chat_server, chat_runtime, settings):
    chat_runtime(ScriptedModel([["a"], ["b"], ["c"]]), config=make_config(rate_messages=1))
    async with ChatClient(chat_server) as client:
        await client.fetch_csrf()
        first = await client.http.post(
            "/api/assistant/chat/",
            json={"message": "hi"},
            headers={"X-CSRFToken": client.token, "X-Forwarded-For": "1.1.1.1"},
        )
        spoofed = await client.http.post(
            "/api/assistant/chat/",
            json={"message": "hi"},
            headers={"X-CSRFToken": client.token, "X-Forwarded-For": "2.2.2.2"},
        )
        assert (first.status_code, spoofed.status_code) == (200, 429)  # header ignored: same REMOTE_ADDR bucket
        settings.CLIENT_IP_HEADER, settings.TRUSTED_PROXIES = "X-Forwarded-For", ["127.0.0.1"]
        behind_proxy = await client.http.post(
            "/api/assistant/chat/",
            json={"message": "hi"},
            headers={"X-CSRFToken": client.token, "X-Forwarded-For": "spoofed, 3.3.3.3"},
        )
    assert behind_proxy.status_code == 200


async def test_unknown_thread_is_404(chat_server, chat_runtime):
    script = ScriptedModel([["never"]])
    chat_runtime(script)
    async with ChatClient(chat_server) as client:
        result = await client.say("hi", str(uuid.uuid4()))
        transcript = await client.transcript(str(uuid.uuid4()))
    assert result.status == 404
    assert result.json()["error"] == {
        "code": "thread_not_found",
        "message": "This conversation was not found.",
        "field": "thread_id",
    }
    assert transcript.status_code == 404
    assert script.requests == []


async def test_get_is_not_allowed(chat_server):
    async with ChatClient(chat_server) as client:
        response = await client.http.get("/api/assistant/chat/")
    assert response.status_code == 405


async def test_runtime_that_cannot_load_is_a_json_503(chat_server, monkeypatch):
    def broken():
        raise RuntimeError("agent_config/ is broken")

    monkeypatch.setattr("assistant.views.current_runtime", broken)
    async with ChatClient(chat_server) as client:
        result = await client.say("hi")
        transcript = await client.transcript(str(uuid.uuid4()))  # the widget restoring a thread after navigation
    assert result.status == 503
    assert result.json()["error"]["code"] == "unavailable"
    assert transcript.status_code == 503
    assert transcript.headers["content-type"] == "application/json"
    assert transcript.json()["error"]["code"] == "unavailable"
