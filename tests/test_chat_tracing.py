"""Tracing is off unless configured, and a configured-but-missing exporter never breaks the chat."""

from __future__ import annotations

import asyncio
import logging

import pytest

from assistant.tracing import configure_tracing


@pytest.fixture(autouse=True)
def fresh_tracing():
    configure_tracing.cache_clear()
    yield
    configure_tracing.cache_clear()


def test_off_without_environment(monkeypatch):
    monkeypatch.delenv("LOGFIRE_TOKEN", raising=False)
    monkeypatch.delenv("OTEL_EXPORTER_OTLP_ENDPOINT", raising=False)
    assert configure_tracing() == "off"


@pytest.mark.parametrize(
    ("variable", "package"), [("LOGFIRE_TOKEN", "logfire"), ("OTEL_EXPORTER_OTLP_ENDPOINT", "opentelemetry-sdk")]
)
def test_missing_package_is_logged_not_fatal(monkeypatch, caplog, variable, package):
    monkeypatch.delenv("LOGFIRE_TOKEN", raising=False)
    monkeypatch.delenv("OTEL_EXPORTER_OTLP_ENDPOINT", raising=False)
    monkeypatch.setenv(variable, "http://127.0.0.1:4318" if variable.startswith("OTEL") else "token")
    try:
        __import__("logfire" if package == "logfire" else "opentelemetry.exporter.otlp.proto.http.trace_exporter")
    except ImportError:
        with caplog.at_level(logging.WARNING, logger="assistant.tracing"):
            assert configure_tracing() == "off"
        assert variable in caplog.text
    else:
        pytest.skip(f"{package} is installed here; the configured branch is exercised instead")


# ---- tracing on: PydanticAI's spans into an in-memory exporter (opentelemetry-sdk is a dev dependency) ----

QUESTION = "Do you serve 10013 near my flat?"
REPLY = ["Yes", ", we serve that ZIP."]


@pytest.fixture
def traced(monkeypatch):
    """traced(content=False) → an in-memory exporter receiving what configure_tracing() would send to OTLP."""
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
    from pydantic_ai import Agent

    from assistant.tracing import instrument_agents

    provider = TracerProvider()

    def start(*, content: bool = False) -> InMemorySpanExporter:
        if content:
            monkeypatch.setenv("ASSISTANT_TRACE_CONTENT", "1")
        else:
            monkeypatch.delenv("ASSISTANT_TRACE_CONTENT", raising=False)
        exporter = InMemorySpanExporter()
        provider.add_span_processor(SimpleSpanProcessor(exporter))
        instrument_agents(provider)
        return exporter

    yield start
    Agent.instrument_all(False)
    provider.shutdown()


async def _two_turns_with_a_tool(chat_server, chat_runtime) -> None:
    from assistant.agent import build_agent
    from assistant.runtime import get_config
    from tests.chat_support import ChatClient, ScriptedModel, ScriptedRuntime, ToolCall

    config = get_config()
    script = ScriptedModel(
        [
            ToolCall("check_zip_coverage", {"zip_code": "10013"}, id="z1"),
            REPLY,
            ToolCall("check_zip_coverage", {"zip_code": "10013"}, id="z2"),
            REPLY,
        ]
    )
    chat_runtime(ScriptedRuntime(config=config, agent=build_agent(config, model=script.model()), model_name="scripted"))
    async with ChatClient(chat_server) as client:
        for _ in range(2):
            result = await client.say(QUESTION)
            assert result.names()[-1] == "done"


def _text_of(span) -> str:
    parts = [str(v) for v in (span.attributes or {}).values()]
    parts += [str(v) for event in span.events for v in (event.attributes or {}).values()]
    return " ".join(parts)


async def _finished_spans(exporter, *, roots: int) -> list:
    for _ in range(100):  # the run's span closes on the server thread just after `done` is sent
        spans = list(exporter.get_finished_spans())
        if sum(span.parent is None for span in spans) >= roots:
            return spans
        await asyncio.sleep(0.02)
    return list(exporter.get_finished_spans())


async def test_one_span_tree_per_turn_with_model_requests_and_timed_tool_calls(
    chat_server, chat_runtime, seeded, traced
):
    exporter = traced()
    await _two_turns_with_a_tool(chat_server, chat_runtime)
    spans = await _finished_spans(exporter, roots=2)
    trees: dict[int, list] = {}
    for span in spans:
        trees.setdefault(span.context.trace_id, []).append(span)
    assert len(trees) == 2, [span.name for span in spans]  # one trace per turn
    for tree in trees.values():
        roots = [span for span in tree if span.parent is None]
        assert len(roots) == 1, [span.name for span in roots]
        ids = {span.context.span_id for span in tree}
        assert all(span.parent.span_id in ids for span in tree if span.parent is not None)  # one connected tree
        model_requests = [span for span in tree if span.name.startswith("chat ")]
        assert len(model_requests) == 2, [span.name for span in tree]  # the tool call, then the reply
        tools = [span for span in tree if span.name.startswith("execute_tool")]
        assert [span.attributes["gen_ai.tool.name"] for span in tools] == ["check_zip_coverage"]
        assert tools[0].end_time > tools[0].start_time  # a measured duration
    # No customer text by default: not the question, not the tool's arguments, not the reply.
    leaks = [
        f"{span.name}: {key}"
        for span in spans
        for key, value in [
            *(span.attributes or {}).items(),
            *((k, v) for e in span.events for k, v in (e.attributes or {}).items()),
        ]
        if any(text in str(value) for text in (QUESTION, "10013", "we serve that ZIP"))
    ]
    assert not leaks, leaks  # names the span and attribute that carried customer text


async def test_message_text_only_when_the_setting_allows_it(chat_server, chat_runtime, seeded, traced):
    exporter = traced(content=True)
    await _two_turns_with_a_tool(chat_server, chat_runtime)
    everything = " ".join(_text_of(span) for span in await _finished_spans(exporter, roots=2))
    assert QUESTION in everything and "10013" in everything
