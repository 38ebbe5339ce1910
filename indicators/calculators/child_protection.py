"""Child protection: CP 5, CP 10, CP 10a, CP 13, 1.2, 2.2, 2.5, 3.1."""

from datetime import timedelta
from typing import ClassVar

from django.db.models import Case, CharField, DateField, Exists, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce

from casework import timescales as rules
from casework.codes import ConferenceKind, Participation
from casework.models import (
    Child,
    ChildProtectionConference,
    ChildProtectionPlan,
    Section47Enquiry,
    StrategyDiscussion,
)
from casework.timescales import INITIAL_CONFERENCE_WORKING_DAYS
from core.layering import layered_annotations
from core.periods import latest_start
from core.sql import AddDays, AddMonths, add_working_days, within_working_days
from workforce.selectors import open_on

from ..models import Polarity, Unit, Window
from . import register
from .base import COUNT, TRUE, Calculator, Context, as_rows, test_once, when

# Why a record is in or out of this module's figures, in words ("{date}" is the row's detail date).
REASONS: dict[str, str] = {
    "seen": "seen {date}",
    "seen_late": "seen late ({date})",
    "not_seen": "not seen",
    "did_not_participate": "did not participate",
    "no_strategy_discussion": "no strategy discussion recorded",
    "attended": "attended",
    "views_through_advocate": "views given through an advocate",
    "views_in_writing": "views given in writing",
    "participation_not_recorded": "participation not recorded",
}


@register
class ChildProtectionVisits(Calculator):
    """CP 13: children on a CP plan at month end, leaving out plans that started fewer than
    ``visit_interval_days`` (28) days before month end and have had no visit yet (not yet
    due); in the numerator when visited in the 28 days up to and including month end. The
    rule is ``rules.with_cp_visit_due``, the same one the due pages use.

    Detail: "visited" (the last visit) or "visit_overdue" (since the day after the due date: "visit
    overdue since 3 March 2025"), the wording LAC 10 uses."""

    code = "CP 13"
    title = (
        "Percentage of children subject to Child Protection Plan for whom a visit has taken place within last 4 weeks"
    )
    unit = Unit.PERCENTAGE
    polarity = Polarity.HIGHER_IS_BETTER
    window = Window.MONTH_END
    description = (
        "Children on a child protection plan at month end (leaving out plans under 28 days old with no visit yet, "
        "which are not yet due); in the numerator when visited in the 28 days up to and including month end."
    )
    record_type = "child"
    default_parameters = rules.DEFAULT_PARAMETERS["CP 13"]

    def rows(self, context: Context):
        on = context.month.last
        interval = context.parameters["visit_interval_days"]
        # Narrow to children on a plan first, so the rule's subqueries run for them only.
        on_a_plan = ChildProtectionPlan.objects.filter(open_on(on)).values("child_id")
        # The plan, computed once a child: the visits to it and the due date read it.
        children = layered_annotations(rules.with_cp_plan_at(context.records(Child).filter(pk__in=on_a_plan), on))
        children = rules.with_cp_visit_due_on_plan(children, on, context.parameters)
        not_yet_due = Q(last_cp_visit_on__isnull=True) & Q(cp_plan_started_on__gt=on - timedelta(days=interval))
        visited = Q(cp_visit_due__gte=on)
        return as_rows(
            children.exclude(not_yet_due),
            child="pk",
            in_numerator=visited,
            reference_date=on,
            attribute_on=on,
            detail=when(visited, "visited", "visit_overdue"),
            detail_date=when(visited, F("last_cp_visit_on"), AddDays("cp_visit_due", 1)),
        )


def in_month(context: Context, field: str) -> Q:
    """A date on or between the first and last day of the month (both inclusive)."""
    return Q(**{f"{field}__gte": context.month.first, f"{field}__lte": context.month.last})


