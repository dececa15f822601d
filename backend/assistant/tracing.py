"""Optional tracing: PydanticAI's OpenTelemetry instrumentation, on only when the environment asks for it.

LOGFIRE_TOKEN → Logfire (needs the `logfire` package); OTEL_EXPORTER_OTLP_ENDPOINT → any OTLP collector
(needs `opentelemetry-sdk` and `opentelemetry-exporter-otlp-proto-http`). Neither set → nothing at all,
not even a no-op tracer. A missing package is logged once and never stops the chat.

Each chat turn is one span tree: the agent run, each model request, each tool call (name and duration).
Spans carry no message text, tool arguments or results — customers' addresses and bookings — unless
ASSISTANT_TRACE_CONTENT=1 says the collector may hold them.
"""

from __future__ import annotations

import functools
import logging
import os
from typing import Any

logger = logging.getLogger("assistant.tracing")


def instrument_agents(tracer_provider: Any | None = None) -> Any:
    """Instrument every agent run in this process; returns the InstrumentationSettings used.

    `tracer_provider` None → the global one (what logfire.configure() and configure_tracing() set).
    """
    from pydantic_ai import Agent
    from pydantic_ai.models.instrumented import InstrumentationSettings

    instrumentation = InstrumentationSettings(
        tracer_provider=tracer_provider,
        include_content=os.environ.get("ASSISTANT_TRACE_CONTENT") == "1",
        include_binary_content=False,
    )
    Agent.instrument_all(instrumentation)
    return instrumentation


@functools.cache
def configure_tracing() -> str:
    """Turn instrumentation on once per process; returns what was configured ("logfire", "otlp" or "off")."""
    if os.environ.get("LOGFIRE_TOKEN"):
        try:
            import logfire
        except ImportError:
            logger.warning("LOGFIRE_TOKEN is set but the logfire package is not installed: tracing stays off")
            return "off"
        logfire.configure(service_name="totetaxi-assistant")  # sets the global tracer provider
        instrument_agents()
        return "logfire"
    if os.environ.get("OTEL_EXPORTER_OTLP_ENDPOINT"):
        try:
            from opentelemetry import trace
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
            from opentelemetry.sdk.trace import TracerProvider
            from opentelemetry.sdk.trace.export import BatchSpanProcessor
        except ImportError:
            logger.warning(
                "OTEL_EXPORTER_OTLP_ENDPOINT is set but opentelemetry-sdk / the OTLP exporter are not installed: "
                "tracing stays off"
            )
            return "off"
        provider = TracerProvider()
        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))  # reads the OTEL_* variables
        trace.set_tracer_provider(provider)
        instrument_agents()
        return "otlp"
    return "off"
