"""Workforce: P 1, W 1-W 1e, 4.1-4.6. Attributed to the worker's own team (posts: the post's team)."""

from datetime import date
from decimal import Decimal

from django.db.models import Count, DecimalField, Exists, F, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from casework.models import Allocation
from core.layering import layered_annotations
from core.periods import latest_start
from workforce.models import Employment, Post, SocialWorker, TeamType
from workforce.selectors import open_on

from ..models import Polarity, Unit, Window
from . import register
from .base import MAXIMUM, RATIO, Calculator, Context, as_rows, null_id, when

# Why a record is in or out of this module's figures, in words ("{date}" is the row's detail date).
REASONS: dict[str, str] = {
    "vacant": "vacant",
    "filled": "filled by a permanent worker",
    "agency": "agency worker",
    "permanent": "permanent worker",
    "experienced": "qualified 2 years or more (qualified {date})",
    "inexperienced": "qualified less than 2 years (qualified {date})",
    "caseload": "",
}


def _caseload(on: date) -> Coalesce:
    allocated = Allocation.objects.filter(open_on(on), worker=OuterRef("pk"))
    counted = allocated.values("worker").annotate(count=Count("*")).values("count")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def workers_in_post(context: Context):
    """Workers in post at month end D: started on or before D, employment not ended on or before D."""
    return context.records(SocialWorker).filter(open_on(context.month.last))


def case_holding_workers(context: Context, workers: QuerySet | None = None):
    """Social workers in post at month end with at least one child allocated then, with their
    caseload. A worker who has left (employment ended on or before month end) is not case-holding
    even while allocations to them stay open: those children have nobody, and are listed on the
    team manager's due list as allocated to a worker who has left. ``workers``: only these of them
    (a queryset of ``workers_in_post``)."""
    on = context.month.last
    workers = workers_in_post(context) if workers is None else workers
    # The caseload, counted once a worker: the test for case-holding and the row's numerator read it.
    return layered_annotations(workers.annotate(caseload=_caseload(on)), ["team_id"]).filter(caseload__gt=0)


class AverageCaseload(Calculator):
    """W 1: children allocated at month end to case-holding workers / case-holding workers
    (headcount), both counting only workers in post at month end. Stock."""

    record_type = "worker"
    aggregation = RATIO
    # 2: workers who have left are not case-holding, even with allocations still open (was: any
    # worker with an open allocation).
    rule_version = 2

    def workers(self, context: Context):
        """The workers in post the figure is about (all of them; a kind of worker in the variants)."""
        return workers_in_post(context)

    def rows(self, context: Context):
        return as_rows(
            case_holding_workers(context, self.workers(context)),
            in_numerator=Q(caseload__gt=0),
            numerator=F("caseload"),
            reference_date=context.month.last,
            child=None,
            team=F("team_id"),
            worker=F("pk"),
            detail=Value("caseload"),
        )


def _in_team_type(team_type: str):
    class ByTeamType(AverageCaseload):
        def workers(self, context: Context):
            return super().workers(context).filter(team__team_type=team_type)

    return ByTeamType


@register
class W1(AverageCaseload):
    code = "W 1"
    title = "Average Caseload per Social Worker"
    unit = Unit.AVERAGE
    polarity = Polarity.LOWER_IS_BETTER
    window = Window.MONTH_END
    description = (
        "Children allocated at month end to social workers in post, divided by the social workers in post holding at "
        "least one child (a worker who has left is not case-holding)."
    )


@register
class W1a(_in_team_type(TeamType.ASSESSMENT)):
    code = "W 1a"
    title = "Average Caseload per Social Worker - Assessment"
    unit = Unit.AVERAGE
    polarity = Polarity.LOWER_IS_BETTER
    window = Window.MONTH_END
    description = "As W 1, for workers in Assessment teams."


@register
class W1b(_in_team_type(TeamType.CARE_PLANNING)):
    code = "W 1b"
    title = "Average Caseload per Social Worker - Care Planning"
    unit = Unit.AVERAGE
    polarity = Polarity.LOWER_IS_BETTER
    window = Window.MONTH_END
    description = "As W 1, for workers in Care Planning teams."


