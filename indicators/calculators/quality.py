"""Quality: case supervision (QA 1), case audits (QA 2, QA 3, 3.2) and advocacy (3.3)."""

from datetime import timedelta

from django.db.models import DateField, Exists, F, OuterRef, Q, Subquery, Value

from casework.codes import AuditGrade, CaseType
from casework.models import (
    AdvocacyPeriod,
    Allocation,
    CaseAudit,
    CaseSupervision,
    Child,
    ChildInNeedPlan,
    ChildProtectionPlan,
)
from casework.timescales import DEFAULT_PARAMETERS
from core.layering import layered_annotations
from core.periods import born_on_or_before_for_age
from workforce.selectors import open_on

from ..models import Polarity, Unit, Window
from . import register
from .base import COUNT, TRUE, Calculator, Context, as_rows, when
from .child_protection import in_month

# Why a record is in or out of this module's figures, in words ("{date}" is the row's detail date).
REASONS: dict[str, str] = {
    "supervised": "supervised {date}",
    "not_supervised": "last supervised {date}",
    "never_supervised": "no supervision recorded",
    "good": "graded Good or Outstanding",
    "not_good": "graded below Good",
    "met": "standard met",
    "not_met": "standard not met",
    "advocate": "advocate from {date}",
    "no_advocate": "no advocate",
}

GOOD_OR_BETTER = (AuditGrade.OUTSTANDING, AuditGrade.GOOD)


def _latest(queryset, field: str) -> Subquery:
    return Subquery(queryset.order_by(f"-{field}").values(field)[:1], output_field=DateField())


@register
class CaseSupervisionInTime(Calculator):
    """QA 1: children with an allocation open at month end (started on or before D, not ended on or
    before D); in the numerator when their case supervision was recorded in the
    ``supervision_interval_days`` (28) days up to and including month end: supervised_on from
    D - 27 to D, both inclusive. Supervision after month end does not count. Percentage, stock.
    Attributed by the allocation at month end. The interval is a parameter on the indicator."""

    code = "QA 1"
    title = "Percentage of children who had their supervision and was within the timescales"
    unit = Unit.PERCENTAGE
    polarity = Polarity.HIGHER_IS_BETTER
    window = Window.MONTH_END
    description = (
        "Children with an open allocated case at month end; in the numerator when their case supervision was "
        "recorded within the last 28 days."
    )
    record_type = "child"
    default_parameters = DEFAULT_PARAMETERS["QA 1"]

    def rows(self, context: Context):
        on = context.month.last
        since = on - timedelta(days=context.parameters["supervision_interval_days"] - 1)
        # One row a child, from the child's allocation at month end (of those open then, the latest
        # started, as ``as_rows`` attributes a child): it gives the row its team and worker, so the
        # children are not found again, nor their allocation looked up again.
        open_at_end = Allocation.objects.filter(open_on(on))
        later = open_at_end.filter(child=OuterRef("child")).filter(
            Q(started_on__gt=OuterRef("started_on")) | Q(started_on=OuterRef("started_on"), pk__gt=OuterRef("pk"))
        )
        supervisions = CaseSupervision.objects.filter(child=OuterRef("child"), supervised_on__lte=on)
        allocations = open_at_end.filter(~Exists(later)).annotate(
            last_supervised_on=_latest(supervisions, "supervised_on")
        )
        supervised = Q(last_supervised_on__gte=since)
        return as_rows(
            allocations,
            record="child_id",
            child="child_id",
            in_numerator=supervised,
            reference_date=on,
            team=F("team_id"),
            worker=F("worker_id"),
            detail=when(
                Q(last_supervised_on__isnull=True),
                "never_supervised",
                when(supervised, "supervised", "not_supervised"),
            ),
            detail_date=F("last_supervised_on"),
        )


def audits_in_month(context: Context):
    """Case audits with audited_on from the 1st to month end, both inclusive."""
    return context.records(CaseAudit).filter(in_month(context, "audited_on"))


def _good_or_better() -> Q:
    return Q(grade__in=GOOD_OR_BETTER)


@register
class GoodAuditsCount(Calculator):
    """QA 2: the number of case audits completed in month (audited_on from the 1st to month end,
    both inclusive) graded Good or Outstanding. Count; the drill-down lists the audits counted.
    Attributed by the allocation on the audit date."""

    code = "QA 2"
    title = "Number of Cases Audited that are Good or Outstanding"
    unit = Unit.COUNT
    polarity = Polarity.HIGHER_IS_BETTER
    window = Window.IN_MONTH
    description = "Case audits completed in the month graded Good or Outstanding."
    record_type = "audit"
    aggregation = COUNT

    def rows(self, context: Context):
        return as_rows(
            audits_in_month(context).filter(_good_or_better()),
            in_numerator=TRUE,
            reference_date="audited_on",
            attribute_on="audited_on",
            detail=Value("good"),
        )


