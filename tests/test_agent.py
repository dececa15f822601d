"""The agent as the model sees it: built by build_agent from agent_config/, run with scripted models.

Runs execute sync tools and the prompt render on worker threads, so these tests use committed demo data
(`seeded`, transactional). Anonymous runs only read the catalogue, which the migrations committed
before the test's transaction began, so they use the cheaper `db` (`catalogue_only`).
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
from decimal import Decimal
from typing import Any

import pytest
from pydantic_ai import capture_run_messages
from pydantic_ai.capabilities import Caching
from pydantic_ai.messages import ModelMessage, ModelResponse, TextPart, ToolCallPart, ToolReturnPart
from pydantic_ai.models.function import AgentInfo, FunctionModel
from pydantic_ai.models.test import TestModel

from assistant.agent import build_agent


def run_sync(agent: Any, prompt: str, **kwargs: Any) -> Any:
    """Run the agent to completion on a fresh event loop that is closed afterwards.

    `Agent.run_sync` leaves its loop open and set as current; with `filterwarnings = error` its later
    garbage collection fails whichever test happens to be running then.
    """
    return asyncio.run(agent.run(prompt, **kwargs))


CUSTOMER_TOOLS = {"lookup_booking_status", "lookup_booking_history"}


@pytest.fixture
def catalogue_only(db: None) -> None:
    from catalogue.seeding import seed_catalogue

    seed_catalogue()  # a no-op normally; restores rows if an earlier transactional test flushed them


def offered_tools(agent_config: Any, deps: Any) -> list[dict[str, Any]]:
    seen: list[dict[str, Any]] = []

    def model(messages: list[ModelMessage], info: AgentInfo) -> ModelResponse:
        seen.extend({"name": t.name, "description": t.description, "parameters": t.parameters_json_schema}
                    for t in info.function_tools)  # fmt: skip
        return ModelResponse(parts=[TextPart("ok")])

    run_sync(build_agent(agent_config, model=FunctionModel(model)), "hello", deps=deps)
    return seen


def scripted(*calls: tuple[str, dict[str, Any]]) -> FunctionModel:
    """A model that makes the given tool calls, one per turn, then answers "done"."""

    def model(messages: list[ModelMessage], info: AgentInfo) -> ModelResponse:
        turn = sum(isinstance(m, ModelResponse) for m in messages)
        if turn < len(calls):
            name, args = calls[turn]
            return ModelResponse(parts=[ToolCallPart(name, json.dumps(args), tool_call_id=f"call-{turn}")])
        return ModelResponse(parts=[TextPart("done")])

    return FunctionModel(model)


def tool_outcomes(messages: list[ModelMessage]) -> list[ToolReturnPart]:
    return [p for m in messages for p in getattr(m, "parts", []) if isinstance(p, ToolReturnPart)]


def is_retry(part: ToolReturnPart) -> bool:
    """PydanticAI 2.x sends a retry as the call's own return part with outcome='retried'."""
    return part.outcome == "retried"


def run(agent_config: Any, deps: Any, *calls: tuple[str, dict[str, Any]]) -> list[ToolReturnPart]:
    result = run_sync(build_agent(agent_config, model=scripted(*calls)), "hi", deps=deps)
    assert result.output == "done"
    return tool_outcomes(result.all_messages())


# ---- what the model is offered ----------------------------------------------------------------


def test_tool_definitions_for_anonymous_visitor(agent_config, make_deps, catalogue_only, snapshot):
    tools = offered_tools(agent_config, make_deps(None))
    assert {t["name"] for t in tools} == set(agent_config.tools) - CUSTOMER_TOOLS
    assert tools == snapshot


def test_tool_definitions_for_signed_in_customer(agent_config, make_deps, seeded, snapshot):
    tools = offered_tools(agent_config, make_deps(seeded["alice"]))
    assert {t["name"] for t in tools} == set(agent_config.tools)
    assert tools == snapshot


def test_descriptions_come_from_tools_yaml(agent_config, make_deps, seeded):
    for tool in offered_tools(agent_config, make_deps(seeded["alice"])):
        assert tool["description"] == agent_config.tools[tool["name"]].description


