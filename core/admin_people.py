"""The admin's users and audit log, safe in the hands of an administrator who is not a superuser.

- Users: an administrator manages logins and gives them a role (a group), but cannot make
  anyone a superuser or hand out single permissions, cannot edit a superuser, and cannot
  change their own groups.
- Audit log: an administrator reads the entries about what they administer (users,
  teams, posts, workers, thresholds and the rest of the configuration), never the entries
  about a child: those hold names, dates of birth and NHS numbers, restricted children's
  too, and are read on each child's history page by those allowed to see the child.
  Superusers see every entry.

Registered last (``core`` is the last app), over django.contrib.auth's and
django-auditlog's own admin classes.
"""

from auditlog.admin import LogEntryAdmin as AuditlogLogEntryAdmin
from auditlog.models import LogEntry
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model

# Fields only a superuser may set: with them anyone could grant themselves anything.
SUPERUSER_ONLY_FIELDS = ("is_superuser", "user_permissions")

# Workforce records about one child (who holds the case, its supervision): a child's data.
CHILD_WORKFORCE_MODELS = ("allocation", "casesupervision")


def is_about_a_child(model: type[Model]) -> bool:
    """Records whose audit entries describe a child: the casework app's (a child and their
    events; its foster carer households are the fostering service's, not the
    administrator's, either), and a child's allocation and case supervision."""
    opts = model._meta
    return opts.app_label == "casework" or (opts.app_label == "workforce" and opts.model_name in CHILD_WORKFORCE_MODELS)


def log_content_types_for(user) -> list[int] | None:
    """The content types whose audit entries the user may read (None: all, for a superuser):
    those of the models they may view in the admin, except the records about a child."""
    if user.is_superuser:
        return None
    models = [
        model
        for model in apps.get_models()
        if not is_about_a_child(model) and user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")
    ]
    return [content_type.pk for content_type in ContentType.objects.get_for_models(*models).values()]


admin.site.unregister(LogEntry)


@admin.register(LogEntry)
class LogEntryAdmin(AuditlogLogEntryAdmin):
    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        shown = log_content_types_for(request.user)
        return queryset if shown is None else queryset.filter(content_type_id__in=shown)


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f not in SUPERUSER_ONLY_FIELDS]})
            for name, options in fieldsets
        ]

    # See workforce.admin.TeamAdmin: a plain multiple select for the roles.
    filter_horizontal = ()

    def get_readonly_fields(self, request, obj=None):
        # When they last signed in and joined are facts, not settings (and the split date and
        # time boxes had no labels of their own).
        readonly = [*super().get_readonly_fields(request, obj), "last_login", "date_joined"]
        if not request.user.is_superuser and obj is not None and obj.pk == request.user.pk:
            readonly.append("groups")  # nobody grants themselves a role
        return readonly

    def has_change_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False  # read-only, and its password cannot be changed either
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_delete_permission(request, obj)
