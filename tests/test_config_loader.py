"""Loading agent_config/: the shipped files, the hash, the schema, startup and `manage.py check`."""

from __future__ import annotations

import logging

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from assistant.config import ConfigError, config_hash, load_config
from assistant.config.schema import stale_schemas
from assistant.tools import TOOL_FUNCTIONS
from tests.fixtures.assistant import REPO_CONFIG


def test_the_fixture_config_loads_with_its_own_values(agent_config):
    """The loader reads what the files say (tests/fixtures/agent_config/, not the shipped config)."""
    limits = agent_config.agent.limits
    assert (limits.max_message_chars, limits.rate_limit.messages, limits.rate_limit.per_seconds) == (300, 7, 600)
    assert set(agent_config.tools) == set(TOOL_FUNCTIONS)
    assert agent_config.tools["check_zip_coverage"].label == "Fixture ZIP lookup…"
    assert agent_config.agent.contact.fallback.startswith("Fixture fallback: ring (555) 010-0199 ")
    assert agent_config.faq_by_id()["contact"].answer.startswith("Call (555) 010-0199 or email hello@fixture")


def test_schema_files_are_up_to_date():
    assert stale_schemas(REPO_CONFIG) == [], "run `make schema` and commit agent_config/schema/"


def test_stale_schema_check_notices_an_edited_or_missing_file(tmp_path):
    """The check above can fail: a schema that no longer matches the models, or is gone, is reported."""
    from assistant.config.schema import write_schemas

    written = sorted(path.name for path in write_schemas(tmp_path))
    assert written == [
        "agent.schema.json",
        "faq.schema.json",
        "intents.schema.json",
        "places.schema.json",
        "tools.schema.json",
    ]
    assert stale_schemas(tmp_path) == []
    (tmp_path / "schema" / "tools.schema.json").write_text("{}", encoding="utf-8")
    (tmp_path / "schema" / "faq.schema.json").unlink()
    assert sorted(stale_schemas(tmp_path)) == ["faq.schema.json", "tools.schema.json"]


def test_hash_is_stable_and_follows_edits(config_copy):
    before = config_hash(config_copy.dir)
    assert before == config_hash(config_copy.dir) == load_config(config_copy.dir).config_hash
    config_copy.replace("faq.yaml", "Tipping is optional and always appreciated.", "Tipping is optional.")
    assert config_hash(config_copy.dir) != before


def test_line_numbers_follow_the_yaml(tmp_path):
    from assistant.config.yaml_source import read_yaml

    path = tmp_path / "x.yaml"
    path.write_text("a:\n  b:\n    - c: 1\n    - c: 2\n      d: 3\n")
    file, problems = read_yaml(path, "x.yaml")
    assert problems == []
    assert [file.line_of(loc) for loc in [("a",), ("a", "b"), ("a", "b", 1), ("a", "b", 1, "d"), ("a", "zz")]] == [
        1, 2, 4, 5, 1]  # fmt: skip


def test_manage_py_check_fails_on_a_broken_config(config_copy, settings):
    config_copy.replace("agent.yaml", "temperature: 0.3", "temprature: 0.3")
    settings.AGENT_CONFIG_DIR = config_copy.dir
    with pytest.raises(SystemCheckError) as info:
        call_command("check")
    assert "(assistant.E001) agent_config/agent.yaml, line 12 (spec.model_settings.temprature)" in str(info.value)
    assert "did you mean 'temperature'?" in str(info.value)


def test_manage_py_check_passes_on_the_shipped_config():
    call_command("check")


def test_startup_with_a_broken_config_logs_instead_of_crashing(config_copy, settings, caplog):
    """migrate/shell must still run; the chat refuses to start (get_runtime raises) until it is fixed."""
    from django.apps import apps

    from assistant.runtime import get_runtime, reset_runtime

    config_copy.replace("tools.yaml", "auth: public", "auth: everyone")
    settings.AGENT_CONFIG_DIR = config_copy.dir
    reset_runtime()
    try:
        with caplog.at_level(logging.ERROR, logger="assistant"):
            apps.get_app_config("assistant").ready()
        assert "'everyone' is not one of: public, customer." in caplog.text
        with pytest.raises(ConfigError):
            get_runtime()
    finally:
        reset_runtime()


def test_runtime_without_api_key_is_offline(monkeypatch):
    pytest.importorskip("assistant.offline")
    from assistant.runtime import get_runtime, reset_runtime

    monkeypatch.delenv("ANTHROPIC_API_KEY", raising=False)
    reset_runtime()
    try:
        runtime = get_runtime()
        assert (runtime.mode, runtime.model_name) == ("offline", "offline")
        assert get_runtime() is runtime  # built once
    finally:
        reset_runtime()


def test_runtime_with_api_key_uses_anthropic_with_offline_fallback(monkeypatch):
    from assistant.offline.fallback import OfflineFallback
    from assistant.runtime import get_runtime, reset_runtime

    monkeypatch.setenv("ANTHROPIC_API_KEY", "sk-test-not-used")
    reset_runtime()
    try:
        runtime = get_runtime()
        assert (runtime.mode, runtime.model_name) == ("llm", "anthropic:claude-sonnet-4-20250514")
        model = runtime.agent.model
        assert isinstance(model, OfflineFallback)
        assert (model.wrapped.model_name, model.offline.model_name) == ("claude-sonnet-4-20250514", "offline")
    finally:
        reset_runtime()
