"""Every case record in the admin, with search and filters, scoped to the user's children.

Saves go through the same rules and service as the product's pages: the admin form shows
the rule's messages, and a saved record sets who recorded it and queues the recomputation
of the months it touches. A deletion (superusers only) queues its recomputation too.
Opening a child's record (or one of their records) here is audited, as on the pages.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from core.recompute import mark_stale

from . import models, services, validation
from .records import FOR_MODEL, Kind
from .selectors import children_visible_to


class RuledAdminForm(forms.ModelForm):
    """After the model's own checks, the record's rule from ``casework.validation``."""

    def _post_clean(self) -> None:
        super()._post_clean()
        rule = validation.rules().get(type(self.instance))
        if rule is None or rule is validation.child_errors or self.errors:
            return
        try:
            rule(self.instance)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                for message in messages:
                    self.add_error(field if field in self.fields else None, message)


class RuledAdmin(admin.ModelAdmin):
    form = RuledAdminForm

    def save_model(self, request, obj, form, change) -> None:
        services.record_save(record=obj, by=request.user)

    def delete_model(self, request, obj) -> None:
        first = min(services.record_days(obj), default=None)
        super().delete_model(request, obj)
        mark_stale(first, reason="record deleted")

    def delete_queryset(self, request, queryset) -> None:
        first = min((day for record in queryset for day in services.record_days(record)), default=None)
        super().delete_queryset(request, queryset)
        mark_stale(first, reason="record deleted")


class ScopedToChildrenAdmin(RuledAdmin):
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

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.pk is not None:
            # The record is shown (to read or to change): who saw it is in the child's history.
            child = obj if isinstance(obj, models.Child) else obj.child
            record = None if isinstance(obj, models.Child) else obj
            services.child_record_viewed(child=child, user=request.user, record=record, page="admin")
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)


@admin.register(models.Child)
class ChildAdmin(ScopedToChildrenAdmin):
    child_path = "pk"
    list_display = ("la_child_id", "first_name", "last_name", "date_of_birth", "sex", "is_restricted", "source")
    list_filter = ("sex", "is_restricted", "source")
    search_fields = ("la_child_id", "first_name", "last_name", "upn", "nhs_number")
    list_select_related = ()
    autocomplete_fields = ()
    readonly_fields = ("source", "source_reference", "created_at", "updated_at")


def _kind_admin(kind: Kind) -> type[ScopedToChildrenAdmin]:
    """The admin of a kind's records, from its declaration (``casework.records``): the child,
    the date it is listed by, its columns; filtered by source and its filters."""
    date_field = kind.listed_by
    attrs = {
        "list_display": ("child", *([date_field] if date_field else []), *kind.admin_columns),
        "list_filter": ("source", *kind.admin_filters),
    }
    if date_field:
        attrs["date_hierarchy"] = date_field
    return type(f"{kind.model.__name__}Admin", (ScopedToChildrenAdmin,), attrs)


for _kind in FOR_MODEL.values():
    admin.site.register(_kind.model, _kind_admin(_kind))


class FosterCarerReviewForm(RuledAdminForm):
    """A review's completion date; its due date is derived when it is saved (never typed)."""

    class Meta:
        model = models.FosterCarerReview
        fields = ("household", "completed_on")


class FosterCarerReviewFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        completions = [
            form.cleaned_data.get("completed_on")
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        dated = [day for day in completions if day is not None]
        if len(dated) != len(set(dated)):
            raise ValidationError("Two reviews cannot be completed on the same day.")
        if completions.count(None) > 1:
            raise ValidationError("Only one review can be waiting to be completed.")


class FosterCarerReviewInline(admin.TabularInline):
    model = models.FosterCarerReview
    form = FosterCarerReviewForm
    formset = FosterCarerReviewFormSet
    fields = ("completed_on", "due_on")
    readonly_fields = ("due_on",)
    extra = 0


@admin.register(models.FosterCarerHousehold)
class FosterCarerHouseholdAdmin(RuledAdmin):
    list_display = ("reference", "name", "approved_on", "deregistered_on")
    search_fields = ("reference", "name")
    inlines = [FosterCarerReviewInline]

    def save_formset(self, request, form, formset, change) -> None:
        # Through the review service, in the order completed: each due date counts from the one before.
        reviews = formset.save(commit=False)
        for review in formset.deleted_objects:
            services.foster_carer_review_delete(review=review, by=request.user)
        for review in sorted(reviews, key=lambda review: (review.completed_on is None, review.completed_on)):
            services.foster_carer_review_save(review=review, by=request.user)


@admin.register(models.FosterCarerReview)
class FosterCarerReviewAdmin(RuledAdmin):
    form = FosterCarerReviewForm
    list_display = ("household", "due_on", "completed_on")
    readonly_fields = ("due_on",)
    date_hierarchy = "due_on"
    list_select_related = ("household",)

    def delete_model(self, request, obj) -> None:
        services.foster_carer_review_delete(review=obj, by=request.user)

    def delete_queryset(self, request, queryset) -> None:
        for review in queryset:
            services.foster_carer_review_delete(review=review, by=request.user)


from . import admin_allocations  # noqa: E402,F401  allocations and case supervision