@register
class InitialConferencesInTime(Calculator):
    """CP 5: initial child protection conferences held in month (held_on from the 1st to month
    end, both inclusive), one per child: a child with two initial conferences in the month counts
    once, by the earlier (the lower id on the same day). Percentage.

    In the numerator when the conference was held within ``WORKING_DAYS`` (15) working days of
    the strategy discussion that started the section 47 enquiry
    (``conference.section47.strategy_discussion.held_on``): on or before the date 15 working
    days after it, the discussion's own day not counted, bank holidays excluded. Where that chain
    is incomplete (no enquiry linked to the conference, or an enquiry with no strategy discussion
    linked), the child's latest strategy discussion held on or before the conference is used. A
    conference with no strategy discussion at all stays in the denominator, out of the numerator
    ("no_strategy_discussion"). Attributed by the allocation on the conference date.
    """

    code = "CP 5"
    title = (
        "Percentage of children for whom CPC was held in the month within 15 working days of the Strategy discussions"
    )
    unit = Unit.PERCENTAGE
    polarity = Polarity.HIGHER_IS_BETTER
    window = Window.IN_MONTH
    description = (
        "Initial child protection conferences held in the month (one per child); in the numerator when held within "
        "15 working days of the strategy discussion that started the section 47 enquiry."
    )
    record_type = "conference"
    WORKING_DAYS = INITIAL_CONFERENCE_WORKING_DAYS

    def rows(self, context: Context):
        held_in_month = context.records(ChildProtectionConference).filter(
            in_month(context, "held_on"), kind=ConferenceKind.INITIAL
        )
        earlier_same_child = held_in_month.filter(child=OuterRef("child")).filter(
            Q(held_on__lt=OuterRef("held_on")) | Q(held_on=OuterRef("held_on"), pk__lt=OuterRef("pk"))
        )
        latest_discussion = StrategyDiscussion.objects.filter(
            child=OuterRef("child"), held_on__lte=OuterRef("held_on")
        ).order_by("-held_on", "-pk")
        conferences = (
            held_in_month.filter(~Exists(earlier_same_child))
            .annotate(
                strategy_on=Coalesce(
                    F("section47__strategy_discussion__held_on"),
                    Subquery(latest_discussion.values("held_on")[:1], output_field=DateField()),
                )
            )
            .annotate(deadline=add_working_days("strategy_on", self.WORKING_DAYS))
        )
        conferences, in_time = test_once(
            conferences, "held_in_time", within_working_days("strategy_on", "held_on", self.WORKING_DAYS)
        )
        return as_rows(
            conferences,
            in_numerator=in_time,
            reference_date="held_on",
            attribute_on="held_on",
            detail=when(
                Q(strategy_on__isnull=True),
                "no_strategy_discussion",
                when(in_time, "met_deadline", "missed_deadline"),
            ),
            detail_date=F("deadline"),
        )


class LongPlans(Calculator):
    """Children on a CP plan at month end (open at D: started on or before D, not ended on or
    before D) whose plan has lasted ``months`` calendar months by month end. Count; the drill-down
    lists the plans counted. The records allow one plan open at a time per child, so plans and
    children are the same count.

    A plan started on S has lasted N months at D when S + N calendar months (the same day N months
    later, clamped to the month's end) is on or before D, counted forwards from the start
    (``periods.latest_start``): at a month end, any plan started in the month N months earlier has.
    At 29 February 2024 a plan started on 30 August 2022 has lasted 18 months (30 August 2022 + 18
    months = 29 February 2024); at 28 February 2022 one started on 29 February 2020 has lasted 2
    years (29 February 2020 + 24 months = 28 February 2022, clamped).
    """

    record_type = "cp_plan"
    aggregation = COUNT
    # 2: N months counted forwards from the start (was: start <= month end - N months).
    rule_version = 2
    months: ClassVar[int]
    # False: "N months or more" (S + N months <= D); True: "more than N months" (S + N months < D).
    more_than: ClassVar[bool] = False

    def rows(self, context: Context):
        on = context.month.last
        cut_off = latest_start(on, self.months, more_than=self.more_than)
        plans = context.records(ChildProtectionPlan).filter(open_on(on), started_on__lte=cut_off)
        return as_rows(
            plans,
            in_numerator=TRUE,
            reference_date=on,
            attribute_on=on,
            detail=Value("started"),
            detail_date=F("started_on"),
        )


@register
class PlansTwoYearsOrMore(LongPlans):
    """CP 10: children on a CP plan at month end whose plan has lasted 2 years or more: started on
    or before the last day of the month 24 months earlier. Count, stock; see ``LongPlans``."""

    code = "CP 10"
    title = "Number of current Child Protection Plans lasting 2 years or more"
    unit = Unit.COUNT
    polarity = Polarity.LOWER_IS_BETTER
    window = Window.MONTH_END
    description = "Children on a child protection plan at month end whose plan has lasted 2 years or more by month end."
    months = 24


@register
class PlansEighteenMonthsOrMore(LongPlans):
    """CP 10a: as CP 10 with 18 months: started on or before the last day of the month 18 months
    earlier. Count, stock; see ``LongPlans``."""

    code = "CP 10a"
    title = "Number of current Child Protection Plans lasting 18 months or more"
    unit = Unit.COUNT
    polarity = Polarity.LOWER_IS_BETTER
    window = Window.MONTH_END
    description = (
        "Children on a child protection plan at month end whose plan has lasted 18 months or more by month end."
    )
    months = 18


@register
class PlansOverFifteenMonths(LongPlans):
    """2.5: CP plans open at month end that have lasted *more than* 15 months: S + 15 months is
    strictly before month end (one whose 15 months end on month end itself is not counted; at 31
    July 2024 a plan started on 30 April 2023 is, its 15 months ended on 30 July). Count, stock;
    see ``LongPlans``."""

    code = "2.5"
    title = "Number of CP plans open more than 15 months"
    unit = Unit.COUNT
    polarity = Polarity.LOWER_IS_BETTER
    window = Window.MONTH_END
    description = "Child protection plans open at month end that have lasted more than 15 months by month end."
    months = 15
    more_than = True


