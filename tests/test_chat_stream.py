"""POST /api/assistant/chat/ through the real ASGI stack, read with the strict SSE parser."""

from __future__ import annotations

import dataclasses
import json
import logging
import uuid

from tests.chat_support import ChatClient, ScriptedModel, ToolCall, contact_text, make_config

HELLO = ["Hello", " there", ", how", " can", " I", " help?"]


async def test_stream_headers_order_and_tokens_over_time(chat_server, chat_runtime):
    chat_runtime(ScriptedModel([HELLO], chunk_delay=0.1))
    async with ChatClient(chat_server) as client:
        result = await client.say("hi")
    assert result.status == 200
    assert result.headers["content-type"] == "text/event-stream; charset=utf-8"
    assert result.headers["cache-control"] == "no-cache, no-transform"
    assert result.headers["x-accel-buffering"] == "no"
    assert "content-encoding" not in result.headers
    assert result.comments[0] == "connected"
    assert result.body.startswith(b": connected\n\n")
    assert result.names() == ["start"] + ["token"] * len(HELLO) + ["done"]
    assert result.text() == "".join(HELLO)
    token_times = [t for t, e in zip(result.arrivals, result.events, strict=True) if e.event == "token"]
    # produced 0.5 s apart: a buffered response would deliver them all together at the end
    assert token_times[-1] - token_times[0] > 0.25
    start, done = result.data("start")[0], result.data("done")[0]
    assert start == {"thread_id": done["thread_id"], "mode": "llm"}
    uuid.UUID(start["thread_id"])
    assert done["usage"]["requests"] == 1 and done["usage"]["tool_calls"] == 0
    assert done["mode"] == "llm" and done["message_id"]


async def test_tool_events_carry_label_args_and_result(chat_server, chat_runtime):
    script = ScriptedModel(
        [ToolCall("check_zip_coverage", {"zip_code": "10001"}, id="call_1"), ["You're", " covered!"]]
    )
    chat_runtime(script)
    async with ChatClient(chat_server) as client:
        result = await client.say("do you serve 10001?")
    assert result.names() == ["start", "tool_call", "tool_result", "token", "token", "done"]
    assert result.data("tool_call") == [
        {"id": "call_1", "name": "check_zip_coverage", "label": "Checking service area…", "args": {"zip_code": "10001"}}
    ]
    (tool_result,) = result.data("tool_result")
    assert tool_result["id"] == "call_1" and tool_result["ok"] is True
    assert tool_result["data"]["serviceable"] is True
    assert result.data("done")[0]["usage"]["tool_calls"] == 1


async def test_history_across_turns_and_transcript(chat_server, chat_runtime):
    script = ScriptedModel([["First", " answer"], ["Second", " answer"]])
    chat_runtime(script)
    async with ChatClient(chat_server) as client:
        first = await client.say("one")
        thread_id = first.data("done")[0]["thread_id"]
        second = await client.say("two", thread_id)
        assert second.data("start")[0]["thread_id"] == thread_id
        transcript = (await client.transcript(thread_id)).json()
    # the model saw the first turn when answering the second
    sent = json.dumps([str(m) for m in script.requests[1]])
    assert "one" in sent and "First answer" in sent
    assert transcript["thread_id"] == thread_id
    assert [{k: m[k] for k in ("role", "text", "tools", "interrupted")} for m in transcript["messages"]] == [
        {"role": "user", "text": "one", "tools": [], "interrupted": False},
        {"role": "assistant", "text": "First answer", "tools": [], "interrupted": False},
        {"role": "user", "text": "two", "tools": [], "interrupted": False},
        {"role": "assistant", "text": "Second answer", "tools": [], "interrupted": False},
    ]
    # Each reply carries the id its `done` sent (what a rating names), and who wrote it.
    replies = [m for m in transcript["messages"] if m["role"] == "assistant"]
    assert [m["message_id"] for m in replies] == [
        first.data("done")[0]["message_id"],
        second.data("done")[0]["message_id"],
    ]
    assert [m["mode"] for m in replies] == ["llm", "llm"] and all(m["at"] for m in transcript["messages"])


async def test_model_error_ends_in_error_event_and_saves_nothing(chat_server, chat_runtime):
    chat_runtime(ScriptedModel([["ok"]]))  # one step only: the second request has no script and raises
    async with ChatClient(chat_server) as client:
        first = await client.say("one")
        thread_id = first.data("done")[0]["thread_id"]
        failed = await client.say("two", thread_id)
        transcript = (await client.transcript(thread_id)).json()
    assert failed.names() == ["start", "error"]
    error = failed.data("error")[0]
    assert error["code"] == "internal_error" and error["retryable"] is True
    assert contact_text() in error["message"]
    assert [m["text"] for m in transcript["messages"]] == ["one", "ok"]


async def test_heartbeat_comments_while_the_model_is_slow(chat_server, chat_runtime, settings):
    settings.ASSISTANT_HEARTBEAT_SECONDS = 0.1
    chat_runtime(ScriptedModel([["late", " answer"]], first_delay=0.6))
    async with ChatClient(chat_server) as client:
        result = await client.say("hi")
    assert result.comments[0] == "connected"
    assert result.comments.count("heartbeat") >= 2
    body = result.body.decode()
    assert body.index(": heartbeat") < body.index("event: token")  # kept the line alive before the first token
    assert result.names() == ["start", "token", "token", "done"]


