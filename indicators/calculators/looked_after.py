"""Children looked after: LAC 10, LAC 11, LAC 19, LAC 20 (stocks at month end), AD 7 (rolling 12
months) and F 3 (foster carer reviews due in month).

"Looked after at D" is a period of care open at D: started on or before D and not ended on or before
D (a period that ends on month end is no longer open at month end). LAC 10 and LAC 11 are built on
``casework.timescales``, the same due-date rules the social workers' due pages use, so a child shown
overdue on a page is the child counted overdue in the figure.
"""

from datetime import date

from django.db.models import (
    Case,
    CharField,
    DateField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from casework import timescales as rules
from casework.models import (
    Adoption,
    Allocation,
    Child,
    FosterCarerHousehold,
    FosterCarerReview,
    PeriodOfCare,
    Placement,
)
from casework.statutory.ssda903 import ADOPTION_PLACEMENT_TYPES, TEMPORARY_PLACEMENT_TYPES
from core.layering import layered_annotations
from core.periods import add_months, born_on_or_before_for_age, latest_start, month_end
from core.sql import AddDays, AddMonths, DaysBetween
from workforce.selectors import open_on

from ..models import Polarity, Unit, Window
from . import register
from .base import TRUE, Calculator, Context, as_rows, when

# Why a record is in or out of this module's figures, in words ("{date}" is the row's detail date).
REASONS: dict[str, str] = {
    "not_done": "not done",
    "not_yet_due": "not yet due (due {date})",
    "days": "{date}",
    "same_worker": "same social worker since {date}",
    "changed_worker": "social worker changed {date}",
    "stable": "same placement since {date}",
    "moved": "placement changed {date}",
    "review_overdue": "review overdue since {date}",
    "unallocated": "not allocated at month end",
    "allocation_gap": "unallocated from {date}",
    "allocated_since": "allocated only since {date}",
    "adoption_stable": "placed for adoption; with the placement before, since {date}",
    "no_placement": "no placement recorded",
    "entered_care": "entered care {date}",
}


def looked_after_at(context: Context, on: date, *, in_care_since: date | None = None) -> QuerySet:
    """Children with a period of care open at ``on`` (started on or before it, not ended on or
    before it); with ``in_care_since``, only those whose open period started on or before that date
    (in care continuously since then)."""
    periods = context.records(PeriodOfCare).filter(open_on(on))
    if in_care_since is not None:
        periods = periods.filter(started_on__lte=in_care_since)
    # The children of the periods (a few thousand), found by their key: not a test of every child.
    return context.records(Child).filter(pk__in=periods.values("child_id"))


def _date_case(*whens: When, default) -> Case:
    return Case(*whens, default=default, output_field=DateField())


def _text_case(*whens: When, default: str) -> Case:
    return Case(*whens, default=Value(default), output_field=CharField())


# --- LAC 10 -------------------------------------------------------------------------------------


@register
class StatutoryVisits(Calculator):
    """LAC 10: children looked after at month end D (a period of care open at D); in the numerator
    when their statutory visit is not overdue at D, i.e. ``rules.with_statutory_visit_due`` gives a
    due date on or after D (a visit due on month end is not yet overdue). The rule and its
    parameters (``first_visit_days`` 7 after a placement starts; then every ``visit_interval_days``
    42; every ``long_term_interval_months`` 3 once the last visit is ``long_term_after_months`` 12
    into a placement agreed as long-term) come from the indicator. Only visits on or before D and on
    or after the current placement's start count (``rules.with_care_at``: a change of type with the
    same carer, a temporary placement T0-T4 and the return from it do not start a new placement).
    Percentage, stock; one row per child, attributed by the allocation at D.

    Detail: "visited" (the last visit), "not_yet_due" (no visit yet in this placement, the first due
    on or after D) or "visit_overdue" (since the day after the due date).
    """

    code = "LAC 10"
    title = "Percentage of LAC for whom a visit has taken place within statutory timescales"
    unit = Unit.PERCENTAGE
    polarity = Polarity.HIGHER_IS_BETTER
    window = Window.MONTH_END
    description = (
        "Children looked after at month end whose statutory visit was not overdue: the first within a week of a "
        "placement starting, then 6-weekly in the first year of a placement, then 3-monthly where the placement "
        "is agreed as long-term (else 6-weekly)."
    )
    record_type = "child"
    # 2: a temporary placement (T0-T4) and the return from it continue the placement (was: new placements).
    rule_version = 2
    default_parameters = rules.DEFAULT_PARAMETERS["LAC 10"]

    def rows(self, context: Context):
        on = context.month.last
        # The current placement's start, computed once a child: the visits since it and the due date read it.
        children = layered_annotations(rules.with_care_at(looked_after_at(context, on), on))
        children = rules.with_statutory_visit_due(children, on, context.parameters)
        in_time = Q(statutory_visit_due__gte=on)
        never_visited = Q(last_statutory_visit_on__isnull=True)
        return as_rows(
            children,
            child="pk",
            in_numerator=in_time,
            reference_date=on,
            attribute_on=on,
            detail=_text_case(
                When(in_time & never_visited, then=Value("not_yet_due")),
                When(in_time, then=Value("visited")),
                default="visit_overdue",
            ),
            detail_date=_date_case(
                When(in_time & never_visited, then=F("statutory_visit_due")),
                When(in_time, then=F("last_statutory_visit_on")),
                default=AddDays("statutory_visit_due", 1),
            ),
        )


# --- LAC 11 -------------------------------------------------------------------------------------


@register
class LookedAfterReviews(Calculator):
    """LAC 11: children looked after at month end D for at least ``first_review_working_days`` (20)
    working days: their first review deadline (the date 20 working days after the current period of
    care started, that day not counted, England and Wales bank holidays excluded) is on or before D.
    In the numerator when the review is not overdue at D: ``rules.with_review_due`` gives a due date
    on or after D (first within 20 working days of becoming looked after, the second within
    ``second_review_months`` 3 of the first, then every ``later_review_months`` 6; only reviews in
    the current period of care and on or before D count). Percentage, stock; one row per child,
    attributed by the allocation at D.

    Detail: "reviewed" (the last review), "not_yet_due" (no review yet in this period, the first due
    on D) or "review_overdue" (since the day after the due date).
    """

    code = "LAC 11"
    title = "Percentage of LAC cases which were reviewed within required timescales"
    unit = Unit.PERCENTAGE
    polarity = Polarity.HIGHER_IS_BETTER
    window = Window.MONTH_END
    description = (
        "Children looked after at month end for at least 20 working days whose review was not overdue: the first "
        "within 20 working days of becoming looked after, the second within 3 months, then every 6 months."
    )
    record_type = "child"
    default_parameters = rules.DEFAULT_PARAMETERS["LAC 11"]

    def rows(self, context: Context):
        on = context.month.last
        # The period's start, computed once a child: the reviews since it and the due dates read it.
        children = layered_annotations(rules.with_period_at(looked_after_at(context, on), on))
        children = rules.with_review_due(children, on, context.parameters).filter(first_review_deadline__lte=on)
        in_time = Q(review_due__gte=on)
        never_reviewed = Q(reviews_in_period=0)
        return as_rows(
            children,
            child="pk",
            in_numerator=in_time,
            reference_date=on,
            attribute_on=on,
            detail=_text_case(
                When(in_time & never_reviewed, then=Value("not_yet_due")),
                When(in_time, then=Value("reviewed")),
                default="review_overdue",
            ),
            detail_date=_date_case(
                When(in_time & never_reviewed, then=F("review_due")),
                When(in_time, then=F("last_review_on")),
                default=AddDays("review_due", 1),
            ),
        )


# --- LAC 19 -------------------------------------------------------------------------------------


@register
class SameSocialWorker(Calculator):
    """LAC 19: children looked after at month end D and in care continuously 12 months or more: the
    open period of care started on S with S + 12 calendar months on or before D, counted forwards
    (``periods.latest_start``: at a month end, started on or before the last day of the same month
    a year earlier; at 28 February 2025 a period started on 29 February 2024 has lasted 12 months).
    Percentage, stock; one row per child, attributed by the allocation at D.

    In the numerator when allocated to the same social worker for the whole of the last 6 months,
    the window [S, D] with S = D minus 6 calendar months (at 31 August 2024, S is 29 February 2024):

    - the child has an allocation open at D, to worker W;
    - every allocation overlapping the window (started on or before D, not ended on or before S) is
      to W, whatever its team (a worker's allocation moved to a new team is the same worker; one
      handed over *on* S ends before the window and does not count against W);
    - the earliest of them started on or before S;
    - and they leave no gap: every one of them that ended on or before D is followed by an
      allocation open on its end date. "The whole of the last 6 months" is read strictly: a child
      left unallocated for a while and then allocated to W again is out ("allocation_gap").

    Detail: "same_worker" (since the earliest start), "unallocated" (no allocation at D),
    "changed_worker" (the latest date another worker's allocation in the window ended: the
    handover), "allocation_gap" (from the first gap) or "allocated_since" (allocated to W only since
    a date after S, with no allocation before).
    """

    code = "LAC 19"
    title = (
        "Percentage of LAC that have been in care for 12+ months, that have had same social worker for last 6 months"
    )
    unit = Unit.PERCENTAGE
    polarity = Polarity.HIGHER_IS_BETTER
    window = Window.MONTH_END
    description = (
        "Children looked after at month end, in care continuously for 12 months or more; in the numerator when "
        "allocated to the same social worker for the last 6 months."
    )
    record_type = "child"
    # 2: 12 months in care counted forwards from the start of care (was: start <= D - 12 months).
    rule_version = 2
    IN_CARE_MONTHS = 12
    SAME_WORKER_MONTHS = 6

    def rows(self, context: Context):
        on = context.month.last
        window_start = add_months(on, -self.SAME_WORKER_MONTHS)
        children = looked_after_at(context, on, in_care_since=latest_start(on, self.IN_CARE_MONTHS))
        current = Allocation.objects.filter(open_on(on), child=OuterRef("pk")).order_by("-started_on")
        in_window = Allocation.objects.filter(child=OuterRef("pk"), started_on__lte=on).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=window_start)
        )
        other_worker = in_window.exclude(worker_id=OuterRef("current_worker_id"))
        followed = Allocation.objects.filter(child=OuterRef("child"), started_on__lte=OuterRef("ended_on")).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=OuterRef("ended_on"))
        )
        gaps = in_window.filter(ended_on__lte=on).filter(~Exists(followed))
        # The current worker, computed once a child: the tests for another worker read it twice.
        children = layered_annotations(
            children.annotate(current_worker_id=Subquery(current.values("worker_id")[:1], output_field=IntegerField()))
        ).annotate(
            has_other_worker=Exists(other_worker),
            handed_over_on=Subquery(
                other_worker.order_by(F("ended_on").desc(nulls_first=True)).values("ended_on")[:1],
                output_field=DateField(),
            ),
            has_gap=Exists(gaps),
            gap_from=Subquery(gaps.order_by("ended_on").values("ended_on")[:1], output_field=DateField()),
            allocated_since=Subquery(
                in_window.order_by("started_on").values("started_on")[:1], output_field=DateField()
            ),
        )
        unallocated = Q(current_worker_id__isnull=True)
        same_worker = ~unallocated & Q(has_other_worker=False, has_gap=False, allocated_since__lte=window_start)
        return as_rows(
            children,
            child="pk",
            in_numerator=same_worker,
            reference_date=on,
            attribute_on=on,
            detail=_text_case(
                When(unallocated, then=Value("unallocated")),
                When(has_other_worker=True, then=Value("changed_worker")),
                When(has_gap=True, then=Value("allocation_gap")),
                When(allocated_since__gt=window_start, then=Value("allocated_since")),
                default="same_worker",
            ),
            detail_date=_date_case(
                When(unallocated, then=Value(None, output_field=DateField())),
                When(has_other_worker=True, then=F("handed_over_on")),
                When(has_gap=True, then=F("gap_from")),
                default=F("allocated_since"),
            ),
        )


