"""Optional tracing: PydanticAI's OpenTelemetry instrumentation, on only when the environment asks for it.

LOGFIRE_TOKEN → Logfire (needs the `logfire` package); OTEL_EXPORTER_OTLP_ENDPOINT → any OTLP collector
(needs `opentelemetry-sdk` and `opentelemetry-exporter-otlp-proto-http`). Neither set → nothing at all,
not even a no-op tracer. A missing package is logged once and never stops the chat.
"""

from __future__ import annotations

import functools
import logging
import os

logger = logging.getLogger("assistant.tracing")


@functools.cache
def configure_tracing() -> str:
    """Turn instrumentation on once per process; returns what was configured ("logfire", "otlp" or "off")."""
    if os.environ.get("LOGFIRE_TOKEN"):
        try:
            import logfire
        except ImportError:
            logger.warning("LOGFIRE_TOKEN is set but the logfire package is not installed: tracing stays off")
            return "off"
        logfire.configure(service_name="totetaxi-assistant")
        logfire.instrument_pydantic_ai()
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
        from pydantic_ai import Agent

        provider = TracerProvider()
        provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))  # reads the OTEL_* variables
        trace.set_tracer_provider(provider)
        Agent.instrument_all(True)
        return "otlp"
    return "off"
