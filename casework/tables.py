"""Lists of children: caseloads, search results and what is due. Sorting is done in SQL."""

from datetime import date

import django_tables2 as tables
from django.db.models import F
from django.utils import timezone
from django.utils.html import format_html, format_html_join

from core.tables import BaseTable

from . import codes
from .due import DUE_KINDS, due_items
from .models import Child, FosterCarerHousehold
from .validation import long_date

NUMERIC = {"td": {"class": "govuk-table__cell--numeric"}}


def age_text(child: Child, on: date | None = None) -> str:
    """'7 years', '10 months', or 'Unborn (expected 3 May 2026)'."""
    from core.periods import age_on

    on = on or timezone.localdate()
    if child.date_of_birth is None:
        return f"Unborn (expected {long_date(child.expected_date_of_birth)})"
    years = age_on(child.date_of_birth, on)
    if years >= 2:
        return f"{years} years"
    months = (on.year - child.date_of_birth.year) * 12 + on.month - child.date_of_birth.month
    if on.day < child.date_of_birth.day:
        months -= 1
    return f"{months} month" + ("" if months == 1 else "s")


def open_plans(child: Child) -> list[str]:
    """The plans and processes open for the child, from ``with_case_status``."""
    plans = []
    if getattr(child, "on_cp_plan", False):
        plans.append("Child protection plan")
    if getattr(child, "on_cin_plan", False):
        plans.append("Child in need plan")
    if getattr(child, "looked_after", False):
        plans.append("Looked after")
    if getattr(child, "in_pre_proceedings", False):
        plans.append("Pre-proceedings (PLO)")
    if getattr(child, "in_proceedings", False):
        plans.append("Care proceedings")
    return plans


def legal_status_text(code: str | None) -> str:
    if not code:
        return ""
    return codes.LegalStatusCode(code).label if code in codes.LegalStatusCode.values else code


def due_cell(due: date | None, on: date | None = None) -> str:
    """A due date, marked overdue (class app-overdue) when it has passed."""
    from casework.timescales import is_overdue

    if due is None:
        return ""
    on = on or timezone.localdate()
    if is_overdue(due, on):
        return format_html('<span class="app-overdue">Overdue: {}</span>', long_date(due))
    return long_date(due)


# What each due date is, for "next due".
DUE_LABELS = {kind.field: kind.label for kind in DUE_KINDS}


def due_link(item) -> str:
    """What is due, linked to the form that clears it when the user may record it."""
    if not item.form_url:
        return item.label
    return format_html('<a class="govuk-link" href="{}">{}</a>', item.form_url, item.label)


def _by_nulls_last(field: str, queryset, is_descending: bool):
    expression = F(field).desc(nulls_last=True) if is_descending else F(field).asc(nulls_last=True)
    return queryset.order_by(expression, "last_name", "first_name", "pk"), True


class ChildTable(BaseTable):
    la_child_id = tables.Column("ID", linkify=("casework:child", {"pk": tables.A("pk")}))
    name = tables.Column(
        "Name",
        accessor="full_name",
        order_by=("last_name", "first_name", "pk"),
        linkify=("casework:child", {"pk": tables.A("pk")}),
    )
    age = tables.Column("Age", accessor="date_of_birth", order_by=("-date_of_birth", "pk"), empty_values=())
    legal_status = tables.Column("Legal status", empty_values=())
    plans = tables.Column("Open plans", accessor="pk", orderable=False, empty_values=())
    allocated_worker = tables.Column("Social worker", default="Unallocated")
    allocated_team = tables.Column("Team", default="")

    class Meta(BaseTable.Meta):
        model = Child
        fields = ("la_child_id", "name", "age", "legal_status", "plans", "allocated_worker", "allocated_team")
        order_by = ("name",)
        empty_text = "No children match."

    def render_age(self, record) -> str:
        return age_text(record)

    def render_legal_status(self, value, record) -> str:
        if value:
            return legal_status_text(value)
        return "Not recorded" if getattr(record, "looked_after", False) else "Not looked after"

    def render_plans(self, record) -> str:
        return ", ".join(open_plans(record)) or "None"

    def render_la_child_id(self, value, record):
        if record.is_restricted:
            return format_html('{} <strong class="govuk-tag govuk-tag--red">Restricted</strong>', value)
        return value

    def order_allocated_worker(self, queryset, is_descending):
        return _by_nulls_last("allocated_worker", queryset, is_descending)

    def order_allocated_team(self, queryset, is_descending):
        return _by_nulls_last("allocated_team", queryset, is_descending)

    def order_legal_status(self, queryset, is_descending):
        return _by_nulls_last("legal_status", queryset, is_descending)