@register
class GoodAuditsShare(Calculator):
    """QA 3: case audits completed in month (audited_on from the 1st to month end, both inclusive);
    in the numerator when graded Good or Outstanding. Percentage. Attributed by the allocation on
    the audit date."""

    code = "QA 3"
    title = "Percentage of Cases Audited that are Good or Outstanding"
    unit = Unit.PERCENTAGE
    polarity = Polarity.HIGHER_IS_BETTER
    window = Window.IN_MONTH
    description = "Case audits completed in the month; in the numerator when graded Good or Outstanding."
    record_type = "audit"

    def rows(self, context: Context):
        return as_rows(
            audits_in_month(context),
            in_numerator=_good_or_better(),
            reference_date="audited_on",
            attribute_on="audited_on",
            detail=when(_good_or_better(), "good", "not_good"),
        )


@register
class ViewsAndWishes(Calculator):
    """3.2: case audits completed in month (audited_on from the 1st to month end, both inclusive) of
    child in need and child protection cases (case type CIN or CP; looked-after audits are left
    out); in the numerator when the "views and wishes" standard was met. Percentage. Attributed by
    the allocation on the audit date."""

    code = "3.2"
    title = (
        "% CIN and CP case files which meet the Practice Standards for incorporating and recording the views "
        "and wishes of children and young people in assessment and planning (out of the number of cases audited)"
    )
    unit = Unit.PERCENTAGE
    polarity = Polarity.HIGHER_IS_BETTER
    window = Window.IN_MONTH
    description = (
        "Case audits of children in need and child protection cases completed in the month; in the numerator when "
        "the views and wishes standard was met."
    )
    record_type = "audit"

    def rows(self, context: Context):
        met = Q(views_and_wishes_met=True)
        return as_rows(
            audits_in_month(context).filter(case_type__in=(CaseType.CHILD_IN_NEED, CaseType.CHILD_PROTECTION)),
            in_numerator=met,
            reference_date="audited_on",
            attribute_on="audited_on",
            detail=when(met, "met", "not_met"),
        )


@register
class Advocacy(Calculator):
    """3.3: children aged over 5 at month end, open as child in need (a ChildInNeedPlan open at D) or
    on a child protection plan (a ChildProtectionPlan open at D); in the numerator when an advocacy
    period is open at D. Percentage, stock; one row per child. Attributed by the allocation at
    month end.

    "Aged over 5": age is completed years (the spec), so over 5 is an age of 6 or more at month end,
    born on or before month end minus 6 years (``born_on_or_before_for_age(6, D)``). A child whose
    6th birthday is on month end is in; one who turns 6 the day after is 5 and left out. At 29
    February 2024 a child born on 28 February 2018 is 6, one born on 1 March 2018 is not; a child
    born on 29 February 2020 turns 6 on 1 March 2026 (not yet at 28 February 2026). Unborn children
    are left out. "Open at D": started on or before D and not ended on or before D (a plan or
    advocacy ending on month end is closed).
    """

    code = "3.3"
    title = "% eligible children and young people (CIN/CP) over 5 years old accessing advocacy"
    unit = Unit.PERCENTAGE
    polarity = Polarity.HIGHER_IS_BETTER
    window = Window.MONTH_END
    description = (
        "Children aged over 5 (6 or older at month end) open as children in need or on a child protection plan "
        "at month end; in the numerator when an advocacy period was active at month end."
    )
    record_type = "child"
    # 2: over 5 is aged 6 or more in completed years (was: older than exactly 5, counting 5-year-olds).
    rule_version = 2
    OVER_AGE = 5

    def rows(self, context: Context):
        on = context.month.last
        # The children open as CIN or CP at D, as one set the database joins to (a few thousand),
        # rather than a test of every child of the age against both plans.
        open_cases = (
            ChildInNeedPlan.objects.filter(open_on(on))
            .order_by()
            .values("child_id")
            .union(ChildProtectionPlan.objects.filter(open_on(on)).order_by().values("child_id"))
        )
        advocacy = AdvocacyPeriod.objects.filter(open_on(on), child=OuterRef("pk"))
        # The children's birth dates are looked up by key for those open cases only: a test of the age
        # in the same query lets the database read every child of the age (half a million) to join them.
        birth = Child.objects.filter(pk=OuterRef("pk")).order_by().values("date_of_birth")[:1]
        open_children = layered_annotations(
            context.records(Child).filter(pk__in=open_cases).annotate(born_on=Subquery(birth, output_field=DateField()))
        )
        children = open_children.filter(born_on__lte=born_on_or_before_for_age(self.OVER_AGE + 1, on)).annotate(
            advocate_from=_latest(advocacy, "started_on")
        )
        has_advocate = Q(advocate_from__isnull=False)
        return as_rows(
            children,
            child="pk",
            in_numerator=has_advocate,
            reference_date=on,
            attribute_on=on,
            detail=when(has_advocate, "advocate", "no_advocate"),
            detail_date=F("advocate_from"),
        )