@register
class W1c(_in_team_type(TeamType.PERMANENCE)):
    code = "W 1c"
    title = "Average Caseload per Social Worker - Permanence"
    unit = Unit.AVERAGE
    polarity = Polarity.LOWER_IS_BETTER
    window = Window.MONTH_END
    description = "As W 1, for workers in Permanence teams."


@register
class W1d(_in_team_type(TeamType.LEAVING_CARE)):
    code = "W 1d"
    title = "Average caseload per Social Worker – Leaving Care"
    unit = Unit.AVERAGE
    polarity = Polarity.LOWER_IS_BETTER
    window = Window.MONTH_END
    description = "As W 1, for workers in Leaving Care teams."


@register
class W1e(AverageCaseload):
    """As W 1, for workers in their ASYE at month end: the first year, ASYE start S <= D < S + 12
    calendar months (clamped), counted forwards from S (``periods.latest_start``): at 28 February
    2025 a worker who started their ASYE on 29 February 2024 has finished it."""

    code = "W 1e"
    title = "Average Caseload per Newly Qualified Social Worker (ASYE)"
    unit = Unit.AVERAGE
    polarity = Polarity.LOWER_IS_BETTER
    window = Window.MONTH_END
    description = "As W 1, for workers in their ASYE (first year after qualifying) at month end."
    # 2: the first year counted forwards from the ASYE start (was: start > D - 12 months).
    # 3: workers who have left are not case-holding (as W 1).
    rule_version = 3
    ASYE_MONTHS = 12

    def workers(self, context: Context):
        on = context.month.last
        return (
            super()
            .workers(context)
            .filter(asye_started_on__lte=on, asye_started_on__gt=latest_start(on, self.ASYE_MONTHS))
        )


@register
class AverageCaseload46(AverageCaseload):
    code = "4.6"
    title = "Average Caseload"
    unit = Unit.AVERAGE
    polarity = Polarity.LOWER_IS_BETTER
    window = Window.MONTH_END
    description = "As W 1: children allocated at month end per social worker in post holding at least one child."


@register
class MaximumCaseload(AverageCaseload):
    """4.5: the largest caseload of one worker at month end; the drill-down lists every case-holding worker."""

    code = "4.5"
    title = "Maximum single Social Worker caseload"
    unit = Unit.COUNT
    polarity = Polarity.LOWER_IS_BETTER
    window = Window.MONTH_END
    description = "The largest number of children allocated to one social worker in post at month end."
    aggregation = MAXIMUM


@register
class VacancyRate(Calculator):
    """P 1: FTE of funded posts at month end with no permanent worker in post / funded FTE. Stock."""

    code = "P 1"
    title = "Social Worker Vacancy Rate"
    unit = Unit.PERCENTAGE
    polarity = Polarity.LOWER_IS_BETTER
    window = Window.MONTH_END
    description = (
        "Of the funded social worker posts (FTE) at month end, the share vacant: no permanent worker in post. "
        "Posts covered by agency staff count as vacant."
    )
    # A post is not a social worker: a vacant post has nobody to attribute it to, and a filled
    # one would make each worker's "vacancy rate" 0%. Authority and the post's team only.
    worker_figures = False
    record_type = "post"

    def rows(self, context: Context):
        on = context.month.last
        permanent_holder = SocialWorker.objects.filter(
            open_on(on), post=OuterRef("pk"), employment=Employment.PERMANENT
        )
        posts = (
            context.records(Post)
            .filter(open_on(on, "funded_from", "funded_to"))
            .annotate(vacant=~Exists(permanent_holder))
        )
        fte = Coalesce(F("fte"), Value(Decimal("0")), output_field=DecimalField())
        return as_rows(
            posts,
            in_numerator=Q(vacant=True),
            numerator=when(Q(vacant=True), fte, Value(Decimal("0"))),
            denominator=fte,
            reference_date=on,
            child=None,
            team=F("team_id"),
            worker=null_id(),
            detail=when(Q(vacant=True), "vacant", "filled"),
        )


