from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "casework"
    verbose_name = "Casework"

    def ready(self) -> None:
        from core.navigation import register

        from .navigation import ITEMS

        register(*ITEMS)
        from . import audit  # noqa: F401  registers models with the audit log
