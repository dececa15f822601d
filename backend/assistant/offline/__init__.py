"""Offline mode: a deterministic responder declared in agent_config/ (intents.yaml, faq.yaml, prompts/offline/).

`build_offline_model(config)` is the one entry point: a PydanticAI model that plugs into the same agent as Claude.
"""

from __future__ import annotations

from typing import Any

from pydantic_ai.models import Model

from .config import IntentsConfig, load_intents
from .faq_overlap import build_faq_index
from .intents import Planner
from .model import MODEL_NAME, OfflineModel
from .replies import Replies, environment
from .responder import Responder

__all__ = ["MODEL_NAME", "OfflineModel", "build_offline_model", "build_responder", "load_intents"]


def build_responder(config: Any) -> Responder:
    """The responder for a loaded AgentConfig (intents from config.intents, or intents.yaml when absent)."""
    intents = config.intents
    if intents is None:
        from assistant.config.errors import ConfigError

        intents, problems = load_intents(config.directory)
        if intents is None:
            raise ConfigError(problems)
    assert isinstance(intents, IntentsConfig)
    faq = build_faq_index(config.faq, config.faq_words)
    # `faq.<id>`: an answer a reply template may say in full (a cancel request gets the cancellation policy).
    answers = {entry.id: entry.answer for entry in config.faq or ()}
    replies = Replies(environment(config.directory), {"contact": config.agent.contact, "faq": answers})
    switched_off = frozenset(name for name, tool in config.tools.items() if not tool.enabled)
    return Responder(planner=Planner(intents, faq, switched_off), replies=replies)


def build_offline_model(config: Any) -> Model:
    return OfflineModel(build_responder(config))
