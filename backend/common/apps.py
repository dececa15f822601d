from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "common"

    def ready(self) -> None:
        from common import security_checks  # noqa: F401 - registers the deploy checks
        from common.request_signals import only_for_sync_handlers

        only_for_sync_handlers()
