"""Every answer under /api/ is JSON with the right 4xx/5xx, whatever the body, method, path or content type
(issue 15's reproductions, against the live ASGI app with its middleware, CSRF and sessions)."""

from __future__ import annotations

import uuid

import httpx
import pytest

from tests.chat_support import ChatClient, ScriptedModel, make_config

CHAT = "/api/assistant/chat/"
QUOTE = "/api/pricing/quote/"


async def _post(client: ChatClient, url: str, **kwargs) -> httpx.Response:
    if client.token is None:
        await client.fetch_csrf()
    headers = {"X-CSRFToken": client.token, **kwargs.pop("headers", {})}
    return await client.http.post(url, headers=headers, **kwargs)


def _error(response: httpx.Response) -> dict:
    assert response.headers["content-type"] == "application/json", response.text[:200]
    body = response.json()
    assert set(body["error"]) == {"code", "message", "field"} and body["error"]["message"]
    return body["error"]


JSON = {"Content-Type": "application/json"}


@pytest.mark.parametrize("url", [CHAT, QUOTE])
@pytest.mark.parametrize(
    ("content", "headers", "status", "code"),
    [
        pytest.param(b"[" * 2000, JSON, 400, "invalid_json", id="nested-2000-deep"),
        pytest.param(b"[" * 100_000, JSON, None, None, id="nested-100000-deep"),  # refused on size first
        pytest.param(b'{"message": ' + b"1" * 5000 + b"}", JSON, 400, "invalid_json", id="int-5000-digits"),
        pytest.param(b'{"message": 1e999}', JSON, 400, "invalid_json", id="float-overflow"),
        pytest.param(b'{"message": NaN}', JSON, 400, "invalid_json", id="nan"),
        pytest.param(b"a=1", {"Content-Type": "application/x-www-form-urlencoded"}, 415, None, id="form"),
        pytest.param(b"hi", {"Content-Type": "text/plain"}, 415, "unsupported_media_type", id="text"),
    ],
)
async def test_bad_bodies_are_json_4xx(chat_server, chat_runtime, url, content, headers, status, code):
    script = ScriptedModel([["never"]])
    chat_runtime(script)
    async with ChatClient(chat_server) as client:
        response = await _post(client, url, content=content, headers=headers)
    error = _error(response)
    assert 400 <= response.status_code < 500
    if status is not None:
        assert response.status_code == status
    if code is not None:
        assert error["code"] == code
    assert script.requests == []


@pytest.mark.parametrize("url", [CHAT, QUOTE])
async def test_multipart_post_is_415_not_a_crash(chat_server, chat_runtime, url):
    chat_runtime(ScriptedModel([["never"]]))
    async with ChatClient(chat_server) as client:
        response = await _post(client, url, files={"message": ("m.txt", b"hi")}, data={"message": "hi"})
    assert response.status_code == 415
    assert _error(response)["code"] == "unsupported_media_type"


@pytest.mark.parametrize("content_type", ["application/x-www-form-urlencoded", "application/json"])
async def test_body_over_the_upload_limit_is_json(chat_server, chat_runtime, settings, content_type):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    chat_runtime(ScriptedModel([["never"]]))
    async with ChatClient(chat_server) as client:
        response = await _post(client, CHAT, content=b"a=" + b"x" * 20_000, headers={"Content-Type": content_type})
    assert response.status_code in (400, 413, 415)
    _error(response)


async def test_lone_surrogate_is_refused_up_front_and_nothing_is_stored(chat_server, chat_runtime):
    script = ScriptedModel([["never"]])
    chat_runtime(script)
    async with ChatClient(chat_server) as client:
        result = await client.post_chat(None, raw=b'{"message": "hi \\ud800"}')
    assert result.status == 400
    assert result.json()["error"]["code"] == "invalid_message"
    assert result.json()["error"]["field"] == "message"
    assert script.requests == []


async def test_an_emoji_written_as_a_surrogate_pair_is_text(chat_server, chat_runtime):
    chat_runtime(ScriptedModel([["ok"]]))
    async with ChatClient(chat_server) as client:
        result = await client.post_chat(None, raw=b'{"message": "hi \\ud83d\\ude00"}')
    assert result.status == 200 and result.names()[-1] == "done"


async def test_lone_surrogate_in_a_quote_is_a_400(chat_server):
    async with ChatClient(chat_server) as client:
        response = await _post(
            client, QUOTE, content=b'{"service_type": "blade_transfer", "blade_terminal": "\\udc00"}', headers=JSON
        )
    assert response.status_code == 400
    assert _error(response)["field"] == "blade_terminal"


