import logging

from django.apps import AppConfig

logger = logging.getLogger("assistant")


class AssistantConfig(AppConfig):
    name = "assistant"

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the system check)
        from .config import ConfigError
        from .runtime import load_startup_config

        try:
            load_startup_config()
        except ConfigError as exc:
            # Don't crash `migrate`, `shell` or `assistant check` itself: the system check and
            # `make check-config` print every problem, and the chat refuses to run (get_runtime() raises the
            # same ConfigError) until it is fixed. One line here, so those reports aren't doubled.
            count = len(exc.problems)
            logger.error(
                "agent_config has %d problem%s; the assistant will not answer until fixed (first: %s). "
                "Run `make check-config` for the full list.",
                count,
                "" if count == 1 else "s",
                str(exc.problems[0]).replace("\n  Hint:", " Hint:"),
            )
