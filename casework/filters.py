"""Filters for lists of children (django-filter), rendered with components/filter_form.html."""

import django_filters
from django import forms
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils import timezone

from core.forms import DateField

from . import codes
from .models import Child, FosterCarerHousehold
from .selectors import allocated_to_a_worker_who_has_left

STATUS_CHOICES = [
    ("cp", "Child protection plan"),
    ("cin", "Child in need plan"),
    ("lac", "Looked after"),
    ("plo", "Pre-proceedings (PLO)"),
    ("proceedings", "Care proceedings"),
]
_STATUS_FIELDS = {
    "cp": "on_cp_plan",
    "cin": "on_cin_plan",
    "lac": "looked_after",
    "plo": "in_pre_proceedings",
    "proceedings": "in_proceedings",
}


def _words(queryset: QuerySet[Child], value: str) -> QuerySet[Child]:
    """Every word must match a name, or the whole text an ID, UPN or NHS number."""
    value = (value or "").strip()
    if not value:
        return queryset
    by_number = Q(la_child_id__iexact=value) | Q(upn__iexact=value) | Q(nhs_number=value.replace(" ", ""))
    by_name = Q()
    for word in value.split():
        by_name &= Q(first_name__icontains=word) | Q(last_name__icontains=word)
    return queryset.filter(by_number | by_name)


class ChildFilter(django_filters.FilterSet):
    """Filters over children annotated by ``selectors.with_case_status``."""

    q = django_filters.CharFilter(method="filter_words", label="Name or ID")
    status = django_filters.ChoiceFilter(
        choices=STATUS_CHOICES, method="filter_status", label="Open plan", empty_label="Any"
    )
    legal_status = django_filters.ChoiceFilter(
        choices=codes.LegalStatusCode.choices, label="Legal status", empty_label="Any"
    )

    class Meta:
        model = Child
        fields = ["q", "status", "legal_status"]

    def filter_words(self, queryset, name, value):
        return _words(queryset, value)

    def filter_status(self, queryset, name, value):
        return queryset.filter(**{_STATUS_FIELDS[value]: True}) if value in _STATUS_FIELDS else queryset


class TeamCaseloadFilter(ChildFilter):
    """The team caseload: also the children allocated to a worker who has left (nobody holds them)."""

    allocation = django_filters.ChoiceFilter(
        choices=[("worker_has_left", "Allocated to a worker who has left")],
        method="filter_allocation",
        label="Allocation",
        empty_label="Any",
    )

    class Meta(ChildFilter.Meta):
        fields = [*ChildFilter.Meta.fields, "allocation"]

    def filter_allocation(self, queryset, name, value):
        if value != "worker_has_left":
            return queryset
        return queryset.filter(allocated_to_a_worker_who_has_left(timezone.localdate()))


class _DateFilter(django_filters.Filter):
    field_class = DateField


class ChildSearchFilter(ChildFilter):
    """Finding a child: by name or number, and date of birth."""

    date_of_birth = _DateFilter(field_name="date_of_birth", label="Date of birth")

    class Meta(ChildFilter.Meta):
        fields = ["q", "date_of_birth", "status", "legal_status"]


DUE_WINDOWS = [
    ("overdue", "Overdue"),
    ("14", "Overdue or due in the next 2 weeks"),
    ("28", "Overdue or due in the next 4 weeks"),
    ("all", "Everything due"),
]


class DueFilter(django_filters.FilterSet):
    """Over children annotated by ``selectors.with_next_due``: only those with something due."""

    window = django_filters.ChoiceFilter(
        choices=DUE_WINDOWS,
        method="filter_window",
        label="Show",
        empty_label=None,
        widget=forms.RadioSelect,
    )
    q = django_filters.CharFilter(method="filter_words", label="Name or ID")

    class Meta:
        model = Child
        fields = ["window", "q"]

    def __init__(self, data=None, *args, **kwargs):
        # "Overdue or due in 4 weeks" unless the user chose otherwise.
        data = data.copy() if data is not None else QueryDict(mutable=True)
        if not data.get("window"):
            data["window"] = "28"
        super().__init__(data, *args, **kwargs)

    def filter_words(self, queryset, name, value):
        return _words(queryset, value)

    def filter_window(self, queryset, name, value):
        from datetime import timedelta

        # One comparison each: next_due is a large expression (four due dates), and every
        # condition on it repeats it in the query. A date comparison already leaves out NULLs.
        today = timezone.localdate()
        if value == "overdue":
            return queryset.filter(next_due__lt=today)
        if value in ("14", "28"):
            return queryset.filter(next_due__lte=today + timedelta(days=int(value)))
        return queryset.filter(next_due__isnull=False)


class FosterCarerHouseholdFilter(django_filters.FilterSet):
    """Finding a foster carer household by name or reference, approved or deregistered."""

    q = django_filters.CharFilter(method="filter_words", label="Name or reference")
    status = django_filters.ChoiceFilter(
        choices=[("approved", "Approved now"), ("deregistered", "Deregistered")],
        method="filter_status",
        label="Status",
        empty_label="Any",
    )

    class Meta:
        model = FosterCarerHousehold
        fields = ["q", "status"]

    def filter_words(self, queryset, name, value):
        value = (value or "").strip()
        if not value:
            return queryset
        by_name = Q()
        for word in value.split():
            by_name &= Q(name__icontains=word)
        return queryset.filter(by_name | Q(reference__iexact=value))

    def filter_status(self, queryset, name, value):
        if value == "approved":
            return queryset.filter(deregistered_on__isnull=True)
        if value == "deregistered":
            return queryset.filter(deregistered_on__isnull=False)
        return queryset
