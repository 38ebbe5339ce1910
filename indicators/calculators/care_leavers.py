"""Care leavers: CL a (pathway plans, a stock at month end) and CL 1, CL 1a, CL 2, CL 3, CL 3a
(activity and accommodation on the 17th to 21st birthday, flows by the birthday).

A care leaver here is former relevant (``rules.care_leaver_eligibility``): looked after 13 weeks
or more between their 14th and 18th birthdays (for the 17th birthday, before the 17th), some of it
on or after the 16th, and no longer looked after.
"""

from datetime import timedelta
from functools import lru_cache
from typing import ClassVar

from dateutil.relativedelta import relativedelta
from django.db.models import Case, CharField, DateField, Exists, F, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import ExtractYear, Substr

from casework import timescales as rules
from casework.models import CareLeaverBirthdayRecord, Child, PeriodOfCare
from casework.statutory.ssda903 import EET_ACTIVITIES, NEET_ACTIVITIES, SUITABLE, UNSUITABLE, InTouch
from core.sql import AddDays, anniversary

from ..models import Polarity, Unit, Window
from . import register
from .base import COUNT, TRUE, Calculator, Context, Month, as_rows

# Why a record is in or out of this module's figures, in words ("{date}" is the row's detail date).
REASONS: dict[str, str] = {
    "first_review_due": "never reviewed (first review due {date})",
    "eet": "in education, employment or training",
    "neet": "not in education, employment or training",
    "activity_unknown": "activity not known",
    "suitable": "suitable accommodation",
    "unsuitable": "unsuitable accommodation",
    "accommodation_unknown": "accommodation not known",
    "pathway_overdue": "pathway plan review overdue since {date}",
    "no_birthday_record": "not known: nothing recorded for the birthday ({date})",
}

BIRTHDAYS = (17, 18, 19, 20, 21)


# --- CL a ---------------------------------------------------------------------------------------


@register
class PathwayPlansUpToDate(Calculator):
    """CL a: care leavers at month end D (``rules.care_leavers_at``: former relevant, aged 18 to 21
    in completed years at D, no period of care open at D, not recorded as died on or before D); in
    the numerator when their pathway plan review is not overdue at D:
    ``rules.with_pathway_review_due`` gives a due date on or after D,
    i.e. reviewed in the last ``review_months`` (6) calendar months, the look-back window
    [D - 6 months, D]: the last review on or before D is on or after D minus 6 months (clamped to
    the month's end; at 31 March a review on 30 September is in, at 31 August 2024 one on 29
    February 2024 is). A care leaver never reviewed was due one on their 18th birthday (29
    February's is 1 March in a common year); whose 18th birthday is D is not yet overdue, but has
    no review in the last 6 months either, so is in the denominator only. Percentage, stock; one
    row per young person, attributed by the allocation at D.

    Detail: "reviewed" (the last review), "first_review_due" (never reviewed, the first review due
    on D: not in the numerator) or "pathway_overdue" (since the day after the due date).
    """

    code = "CL a"
    title = "Care Leavers with an Up-to-date Pathway plan"
    unit = Unit.PERCENTAGE
    polarity = Polarity.HIGHER_IS_BETTER
    window = Window.MONTH_END
    description = (
        "Care leavers (former relevant, aged 18 to 21) at month end; in the numerator when their pathway plan was "
        "reviewed in the last 6 months."
    )
    record_type = "child"
    # 2: the look-back window [D - 6 months, D] (was: last review + 6 months >= D).
    # 3: never reviewed is not reviewed, even when not yet due (was: in the numerator).
    # 4: a young person recorded as died is not a care leaver (was: in the denominator).
    rule_version = 4
    default_parameters = rules.DEFAULT_PARAMETERS["CL a"]

    def rows(self, context: Context):
        on = context.month.last
        leavers = rules.care_leavers_at(context.records(Child), on, records=context.records)
        leavers = rules.with_pathway_review_due(leavers, on, context.parameters, care_leavers=True)
        in_time = Q(pathway_review_due__gte=on)
        never_reviewed = Q(last_pathway_review_on__isnull=True)
        return as_rows(
            leavers,
            child="pk",
            in_numerator=in_time & ~never_reviewed,
            reference_date=on,
            attribute_on=on,
            detail=Case(
                When(in_time & never_reviewed, then=Value("first_review_due")),
                When(in_time, then=Value("reviewed")),
                default=Value("pathway_overdue"),
                output_field=CharField(),
            ),
            detail_date=Case(
                When(in_time & never_reviewed, then=F("pathway_review_due")),
                When(in_time, then=F("last_pathway_review_on")),
                default=AddDays("pathway_review_due", 1),
                output_field=DateField(),
            ),
        )


