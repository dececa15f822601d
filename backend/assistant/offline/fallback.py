"""Claude first, offline mode when the provider fails — and a log line saying so.

`FallbackModel`'s default already moves on for any `ModelAPIError` (HTTP 5xx/529 overloaded, 401 bad key,
timeouts and connection errors); this only adds the warning operators need to notice an outage.
"""

from __future__ import annotations

import logging

from pydantic_ai.exceptions import ModelAPIError, ModelHTTPError
from pydantic_ai.models import Model
from pydantic_ai.models.fallback import FallbackModel

log = logging.getLogger("assistant.offline")


def provider_failed(exc: Exception) -> bool:
    """FallbackModel's exception handler: fall back on provider errors, logging each one."""
    if not isinstance(exc, ModelAPIError):
        return False
    status = f" HTTP {exc.status_code}" if isinstance(exc, ModelHTTPError) else ""
    log.warning("LLM provider failed (%s%s, model %s); answering from offline mode", type(exc).__name__, status,
                exc.model_name)  # fmt: skip
    return True


def with_offline_fallback(primary: Model, offline: Model) -> FallbackModel:
    return FallbackModel(primary, offline, fallback_on=provider_failed)
