"""The runtime the bench serves (ASSISTANT_RUNTIME_FACTORY=bench.runtime:build): the production one.

The real config, prompt, tools and Anthropic model (the SDK against the fake Messages API that
ANTHROPIC_BASE_URL names) — only the rate limit is lifted, since every bench stream comes from 127.0.0.1.
"""

from __future__ import annotations

import dataclasses

from assistant.runtime import Runtime, _build_runtime, get_config


def build() -> Runtime:
    config = get_config()
    limits = config.agent.limits
    lifted = limits.model_copy(update={"rate_limit": limits.rate_limit.model_copy(update={"messages": 10**9})})
    config = dataclasses.replace(config, agent=config.agent.model_copy(update={"limits": lifted}))
    return _build_runtime(config)
