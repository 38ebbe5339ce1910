from django.apps import AppConfig


class WorkforceConfig(AppConfig):
    name = "workforce"
    verbose_name = "Workforce"

    def ready(self) -> None:
        from core.navigation import register

        from .navigation import ITEMS

        register(*ITEMS)
        from . import audit  # noqa: F401  registers models with the audit log