class WorkforceShare(Calculator):
    """4.1-4.3: social workers in post at month end (agency included); the share meeting ``condition``."""

    record_type = "worker"

    def condition(self, context: Context) -> Q:
        raise NotImplementedError

    def detail(self, context: Context):
        raise NotImplementedError

    def workers(self, context: Context):
        return workers_in_post(context)

    def rows(self, context: Context):
        return as_rows(
            self.workers(context),
            in_numerator=self.condition(context),
            reference_date=context.month.last,
            child=None,
            team=F("team_id"),
            worker=F("pk"),
            detail=self.detail(context),
            detail_date=self.detail_date(),
        )

    def detail_date(self):
        return None


def _experienced(context: Context) -> Q:
    """Qualified 2 years or more at month end: qualified_on + 24 calendar months (clamped) on or
    before month end, counted forwards (``periods.latest_start``: at 28 February 2026 a worker who
    qualified on 29 February 2024 has been qualified 2 years)."""
    return Q(qualified_on__lte=latest_start(context.month.last, 24))


@register
class Experienced(WorkforceShare):
    """4.1: social workers in post at month end, agency included; in the numerator when qualified 2
    years or more (``_experienced``). No qualification date: not experienced."""

    code = "4.1"
    title = "% experienced social workers including agency"
    unit = Unit.PERCENTAGE
    polarity = Polarity.HIGHER_IS_BETTER
    window = Window.MONTH_END
    description = (
        "Social workers in post at month end, agency included; in the numerator when qualified 2 years or more."
    )
    # 2: 2 years counted forwards from qualifying (was: qualified <= D - 24 months).
    rule_version = 2

    def condition(self, context):
        return _experienced(context)

    def detail(self, context):
        return when(_experienced(context), "experienced", "inexperienced")

    def detail_date(self):
        return F("qualified_on")


@register
class PermanentExperienced(Experienced):
    """4.2: as 4.1; in the numerator when permanent and qualified 2 years or more."""

    code = "4.2"
    title = "% permanent experienced Social Workers as a % of whole workforce including agency"
    unit = Unit.PERCENTAGE
    polarity = Polarity.HIGHER_IS_BETTER
    window = Window.MONTH_END
    description = "As 4.1; in the numerator when permanent and qualified 2 years or more."

    def condition(self, context):
        return _experienced(context) & Q(employment=Employment.PERMANENT)

    def detail(self, context):
        return when(Q(employment=Employment.AGENCY), "agency", super().detail(context))


@register
class Agency(WorkforceShare):
    code = "4.3"
    title = "% agency Social Workers"
    unit = Unit.PERCENTAGE
    polarity = Polarity.LOWER_IS_BETTER
    window = Window.MONTH_END
    description = "As 4.1; in the numerator when employed through an agency."

    def condition(self, context):
        return Q(employment=Employment.AGENCY)

    def detail(self, context):
        return when(self.condition(context), "agency", "permanent")


@register
class AgencyLongStay(WorkforceShare):
    """4.4: agency workers at month end holding a full-time funded post (FTE 1.00 or more); in the
    numerator when in post *more than* 6 months: started_on + 6 calendar months (clamped) strictly
    before month end (``periods.latest_start(..., more_than=True)``). At 31 March 2024 a worker who
    started on 30 September 2023 is in (their 6 months ended on 30 March); at 31 January 2024 one
    who started on 31 July 2023 is not (exactly 6 months)."""

    code = "4.4"
    title = "% of agency Social Workers covering full time permanent posts who have been in post for over 6 months"
    unit = Unit.PERCENTAGE
    polarity = Polarity.HIGHER_IS_BETTER
    window = Window.MONTH_END
    description = (
        "Agency social workers at month end covering full-time permanent posts; in the numerator when in post for "
        "more than 6 months."
    )
    # 2: more than 6 months counted forwards from the start (was: started < D - 6 months).
    rule_version = 2

    def workers(self, context):
        return workers_in_post(context).filter(employment=Employment.AGENCY, post__fte__gte=Decimal("1.00"))

    def condition(self, context):
        return Q(started_on__lte=latest_start(context.month.last, 6, more_than=True))

    def detail(self, context):
        return Value("started")

    def detail_date(self):
        return F("started_on")
