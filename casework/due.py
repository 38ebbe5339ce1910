"""What is due for a child, as items a person can act on: what, by when, and the form that
clears it. Built from a child read with ``selectors.with_next_due`` (the dates come from the
indicators' rules, in SQL); this module only names them and links them to their forms.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.urls import reverse

from .selectors import DUE_LIST_FIELDS


@dataclass(frozen=True)
class DueKind:
    field: str  # the due date's annotation (selectors.DUE_LIST_FIELDS)
    label: str
    action: str  # the link to the form that clears it
    permission: str
    slug: str = ""  # record_create's kind; empty for case supervision
    record_id: str = ""  # an annotation naming the record the form corrects (record_update)

    def url(self, child) -> str:
        if self.field == "supervision_due":
            return reverse("casework:supervision_create", args=[child.pk])
        if self.record_id:
            return reverse("casework:record_update", args=[child.pk, self.slug, getattr(child, self.record_id)])
        return reverse("casework:record_create", args=[child.pk, self.slug])


DUE_KINDS: tuple[DueKind, ...] = (
    DueKind("statutory_visit_due", "Statutory visit", "Record a statutory visit", "casework.add_statutoryvisit",
            "statutory-visit"),
    DueKind("review_due", "Looked-after review", "Record a looked-after review", "casework.add_lookedafterreview",
            "looked-after-review"),
    DueKind("cp_visit_due", "Child protection visit", "Record a child protection visit",
            "casework.add_childprotectionvisit", "cp-visit"),
    DueKind("pathway_review_due", "Pathway plan review", "Record a pathway plan review",
            "casework.add_pathwayplanreview", "pathway-review"),
    DueKind("assessment_due", "Assessment (working day 45)", "Record the assessment's completion",
            "casework.change_assessment", "assessment", "assessment_due_id"),
    DueKind("initial_conference_due", "Initial child protection conference", "Record the conference",
            "casework.add_childprotectionconference", "conference"),
    DueKind("review_conference_due", "Review child protection conference", "Record the conference",
            "casework.add_childprotectionconference", "conference"),
    DueKind("cin_review_due", "Child in need plan review", "Record a child in need plan review",
            "casework.add_childinneedplanreview", "cin-plan-review"),
    DueKind("supervision_due", "Case supervision", "Record case supervision", "casework.add_casesupervision"),
    DueKind("return_interview_due", "Return home interview", "Record the return home interview",
            "casework.change_missingepisode", "missing", "return_interview_episode_id"),
)  # fmt: skip
BY_FIELD = {kind.field: kind for kind in DUE_KINDS}
assert tuple(BY_FIELD) == DUE_LIST_FIELDS, "every due date of the due list is named here"

# Work a social worker clears; case supervision is their manager's.
WORKER_FIELDS = tuple(field for field in DUE_LIST_FIELDS if field != "supervision_due")


@dataclass(frozen=True)
class DueItem:
    child: object
    kind: DueKind
    due: date
    overdue: bool
    form_url: str  # '' when the user may not record it

    @property
    def label(self) -> str:
        return self.kind.label


def due_items(
    child, user, on: date, fields: Iterable[str] = DUE_LIST_FIELDS, until: date | None = None
) -> list[DueItem]:
    """The child's due dates among ``fields`` (overdue, or due on or before ``until`` when given),
    earliest first, each with the link to its form when the user may record it."""
    from casework.timescales import is_overdue

    items = []
    for field in fields:
        due = getattr(child, field, None)
        if due is None or (until is not None and due > until):
            continue
        kind = BY_FIELD[field]
        may_record = user.has_perm(kind.permission)
        items.append(DueItem(child, kind, due, is_overdue(due, on), kind.url(child) if may_record else ""))
    return sorted(items, key=lambda item: (item.due, DUE_LIST_FIELDS.index(item.kind.field)))
