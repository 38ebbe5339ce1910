"""The figures horizon (one row, editable) and the months waiting for recomputation (read-only)."""

from django.contrib import admin
from django.db import transaction
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from .horizon import figures_horizon
from .models import FiguresHorizon, PendingMonth
from .recompute import mark_stale, queue_summary


@admin.register(FiguresHorizon)
class FiguresHorizonAdmin(admin.ModelAdmin):
    fields = ("first_month", "in_force", "earliest_history_month")
    readonly_fields = ("in_force", "earliest_history_month")

    @admin.display(description="First month of figures in force")
    def in_force(self, obj) -> str:
        return f"{figures_horizon():%B %Y}"

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def changelist_view(self, request, extra_context=None):
        # One row: the list is the row itself.
        row, _ = FiguresHorizon.objects.get_or_create(pk=1)
        return HttpResponseRedirect(reverse("admin:core_figureshorizon_change", args=[row.pk]))

    def save_model(self, request, obj, form, change):
        before = figures_horizon()
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            after = figures_horizon()
            if after < before:
                # Months newly inside the horizon have no figures yet: compute them.
                mark_stale(after, last_day=timezone.localdate(), reason="horizon moved")


@admin.register(PendingMonth)
class PendingMonthAdmin(admin.ModelAdmin):
    list_display = ("month_label", "first_marked_at", "last_marked_at", "reason", "state", "attempts")
    ordering = ("-month",)

    @admin.display(description="Month", ordering="month")
    def month_label(self, obj) -> str:
        return f"{obj.month:%B %Y}"

    @admin.display(description="State")
    def state(self, obj) -> str:
        if obj.claimed_at is not None:
            return f"Being computed since {timezone.localtime(obj.claimed_at):%H:%M}"
        if obj.attempts:
            return f"Failed {obj.attempts} time(s); tried again after {timezone.localtime(obj.retry_after):%H:%M}"
        return "Waiting"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def changelist_view(self, request, extra_context=None):
        return super().changelist_view(request, {**(extra_context or {}), "queue": queue_summary()})


# The people admin (users, audit log) replaces auth's and auditlog's own; core is the last app.
from . import admin_people  # noqa: E402,F401
