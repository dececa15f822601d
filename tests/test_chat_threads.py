"""Who owns a thread, one stream per thread, and what a disconnect leaves behind."""

from __future__ import annotations

import asyncio
import json

import pytest
from django.contrib.auth import get_user_model

from tests.chat_support import ChatClient, ScriptedModel, run_db
from tests.sse import SSEParser


@pytest.fixture
def make_user():
    async def make(username: str, first_name: str):
        create = get_user_model().objects.create_user
        return await run_db(lambda: create(username=username, password="pw-for-tests-only", first_name=first_name))

    return make


async def test_signed_in_user_reaches_the_agent_deps(chat_server, chat_runtime, make_user):
    script = ScriptedModel([["Hi Alice"], ["Hi visitor"]])
    chat_runtime(script)
    alice = await make_user("alice-t", "Alice")
    async with ChatClient(chat_server) as signed_in, ChatClient(chat_server) as anonymous:
        await signed_in.login(alice)
        assert (await signed_in.say("hello")).names()[-1] == "done"
        assert (await anonymous.say("hello")).names()[-1] == "done"
    assert "signed in as Alice" in (script.requests[0][-1].instructions or "")
    assert "Not signed in" in (script.requests[1][-1].instructions or "")


async def test_thread_is_private_to_its_owner(chat_server, chat_runtime, make_user):
    script = ScriptedModel([["mine"], ["still mine"], ["never"]])
    chat_runtime(script)
    alice, bob = await make_user("alice-o", "Alice"), await make_user("bob-o", "Bob")
    async with (
        ChatClient(chat_server) as alice_laptop,
        ChatClient(chat_server) as alice_phone,
        ChatClient(chat_server) as bob_client,
        ChatClient(chat_server) as stranger,
    ):
        await alice_laptop.login(alice)
        await alice_phone.login(alice)
        await bob_client.login(bob)
        thread_id = (await alice_laptop.say("my booking?")).data("done")[0]["thread_id"]

        # Alice's other session sees and continues it (scope is the user, not the session)
        assert (await alice_phone.transcript(thread_id)).status_code == 200
        assert (await alice_phone.say("and?", thread_id)).names()[-1] == "done"

        # Bob and an anonymous stranger get exactly what a nonexistent thread gives
        for other in (bob_client, stranger):
            read = await other.transcript(thread_id)
            write = await other.say("let me in", thread_id)
            assert read.status_code == 404 and write.status == 404
            assert write.json()["error"]["code"] == "thread_not_found"
    assert len(script.requests) == 2


async def test_anonymous_thread_belongs_to_the_visitors_key(chat_server, chat_runtime):
    chat_runtime(ScriptedModel([["hello"], ["never"]]))
    async with (
        ChatClient(chat_server) as visitor,
        ChatClient(chat_server) as other_visitor,
        ChatClient(chat_server) as forger,
    ):
        thread_id = (await visitor.say("hi")).data("done")[0]["thread_id"]
        key = visitor.http.cookies["totetaxi_chat"]
        assert len(key) == 32
        assert (await visitor.transcript(thread_id)).status_code == 200
        assert (await other_visitor.transcript(thread_id)).status_code == 404
        # A key that is not one we issue is ignored: no owner, nothing found (and never an error).
        forger.http.cookies["totetaxi_chat"] = key[:-1] + "!"
        assert (await forger.transcript(thread_id)).status_code == 404
        assert (await forger.say("let me in", thread_id)).status == 404


async def _read_until_tokens(chunks, parser: SSEParser, count: int) -> None:
    """Read `chunks` (one `aiter_raw()` iterator the caller keeps: an abandoned one is closed by the
    garbage collector, and with it the connection) until `count` tokens have arrived."""
    async for chunk in chunks:
        parser.feed(chunk)
        if sum(1 for event in parser.events if event.event == "token") >= count:
            return
    raise AssertionError("stream ended before the expected tokens")


async def test_disconnect_cancels_the_model_and_stores_the_partial_reply(chat_server, chat_runtime):
    script = ScriptedModel([["Our", " prices", " start", " at"], ["Welcome back"]], hang_after=2)
    chat_runtime(script)
    async with ChatClient(chat_server) as client:
        await client.fetch_csrf()
        parser = SSEParser()
        async with client.http.stream(
            "POST", "/api/assistant/chat/", json={"message": "prices?"}, headers={"X-CSRFToken": client.token}
        ) as response:
            chunks = response.aiter_raw()
            await _read_until_tokens(chunks, parser, 2)
            assert not script.cancelled.is_set()
        # leaving the block closed the connection mid-stream
        thread_id = json.loads(parser.events[0].data)["thread_id"]
        assert await asyncio.to_thread(script.cancelled.wait, 3), "the model call was not cancelled"

        for _ in range(50):  # the interrupted turn is saved as the stream task unwinds
            transcript = (await client.transcript(thread_id)).json()
            if transcript.get("messages"):
                break
            await asyncio.sleep(0.05)
        shown = [{k: m[k] for k in ("role", "text", "tools", "interrupted")} for m in transcript["messages"]]
        assert shown == [
            {"role": "user", "text": "prices?", "tools": [], "interrupted": False},
            {"role": "assistant", "text": "Our prices", "tools": [], "interrupted": True},
        ]
        assert transcript["messages"][1]["message_id"]  # an interrupted reply can be rated too
        script.hang_after = None
        follow_up = await client.say("hello again", thread_id)  # lock released; history still valid for the model
    assert follow_up.names()[-1] == "done"
    sent = [str(message) for message in script.requests[1]]
    assert any("Our prices" in text for text in sent)


async def test_second_stream_on_a_busy_thread_is_409(chat_server, chat_runtime):
    script = ScriptedModel([["first"], ["slow", " reply"], ["after"]], hang_after=1)
    chat_runtime(script)
    async with ChatClient(chat_server) as client:
        script.hang_after = None
        thread_id = (await client.say("one")).data("done")[0]["thread_id"]
        script.hang_after = 1
        parser = SSEParser()
        async with client.http.stream(
            "POST",
            "/api/assistant/chat/",
            json={"message": "two", "thread_id": thread_id},
            headers={"X-CSRFToken": client.token},
        ) as response:
            chunks = response.aiter_raw()
            await _read_until_tokens(chunks, parser, 1)
            busy = await client.say("three", thread_id)
            assert busy.status == 409
            assert busy.json()["error"]["code"] == "thread_busy"
        assert await asyncio.to_thread(script.cancelled.wait, 3)
        script.hang_after = None
        for _ in range(50):  # the lock is released when the cancelled stream has unwound
            after = await client.say("four", thread_id)
            if after.status != 409:
                break
            await asyncio.sleep(0.05)
    assert after.names()[-1] == "done"