class CaseloadTable(ChildTable):
    """A caseload: with the next thing due for each child."""

    next_due = tables.Column("Next due", empty_values=())

    class Meta(ChildTable.Meta):
        fields = (
            "la_child_id",
            "name",
            "age",
            "legal_status",
            "plans",
            "allocated_worker",
            "allocated_team",
            "next_due",
        )
        order_by = ("next_due",)

    def render_next_due(self, value, record):
        if value is None:
            return "Nothing due"
        label = next(label for field, label in DUE_LABELS.items() if getattr(record, field) == value)
        return format_html("{}<br>{}", label, due_cell(value))

    def order_next_due(self, queryset, is_descending):
        return _by_nulls_last("next_due", queryset, is_descending)


class DueTable(BaseTable):
    """What is due for each child, earliest first: every due date of the due list, overdue ones
    marked, each linked to the form that clears it (when the user may record it)."""

    name = tables.Column(
        "Child",
        accessor="full_name",
        order_by=("last_name", "first_name", "pk"),
        linkify=("casework:child", {"pk": tables.A("pk")}),
    )
    allocated_worker = tables.Column("Social worker", default="Unallocated")
    next_due = tables.Column("Next due", empty_values=())
    due = tables.Column("What is due", accessor="pk", orderable=False, empty_values=())

    class Meta(BaseTable.Meta):
        model = Child
        fields = ("name", "allocated_worker", "next_due", "due")
        # No default order: the view lists the earliest due first.
        empty_text = "Nothing is due for these children."

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def render_next_due(self, value):
        return due_cell(value)

    def order_next_due(self, queryset, is_descending):
        return _by_nulls_last("next_due", queryset, is_descending)

    def render_due(self, record):
        today = timezone.localdate()
        items = due_items(record, self.user, today)
        if not items:
            return ""
        lines = format_html_join(
            "",
            "<li>{}: {}</li>",
            ((due_link(item), due_cell(item.due, today)) for item in items),
        )
        return format_html('<ul class="govuk-list govuk-!-margin-bottom-0">{}</ul>', lines)


class FosterCarerHouseholdTable(BaseTable):
    """Foster carer households over ``selectors.with_review_status``, with the next review due."""

    reference = tables.Column("Reference", linkify=("fostering:household", {"pk": tables.A("pk")}))
    name = tables.Column("Carers", linkify=("fostering:household", {"pk": tables.A("pk")}))
    approved_on = tables.DateColumn(format="j M Y", verbose_name="Approved")
    deregistered_on = tables.DateColumn(format="j M Y", verbose_name="Deregistered", default="")
    last_review_on = tables.DateColumn(format="j M Y", verbose_name="Last review", default="None yet")
    next_review = tables.Column("Next review due", accessor="pk", orderable=False, empty_values=())

    class Meta(BaseTable.Meta):
        model = FosterCarerHousehold
        fields = ("reference", "name", "approved_on", "deregistered_on", "last_review_on", "next_review")
        order_by = ("name",)
        empty_text = "No households match."

    def render_next_review(self, record) -> str:
        due = next_review_due(record)
        return due_cell(due) if due is not None else "None (deregistered)"

    def order_last_review_on(self, queryset, is_descending):
        return self._nulls_last("last_review_on", queryset, is_descending)

    def order_deregistered_on(self, queryset, is_descending):
        return self._nulls_last("deregistered_on", queryset, is_descending)

    @staticmethod
    def _nulls_last(field: str, queryset, is_descending: bool):
        expression = F(field).desc(nulls_last=True) if is_descending else F(field).asc(nulls_last=True)
        return queryset.order_by(expression, "name", "pk"), True


def next_review_due(household) -> date | None:
    """The household's next annual review (``rules.foster_carer_review_due``); None once deregistered."""
    from .rules import foster_carer_review_due

    if household.deregistered_on is not None:
        return None
    return foster_carer_review_due(household.approved_on, household.last_review_on)
