"""Every case record in the admin, with search and filters, scoped to the user's children."""

from django.contrib import admin

from . import models
from .selectors import children_visible_to


class ScopedToChildrenAdmin(admin.ModelAdmin):
    """Non-superusers see only the records of children the selector lets them see."""

    child_path = "child"
    list_select_related = ("child",)
    autocomplete_fields = ("child",)
    search_fields = ("child__first_name", "child__last_name", "child__la_child_id")
    readonly_fields = ("source", "source_reference", "recorded_by", "created_at", "updated_at")

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.child_path}__in": children_visible_to(request.user)})


@admin.register(models.Child)
class ChildAdmin(ScopedToChildrenAdmin):
    child_path = "pk"
    list_display = ("la_child_id", "first_name", "last_name", "date_of_birth", "sex", "is_restricted", "source")
    list_filter = ("sex", "is_restricted", "source")
    search_fields = ("la_child_id", "first_name", "last_name", "upn", "nhs_number")
    list_select_related = ()
    autocomplete_fields = ()
    readonly_fields = ("source", "source_reference", "created_at", "updated_at")


def _register(model, date_field: str, extra_display=(), extra_filters=()):
    attrs = {
        "list_display": ("child", date_field, *extra_display),
        "list_filter": ("source", *extra_filters),
        "date_hierarchy": date_field,
    }
    admin.site.register(model, type(f"{model.__name__}Admin", (ScopedToChildrenAdmin,), attrs))


_register(models.Contact, "received_at", ("decision", "decided_at"), ("decision",))
_register(models.Referral, "received_on", ("source_of_referral", "closed_on"))
_register(models.Assessment, "started_on", ("child_seen_on", "authorised_on", "outcome"), ("outcome",))
_register(models.StrategyDiscussion, "held_on")
_register(models.Section47Enquiry, "started_on", ("child_seen_on", "outcome"), ("outcome",))
_register(models.ChildProtectionConference, "held_on", ("kind", "outcome", "participation"), ("kind", "participation"))
_register(models.ChildProtectionPlan, "started_on", ("ended_on", "category"), ("category",))
_register(models.ChildProtectionVisit, "visited_on", ("plan", "seen_alone"))
_register(models.ChildInNeedPlan, "started_on", ("ended_on",))
_register(models.AdvocacyPeriod, "started_on", ("ended_on",))
_register(models.PeriodOfCare, "started_on", ("ended_on", "reason_ceased"), ("reason_ceased",))
_register(models.LegalStatus, "started_on", ("code",), ("code",))
_register(
    models.Placement, "started_on", ("ended_on", "placement_type", "is_long_term"), ("placement_type", "is_long_term")
)
_register(models.StatutoryVisit, "visited_on", ("seen_alone",))
_register(models.LookedAfterReview, "held_on", ("participation",))
_register(models.MissingEpisode, "started_at", ("ended_at", "kind", "interview_completed_at"), ("kind",))
_register(models.CareProceedings, "issued_on", ("concluded_on", "outcome"), ("outcome",))
_register(models.PreProceedings, "started_on", ("ended_on",))
_register(models.PathwayPlanReview, "reviewed_on")
_register(models.CareLeaverBirthdayRecord, "birthday_on", ("age", "activity", "accommodation"), ("activity",))
_register(models.CaseAudit, "audited_on", ("case_type", "grade", "views_and_wishes_met"), ("case_type", "grade"))


@admin.register(models.Adoption)
class AdoptionAdmin(ScopedToChildrenAdmin):
    list_display = ("child", "placement_order_on", "matched_on", "moved_in_on", "adoption_order_on")
    list_filter = ("source",)


class FosterCarerReviewInline(admin.TabularInline):
    model = models.FosterCarerReview
    extra = 0


@admin.register(models.FosterCarerHousehold)
class FosterCarerHouseholdAdmin(admin.ModelAdmin):
    list_display = ("reference", "name", "approved_on", "deregistered_on")
    search_fields = ("reference", "name")
    inlines = [FosterCarerReviewInline]


@admin.register(models.FosterCarerReview)
class FosterCarerReviewAdmin(admin.ModelAdmin):
    list_display = ("household", "due_on", "completed_on")
    date_hierarchy = "due_on"
    list_select_related = ("household",)
