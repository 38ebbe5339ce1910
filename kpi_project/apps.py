from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_roles(sender, **kwargs) -> None:
    from .roles import sync_role_groups

    sync_role_groups()


class KpiProjectConfig(AppConfig):
    name = "kpi_project"
    verbose_name = "Children's services performance"

    def ready(self) -> None:
        # After every migrate the role groups hold exactly the permissions in roles.py.
        # Connected to the last app's signal so every permission exists by then.
        post_migrate.connect(_sync_roles, sender=self, dispatch_uid="kpi_project.sync_roles")
