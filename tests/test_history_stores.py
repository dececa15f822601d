"""Both ConversationStore backends (Redis, database) against the library's contract: compare-and-set on the
revision, scope as owner, TTL, and the messages round-tripping exactly."""

from __future__ import annotations

import asyncio
import uuid

import pytest
import redis
from asgiref.sync import sync_to_async
from django.db import connections
from pydantic_ai.conversation import Conversation
from pydantic_ai.conversation_store import ConversationConflict, ConversationEntry, ConversationRecord
from pydantic_ai.messages import ModelRequest, ModelResponse, TextPart, ToolCallPart, ToolReturnPart, UserPromptPart

from assistant.history_stores import DatabaseConversationStore, RedisConversationStore

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(params=["database", "redis"])
async def store(request, redis_url):
    if request.param == "database":
        yield DatabaseConversationStore(ttl_seconds=3600)
        # The store's ORM work ran on asgiref's shared thread: close that thread's connection, or
        # PostgreSQL refuses to drop the test database at the end of the session.
        await sync_to_async(connections.close_all)()
        return
    prefix = f"test:{uuid.uuid4().hex}:"
    yield RedisConversationStore(url=redis_url, ttl_seconds=3600, prefix=prefix)
    client = redis.Redis.from_url(redis_url)
    for key in client.scan_iter(f"{prefix}*"):
        client.delete(key)
    client.close()


def turn(question: str, answer: str) -> list:
    return [ModelRequest(parts=[UserPromptPart(content=question)]), ModelResponse(parts=[TextPart(content=answer)])]


def tool_turn() -> list:
    return [
        ModelRequest(parts=[UserPromptPart(content="zip 10001?")]),
        ModelResponse(
            parts=[ToolCallPart(tool_name="check_zip_coverage", args={"zip_code": "10001"}, tool_call_id="c1")]
        ),
        ModelRequest(
            parts=[
                ToolReturnPart(
                    tool_name="check_zip_coverage", content={"ok": True, "serviceable": True}, tool_call_id="c1"
                )
            ]
        ),
        ModelResponse(parts=[TextPart(content="Yes, we serve 10001.")]),
    ]


async def test_save_load_round_trip_and_append(store):
    first, second = tool_turn(), turn("thanks", "You're welcome")
    saved = await store.save(Conversation(conversation_id="t1", messages=list(first)), scope="user:1")
    assert len(saved) == 4
    loaded = await store.load("t1", scope="user:1")
    assert loaded is not None and loaded.messages == first
    loaded.messages.extend(second)
    appended = await store.save(loaded, scope="user:1")
    assert len(appended) == 2  # only the new messages are written
    again = await store.load("t1", scope="user:1")
    assert again.messages == first + second
    assert (await store.load("t1", limit=2, scope="user:1")).messages == second


async def test_the_system_prompt_a_request_recorded_is_not_stored(store):
    # Each run sends the prompt rendered afresh; a stored copy was ~11 KB per turn, read and written for nothing.
    asked = ModelRequest(parts=[UserPromptPart(content="hi")], instructions="You are ToteTaxi's assistant. " * 400)
    answer = ModelResponse(parts=[TextPart(content="Hello")])
    await store.save(Conversation(conversation_id="t-prompt", messages=[asked, answer]), scope="user:1")
    loaded = await store.load("t-prompt", scope="user:1")
    assert loaded is not None
    assert loaded.messages[0].instructions is None
    assert loaded.messages[0].parts == asked.parts and loaded.messages[1] == answer
    assert asked.instructions is not None  # the run's own messages are left as they are


async def test_other_scope_sees_nothing(store):
    await store.save(Conversation(conversation_id="t2", messages=turn("a", "b")), scope="session:abc")
    assert await store.load("t2", scope="session:xyz") is None
    assert await store.load("t2", scope="user:1") is None
    assert await store.load("t2", scope="session:abc") is not None
    with pytest.raises(ConversationConflict):  # nor can it write into it
        await store.save(Conversation(conversation_id="t2", messages=turn("c", "d")), scope="session:xyz")


async def test_stale_revision_is_a_conflict_and_writes_nothing(store):
    ab, cd = turn("a", "b"), turn("c", "d")
    await store.save(Conversation(conversation_id="t3", messages=list(ab)), scope="user:1")
    first = await store.load("t3", scope="user:1")
    second = await store.load("t3", scope="user:1")
    first.messages.extend(cd)
    await store.save(first, scope="user:1")
    second.messages.extend(turn("e", "f"))
    with pytest.raises(ConversationConflict):
        await store.save(second, scope="user:1")
    assert (await store.load("t3", scope="user:1")).messages == ab + cd