def test_disabled_tool_is_never_offered(agent_config, make_deps, seeded, config_copy):
    from assistant.config import load_config

    config_copy.replace(
        "tools.yaml", "  check_availability:\n    enabled: true", "  check_availability:\n    enabled: false"
    )
    config = load_config(config_copy.dir)
    names = {t["name"] for t in offered_tools(config, make_deps(seeded["alice"], config=config))}
    assert "check_availability" not in names and len(names) == 5


def test_instructions_are_the_rendered_system_prompt(agent_config, make_deps, seeded):
    from assistant.prompts import render_system_prompt

    seen: list[str | None] = []

    def model(messages: list[ModelMessage], info: AgentInfo) -> ModelResponse:
        seen.append(info.instructions)
        return ModelResponse(parts=[TextPart("ok")])

    deps = make_deps(seeded["alice"])
    run_sync(build_agent(agent_config, model=FunctionModel(model)), "hello", deps=deps)
    expected = render_system_prompt(agent_config, user_id=deps.user_id, first_name="Alice", now=deps.now)
    assert seen == [expected.strip()]


def test_spec_settings_reach_the_model(agent_config, make_deps, catalogue_only):
    settings: list[Any] = []

    def model(messages: list[ModelMessage], info: AgentInfo) -> ModelResponse:
        settings.append(info.model_settings)
        return ModelResponse(parts=[TextPart("ok")])

    run_sync(build_agent(agent_config, model=FunctionModel(model)), "hello", deps=make_deps())
    assert settings[0]["temperature"] == 0.3 and settings[0]["max_tokens"] == 1024


@pytest.mark.parametrize("options", [{}, {"messages": False}, {"retention": "1h"}])
def test_caching_in_the_spec_becomes_the_settings_it_stands_for(agent_config, options):
    # `Caching` is applied as the model settings it contributes (no capability carried through every run),
    # so whatever options staff give it must reach the model as the capability would have sent them.
    spec = agent_config.agent.spec.model_copy(update={"capabilities": [{"AssistantTools": {}}, {"Caching": options}]})
    config = dataclasses.replace(agent_config, agent=agent_config.agent.model_copy(update={"spec": spec}))
    settings = build_agent(config, model=TestModel()).model_settings or {}
    assert settings["cache"] == (Caching(**options).get_model_settings() or {})["cache"]
    assert settings["temperature"] == spec.model_settings.temperature


# ---- each tool through the agent --------------------------------------------------------------


def test_each_public_tool_through_the_agent(agent_config, make_deps, catalogue_only):
    outcomes = run(
        agent_config, make_deps(None),
        ("check_zip_coverage", {"zip_code": "11954"}),
        ("get_pricing_estimate", {"service_type": "mini_move", "package_type": "petite", "coi_required": True,
                                  "pickup_date": "2026-06-20"}),
        ("check_availability", {"start_date": "2026-06-02", "num_days": 3}),
        ("build_booking_handoff", {"service_type": "mini_move", "package_type": "petite"}),
    )  # fmt: skip
    assert all(not is_retry(o) and o.content["ok"] for o in outcomes), outcomes
    zip_result, quote, days, handoff = (o.content for o in outcomes)
    assert zip_result["place"] == "Montauk" and zip_result["surcharge"] == "175.00"
    assert quote["total"] == "1220.00"
    assert [d["date"] for d in days["days"]] == ["2026-06-02", "2026-06-03", "2026-06-04"]
    assert handoff == {
        "ok": True,
        "action": "open_booking_wizard",
        "prefill_data": {"service_type": "mini_move", "package_type": "petite"},
    }


def test_customer_tools_through_the_agent(agent_config, make_deps, seeded):
    from bookings.selectors import booking_history, recent_bookings

    alice = seeded["alice"]
    outcomes = run(agent_config, make_deps(alice), ("lookup_booking_status", {}), ("lookup_booking_history", {}))
    status, history = (o.content for o in outcomes)
    assert [b["booking_number"] for b in status["bookings"]] == [
        b.booking_number for b in recent_bookings(user_id=alice.pk)
    ]
    assert history["total_bookings"] == booking_history(user_id=alice.pk).total_bookings


