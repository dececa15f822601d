"""Offline mode as a PydanticAI model: it streams like the LLM, calls the real tools, honours the auth gate,
and answers when the LLM provider fails (OfflineFallback with a 529 from the primary)."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic_ai import Agent
from pydantic_ai.exceptions import ModelHTTPError
from pydantic_ai.messages import ModelMessage, ModelResponse, PartDeltaEvent, PartStartEvent, TextPart, TextPartDelta
from pydantic_ai.models.function import AgentInfo, FunctionModel

from tests.conversations.harness import run_turn


@pytest.fixture
def offline_agent(agent_config: Any) -> Agent[Any, str]:
    from assistant.agent import build_agent
    from assistant.offline import build_offline_model

    return build_agent(agent_config, model=build_offline_model(agent_config))


async def test_replies_stream_in_pieces_of_a_few_whole_words(
    offline_agent: Agent[Any, str], make_deps: Any, seeded: Any
) -> None:
    from assistant.offline.replies import WORDS_PER_CHUNK

    deltas = []
    async with offline_agent.run_stream_events("what's your cancellation policy?", deps=make_deps()) as events:
        async for event in events:
            if isinstance(event, PartStartEvent) and isinstance(event.part, TextPart):
                deltas.append(event.part.content)
            elif isinstance(event, PartDeltaEvent) and isinstance(event.delta, TextPartDelta):
                deltas.append(event.delta.content_delta)
    assert len(deltas) > 3  # several pieces, not one block
    assert all(len(d.split()) <= WORDS_PER_CHUNK and (d[-1].isspace() or d is deltas[-1]) for d in deltas)
    assert "96 hours" in "".join(deltas)


async def test_a_quote_is_a_real_tool_call_then_a_rendered_result(
    offline_agent: Agent[Any, str], make_deps: Any, seeded: Any
) -> None:
    result, messages = await run_turn(offline_agent, "Petite move with COI on June 20", make_deps(), [])
    assert result.tools == [
        ("get_pricing_estimate",
         {"service_type": "mini_move", "package_type": "petite", "coi_required": True, "pickup_date": "2026-06-20"}),
    ]  # fmt: skip
    assert result.results[0]["total"] == "1220.00"
    assert "Total: $1,220.00" in result.reply
    assert result.model_names == ["offline", "offline"]


async def test_anonymous_visitor_is_asked_to_sign_in_not_given_a_tool_call(
    offline_agent: Agent[Any, str], make_deps: Any, seeded: Any
) -> None:
    result, _ = await run_turn(offline_agent, "where is my booking TT-000001?", make_deps(), [])
    assert result.tools == []
    assert "sign in" in result.reply.lower()


async def test_history_carries_slots_across_turns(offline_agent: Agent[Any, str], make_deps: Any, seeded: Any) -> None:
    first, history = await run_turn(offline_agent, "how much to send stuff from 11215 to 11954?", make_deps(), [])
    assert first.tools == [] and "how many items" in first.reply.lower()
    second, _ = await run_turn(offline_agent, "four boxes", make_deps(), history)
    assert second.tools[0][1]["pickup_zip"] == "11215" and second.tools[0][1]["delivery_zip"] == "11954"
    assert "Total: $555.00" in second.reply  # 4 × 95 + 175 geographic


def _overloaded(messages: list[ModelMessage], info: AgentInfo) -> Any:
    raise ModelHTTPError(status_code=529, model_name="claude-fake", body={"type": "overloaded_error"})


async def _overloaded_stream(messages: list[ModelMessage], info: AgentInfo) -> Any:
    raise ModelHTTPError(status_code=529, model_name="claude-fake", body={"type": "overloaded_error"})
    yield ""  # pragma: no cover - makes this an async generator


async def test_provider_529_falls_back_to_the_offline_answer(
    agent_config: Any, make_deps: Any, seeded: Any, caplog: pytest.LogCaptureFixture
) -> None:
    from assistant.agent import build_agent
    from assistant.offline import build_offline_model
    from assistant.offline.fallback import with_offline_fallback
    from assistant.turn import answered_mode

    primary = FunctionModel(_overloaded, stream_function=_overloaded_stream, model_name="claude-fake")
    agent = build_agent(agent_config, model=with_offline_fallback(primary, build_offline_model(agent_config)))
    result, messages = await run_turn(agent, "how much for 2 items on June 16?", make_deps(), [])
    assert result.tools[0][0] == "get_pricing_estimate"
    assert "Total: $285.00" in result.reply
    responses = [m for m in messages if isinstance(m, ModelResponse)]
    assert {r.model_name for r in responses} == {"offline"}
    # The failed provider attempt travels with the response, so the turn log can record the fallback.
    # One per model request (the tool call, then the answer): each tried Claude first.
    attempts = [r.failed_attempts or [] for r in responses]
    assert [[(a.model_name, a.outcome) for a in each] for each in attempts] == [[("claude-fake", "error")]] * 2
    assert attempts[0][0].error.startswith("ModelHTTPError")

    class _Runtime:
        mode = "llm"

    assert answered_mode(_Runtime(), responses) == "offline"
    assert (
        "LLM provider failed (ModelHTTPError HTTP 529, model claude-fake); answering from offline mode" in caplog.text
    )


async def test_a_non_streamed_run_falls_back_too(agent_config: Any, make_deps: Any, seeded: Any) -> None:
    from assistant.agent import build_agent
    from assistant.offline import build_offline_model
    from assistant.offline.fallback import with_offline_fallback

    primary = FunctionModel(_overloaded, stream_function=_overloaded_stream, model_name="claude-fake")
    agent = build_agent(agent_config, model=with_offline_fallback(primary, build_offline_model(agent_config)))
    result = await agent.run("whats ur cancelation policy?", deps=make_deps())
    assert "96 hours" in result.output
    assert result.response.model_name == "offline"
    assert [a.model_name for a in result.response.failed_attempts or []] == ["claude-fake"]


async def test_a_bug_in_our_code_is_not_hidden_by_the_fallback(agent_config: Any, make_deps: Any, seeded: Any) -> None:
    from assistant.agent import build_agent
    from assistant.offline import build_offline_model
    from assistant.offline.fallback import with_offline_fallback

    def broken(messages: list[ModelMessage], info: AgentInfo) -> Any:
        raise KeyError("not a provider error")

    async def broken_stream(messages: list[ModelMessage], info: AgentInfo) -> Any:
        raise KeyError("not a provider error")
        yield ""  # pragma: no cover - makes this an async generator

    primary = FunctionModel(broken, stream_function=broken_stream, model_name="claude-fake")
    agent = build_agent(agent_config, model=with_offline_fallback(primary, build_offline_model(agent_config)))
    with pytest.raises(KeyError):
        await run_turn(agent, "how much for 2 items?", make_deps(), [])


async def test_non_streamed_runs_are_answered_too(offline_agent: Agent[Any, str], make_deps: Any, seeded: Any) -> None:
    result = await offline_agent.run("whats ur cancelation policy?", deps=make_deps())
    assert "96 hours" in result.output


def test_a_tool_result_from_claude_is_rendered_after_a_mid_turn_fallback(agent_config: Any) -> None:
    """Claude asked for the quote, then the provider failed: offline mode writes the answer from the result."""
    from datetime import date

    from pydantic_ai.messages import ModelRequest, ToolCallPart, ToolReturnPart, UserPromptPart

    from assistant.offline import build_responder

    quote = {
        "ok": True,
        "service_type": "standard_delivery",
        "line_items": [{"code": "base", "label": "Standard Delivery: 2 items", "amount": "285.00"}],
        "total": "285.00",
        "notes": [],
    }
    args = {"service_type": "standard_delivery", "standard_delivery_item_count": 2}
    messages = [
        ModelRequest(parts=[UserPromptPart("price for two items")]),
        ModelResponse(parts=[ToolCallPart("get_pricing_estimate", args, tool_call_id="toolu_01")], model_name="claude"),
        ModelRequest(parts=[ToolReturnPart("get_pricing_estimate", quote, tool_call_id="toolu_01")]),
    ]
    output = build_responder(agent_config).respond(messages, today=date(2026, 6, 1), offered=set(), first_name=None)
    assert output.tool_calls == ()
    assert "Total: $285.00" in (output.text or "")


def test_a_tool_result_that_is_not_ours_is_an_honest_failure_not_a_crash(agent_config: Any) -> None:
    """Once the retries for bad arguments are spent, PydanticAI returns the validation errors as the result."""
    from datetime import date

    from pydantic_ai.messages import ModelRequest, ToolCallPart, ToolReturnPart, UserPromptPart

    from assistant.offline import build_responder

    errors = [{"type": "less_than_equal", "loc": ["standard_delivery_item_count"], "msg": "too many", "input": 601}]
    args = {"service_type": "standard_delivery", "standard_delivery_item_count": 601}
    messages = [
        ModelRequest(parts=[UserPromptPart("601 items to 11930 how much")]),
        ModelResponse(parts=[ToolCallPart("get_pricing_estimate", args, tool_call_id="offline_1")]),
        ModelRequest(parts=[ToolReturnPart("get_pricing_estimate", errors, tool_call_id="offline_1")]),
    ]
    responder = build_responder(agent_config)
    output = responder.respond(messages, today=date(2026, 6, 1), offered={"get_pricing_estimate"}, first_name=None)
    expected = responder.replies.render(agent_config.intents.replies.tool_failed, first_name=None)
    assert output.tool_calls == () and output.text == expected
