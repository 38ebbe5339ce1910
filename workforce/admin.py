from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import transaction

from core.recompute import mark_stale

from . import services
from .models import Allocation, CaseSupervision, Post, SocialWorker, Team


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ("name", "team_type", "is_active")
    list_filter = ("team_type", "is_active")
    search_fields = ("name",)
    # A plain multiple select with its label, not filter_horizontal: its widget's search icons
    # carry an aria-label a span may not have (axe-core: aria-prohibited-attr).


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ("reference", "team", "fte", "funded_from", "funded_to")
    list_filter = ("team",)
    search_fields = ("reference", "team__name")
    date_hierarchy = "funded_from"


@admin.register(SocialWorker)
class SocialWorkerAdmin(admin.ModelAdmin):
    list_display = ("full_name", "team", "employment", "qualified_on", "asye_started_on", "started_on", "ended_on")
    list_filter = ("team", "employment", "team__team_type")
    search_fields = ("first_name", "last_name", "swe_number", "user__username")
    autocomplete_fields = ("user", "post")
    list_select_related = ("team",)


class _RuledForm(forms.ModelForm):
    """After the model's own checks, the service's rule: the admin saves nothing the pages would refuse."""

    rule = None

    def _post_clean(self) -> None:
        super()._post_clean()
        if self.errors:
            return
        try:
            type(self).rule(self.instance)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                for message in messages:
                    self.add_error(field if field in self.fields else None, message)


class AllocationAdminForm(_RuledForm):
    rule = staticmethod(services.allocation_errors)


class CaseSupervisionAdminForm(_RuledForm):
    rule = staticmethod(services.case_supervision_errors)


class _ChildScopedAdmin(admin.ModelAdmin):
    """Records about one child: only the children the user may see, every look audited, and
    each save or deletion (validated by the form) queued for recomputation from its dates."""

    def get_queryset(self, request):
        from casework.selectors import children_visible_to

        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(child__in=children_visible_to(request.user))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            from casework.services import child_record_viewed

            child_record_viewed(child=obj.child, user=request.user, record=obj, page="admin")
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)

    def save_model(self, request, obj, form, change) -> None:
        days = [day for day in (getattr(obj, name, None) for name in self.dates) if day is not None]
        if change:
            stored = type(obj).objects.filter(pk=obj.pk).values(*self.dates).first() or {}
            days += [day for day in stored.values() if day is not None]
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            mark_stale(min(days, default=None), reason="saved in the admin")

    def delete_model(self, request, obj) -> None:
        self.delete_queryset(request, type(obj).objects.filter(pk=obj.pk))

    def delete_queryset(self, request, queryset) -> None:
        """Deleted records leave the figures of their months: those are recomputed from the first."""
        days = [day for row in queryset.values_list(*self.dates) for day in row if day is not None]
        with transaction.atomic():
            super().delete_queryset(request, queryset)
            mark_stale(min(days, default=None), reason="deleted in the admin")


@admin.register(Allocation)
class AllocationAdmin(_ChildScopedAdmin):
    form = AllocationAdminForm
    dates = ("started_on", "ended_on")
    list_display = ("child", "worker", "team", "started_on", "ended_on")
    list_filter = ("team",)
    search_fields = ("child__first_name", "child__last_name", "child__la_child_id", "worker__last_name")
    autocomplete_fields = ("child", "worker")
    list_select_related = ("child", "worker", "team")
    date_hierarchy = "started_on"


@admin.register(CaseSupervision)
class CaseSupervisionAdmin(_ChildScopedAdmin):
    form = CaseSupervisionAdminForm
    dates = ("supervised_on",)
    list_display = ("child", "supervised_on", "supervisor")
    search_fields = ("child__first_name", "child__last_name", "child__la_child_id")
    autocomplete_fields = ("child",)
    list_select_related = ("child", "supervisor")
    date_hierarchy = "supervised_on"
