"""Tracing is off unless configured, and a configured-but-missing exporter never breaks the chat."""

from __future__ import annotations

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
        __import__("logfire" if package == "logfire" else "opentelemetry.sdk")
    except ImportError:
        with caplog.at_level(logging.WARNING, logger="assistant.tracing"):
            assert configure_tracing() == "off"
        assert variable in caplog.text
    else:
        pytest.skip(f"{package} is installed here; the configured branch is exercised instead")
