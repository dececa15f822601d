"""What a chat turn costs the server, counted (never timed): session writes, prompt renders, thread hops.

Speed itself is measured by `make bench` against baselines; these tests pin the mechanisms that make a
turn cheap, so a change that quietly brings the cost back fails here.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.contrib.sessions.models import Session
from django.db.models.signals import post_save
from pydantic_ai.messages import ModelMessage
from pydantic_ai.models.function import AgentInfo, FunctionModel

from assistant import prompt_cache
from assistant.agent import build_agent
from assistant.runtime import get_config
from tests.chat_support import ChatClient, ScriptedRuntime, run_db


@pytest.fixture
def session_writes():
    writes: list[str] = []

    def count(sender: Any, instance: Session, **kwargs: Any) -> None:
        writes.append(instance.session_key)

    post_save.connect(count, sender=Session, dispatch_uid="test-session-writes")
    yield writes
    post_save.disconnect(sender=Session, dispatch_uid="test-session-writes")


@pytest.fixture
def prompts_seen(chat_runtime) -> list[str]:
    """The real agent (real prompt) with a model that records its instructions and says one word."""
    seen: list[str] = []

    async def stream(messages: list[ModelMessage], info: AgentInfo):
        seen.append(info.instructions or "")
        yield "ok"

    config = get_config()
    agent = build_agent(config, model=FunctionModel(stream_function=stream, model_name="recorder"))
    chat_runtime(ScriptedRuntime(config=config, agent=agent, model_name="recorder"))
    return seen


async def test_an_anonymous_visitors_turns_write_no_session(chat_server, catalogue_rows, prompts_seen, session_writes):
    # Their key is a cookie of its own (assistant/visitor.py): a session was an INSERT, then a SELECT per turn.
    async with ChatClient(chat_server) as client:
        first = await client.say("hello")
        assert first.names()[-1] == "done"
        assert "totetaxi_chat" in client.http.cookies and "sessionid" not in client.http.cookies
        second = await client.say("again", first.data("done")[0]["thread_id"])
        assert second.names()[-1] == "done"  # the same owner: the key found their thread
    assert session_writes == []


async def test_the_static_prompt_is_rendered_once_per_catalogue_version(
    chat_server, seeded, prompts_seen, session_writes
):
    prompt_cache.clear()
    before = prompt_cache.renders
    async with ChatClient(chat_server) as anonymous, ChatClient(chat_server) as alice:
        await alice.login(seeded["alice"])
        await anonymous.say("hello")
        await anonymous.say("hello again")
        await alice.say("hello")
        assert prompt_cache.renders - before == 1

        def change_a_price() -> None:
            from catalogue.models import SpecialtyItem

            surfboard = SpecialtyItem.objects.get(slug="surfboard")
            surfboard.price = Decimal("365.00")
            surfboard.save()  # what the admin does

        await run_db(change_a_price)
        await anonymous.say("and now?")
    assert prompt_cache.renders - before == 2
    static = [prompt.split("## This conversation")[0] for prompt in prompts_seen]
    assert static[0] == static[1] == static[2]  # anonymous and signed in: one static part
    assert "$350" in static[0] and "$365" not in static[0]
    assert "(`surfboard`): $365" in static[3]
    assert "signed in as Alice" in prompts_seen[2] and "Alice" not in static[2]


@pytest.fixture
def catalogue_rows(transactional_db) -> None:
    from catalogue.seeding import seed_catalogue

    seed_catalogue()