# --- CL 1, CL 1a, CL 2, CL 3, CL 3a --------------------------------------------------------------


def birthday_cohort(context: Context):
    """Care leavers whose 17th, 18th, 19th, 20th or 21st birthday fell in month (from the 1st to
    month end, both inclusive; the birthday is ``sql.anniversary``, so someone born on 29 February
    has it on 1 March in a common year), who meet the former relevant care history for that birthday
    (``rules.care_leaver_eligibility(at_birthday=age)``: care before the 17th for the 17th birthday,
    before the 18th for the others) and who were not looked after on the birthday (no period of care
    open on it: a young person still in care is not a care leaver; one whose care ended on the
    birthday is). As the DfE's care leaver figures do, a young person who has died
    (``rules.recorded_as_died`` on or before the birthday: care ended with REC E2, or a birthday
    record with IN_TOUCH DIED) or whose record for this birthday says they returned home to parents
    for 6 months or more (IN_TOUCH RHOM) is not in the cohort: they have no activity or
    accommodation (DfE rule 344) and are not care leavers the authority supports.

    Annotated with ``birthday``, ``birthday_age``, ``has_record`` (a ``CareLeaverBirthdayRecord`` for
    that child and that age), ``activity``, ``accommodation`` and ``accommodation_suitability`` (its
    second character). One row per young person: birthdays are a year apart.
    """
    # Five calculators (CL 1 to CL 3a) share the cohort: it is built once per month and sources,
    # and each gets its own copy (``all()``), so they share no result cache.
    return _birthday_cohort(context.month, context.sources).all()


@lru_cache(maxsize=4)
def _birthday_cohort(month: Month, sources: frozenset[str] | None):
    context = Context(month, sources=sources)
    first, last = context.month.first, context.month.last
    # The only birthday that can fall in the month is the one of this year: age = year - birth year.
    # Narrow first by plain date ranges (a few days wider than the month, for 29 February), so
    # the exact birthday expression runs only for those born around the month's birthdays.
    born_around = Q()
    for age in BIRTHDAYS:
        born_around |= Q(
            date_of_birth__gte=first - relativedelta(years=age) - timedelta(days=2),
            date_of_birth__lte=last - relativedelta(years=age) + timedelta(days=1),
        )
    children = (
        context.records(Child)
        .filter(born_around)
        .annotate(birthday_age=Value(first.year, output_field=IntegerField()) - ExtractYear("date_of_birth"))
        .filter(birthday_age__gte=min(BIRTHDAYS), birthday_age__lte=max(BIRTHDAYS))
        .annotate(birthday=anniversary("date_of_birth", F("birthday_age")))
        .filter(birthday__gte=first, birthday__lte=last)
    )
    # Only care before the 17th birthday counts for the 17th; for the 18th to 21st, care before the 18th.
    children = children.filter(
        (Q(birthday_age=17) & rules.care_leaver_eligibility(at_birthday=17, records=context.records))
        | (Q(birthday_age__gte=18) & rules.care_leaver_eligibility(at_birthday=18, records=context.records))
    )
    in_care = (
        context.records(PeriodOfCare)
        .filter(child=OuterRef("pk"), started_on__lte=OuterRef("birthday"))
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gt=OuterRef("birthday")))
    )
    record = context.records(CareLeaverBirthdayRecord).filter(child=OuterRef("pk"), age=OuterRef("birthday_age"))
    returned_home = record.filter(in_touch=InTouch.RETURNED_HOME)
    return (
        children.filter(
            ~Exists(in_care), ~Exists(returned_home), ~rules.recorded_as_died(OuterRef("birthday"), context.records)
        )
        .annotate(
            has_record=Exists(record),
            activity=Subquery(record.values("activity")[:1], output_field=CharField()),
            accommodation=Subquery(record.values("accommodation")[:1], output_field=CharField()),
        )
        .annotate(accommodation_suitability=Substr("accommodation", 2, 1))
    )


EET = Q(activity__in=EET_ACTIVITIES)
NEET = Q(activity__in=NEET_ACTIVITIES)
SUITABLE_ACCOMMODATION = Q(accommodation_suitability=SUITABLE)
UNSUITABLE_ACCOMMODATION = Q(accommodation_suitability=UNSUITABLE)


def activity_detail() -> Case:
    return Case(
        When(has_record=False, then=Value("no_birthday_record")),
        When(EET, then=Value("eet")),
        When(NEET, then=Value("neet")),
        default=Value("activity_unknown"),
        output_field=CharField(),
    )


def accommodation_detail() -> Case:
    return Case(
        When(has_record=False, then=Value("no_birthday_record")),
        When(SUITABLE_ACCOMMODATION, then=Value("suitable")),
        When(UNSUITABLE_ACCOMMODATION, then=Value("unsuitable")),
        default=Value("accommodation_unknown"),
        output_field=CharField(),
    )


