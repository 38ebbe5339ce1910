"""Assessments: 1.1 (repeat assessments), 2.1 (child seen), 2.3 and 2.4 (timeliness).

Flows: each assessment is attributed by the allocation on its event date (the start date for
1.1 and 2.1, the authorisation date for 2.3 and 2.4). Working days exclude weekends and England
and Wales bank holidays; "within N working days of D" means on or before the date N working days
after D, D itself not counted.
"""

from typing import ClassVar

from django.db.models import DateField, Exists, F, OuterRef, Q, Subquery

from casework.models import Assessment
from casework.timescales import ASSESSMENT_WORKING_DAYS
from core.sql import AddMonths, add_working_days, within_working_days

from ..models import Polarity, Unit, Window
from . import register
from .base import Calculator, Context, as_rows, test_once, when
from .child_protection import child_seen_rows, in_month

# Why a record is in or out of this module's figures, in words ("{date}" is the row's detail date).
REASONS: dict[str, str] = {}


@register
class RepeatAssessments(Calculator):
    """1.1: assessments started in month (started_on from the 1st to month end, both inclusive); in
    the numerator when the child had another assessment that started in the 12 months before this
    one's start: the half-open interval [start minus 12 calendar months, start), so one started
    exactly 12 months before counts and one started the same day does not (29 February 2024 minus
    12 months is 28 February 2023). Percentage. The seed's comment defines "repeat referrals" so."""

    code = "1.1"
    title = "% repeat referrals"
    unit = Unit.PERCENTAGE
    polarity = Polarity.LOWER_IS_BETTER
    window = Window.IN_MONTH
    description = (
        "Assessments started in the month; in the numerator when the child had another assessment started in the "
        "12 months before (the seed's own comment defines repeat referrals so)."
    )
    record_type = "assessment"

    def rows(self, context: Context):
        earlier = Assessment.objects.filter(
            child=OuterRef("child"),
            started_on__lt=OuterRef("started_on"),
            started_on__gte=AddMonths(OuterRef("started_on"), -12),
        )
        assessments = (
            context.records(Assessment)
            .filter(in_month(context, "started_on"))
            .annotate(
                is_repeat=Exists(earlier),
                previous_on=Subquery(
                    earlier.order_by("-started_on").values("started_on")[:1], output_field=DateField()
                ),
            )
        )
        return as_rows(
            assessments,
            in_numerator=Q(is_repeat=True),
            reference_date="started_on",
            attribute_on="started_on",
            detail=when(Q(is_repeat=True), "repeat", "first"),
            detail_date=F("previous_on"),
        )


@register
class AssessmentChildSeen(Calculator):
    """2.1: assessments started in month (started_on from the 1st to month end, both inclusive); in
    the numerator when the child was seen within ``WORKING_DAYS`` (10) working days of the start (on
    or before the date 10 working days after it). Not seen, or seen later: out. Percentage.
    Attributed by the allocation on the start date."""

    code = "2.1"
    title = "% children seen within 10 days of combined assessment start date"
    unit = Unit.PERCENTAGE
    polarity = Polarity.HIGHER_IS_BETTER
    window = Window.IN_MONTH
    description = (
        "Assessments started in the month; in the numerator when the child was seen within 10 working days of the "
        "start."
    )
    record_type = "assessment"
    WORKING_DAYS = 10

    def rows(self, context: Context):
        assessments = context.records(Assessment).filter(in_month(context, "started_on"))
        return child_seen_rows(assessments, self.WORKING_DAYS)


class AssessmentTimeliness(Calculator):
    """Assessments completed (authorised) in month (authorised_on from the 1st to month end, both
    inclusive); in the numerator when authorised within ``working_days`` working days of the start
    (on or before the date that many working days after started_on). Percentage. Attributed by the
    allocation on the authorisation date; the detail date is the deadline."""

    record_type = "assessment"
    working_days: ClassVar[int]

    def rows(self, context: Context):
        assessments = (
            context.records(Assessment)
            .filter(in_month(context, "authorised_on"))
            .annotate(deadline=add_working_days("started_on", self.working_days))
        )
        assessments, in_time = test_once(
            assessments, "authorised_in_time", within_working_days("started_on", "authorised_on", self.working_days)
        )
        return as_rows(
            assessments,
            in_numerator=in_time,
            reference_date="authorised_on",
            attribute_on="authorised_on",
            detail=when(in_time, "met_deadline", "missed_deadline"),
            detail_date=F("deadline"),
        )


@register
class AssessmentsIn35WorkingDays(AssessmentTimeliness):
    """2.3: assessments authorised in month; completed within 35 working days of the start."""

    code = "2.3"
    title = "% cases taking 35 days or less from of start of combined assessment"
    unit = Unit.PERCENTAGE
    polarity = Polarity.HIGHER_IS_BETTER
    window = Window.IN_MONTH
    description = (
        "Assessments completed (authorised) in the month; in the numerator when completed within 35 working days "
        "of the start."
    )
    working_days = 35


@register
class AssessmentsIn45WorkingDays(AssessmentTimeliness):
    """2.4: as 2.3, within 45 working days of the start."""

    code = "2.4"
    title = "% cases taking 45 days or less from of start of combined assessment"
    unit = Unit.PERCENTAGE
    polarity = Polarity.HIGHER_IS_BETTER
    window = Window.IN_MONTH
    description = "As 2.3; in the numerator when completed within 45 working days of the start."
    working_days = ASSESSMENT_WORKING_DAYS