@register
class RepeatPlans(Calculator):
    """1.2: CP plans started in the financial year to date (started_on from 1 April to month end,
    both inclusive); in the numerator when the child had another CP plan that started before this
    one, ever (a plan started the same day is not "before"). Percentage, band-shaped. Attributed by
    the allocation on the plan's start date."""

    code = "1.2"
    title = "% children subject to a child protection plan for a second or subsequent time (% ytd)"
    unit = Unit.PERCENTAGE
    polarity = Polarity.BAND
    window = Window.YEAR_TO_DATE
    description = (
        "Child protection plans started in the financial year to date; in the numerator when the child had a "
        "plan before. Best inside a band: very few repeat plans needs looking into too."
    )
    record_type = "cp_plan"

    def rows(self, context: Context):
        earlier = ChildProtectionPlan.objects.filter(child=OuterRef("child"), started_on__lt=OuterRef("started_on"))
        plans = (
            context.records(ChildProtectionPlan)
            .filter(started_on__gte=context.month.financial_year_start, started_on__lte=context.month.last)
            .annotate(
                is_repeat=Exists(earlier),
                previous_on=Subquery(
                    earlier.order_by("-started_on").values("started_on")[:1], output_field=DateField()
                ),
            )
        )
        return as_rows(
            plans,
            in_numerator=Q(is_repeat=True),
            reference_date="started_on",
            attribute_on="started_on",
            detail=when(Q(is_repeat=True), "repeat", "first"),
            detail_date=F("previous_on"),
        )


@register
class Section47ChildSeen(Calculator):
    """2.2: section 47 enquiries started in month (started_on from the 1st to month end, both
    inclusive); in the numerator when the child was seen within ``WORKING_DAYS`` (1) working day of
    the start: on or before the next working day (the start day not counted, so an enquiry started
    on a Thursday needs the child seen by the Friday, one started on a Saturday by the Monday).
    Percentage. Attributed by the allocation on the start date."""

    code = "2.2"
    title = (
        "% of s47 children seen within 1 day of combined assessment start date (within the number of cases "
        "audited and where appropriate for that case)"
    )
    unit = Unit.PERCENTAGE
    polarity = Polarity.HIGHER_IS_BETTER
    window = Window.IN_MONTH
    description = (
        "Section 47 enquiries started in the month; in the numerator when the child was seen within 1 working day "
        "of the start."
    )
    record_type = "section47"
    WORKING_DAYS = 1

    def rows(self, context: Context):
        enquiries = context.records(Section47Enquiry).filter(in_month(context, "started_on"))
        return child_seen_rows(enquiries, self.WORKING_DAYS)


def child_seen_rows(records, working_days: int):
    """Rows for "child seen within N working days of started_on" (2.1 and 2.2): seen on or before
    the date N working days after the start. Not seen (no date) or seen later: out of the numerator."""
    records, seen_in_time = test_once(
        records, "seen_in_time", within_working_days("started_on", "child_seen_on", working_days)
    )
    return as_rows(
        records,
        in_numerator=seen_in_time,
        reference_date="started_on",
        attribute_on="started_on",
        detail=when(Q(child_seen_on__isnull=True), "not_seen", when(seen_in_time, "seen", "seen_late")),
        detail_date=F("child_seen_on"),
    )


PARTICIPATED = (Participation.ATTENDED, Participation.ADVOCATE, Participation.WRITTEN)


@register
class ConferenceParticipation(Calculator):
    """3.1: child protection conferences, initial and review, held in month (held_on from the 1st to
    month end, both inclusive) for children aged 4 or over on the day (completed years: born on or
    before the conference date minus 48 months; a child born on 29 February 2020 is 4 on 1 March
    2024). Unborn children and children with no date of birth are left out. In the numerator when
    the child participated: attended, or gave their views through an advocate or in writing. A
    conference with no participation recorded counts as not participated. Percentage; one row per
    conference. Attributed by the allocation on the conference date."""

    code = "3.1"
    title = "% of children and young people participating in CP Plan"
    unit = Unit.PERCENTAGE
    polarity = Polarity.HIGHER_IS_BETTER
    window = Window.IN_MONTH
    description = (
        "Child protection conferences (initial and review) held in the month for children aged 4 or over; in the "
        "numerator when the child participated (attended, or gave their views directly or through an advocate)."
    )
    record_type = "conference"

    def rows(self, context: Context):
        conferences = context.records(ChildProtectionConference).filter(
            in_month(context, "held_on"),
            kind__in=(ConferenceKind.INITIAL, ConferenceKind.REVIEW),
            child__date_of_birth__lte=AddMonths("held_on", -48),
        )
        participated = Q(participation__in=PARTICIPATED)
        return as_rows(
            conferences,
            in_numerator=participated,
            reference_date="held_on",
            attribute_on="held_on",
            detail=Case(
                When(participation=Participation.ATTENDED, then=Value("attended")),
                When(participation=Participation.ADVOCATE, then=Value("views_through_advocate")),
                When(participation=Participation.WRITTEN, then=Value("views_in_writing")),
                When(participation=Participation.DID_NOT_PARTICIPATE, then=Value("did_not_participate")),
                default=Value("participation_not_recorded"),
                output_field=CharField(),
            ),
        )
