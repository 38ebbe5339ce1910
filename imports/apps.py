from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "imports"
    verbose_name = "Statutory return imports"

    def ready(self) -> None:
        from core.navigation import register

        from .navigation import ITEMS

        register(*ITEMS)
        from . import audit  # noqa: F401  registers models with the audit log
