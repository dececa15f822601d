"""The process-wide assistant: config loaded once at startup, agent and model chosen from the environment.

Mode "llm" when ANTHROPIC_API_KEY is set (Anthropic, falling back to the offline model on provider errors),
otherwise "offline". Changing agent_config/ needs a process restart (uvicorn --reload watches it in `make run`);
catalogue prices need nothing — the prompt and the tools read them per turn.
"""

from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from django.conf import settings
from pydantic_ai import Agent
from pydantic_ai.models import Model

from .agent import build_agent
from .config import AgentConfig, ConfigError, load_config
from .deps import ChatDeps

Mode = Literal["llm", "offline"]


@dataclass(frozen=True)
class Runtime:
    config: AgentConfig
    agent: Agent[ChatDeps, str]
    mode: Mode
    model_name: str


_lock = threading.Lock()
_config: AgentConfig | None = None
# A broken agent_config/ is remembered like a loaded one: reloading it for every refused request cost ~0.2 s of
# CPU on the event loop each time, and the files only change with a restart (uvicorn --reload in `make run`).
_config_error: ConfigError | None = None
_runtime: Runtime | None = None


def config_dir() -> Path:
    return Path(settings.AGENT_CONFIG_DIR)


def load_startup_config() -> AgentConfig:
    """Called from AppConfig.ready: load agent_config once (raises ConfigError when broken)."""
    global _config, _config_error
    with _lock:
        _config, _config_error = None, None
        return _load_locked()


def get_config() -> AgentConfig:
    with _lock:
        return _config if _config is not None else _load_locked()


def _load_locked() -> AgentConfig:
    """Load agent_config/, or raise the ConfigError (listing every problem) it raised before."""
    global _config, _config_error
    if _config_error is None:
        try:
            _config = load_config(config_dir())
        except ConfigError as exc:
            _config_error = exc
    if _config_error is not None:
        raise _config_error.with_traceback(None)  # a fresh traceback each time, not one growing per request
    assert _config is not None
    return _config


def get_runtime() -> Runtime:
    global _runtime
    config = get_config()
    with _lock:
        if _runtime is None or _runtime.config is not config:
            _runtime = _build_runtime(config)
        return _runtime


def reset_runtime() -> None:
    """Forget the loaded config and agent (tests; the next get_runtime() reloads agent_config/)."""
    global _config, _config_error, _runtime
    with _lock:
        _config = None
        _config_error = None
        _runtime = None


def _build_runtime(config: AgentConfig) -> Runtime:
    if os.environ.get("ANTHROPIC_API_KEY"):
        model, name = _llm_model(config), config.agent.model
        return Runtime(config=config, agent=build_agent(config, model=model), mode="llm", model_name=name)
    offline = _offline_model(config)
    if offline is None:
        raise RuntimeError(
            "No ANTHROPIC_API_KEY is set and the offline mode (assistant.offline) is not installed, "
            "so the assistant has no model. Set ANTHROPIC_API_KEY or add the offline mode."
        )
    return Runtime(config=config, agent=build_agent(config, model=offline), mode="offline", model_name="offline")


def _llm_model(config: AgentConfig) -> Model:
    from .offline.fallback import with_offline_fallback
    from .provider_model import provider_model

    provider, _, name = config.agent.model.partition(":")
    if provider != "anthropic":
        raise RuntimeError(f"agent.yaml names model provider '{provider}'; only anthropic is configured here.")
    # Tool schemas prepared once, text deltas merged below the agent (assistant/provider_model.py).
    primary = provider_model(name)
    offline = _offline_model(config)
    # A provider outage (HTTP 5xx/529, connection errors) answers from the offline model instead of failing.
    return with_offline_fallback(primary, offline) if offline is not None else primary


def _offline_model(config: AgentConfig) -> Model | None:
    try:
        from .offline import build_offline_model
    except ImportError as exc:
        if (exc.name or "").startswith("assistant.offline") or "build_offline_model" in str(exc):
            return None
        raise
    return build_offline_model(config)