async def test_one_structured_log_line_per_turn_without_message_text(chat_server, chat_runtime, caplog):
    chat_runtime(ScriptedModel([ToolCall("check_zip_coverage", {"zip_code": "10001"}, id="c1"), ["Fine"]]))
    with caplog.at_level(logging.INFO, logger="assistant"):
        async with ChatClient(chat_server) as client:
            result = await client.say("my secret address is 5 Elm St, 10001")
    thread_id = result.data("done")[0]["thread_id"]
    lines = [r.getMessage() for r in caplog.records if r.name == "assistant.turn" and "chat_turn" in r.getMessage()]
    assert len(lines) == 1
    entry = json.loads(lines[0].split(" ", 1)[1])
    assert entry["thread_id"] == thread_id and entry["user"] == "anon" and entry["outcome"] == "ok"
    assert entry["tools"] == ["check_zip_coverage"] and entry["requests"] == 2
    assert entry["duration_ms"] >= 0 and entry["ttft_ms"] is not None
    assert not any("secret" in r.getMessage() for r in caplog.records if r.levelno >= logging.INFO)


async def test_a_failed_turn_is_logged_once_with_its_outcome_and_no_message_text(chat_server, chat_runtime, caplog):
    chat_runtime(ScriptedModel([]))  # no script: the model call raises
    with caplog.at_level(logging.INFO, logger="assistant"):
        async with ChatClient(chat_server) as client:
            result = await client.say("my secret address is 5 Elm St, 10001")
    assert result.names() == ["start", "error"]
    thread_id = result.data("start")[0]["thread_id"]
    lines = [r.getMessage() for r in caplog.records if r.name == "assistant.turn" and "chat_turn" in r.getMessage()]
    assert len(lines) == 1
    entry = json.loads(lines[0].split(" ", 1)[1])
    assert (entry["thread_id"], entry["user"], entry["outcome"]) == (thread_id, "anon", "error:internal_error")
    assert entry["tools"] == [] and entry["ttft_ms"] is None
    assert not any("secret" in r.getMessage() for r in caplog.records if r.levelno >= logging.INFO)


async def test_tool_call_limit_from_agent_yaml_ends_the_turn_with_limit_reached(chat_server, chat_runtime):
    base = make_config()
    limits = base.agent.limits.model_copy(update={"max_tool_calls_per_turn": 1})
    config = dataclasses.replace(base, agent=base.agent.model_copy(update={"limits": limits}))
    calls = [ToolCall("check_zip_coverage", {"zip_code": z}, id=f"c{z}") for z in ("10001", "11215", "07030")]
    script = ScriptedModel([*calls, ["never"]])
    chat_runtime(script, config=config)
    async with ChatClient(chat_server) as client:
        result = await client.say("check three ZIPs")
        thread_id = result.data("start")[0]["thread_id"]
        transcript = await client.transcript(thread_id)
    assert result.names()[-1] == "error" and "done" not in result.names()
    assert [call["id"] for call in result.data("tool_call")] == ["c10001"]  # the second call never ran
    error = result.data("error")[0]
    assert (error["code"], error["retryable"]) == ("limit_reached", False)
    assert contact_text() in error["message"]
    assert transcript.status_code == 404  # a failed first turn stores nothing


async def test_a_turn_over_the_time_limit_ends_with_a_timeout_error(chat_server, chat_runtime, settings):
    settings.ASSISTANT_TURN_TIMEOUT_SECONDS = 0.5
    script = ScriptedModel([["too", " late"]], first_delay=30)
    chat_runtime(script)
    async with ChatClient(chat_server) as client:
        result = await client.say("hi")
        transcript = await client.transcript(result.data("start")[0]["thread_id"])
    assert result.names() == ["start", "error"]
    error = result.data("error")[0]
    assert (error["code"], error["retryable"]) == ("timeout", True)
    assert contact_text() in error["message"]
    assert transcript.status_code == 404


async def test_history_is_trimmed_to_the_budget_before_each_model_call(chat_server, chat_runtime):
    script = ScriptedModel([["A1"], ["A2"], ["A3"]])
    chat_runtime(script, config=make_config(history_messages=2))
    async with ChatClient(chat_server) as client:
        thread_id = (await client.say("Q1")).data("done")[0]["thread_id"]
        await client.say("Q2", thread_id)
        await client.say("Q3", thread_id)
        transcript = (await client.transcript(thread_id)).json()["messages"]
    sent_to_model = " ".join(str(message) for message in script.requests[2])
    assert "Q2" in sent_to_model and "A2" in sent_to_model and "Q3" in sent_to_model
    assert "Q1" not in sent_to_model and "A1" not in sent_to_model
    assert [m["text"] for m in transcript] == ["Q1", "A1", "Q2", "A2", "Q3", "A3"]  # storage keeps everything
