"""`manage.py check` (and every management command's startup check) fails on a broken agent_config/.

Only errors are Django check messages: warnings (a model name the library doesn't list, overlapping FAQ
entries…) would be printed before every `migrate` and `seed`. `make check-config` lists them, and the
start-up banner counts them.
"""

from __future__ import annotations

from typing import Any

from django.core.checks import Error, register


@register("assistant")
def check_agent_config(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    from .config import ConfigError, load_config
    from .runtime import config_dir

    try:
        load_config(config_dir())
    except ConfigError as exc:
        return [
            Error(str(problem), hint="Run `make check-config` to see every problem.", id="assistant.E001")
            for problem in exc.problems
        ]
    return []