# --- LAC 20 -------------------------------------------------------------------------------------


@register
class PlacementStability(Calculator):
    """LAC 20: children looked after at month end D, under 16 at D (aged 15 or less in completed
    years: born after D minus 16 years, so a child born on 29 February 2008 is 16 on 29 February 2024
    and out) and in care continuously 2.5 years or more (the open period of care started on S with
    S + 30 calendar months on or before D: ``periods.latest_start``, counted forwards; at 29 February
    2024, started on or before 31 August 2021). Percentage, stock; one row per child, attributed by
    the allocation at D.

    In the numerator when:

    - living in the same placement for 2 years or more: the current placement (open at D) started,
      with the placements it continues (see ``rules.new_placements``: same non-empty carer reference, or RNE T or
      U, ending the day it starts, in the same period of care; a temporary placement T0-T4 and the return
      from it to the normal placement's type, DfE rules 380, 381, 383), on or before ``latest_start(D, 24)``
      (S + 24 months <= D); or
    - placed for adoption (current placement type A3-A6; during a temporary stay, the normal
      placement's) where the adoptive placement (with the placements it continues) and the placement
      before it (likewise) together last 2 years or more:
      (D - adoptive start) + (previous end - previous start) >= the days from ``latest_start(D, 24)``
      to D (with consecutive placements, the previous placement started on or before that date).

    A child looked after with no placement open at D is in the denominator only ("no_placement").
    Detail: "stable" (same placement since), "adoption_stable" (with the placement before the
    adoptive one, since) or "moved" (the current placement began on that date).
    """

    code = "LAC 20"
    title = "Percentage of LAC under 16 in care for more than 2.5 years: in the same placement for 2+ years"
    unit = Unit.PERCENTAGE
    polarity = Polarity.HIGHER_IS_BETTER
    window = Window.MONTH_END
    description = (
        "Children looked after at month end, under 16, in care continuously for 2.5 years or more; in the "
        "numerator when living in the same placement for 2 years or more, or placed for adoption where that "
        "placement and the one before it together last 2 years (a change of placement type with the same carer "
        "is not a move)."
    )
    record_type = "child"
    # 2: 30 and 24 months counted forwards from the start (was: start <= D - N months).
    # 3: a temporary placement (T0-T4) and the return from it continue the placement (was: two moves).
    rule_version = 3
    IN_CARE_MONTHS = 30
    SAME_PLACEMENT_MONTHS = 24
    UNDER_AGE = 16

    def rows(self, context: Context):
        on = context.month.last
        two_years_before = latest_start(on, self.SAME_PLACEMENT_MONTHS)
        two_years = (on - two_years_before).days
        children = looked_after_at(context, on, in_care_since=latest_start(on, self.IN_CARE_MONTHS)).filter(
            date_of_birth__gt=born_on_or_before_for_age(self.UNDER_AGE, on)
        )
        placements = context.records(Placement)
        current = placements.filter(open_on(on), child=OuterRef("pk")).order_by("-started_on")
        # Each stage computed once a child (``layered_annotations``): the current placement, read by the
        # kind of placement and the start of the same placement; that start, read by the one before.
        children = layered_annotations(
            children.annotate(
                placement_id=Subquery(current.values("pk")[:1], output_field=IntegerField()),
                placement_period_id=Subquery(current.values("period_of_care_id")[:1], output_field=IntegerField()),
                placement_started_on=Subquery(current.values("started_on")[:1], output_field=DateField()),
            )
        )
        in_period = placements.filter(child=OuterRef("pk"), period_of_care=OuterRef("placement_period_id"))
        # The kind of placement is the normal one's, during a temporary stay (T0-T4) too: the latest placement
        # in the period of care, not temporary, that started on or before the current one.
        normal = (
            in_period.filter(started_on__lte=OuterRef("placement_started_on"))
            .exclude(placement_type__in=TEMPORARY_PLACEMENT_TYPES)
            .order_by("-started_on", "-pk")
        )
        children = children.annotate(
            placement_type=Subquery(normal.values("placement_type")[:1], output_field=CharField())
        )
        breaks = rules.new_placements(in_period)
        children = layered_annotations(
            children.annotate(
                same_placement_since=Subquery(
                    breaks.filter(started_on__lte=OuterRef("placement_started_on"))
                    .order_by("-started_on")
                    .values("started_on")[:1],
                    output_field=DateField(),
                )
            )
        )
        before = in_period.filter(started_on__lt=OuterRef("same_placement_since")).order_by("-started_on")
        children = children.annotate(
            previous_ended_on=Subquery(before.values("ended_on")[:1], output_field=DateField()),
            previous_since=Subquery(
                breaks.filter(started_on__lt=OuterRef("same_placement_since"))
                .order_by("-started_on")
                .values("started_on")[:1],
                output_field=DateField(),
            ),
        ).annotate(
            together_days=DaysBetween(on, "same_placement_since") + DaysBetween("previous_ended_on", "previous_since")
        )
        stable = Q(same_placement_since__lte=two_years_before)
        adoption = Q(placement_type__in=ADOPTION_PLACEMENT_TYPES, together_days__gte=two_years)
        return as_rows(
            children,
            child="pk",
            in_numerator=stable | adoption,
            reference_date=on,
            attribute_on=on,
            detail=_text_case(
                When(placement_id__isnull=True, then=Value("no_placement")),
                When(stable, then=Value("stable")),
                When(adoption, then=Value("adoption_stable")),
                default="moved",
            ),
            detail_date=_date_case(
                When(adoption & ~stable, then=F("previous_since")),
                default=F("same_placement_since"),
            ),
        )