def test_customer_tool_through_agent_never_returns_another_customers_booking(agent_config, make_deps, seeded):
    from bookings.selectors import recent_bookings

    bob_numbers = {b.booking_number for b in recent_bookings(user_id=seeded["bob"].pk, limit=50)}
    calls = [("lookup_booking_status", {"booking_number": n}) for n in sorted(bob_numbers)]
    calls += [("lookup_booking_status", {"user_id": seeded["bob"].pk}), ("lookup_booking_status", {})]
    outcomes = run(agent_config, make_deps(seeded["alice"]), *calls)
    assert [is_retry(o) for o in outcomes] == [False] * len(bob_numbers) + [True, False]  # user_id is no argument
    returned = {b["booking_number"] for o in outcomes if not is_retry(o) for b in o.content.get("bookings", [])}
    assert returned and not returned & bob_numbers
    assert all(o.content["error"]["code"] == "booking_not_found" for o in outcomes[: len(bob_numbers)])


def test_hidden_customer_tool_called_anyway_is_not_run(agent_config, make_deps, catalogue_only):
    """An anonymous run never offers the tool; a model that calls it regardless gets 'unknown tool'."""
    (outcome,) = run(agent_config, make_deps(None), ("lookup_booking_history", {}))
    assert is_retry(outcome) and outcome.retry.cause == "unknown_tool"
    assert "Unknown tool name: 'lookup_booking_history'" in outcome.model_response_str()


def test_malformed_tool_argument_becomes_a_retry_for_the_model(agent_config, make_deps, catalogue_only):
    outcomes = run(
        agent_config, make_deps(None),
        ("get_pricing_estimate", {"service_type": "moving", "standard_delivery_item_count": "many"}),
        ("get_pricing_estimate", {"service_type": "standard_delivery", "standard_delivery_item_count": 2,
                                  "pickup_date": "2026-06-16"}),
    )  # fmt: skip
    retry, answer = outcomes
    assert is_retry(retry) and retry.retry.cause == "validation_error"
    feedback = retry.model_response_str()
    assert "service_type" in feedback and "standard_delivery_item_count" in feedback, feedback
    assert not is_retry(answer) and answer.content["total"] == "285.00"


def test_business_refusal_reaches_the_model_as_data(agent_config, make_deps, catalogue_only):
    (outcome,) = run(agent_config, make_deps(None), ("check_availability", {"start_date": "2026-05-01"}))
    assert not is_retry(outcome)
    assert outcome.content["ok"] is False and outcome.content["error"]["code"] == "past_date"


def test_test_model_calling_every_tool_never_crashes(agent_config, make_deps, seeded):
    agent = build_agent(agent_config, model=TestModel(call_tools="all"))
    with capture_run_messages() as messages:
        run_sync(agent, "everything", deps=make_deps(seeded["alice"]))
    called = {p.tool_name for p in tool_outcomes(messages) if not is_retry(p)}
    assert called == set(agent_config.tools)


@pytest.mark.parametrize("bad", [{"zip_code": 10001, "extra": True}, {}])
def test_bad_arguments_never_crash_the_run(agent_config, make_deps, catalogue_only, bad):
    outcomes = run(agent_config, make_deps(None), ("check_zip_coverage", bad))
    assert is_retry(outcomes[0]) and outcomes[0].retry.cause == "validation_error"


def test_same_agent_sees_a_price_change_on_the_next_run(agent_config, make_deps, seeded):
    """No restart: a catalogue save bumps the catalogue version, so the next run's prompt and quote use it."""
    from catalogue.models import MiniMovePackage

    prompts: list[str] = []

    def model(messages: list[ModelMessage], info: AgentInfo) -> ModelResponse:
        if sum(isinstance(m, ModelResponse) for m in messages) == 0:
            prompts.append(info.instructions or "")
            args = {"service_type": "mini_move", "package_type": "petite"}
            return ModelResponse(parts=[ToolCallPart("get_pricing_estimate", json.dumps(args), tool_call_id="q")])
        return ModelResponse(parts=[TextPart("done")])

    agent = build_agent(agent_config, model=FunctionModel(model))
    first = run_sync(agent, "price?", deps=make_deps())
    petite = MiniMovePackage.objects.get(package_type="petite")
    petite.base_price = Decimal("1045.00")
    petite.save()  # what the admin does
    second = run_sync(agent, "price?", deps=make_deps())

    assert "Petite (`petite`): $995" in prompts[0] and "Petite (`petite`): $1,045" in prompts[1]
    totals = [tool_outcomes(r.all_messages())[0].content["total"] for r in (first, second)]
    assert totals == ["995.00", "1045.00"]