class BirthdayOutcome(Calculator):
    """The birthday cohort (``birthday_cohort``) and one outcome on the birthday's record. A young
    person with no record for that birthday is "not known": in the denominator, never in a
    numerator. Record = the young person; attributed by the allocation on the birthday; the
    reference and detail date are the birthday."""

    record_type = "child"
    # 2: a young person recorded as died, or returned home for 6 months (RHOM), is out of the cohort.
    rule_version = 2
    outcome: ClassVar[Q]
    accommodation: ClassVar[bool] = False

    def rows(self, context: Context):
        cohort = birthday_cohort(context)
        if self.aggregation == COUNT:
            cohort = cohort.filter(self.outcome)
        return as_rows(
            cohort,
            child="pk",
            in_numerator=TRUE if self.aggregation == COUNT else self.outcome,
            reference_date="birthday",
            attribute_on="birthday",
            detail=accommodation_detail() if self.accommodation else activity_detail(),
            detail_date=F("birthday"),
        )


@register
class InEducationEmploymentOrTrainingCount(BirthdayOutcome):
    """CL 1: the number of care leavers whose 17th to 21st birthday fell in month who were in
    education, employment or training (activity F1, F2, F4, F5, P1, P2, P4, P5: ``EET_ACTIVITIES``) on
    it. Count, flow; the drill-down lists the young people counted."""

    code = "CL 1"
    title = "Number of Care Leavers in employment, education, or training (EET) on their 17th to 21st Birthday"
    unit = Unit.COUNT
    polarity = Polarity.HIGHER_IS_BETTER
    window = Window.IN_MONTH
    description = (
        "Care leavers whose 17th to 21st birthday fell in the month and who were in education, employment or "
        "training (activity F1-F5, P1-P5)."
    )
    aggregation = COUNT
    outcome = EET


@register
class InEducationEmploymentOrTraining(BirthdayOutcome):
    """CL 1a: care leavers whose 17th to 21st birthday fell in month; in the numerator when in
    education, employment or training (``EET_ACTIVITIES``). Percentage, flow."""

    code = "CL 1a"
    title = "Percentage in employment, education, or training (EET) on their 17th to 21st Birthday"
    unit = Unit.PERCENTAGE
    polarity = Polarity.HIGHER_IS_BETTER
    window = Window.IN_MONTH
    description = (
        "Care leavers whose 17th to 21st birthday fell in the month; in the numerator when in education, "
        "employment or training."
    )
    outcome = EET


@register
class NotInEducationEmploymentOrTraining(BirthdayOutcome):
    """CL 2: as CL 1a; in the numerator when not in education, employment or training (G4-G6). An
    activity not known (code 0, or no record) is neither EET nor NEET: in the denominator only.
    Percentage, flow (lower is better)."""

    code = "CL 2"
    title = "Percentage not in employment, education, or training (NEET) on their 17th to 21st Birthday"
    unit = Unit.PERCENTAGE
    polarity = Polarity.LOWER_IS_BETTER
    window = Window.IN_MONTH
    description = (
        "As CL 1a; in the numerator when not in education, employment or training (G4-G6). An "
        "unknown activity is neither."
    )
    outcome = NEET


@register
class SuitablyAccommodatedCount(BirthdayOutcome):
    """CL 3: the number of care leavers whose 17th to 21st birthday fell in month who were in
    suitable accommodation (an accommodation code whose second character is 1). Count, flow; the
    drill-down lists the young people counted."""

    code = "CL 3"
    title = "Number of Care Leavers in suitable accommodation on their 17th to 21st Birthday"
    unit = Unit.COUNT
    polarity = Polarity.HIGHER_IS_BETTER
    window = Window.IN_MONTH
    description = "Care leavers whose 17th to 21st birthday fell in the month and who were in suitable accommodation."
    aggregation = COUNT
    outcome = SUITABLE_ACCOMMODATION
    accommodation = True


@register
class SuitablyAccommodated(BirthdayOutcome):
    """CL 3a: as CL 1a; in the numerator when in suitable accommodation (second character 1; 2 is
    unsuitable; anything else, or no record, not known). Percentage, flow."""

    code = "CL 3a"
    title = "Percentage in suitable accommodation on their 17th to 21st Birthday"
    unit = Unit.PERCENTAGE
    polarity = Polarity.HIGHER_IS_BETTER
    window = Window.IN_MONTH
    description = "As CL 1a; in the numerator when in suitable accommodation (an accommodation code ending in 1)."
    outcome = SUITABLE_ACCOMMODATION
    accommodation = True
