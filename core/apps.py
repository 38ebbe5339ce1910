from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _sync_roles(sender, **kwargs) -> None:
    from .roles import sync_role_groups

    sync_role_groups()


class CoreConfig(AppConfig):
    """The shared base: what every app above may use and which imports none of them.

    Listed last in INSTALLED_APPS (its place there says nothing about imports): its admin
    replaces django.contrib.auth's and django-auditlog's, and its post_migrate handler runs
    once every permission exists.
    """

    name = "core"
    verbose_name = "Figures: horizon and recomputation queue"

    def ready(self) -> None:
        # After every migrate the role groups hold exactly the permissions in roles.py.
        post_migrate.connect(_sync_roles, sender=self, dispatch_uid="core.sync_roles")

        # The day's pages' due dates are planned once per database connection (core/prepared.py).
        from . import prepared

        prepared.install()

        # Who may sign in, and with which role, is audited like every other record (never
        # the password hash, nor each sign-in's last_login).
        from auditlog.registry import auditlog
        from django.contrib.auth.models import Group, User

        auditlog.register(User, exclude_fields=["password", "last_login"], m2m_fields={"groups"})
        auditlog.register(Group, m2m_fields={"permissions"})