async def test_concurrent_saves_exactly_one_wins(store):
    await store.save(Conversation(conversation_id="t4", messages=turn("a", "b")), scope="user:1")
    copies = [await store.load("t4", scope="user:1") for _ in range(4)]
    for index, copy in enumerate(copies):
        copy.messages.extend(turn(f"q{index}", f"a{index}"))
    outcomes = await asyncio.gather(*(store.save(copy, scope="user:1") for copy in copies), return_exceptions=True)
    assert sum(not isinstance(outcome, Exception) for outcome in outcomes) == 1
    assert all(isinstance(o, ConversationConflict) for o in outcomes if isinstance(o, Exception))
    assert len((await store.load("t4", scope="user:1")).messages) == 4


async def test_creating_an_existing_conversation_conflicts(store):
    await store.save(Conversation(conversation_id="t5", messages=turn("a", "b")), scope="user:1")
    with pytest.raises(ConversationConflict):
        await store.write_record(
            ConversationRecord(conversation_id="t5", head_id=None, scope="user:1"), expected_revision=None
        )


async def test_head_must_exist(store):
    record = ConversationRecord(conversation_id="t6", head_id="no-such-entry", scope="user:1")
    with pytest.raises(ConversationConflict):
        await store.write_record(record, expected_revision=None)
    assert await store.read_record("t6") is None


async def test_write_record_with_entries_and_read_entry(store):
    first = ConversationEntry(parent_id=None, message=turn("a", "b")[0])
    second = ConversationEntry(parent_id=first.id, message=turn("a", "b")[1])
    record = ConversationRecord(conversation_id="t7", head_id=second.id, scope="user:2")
    await store.write_record(record, new_entries=[first, second], expected_revision=None)
    assert await store.read_entry(second.id) == second
    assert [e.id for e in await store.read_history(second.id)] == [first.id, second.id]
    with pytest.raises(LookupError):
        await store.read_entry("missing")


async def test_list_and_delete(store):
    await store.save(Conversation(conversation_id="l1", messages=turn("a", "b")), scope="user:9")
    await store.save(Conversation(conversation_id="l2", messages=turn("c", "d")), scope="user:9")
    await store.save(Conversation(conversation_id="l3", messages=turn("e", "f")), scope="user:8")
    assert [r.conversation_id for r in await store.list_conversations(scope="user:9")] == ["l2", "l1"]
    await store.delete("l2", scope="user:8")  # someone else's: left alone
    assert await store.load("l2", scope="user:9") is not None
    await store.delete("l2", scope="user:9")
    assert await store.load("l2", scope="user:9") is None
    record = await store.read_record("l1")
    with pytest.raises(ConversationConflict):
        await store.delete_record("l1", expected_revision="stale")
    await store.delete_record("l1", expected_revision=record.revision)
    assert await store.read_record("l1") is None


async def test_expired_conversation_is_gone(store):
    store.ttl_seconds = 1
    await store.save(Conversation(conversation_id="ttl", messages=turn("a", "b")), scope="user:1")
    assert await store.load("ttl", scope="user:1") is not None
    await asyncio.sleep(2.1)
    assert await store.load("ttl", scope="user:1") is None
    # and the id can start a new conversation
    cd = turn("c", "d")
    await store.save(Conversation(conversation_id="ttl", messages=list(cd)), scope="user:1")
    assert (await store.load("ttl", scope="user:1")).messages == cd


@pytest.mark.parametrize(
    ("url", "db"),
    [
        ("redis://127.0.0.1:6379", 3),  # the deployment's REDIS_URL names no database: DB 3, as the seed asks
        ("redis://127.0.0.1:6379/", 3),
        ("redis://127.0.0.1:6379/0", 0),  # a database in the URL wins
        ("redis://127.0.0.1:6379/5", 5),
        ("redis://127.0.0.1:6379?db=2", 2),
    ],
)
async def test_redis_database_is_3_unless_the_url_names_one(url, db):
    from assistant.history_stores.redis_client import redis_for

    client = redis_for(url)  # no connection is opened until a command runs
    try:
        assert client.connection_pool.connection_kwargs["db"] == db
    finally:
        await client.aclose()
