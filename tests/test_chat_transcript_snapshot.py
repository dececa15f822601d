"""The exact bytes of a scripted two-turn conversation with a tool call, as a reviewable snapshot.

A change to the protocol (event names, field names, order, framing) shows up in this file's diff.
Generated ids (thread, message) and times are replaced by stable placeholders.
"""

from __future__ import annotations

import re

from tests.chat_support import ChatClient, ScriptedModel, ToolCall

_TIME = re.compile(r'"at": "[0-9T:.+-]+Z?"')
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def normalise(body: str, names: dict[str, str]) -> str:
    def name(match: re.Match[str]) -> str:
        return names.setdefault(match.group(0), f"<id-{len(names) + 1}>")

    return _TIME.sub('"at": "<time>"', _UUID.sub(name, body))


async def test_two_turn_conversation_with_a_tool_call(chat_server, chat_runtime, snapshot):
    chat_runtime(
        ScriptedModel(
            [
                ToolCall("check_zip_coverage", {"zip_code": "10001"}, id="call_zip_1"),
                ["Good news", ": we serve", " 10001 (Manhattan)."],
                ["A Mini Move", " starts at", " $350."],
            ]
        )
    )
    names: dict[str, str] = {}
    async with ChatClient(chat_server) as client:
        first = await client.say("Do you pick up in 10001?")
        thread_id = first.data("done")[0]["thread_id"]
        second = await client.say("And what does a mini move cost?", thread_id)
        transcript = (await client.transcript(thread_id)).text
    assert normalise(first.body.decode(), names) == snapshot(name="turn-1.sse")
    assert normalise(second.body.decode(), names) == snapshot(name="turn-2.sse")
    assert normalise(transcript, names) == snapshot(name="transcript.json")
