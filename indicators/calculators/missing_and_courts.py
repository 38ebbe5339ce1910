"""Calculators: missing episodes (MC 6, MC 7), care proceedings (LE 2) and pre-proceedings (PLO)."""

from datetime import timedelta

from django.db.models import DateTimeField, ExpressionWrapper, F, Q, Value

from casework.codes import MissingKind
from casework.models import CareProceedings, MissingEpisode, PreProceedings
from casework.timescales import RETURN_INTERVIEW_HOURS
from core.sql import AddDays, local_date
from workforce.selectors import open_on

from ..models import Polarity, Unit, Window
from . import register
from .base import COUNT, TRUE, Calculator, Context, as_rows, when
from .child_protection import in_month
from .front_door import received_in_month

# Why a record is in or out of this module's figures, in words ("{date}" is the row's detail date).
REASONS: dict[str, str] = {
    "interviewed": "return home interview {date}",
    "not_interviewed": "no return home interview completed",
}


def returned_in_month(context: Context):
    """Missing episodes (kind "M") that ended in month, by the Europe/London date of ended_at
    (00:00 on the 1st inclusive to 00:00 on the next month's 1st exclusive), annotated with
    ``returned_on`` and ``interviewed_on`` (local dates). Absences (kind "A", away from placement
    without authorisation) are not missing episodes and are left out, as are episodes not yet
    ended."""
    return (
        context.records(MissingEpisode)
        .filter(received_in_month(context, "ended_at"), kind=MissingKind.MISSING)
        .annotate(returned_on=local_date("ended_at"), interviewed_on=local_date("interview_completed_at"))
    )


@register
class ReturnHomeInterviews(Calculator):
    """MC 6: missing episodes (kind "M" only; absences are not missing episodes) that ended in month,
    by the local (Europe/London) date of ended_at, from the 1st to month end inclusive; in the
    numerator when a return home interview was completed (interview_completed_at recorded).
    Percentage. Attributed by the allocation on the local date of return."""

    code = "MC 6"
    title = "Percentage Missing Episodes that result in a completed RHI"
    unit = Unit.PERCENTAGE
    polarity = Polarity.HIGHER_IS_BETTER
    window = Window.IN_MONTH
    description = (
        "Missing episodes that ended (the child returned) in the month; in the numerator when a return home "
        "interview was completed."
    )
    record_type = "missing_episode"

    def rows(self, context: Context):
        interviewed = Q(interview_completed_at__isnull=False)
        return as_rows(
            returned_in_month(context),
            in_numerator=interviewed,
            reference_date="returned_on",
            attribute_on="returned_on",
            detail=when(interviewed, "interviewed", "not_interviewed"),
            detail_date=F("interviewed_on"),
        )


@register
class ReturnHomeInterviewsIn72Hours(Calculator):
    """MC 7: as MC 6 (missing episodes, kind "M", ended in month by the local date of return); in the
    numerator when the return home interview was completed within ``HOURS`` (72) hours of the
    return: interview_completed_at <= ended_at + 72 hours, exact to the minute and in elapsed time
    (a return at 10:00 on the Saturday before the clocks go forward has until 11:00 local time on
    the Tuesday). Percentage. Attributed by the allocation on the local date of return."""

    code = "MC 7"
    title = "Percentage Missing Episodes that result in a completed RHI within 72 hours of missing episode"
    unit = Unit.PERCENTAGE
    polarity = Polarity.HIGHER_IS_BETTER
    window = Window.IN_MONTH
    description = (
        "As MC 6; in the numerator when the return home interview was completed within 72 hours of the return."
    )
    record_type = "missing_episode"
    HOURS = RETURN_INTERVIEW_HOURS

    def rows(self, context: Context):
        deadline = ExpressionWrapper(F("ended_at") + Value(timedelta(hours=self.HOURS)), output_field=DateTimeField())
        in_time = Q(interview_completed_at__lte=deadline)
        return as_rows(
            returned_in_month(context),
            in_numerator=in_time,
            reference_date="returned_on",
            attribute_on="returned_on",
            detail=when(Q(interview_completed_at__isnull=True), "not_interviewed", when(in_time, "on_time", "late")),
            detail_date=F("interviewed_on"),
        )


@register
class ProceedingsIn26Weeks(Calculator):
    """LE 2: care proceedings concluded in month (concluded_on from the 1st to month end, both
    inclusive); in the numerator when concluded within 26 weeks of issue: concluded_on <= issued_on +
    ``DAYS`` (182) days, inclusive (concluded on day 182 is in time, day 183 is not). Percentage.
    Attributed by the allocation on the conclusion date; the detail date is the 26-week deadline."""

    code = "LE 2"
    title = "Percentage of cases concluded within 26 weeks of issue"
    unit = Unit.PERCENTAGE
    polarity = Polarity.HIGHER_IS_BETTER
    window = Window.IN_MONTH
    description = (
        "Care proceedings concluded in the month; in the numerator when concluded within 26 weeks (182 days) of issue."
    )
    record_type = "care_proceedings"
    DAYS = 182

    def rows(self, context: Context):
        proceedings = (
            context.records(CareProceedings)
            .filter(in_month(context, "concluded_on"))
            .annotate(deadline=AddDays("issued_on", self.DAYS))
        )
        in_time = Q(concluded_on__lte=F("deadline"))
        return as_rows(
            proceedings,
            in_numerator=in_time,
            reference_date="concluded_on",
            attribute_on="concluded_on",
            detail=when(in_time, "met_deadline", "missed_deadline"),
            detail_date=F("deadline"),
        )


@register
class ChildrenInPreProceedings(Calculator):
    """PLO: children in pre-proceedings under the Public Law Outline at month end: a pre-proceedings
    record open at D (started on or before month end, not ended on or before it: one that ends on
    month end is not counted). Count, stock; the drill-down lists the records counted. The records
    allow one open pre-proceedings per child, so records and children are the same count.
    Attributed by the allocation at month end."""

    code = "PLO"
    title = "Number of cases in PLO - Under Development"
    unit = Unit.COUNT
    polarity = Polarity.LOWER_IS_BETTER
    window = Window.MONTH_END
    description = "Children in pre-proceedings under the Public Law Outline at month end."
    record_type = "pre_proceedings"
    aggregation = COUNT

    def rows(self, context: Context):
        on = context.month.last
        return as_rows(
            context.records(PreProceedings).filter(open_on(on)),
            in_numerator=TRUE,
            reference_date=on,
            attribute_on=on,
            detail=Value("started"),
            detail_date=F("started_on"),
        )