# --- AD 7 ---------------------------------------------------------------------------------------


@register
class DaysToAdoptiveFamily(Calculator):
    """AD 7: children who moved in with their adoptive family (``Adoption.moved_in_on``) in the 12
    months to month end, from the first day of the month 11 months before to month end, both
    inclusive (for March 2024: 1 April 2023 to 31 March 2024). The value is the average number of
    days from entering care, the start of the period of care that ended in adoption
    (``Adoption.period_of_care``, else the child's period of care open on the moved-in date), to
    moving in. Average days: numerator the days, denominator 1 per child.

    One row per child: a child who moved in with adopters twice in the window (a placement that
    broke down, then another family) counts once, by the later move (the higher id on the same day).
    A move with no period of care to measure from is left out. Attributed by the allocation on the
    moved-in date. Detail: "entered_care" with the date the period of care started.
    """

    code = "AD 7"
    title = "Average time between a child entering care and moving in with the adoptive family (days)"
    unit = Unit.DAYS
    polarity = Polarity.LOWER_IS_BETTER
    window = Window.ROLLING_12_MONTHS
    description = (
        "Children who moved in with their adoptive family in the 12 months to month end: the average days from "
        "the start of the period of care that ended in adoption to moving in."
    )
    record_type = "adoption"

    def rows(self, context: Context):
        window = Q(moved_in_on__gte=context.month.twelve_months_start, moved_in_on__lte=context.month.last)
        adoptions = context.records(Adoption).filter(window)
        later = adoptions.filter(child=OuterRef("child")).filter(
            Q(moved_in_on__gt=OuterRef("moved_in_on")) | Q(moved_in_on=OuterRef("moved_in_on"), pk__gt=OuterRef("pk"))
        )
        open_then = context.records(PeriodOfCare).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gt=OuterRef("moved_in_on")),
            child=OuterRef("child"),
            started_on__lte=OuterRef("moved_in_on"),
        )
        moves = (
            adoptions.filter(~Exists(later))
            .annotate(
                entered_care_on=Coalesce(
                    F("period_of_care__started_on"),
                    Subquery(open_then.order_by("-started_on").values("started_on")[:1], output_field=DateField()),
                    output_field=DateField(),
                )
            )
            .filter(entered_care_on__isnull=False)
            .annotate(days=DaysBetween("moved_in_on", "entered_care_on"))
        )
        return as_rows(
            moves,
            in_numerator=TRUE,
            numerator=F("days"),
            reference_date="moved_in_on",
            attribute_on="moved_in_on",
            detail=Value("entered_care"),
            detail_date=F("entered_care_on"),
        )


