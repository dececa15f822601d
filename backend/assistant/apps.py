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
            # Don't crash `migrate`, `shell` or `assistant check` itself: the system check reports it, and
            # the chat refuses to run (get_runtime() raises the same ConfigError) until it is fixed.
            logger.error("%s", exc)
