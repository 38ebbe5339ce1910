"""Child protection: CP 5, CP 10, CP 10a, CP 13, 1.2, 2.2, 2.5, 3.1."""

from datetime import timedelta

from django.db.models import Exists, F, OuterRef, Q

from casework.models import Child, ChildProtectionPlan
from workforce.selectors import open_on

from .. import rules
from ..sql import AddDays
from . import register
from .base import Calculator, Context, as_rows, when


@register
class ChildProtectionVisits(Calculator):
    """CP 13: children on a CP plan at month end, leaving out plans that started fewer than
    ``visit_interval_days`` (28) days before month end and have had no visit yet (not yet
    due); in the numerator when visited in the 28 days up to and including month end. The
    rule is ``rules.with_cp_visit_due``, the same one the due pages use."""

    code = "CP 13"
    record_type = "child"
    default_parameters = rules.DEFAULT_PARAMETERS["CP 13"]

    def rows(self, context: Context):
        on = context.month.last
        interval = context.parameters["visit_interval_days"]
        # Narrow to children on a plan first, so the rule's subqueries run for them only.
        on_a_plan = ChildProtectionPlan.objects.filter(open_on(on), child=OuterRef("pk"))
        children = rules.with_cp_visit_due(context.records(Child).filter(Exists(on_a_plan)), on, context.parameters)
        not_yet_due = Q(last_cp_visit_on__isnull=True) & Q(cp_plan_started_on__gt=on - timedelta(days=interval))
        visited = Q(cp_visit_due__gte=on)
        return as_rows(
            children.exclude(not_yet_due),
            child="pk",
            in_numerator=visited,
            reference_date=on,
            attribute_on=on,
            detail=when(visited, "visited", "overdue_since"),
            detail_date=when(visited, F("last_cp_visit_on"), AddDays("cp_visit_due", 1)),
        )