# --- F 3 ----------------------------------------------------------------------------------------


@register
class FosterCarerReviewsOnTime(Calculator):
    """F 3: foster carer annual reviews due in month; in the numerator when completed on or before
    the due date. Percentage; one row per review due, authority only (no team or worker scope: a
    household is not a child's case).

    Due dates are derived from the records, never taken from the typed ``FosterCarerReview.due_on``
    (a household whose review was never entered would otherwise drop out of the denominator):

    - the *anchors* of a household are its approval date and the completion date of each completed
      review after it (reviews completed on the same day are one anchor; a review completed on the
      approval day is part of the approval);
    - each anchor makes a review due one calendar year later (``sql.AddMonths`` by 12: 29 February
      2024 + 1 year = 28 February 2025, clamped), so an early review moves the next due date;
    - the denominator is the anchors whose due date is in month (from the 1st to month end, both
      inclusive: the anchor fell in the same month a year earlier) while the household is approved
      on the due date (not deregistered on or before it: a carer deregistered on the due date is no
      longer due a review);
    - the numerator is those where the next review completed after the anchor was completed on or
      before the due date. No review completed after it counts as not done.

    Detail: "on_time" or "late" (with the completion date of that next review) or "not_done". The
    record is the household (``record_type`` "foster_carer_household"); the reference date is the
    due date. ``casework`` derives and stores a review's due date by the same rule.
    """

    code = "F 3"
    title = "Percentage of Annual Reviews of Foster Carers completed on time"
    unit = Unit.PERCENTAGE
    polarity = Polarity.HIGHER_IS_BETTER
    window = Window.IN_MONTH
    description = (
        "Foster carer annual reviews due in the month (one year after approval or after the last completed "
        "review); in the numerator when completed on or before the due date."
    )
    # A foster carer household is not a child's case: it has no allocation to a team or worker.
    team_figures = False
    worker_figures = False
    record_type = "foster_carer_household"
    # 2: due dates derived from approval and completed reviews (was: the typed FosterCarerReview.due_on).
    rule_version = 2
    REVIEW_EVERY_MONTHS = 12

    def rows(self, context: Context):
        a_year_before = add_months(context.month.first, -self.REVIEW_EVERY_MONTHS)
        anchored_in = Q(anchor_on__gte=a_year_before, anchor_on__lte=month_end(a_year_before))
        completed = context.records(FosterCarerReview).filter(completed_on__isnull=False)
        same_day_before = completed.filter(
            household=OuterRef("household"), completed_on=OuterRef("completed_on"), pk__lt=OuterRef("pk")
        )
        approvals = context.records(FosterCarerHousehold).annotate(
            household_ref=F("pk"), anchor_on=F("approved_on"), deregistered=F("deregistered_on")
        )
        reviews = (
            completed.filter(completed_on__gt=F("household__approved_on"))
            .filter(~Exists(same_day_before))
            .annotate(
                household_ref=F("household_id"),
                anchor_on=F("completed_on"),
                deregistered=F("household__deregistered_on"),
            )
        )
        parts = [self._due(anchors.filter(anchored_in), completed) for anchors in (approvals, reviews)]
        return parts[0].union(parts[1], all=True)

    def _due(self, anchors: QuerySet, completed: QuerySet) -> QuerySet:
        next_review = completed.filter(household=OuterRef("household_ref"), completed_on__gt=OuterRef("anchor_on"))
        anchors = (
            anchors.annotate(review_due_on=AddMonths("anchor_on", self.REVIEW_EVERY_MONTHS))
            .filter(Q(deregistered__isnull=True) | Q(deregistered__gt=F("review_due_on")))
            .annotate(
                next_review_on=Subquery(
                    next_review.order_by("completed_on").values("completed_on")[:1], output_field=DateField()
                )
            )
        )
        on_time = Q(next_review_on__lte=F("review_due_on"))
        return as_rows(
            anchors,
            record="household_ref",
            child=None,
            in_numerator=on_time,
            reference_date="review_due_on",
            detail=when(Q(next_review_on__isnull=True), "not_done", when(on_time, "on_time", "late")),
            detail_date=F("next_review_on"),
        )