@pytest.mark.parametrize("debug", [False, True])
@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("GET", "/api/assistant/threads/not-a-uuid/", 404, "thread_not_found"),
        ("GET", "/api/assistant/threads/../../admin/", 404, None),
        ("GET", "/api/nothing-here/", 404, "not_found"),
        ("GET", "/api/assistant/chat", 404, None),  # no trailing slash: APPEND_SLASH cannot redirect a POST API
        ("PUT", CHAT, 405, "method_not_allowed"),
        ("DELETE", QUOTE, 405, "method_not_allowed"),
        ("POST", "/api/assistant/health/", 405, "method_not_allowed"),
    ],
)
async def test_paths_and_methods_no_view_takes_are_json(chat_server, settings, debug, method, path, status, code):
    settings.DEBUG = debug  # Django's debug pages are HTML: /api/ must answer JSON either way
    async with ChatClient(chat_server) as client:
        await client.fetch_csrf()
        response = await client.http.request(method, path, headers={"X-CSRFToken": client.token})
    if response.status_code in (301, 302):  # APPEND_SLASH on a GET: a redirect is fine, never HTML
        return
    assert response.status_code == status
    error = _error(response)
    if code is not None:
        assert error["code"] == code
    if status == 405:
        assert response.headers["allow"]


@pytest.mark.parametrize("debug", [False, True])
async def test_a_crash_under_api_is_a_json_500(chat_server, chat_runtime, monkeypatch, settings, debug):
    settings.DEBUG = debug
    chat_runtime(ScriptedModel([["never"]]))

    def crash(*args, **kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("assistant.views.read_chat_request", crash)
    async with ChatClient(chat_server) as client:
        result = await client.say("hi")
    assert result.status == 500
    assert result.headers["content-type"] == "application/json"
    assert result.json()["error"]["code"] == "internal_error"
    assert b"a bug" not in result.body and b"Traceback" not in result.body


async def test_csrf_refusal_is_json(chat_server, chat_runtime):
    chat_runtime(ScriptedModel([["never"]]))
    async with ChatClient(chat_server) as client:
        result = await client.post_chat({"message": "hi"}, csrf=False)
    assert result.status == 403
    assert result.json()["error"]["code"] == "csrf_failed"


async def test_static_path_escaping_the_static_folders_is_a_404(chat_server):
    async with httpx.AsyncClient(base_url=chat_server) as http:
        for path in ("/static/../backend/config/settings.py", "/static/%2e%2e/backend/config/settings.py"):
            response = await http.get(path)
            assert response.status_code == 404, path
            assert b"SECRET_KEY" not in response.content


async def test_refusals_do_not_use_up_the_rate_limit(chat_server, chat_runtime):
    from assistant import locks

    chat_runtime(ScriptedModel([["one"], ["two"], ["never"]]), config=make_config(rate_messages=2))
    async with ChatClient(chat_server) as client:
        first = await client.say("hi")
        thread_id = first.data("done")[0]["thread_id"]
        held = await locks.acquire(thread_id)  # as if another tab were still streaming a reply here
        busy = [await client.say("again", thread_id) for _ in range(3)]
        await locks.release(held)
        missing = [await client.say("hi", str(uuid.uuid4())) for _ in range(3)]
        bad = [await client.post_chat(None, raw=b"{") for _ in range(3)]
        second = await client.say("hi again", thread_id)
        limited = await client.say("one more")
    assert [r.status for r in busy] == [409] * 3
    assert [r.status for r in missing] == [404] * 3
    assert [r.status for r in bad] == [400] * 3
    assert (first.status, second.status) == (200, 200)
    assert limited.status == 429
    assert limited.json()["error"]["code"] == "rate_limited"


@pytest.mark.parametrize("path", ["/api/nothing-here/", "/nothing-here/"])
async def test_a_broken_multipart_post_to_an_unknown_path_is_a_404(chat_server, path):
    # Django's own 404 handler reads request.POST (for its CSRF token) and would turn this into a 500.
    async with ChatClient(chat_server) as client:
        response = await _post(client, path, content=b'{"a": 1}', headers={"Content-Type": "multipart/form-data"})
    assert response.status_code == 404
    if path.startswith("/api/"):
        assert _error(response)["code"] == "not_found"
