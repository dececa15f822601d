"""A broken agent_config/ on a running server: the site still serves, /api/ answers a JSON 503 naming the
category and how to reach a person, /api/assistant/health/ names the failed check (file, line and hint only
for staff and DEBUG), and the config is not reloaded for every refused request."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
import yaml
from django.test import RequestFactory

from assistant.runtime import reset_runtime
from tests.chat_support import ChatClient


@pytest.fixture
def broken_config(config_copy, settings) -> Iterator[Any]:
    """The fixture config with one typo in tools.yaml, served by the live server."""
    config_copy.replace("tools.yaml", "auth: public", "auth: custmer")
    settings.AGENT_CONFIG_DIR = config_copy.dir
    reset_runtime()
    yield config_copy
    reset_runtime()


def _contact(config_copy: Any) -> dict[str, str]:
    contact = yaml.safe_load(config_copy.path("agent.yaml").read_text(encoding="utf-8"))["contact"]
    return {"phone": contact["phone"], "email": contact["email"]}


async def test_chat_and_widget_answer_503_with_the_reason_and_the_contact(broken_config, chat_server):
    contact = _contact(broken_config)
    async with ChatClient(chat_server) as client:
        chat = await client.say("hi")
        widget = await client.http.get("/api/assistant/widget/")
        page = await client.http.get("/signin/")  # a page that needs no catalogue rows
    answers = [(chat.status, chat.headers, chat.body.decode()), (widget.status_code, widget.headers, widget.text)]
    for status, headers, text in answers:
        body = json.loads(text)
        assert status == 503 and headers["content-type"] == "application/json"
        assert body["error"]["code"] == "unavailable" and body["reason"] == "config_invalid"
        assert body["contact"] == contact
        assert contact["phone"] in body["error"]["message"] and contact["email"] in body["error"]["message"]
        assert "custmer" not in text and "tools.yaml" not in text  # config text is not for strangers
    assert page.status_code == 200 and contact["phone"] in page.text  # the site, footer included, still serves


async def test_health_names_the_failed_check_and_keeps_file_and_line_for_staff(broken_config, chat_server, settings):
    settings.DEBUG = False
    async with httpx.AsyncClient(base_url=chat_server) as client:
        public = await client.get("/api/assistant/health/")
        settings.DEBUG = True
        detailed = await client.get("/api/assistant/health/")
    assert public.status_code == 503
    body = public.json()
    assert body["status"] == "degraded" and body["failed"] == "config" and body["reason"] == "config_invalid"
    assert body["checks"] == {"config": "failed", "agent": "not built", "store": "ok"}
    assert "1 problem" in body["summary"] and "problems" not in body
    assert "custmer" not in public.text and "line 12" not in public.text
    (problem,) = detailed.json()["problems"]
    assert problem.startswith("agent_config/tools.yaml, line ") and "'custmer'" in problem and "Hint:" in problem


async def test_staff_see_the_detail_and_visitors_do_not(settings):
    from types import SimpleNamespace

    from assistant.health import shows_detail

    settings.DEBUG = False
    staff = SimpleNamespace(is_authenticated=True, is_staff=True)
    customer = SimpleNamespace(is_authenticated=True, is_staff=False)
    visitor = SimpleNamespace(is_authenticated=False, is_staff=False)
    verdicts = []
    for user in (staff, customer, visitor):
        request = RequestFactory().get("/api/assistant/health/")

        async def auser(user: Any = user) -> Any:
            return user

        request.auser = auser
        verdicts.append(await shows_detail(request))
    assert verdicts == [True, False, False]


def test_unreadable_agent_yaml_falls_back_to_the_documented_settings(config_copy, settings):
    from assistant.unavailable import customer_text

    config_copy.path("agent.yaml").write_text("contact: [unclosed\n", encoding="utf-8")
    settings.AGENT_CONFIG_DIR = config_copy.dir
    reset_runtime()
    try:
        settings.ASSISTANT_FALLBACK_PHONE, settings.ASSISTANT_FALLBACK_EMAIL = "", ""
        text, reach = customer_text()
        assert reach is None and text == "The assistant is unavailable right now. Please try again later."
        settings.ASSISTANT_FALLBACK_PHONE = "(555) 010-0199"
        text, reach = customer_text()
        assert reach.as_json() == {"phone": "(555) 010-0199", "email": None}
        assert text.endswith("Please call (555) 010-0199.")
    finally:
        reset_runtime()


def test_a_broken_config_is_loaded_once_not_per_request(broken_config, monkeypatch):
    from assistant import runtime
    from assistant.config import ConfigError

    calls = []
    real = runtime.load_config
    monkeypatch.setattr(runtime, "load_config", lambda directory: calls.append(directory) or real(directory))
    for _ in range(3):
        with pytest.raises(ConfigError):
            runtime.get_runtime()
    assert len(calls) == 1
    reset_runtime()  # what a restart does: the next request reads the files again
    with pytest.raises(ConfigError):
        runtime.get_config()
    assert len(calls) == 2
