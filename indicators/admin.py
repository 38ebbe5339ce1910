"""Administrators configure the catalogue here: thresholds, benchmarks and milestones in
the seed's own forms. Computed snapshots are shown read-only."""

from django import forms
from django.contrib import admin

from .admin_inlines import LabelledInlineFormSet, LabelledTabularInline
from .models import (
    Benchmark,
    Commentary,
    ComputationRun,
    Indicator,
    Milestone,
    MonthSignOff,
    Scorecard,
    ScorecardRow,
    Snapshot,
    ThresholdSet,
)


class ThresholdSetInline(admin.StackedInline):
    model = ThresholdSet
    formset = LabelledInlineFormSet
    extra = 0
    max_num = 1
    verbose_name_plural = "Thresholds (type as the seed does: 25-30, below 20, 95+, 20-15)"


class BenchmarkInline(LabelledTabularInline):
    model = Benchmark
    extra = 0


class MilestoneInline(LabelledTabularInline):
    model = Milestone
    extra = 0


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ("code", "title", "unit", "polarity", "window", "status", "definition_version")
    list_filter = ("status", "unit", "polarity", "window")
    search_fields = ("code", "title")
    readonly_fields = ("definition_version", "rule_version", "calculator")
    inlines = [ThresholdSetInline, BenchmarkInline, MilestoneInline]

    def save_model(self, request, obj, form, change):
        # A changed parameter changes the definition: later snapshots record the new
        # version, so figures computed under the old one can be told apart.
        if change and "parameters" in form.changed_data:
            obj.definition_version += 1
        super().save_model(request, obj, form, change)


class ScorecardRowForm(forms.ModelForm):
    """Narrow boxes (indicators/static/admin-extra/accessibility.css), so a row fits a 1,366 px screen."""

    class Meta:
        model = ScorecardRow
        fields = ("position", "row_type", "theme", "action_plan_ref", "indicator", "text")
        widgets = {
            "position": forms.NumberInput(attrs={"class": "app-admin-narrow"}),
            "theme": forms.TextInput(attrs={"class": "app-admin-short"}),
            "action_plan_ref": forms.TextInput(attrs={"class": "app-admin-narrow"}),
            "text": forms.Textarea(attrs={"rows": 2}),
        }


class ScorecardRowInline(LabelledTabularInline):
    """A plain select for the indicator, not an autocomplete: select2's box has no accessible
    name (axe-core: aria-input-field-name), and the catalogue is short enough to choose from."""

    model = ScorecardRow
    form = ScorecardRowForm
    extra = 0
    fields = ("position", "row_type", "theme", "action_plan_ref", "indicator", "text")


@admin.register(Scorecard)
class ScorecardAdmin(admin.ModelAdmin):
    list_display = ("name", "layout", "position")
    prepopulated_fields = {"slug": ("name",)}
    inlines = [ScorecardRowInline]


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Snapshot)
class SnapshotAdmin(ReadOnlyAdmin):
    list_display = (
        "indicator",
        "month",
        "scope_name",
        "kind",
        "numerator",
        "denominator",
        "value",
        "rating",
        "definition_version",
        "method",
    )
    list_filter = ("kind", "scope_type", "method", "month", "indicator")
    search_fields = ("indicator__code", "scope_name")
    date_hierarchy = "month"
    list_select_related = ("indicator",)
    show_full_result_count = False


@admin.register(ComputationRun)
class ComputationRunAdmin(ReadOnlyAdmin):
    list_display = ("month", "status", "trigger", "started_at", "finished_at", "snapshot_count")
    list_filter = ("status", "trigger")
    date_hierarchy = "month"


@admin.register(MonthSignOff)
class MonthSignOffAdmin(ReadOnlyAdmin):
    list_display = ("month", "signed_off_by", "signed_off_at")


@admin.register(Commentary)
class CommentaryAdmin(admin.ModelAdmin):
    list_display = ("indicator", "month", "scope_key", "author", "updated_at")
    list_filter = ("month",)
    search_fields = ("indicator__code", "text")
