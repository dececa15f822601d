"""`manage.py check` (and every management command's startup check) fails on a broken agent_config/.

Warnings (a model name the library doesn't list, overlapping FAQ entries…) are Django check warnings:
shown, never failing. Information lines are left to `make check-config`.
"""

from __future__ import annotations

from typing import Any

from django.core.checks import CheckMessage, Error, Warning, register

_HINT = "Run `make check-config` to see every problem."


@register("assistant")
def check_agent_config(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    from .config import ConfigError, load_config
    from .runtime import config_dir

    try:
        config = load_config(config_dir())
    except ConfigError as exc:
        return [Error(str(problem), hint=_HINT, id="assistant.E001") for problem in exc.problems] + _warnings(
            exc.notices
        )
    return _warnings(config.notices)


def _warnings(notices: Any) -> list[CheckMessage]:
    return [Warning(str(n), hint=_HINT, id="assistant.W001") for n in notices if n.severity == "warning"]
