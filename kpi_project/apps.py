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

        # Who may sign in, and with which role, is audited like every other record (never
        # the password hash, nor each sign-in's last_login).
        from auditlog.registry import auditlog
        from django.contrib.auth.models import Group, User

        auditlog.register(User, exclude_fields=["password", "last_login"], m2m_fields={"groups"})
        auditlog.register(Group, m2m_fields={"permissions"})
