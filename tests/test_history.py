"""What the model is sent (trimming keeps whole turns) and what the widget restores (the transcript)."""

from __future__ import annotations

from pydantic_ai.messages import ModelRequest, ModelResponse, TextPart, ToolCallPart, ToolReturnPart, UserPromptPart

from assistant.history import INTERRUPTED_PLACEHOLDER, interrupted_turn, owner_scope, transcript, trim_history


def text_turn(question: str, answer: str) -> list:
    return [ModelRequest(parts=[UserPromptPart(content=question)]), ModelResponse(parts=[TextPart(content=answer)])]


def tool_turn(zip_code: str, *, ok: bool = True) -> list:
    result = {"ok": ok, "serviceable": ok} if ok else {"ok": False, "error": {"code": "invalid_zip"}}
    return [
        ModelRequest(parts=[UserPromptPart(content=f"zip {zip_code}?")]),
        ModelResponse(
            parts=[
                TextPart(content="Let me check. "),
                ToolCallPart(tool_name="check_zip_coverage", args={"zip_code": zip_code}, tool_call_id=f"c{zip_code}"),
            ]
        ),
        ModelRequest(
            parts=[ToolReturnPart(tool_name="check_zip_coverage", content=result, tool_call_id=f"c{zip_code}")]
        ),
        ModelResponse(parts=[TextPart(content="Done.")]),
    ]


def test_trim_keeps_whole_recent_turns_within_budget():
    history = text_turn("1", "a") + tool_turn("10001") + text_turn("3", "c")
    assert trim_history(history, budget=100) == history
    assert trim_history(history, budget=6) == history[2:]  # the tool turn (4) + last turn (2)
    assert trim_history(history, budget=5) == history[6:]  # the tool turn would not fit whole
    assert trim_history(history, budget=2) == history[6:]


def test_trim_never_splits_a_tool_call_from_its_result():
    history = text_turn("1", "a") + tool_turn("10001")
    for budget in range(1, 7):
        kept = trim_history(history, budget=budget)
        calls = {p.tool_call_id for m in kept for p in m.parts if isinstance(p, ToolCallPart)}
        returns = {p.tool_call_id for m in kept for p in m.parts if isinstance(p, ToolReturnPart)}
        assert calls == returns
        assert isinstance(kept[0].parts[0], UserPromptPart)


def test_trim_keeps_the_last_turn_even_over_budget():
    history = tool_turn("10001")
    assert trim_history(history, budget=2) == history


def test_transcript_groups_a_turn_with_its_tools():
    messages = tool_turn("10001") + tool_turn("abc", ok=False)
    out = transcript(messages, labels={"check_zip_coverage": "Checking service area…"})
    assert [(m.role, m.text) for m in out] == [
        ("user", "zip 10001?"),
        ("assistant", "Let me check. Done."),
        ("user", "zip abc?"),
        ("assistant", "Let me check. Done."),
    ]
    assert [(t.name, t.label, t.ok) for t in out[1].tools] == [("check_zip_coverage", "Checking service area…", True)]
    assert out[3].tools[0].ok is False and out[3].tools[0].data["error"]["code"] == "invalid_zip"


def test_interrupted_turn_is_valid_history_and_marked_in_transcript():
    stopped = interrupted_turn(user_message="prices?", partial_text="Our prices", model_name="m")
    assert [type(m) for m in stopped] == [ModelRequest, ModelResponse]
    assert not any(isinstance(p, ToolCallPart) for m in stopped for p in m.parts)
    out = transcript(stopped, labels={})
    assert out[1].model_dump() == {
        "role": "assistant",
        "text": "Our prices",
        "tools": [],
        "interrupted": True,
        "message_id": None,  # no entry ids given
        "at": out[1].at,
        "mode": "llm",
    }
    assert out[0].at and out[1].at  # ISO times the widget shows as "2 min ago"
    empty = interrupted_turn(user_message="hi", partial_text="", model_name=None)
    assert empty[1].parts[0].content == INTERRUPTED_PLACEHOLDER  # the model never gets an empty text block
    assert transcript(empty, labels={})[1].text == ""


def test_a_stopped_reply_keeps_its_tool_lines_through_the_store_codec():
    from pydantic_ai.conversation_store import ConversationEntry

    from assistant.history_stores.codec import dump_message, load_entry

    tools = [
        {"name": "check_zip_coverage", "label": "old label", "ok": True},
        {"name": "lookup_booking_status", "ok": None},
    ]
    stopped = interrupted_turn(user_message="zip?", partial_text="", model_name="m", tools=tools)
    entries = [ConversationEntry(parent_id=None, message=m) for m in stopped]
    reloaded = [load_entry(entry_id=e.id, parent_id=None, message_json=dump_message(e)).message for e in entries]
    reply = transcript(reloaded, labels={"check_zip_coverage": "Checking service area…"})[1]
    assert reply.interrupted and reply.text == ""
    assert [(t.name, t.label, t.ok, t.data) for t in reply.tools] == [
        ("check_zip_coverage", "Checking service area…", True, {}),
        ("lookup_booking_status", "lookup_booking_status", False, {"stopped": True}),
    ]
    assert not any(isinstance(p, ToolCallPart) for m in reloaded for p in m.parts)  # still valid model history


def test_owner_scope():
    assert owner_scope(user_id=7, session_key="abc") == "user:7"
    assert owner_scope(user_id=None, session_key="abc") == "session:abc"


def test_tool_outcome_makes_models_and_decimals_plain_json():
    from decimal import Decimal

    from pydantic import BaseModel

    from assistant.history import tool_outcome

    class Quote(BaseModel):
        ok: bool
        total: Decimal

    ok, data = tool_outcome(
        ToolReturnPart(tool_name="q", content=Quote(ok=True, total=Decimal("1220.00")), tool_call_id="x")
    )
    assert (ok, data) == (True, {"ok": True, "total": "1220.00"})
    refused, _ = tool_outcome(ToolReturnPart(tool_name="q", content={"ok": False, "error": {}}, tool_call_id="y"))
    assert refused is False
