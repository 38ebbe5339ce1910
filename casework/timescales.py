"""When visits, reviews and plan reviews fall due: one set of rules for the indicators
(LAC 10, LAC 11, CP 13, CL a) and for the social worker's "due and overdue" pages.

Each rule is a database expression over a queryset of children, evaluated at a date D
(month end for an indicator, today for a due list), so a whole caseload or a whole
authority is one query. A due date is *met* at D when it is on or after D: something due
today is not yet overdue.

The rules, with their parameters (stored on the indicator and editable in the admin):

- Statutory visits (LAC 10): the first visit within ``first_visit_days`` (7) of a
  placement starting; then every ``visit_interval_days`` (42, six weeks); once the last
  visit is at least ``long_term_after_months`` (12) into a placement agreed as long-term,
  every ``long_term_interval_months`` (3) calendar months. Only visits on or after the
  current placement's start count.
- Looked-after reviews (LAC 11): the first within ``first_review_working_days`` (20)
  working days of becoming looked after, the second within ``second_review_months`` (3)
  of the first, then every ``later_review_months`` (6). Only reviews in the current
  period of care count.
- CP visits (CP 13): a visit in the ``visit_interval_days`` (28) days up to and including
  D, so the next is due ``visit_interval_days - 1`` days after the last visit (or after
  the plan started, before the first visit).
- Pathway plans (CL a): reviewed in the last ``review_months`` (6) months, the look-back
  window [D - 6 months, D]: the last review on or after D minus 6 calendar months (clamped),
  so a review on 30 September is in time until 31 March (``sql.last_day_within``); a care
  leaver with no review was due one on their 18th birthday.
"""

from collections.abc import Callable
from datetime import date

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DateField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest, Least
from django.db.models.lookups import GreaterThanOrEqual

from casework.models import (
    CareLeaverBirthdayRecord,
    ChildProtectionPlan,
    ChildProtectionVisit,
    LegalStatus,
    LookedAfterReview,
    PathwayPlanReview,
    PeriodOfCare,
    Placement,
    StatutoryVisit,
)
from casework.statutory.ssda903 import SAME_CARER_REASONS, TEMPORARY_PLACEMENT_TYPES, InTouch, ReasonEpisodeCeased
from core.sql import AddDays, AddMonths, DaysBetween, add_working_days, anniversary, last_day_within
from workforce.selectors import open_on

DEFAULT_PARAMETERS: dict[str, dict[str, int]] = {
    "LAC 10": {
        "first_visit_days": 7,
        "visit_interval_days": 42,
        "long_term_after_months": 12,
        "long_term_interval_months": 3,
    },
    "LAC 11": {"first_review_working_days": 20, "second_review_months": 3, "later_review_months": 6},
    "CP 13": {"visit_interval_days": 28},
    "CL a": {"review_months": 6},
    "QA 1": {"supervision_interval_days": 28},
}
# Timescales the due list shares with an indicator that has no parameter for them.
ASSESSMENT_WORKING_DAYS = 45  # 2.4
INITIAL_CONFERENCE_WORKING_DAYS = 15  # CP 5
RETURN_INTERVIEW_HOURS = 72  # MC 7
# Former relevant care leaver: looked after for at least 13 weeks (91 days) between
# their 14th and 18th birthdays, some of it on or after their 16th birthday.
CARE_LEAVER_DAYS_IN_CARE = 91
# Agreed series of short-term breaks: not care that makes a care leaver.
SHORT_BREAK_LEGAL_STATUSES = ("V3", "V4")


def parameters_for(code: str, stored: dict | None = None) -> dict[str, int]:
    """The rule's parameters: the defaults, overridden by what the admin stored."""
    return {**DEFAULT_PARAMETERS[code], **(stored or {})}


def _defaults() -> dict[str, dict[str, int]]:
    return {code: parameters_for(code) for code in DEFAULT_PARAMETERS}


# Where the parameters an administrator set are kept: the indicator catalogue, above this layer,
# which plugs its reader in when it starts (IndicatorsConfig.ready). Until then, the defaults.
_stored_parameter_source: Callable[[], dict[str, dict]] | None = None


def set_stored_parameter_source(source: Callable[[], dict[str, dict]]) -> None:
    """``source()`` returns the stored parameters by code (only those set); one query."""
    global _stored_parameter_source
    _stored_parameter_source = source


def stored_parameters() -> dict[str, dict[str, int]]:
    """The parameters of the four rules as configured (one query)."""
    if _stored_parameter_source is None:
        return _defaults()
    stored = _stored_parameter_source()
    return {code: parameters_for(code, stored.get(code)) for code in DEFAULT_PARAMETERS}


def _latest(queryset: QuerySet, field: str) -> Subquery:
    return Subquery(queryset.order_by(f"-{field}").values(field)[:1], output_field=DateField())


# --- Looked after -----------------------------------------------------------------------


def new_placements(placements: QuerySet) -> QuerySet:
    """Placements that start a new placement in the stability and visiting sense: not continuing
    the placement before. A placement continues the one before when that one ended on the day it
    started (in the same period of care) and:

    - both have the same non-empty ``carer_reference``, or its reason for the new episode is T or U
      (a change of placement with the same carer(s), SSDA903: ``casework.statutory.ssda903.SAME_CARER_REASONS``);
    - or it is a temporary placement (T0 to T4, ``TEMPORARY_PLACEMENT_TYPES``): a stay in hospital,
      at school, on holiday or elsewhere away from the normal placement (DfE rules 380 and 381: care
      neither starts nor ends with one);
    - or it is the return from a temporary placement to the normal placement: the one before is
      temporary and this one has the placement type of the latest placement before it in the period
      of care that is not temporary (DfE rule 383). A return to a placement of another type is a move.
    """
    before = placements.model.objects.filter(
        child=OuterRef("child"), period_of_care=OuterRef("period_of_care"), ended_on=OuterRef("started_on")
    ).exclude(pk=OuterRef("pk"))
    normal_before = (
        placements.model.objects.filter(
            child=OuterRef("child"), period_of_care=OuterRef("period_of_care"), started_on__lt=OuterRef("started_on")
        )
        .exclude(placement_type__in=TEMPORARY_PLACEMENT_TYPES)
        .order_by("-started_on", "-pk")
        .values("placement_type")[:1]
    )
    temporary_stay = Q(placement_type__in=TEMPORARY_PLACEMENT_TYPES) & Exists(before)
    return_from_stay = Exists(before.filter(placement_type__in=TEMPORARY_PLACEMENT_TYPES)) & Q(
        placement_type=Subquery(normal_before, output_field=CharField())
    )
    continues = (
        (Q(reason_new_episode__in=SAME_CARER_REASONS) & Exists(before))
        | (~Q(carer_reference="") & Exists(before.filter(carer_reference=OuterRef("carer_reference"))))
        | temporary_stay
        | return_from_stay
    )
    return placements.filter(~continues)


def with_period_at(children: QuerySet, on: date) -> QuerySet:
    """period_started_on: the start of the period of care open at the date (None when not in care)."""
    period = PeriodOfCare.objects.filter(open_on(on), child=OuterRef("pk"))
    return children.annotate(period_started_on=Subquery(period.values("started_on")[:1], output_field=DateField()))


def with_care_at(children: QuerySet, on: date) -> QuerySet:
    """period_started_on, placement_started_on, placement_is_long_term at the date (None when not in care).

    ``placement_started_on`` is when the child began living with the current carers: a change of
    placement type with the same carer (e.g. a foster placement becoming long-term) is not a new
    placement, so it does not restart the statutory visit clock; nor is a temporary placement (T0 to
    T4) or the return from it to the normal placement (``new_placements``). During a temporary stay,
    ``placement_is_long_term`` is the normal placement's: the latest placement in the period of care
    that is not temporary, started on or before the current one.
    """
    placement = Placement.objects.filter(open_on(on), child=OuterRef("pk"))
    stay_start = (
        new_placements(Placement.objects.filter(child=OuterRef("pk")))
        .filter(started_on__lte=OuterRef("current_placement_started_on"))
        .order_by("-started_on")
        .values("started_on")[:1]
    )
    normal = (
        Placement.objects.filter(
            child=OuterRef("pk"),
            period_of_care=OuterRef("current_placement_period_id"),
            started_on__lte=OuterRef("current_placement_started_on"),
        )
        .exclude(placement_type__in=TEMPORARY_PLACEMENT_TYPES)
        .order_by("-started_on", "-pk")
    )
    children = with_period_at(children, on).annotate(
        current_placement_started_on=Subquery(placement.values("started_on")[:1], output_field=DateField()),
        current_placement_period_id=Subquery(placement.values("period_of_care_id")[:1], output_field=IntegerField()),
    )
    return children.annotate(
        placement_started_on=Subquery(stay_start, output_field=DateField()),
        placement_is_long_term=Coalesce(
            Subquery(normal.values("is_long_term")[:1], output_field=BooleanField()), Value(False)
        ),
    )


def with_statutory_visit_due(children: QuerySet, on: date, parameters: dict) -> QuerySet:
    """Adds last_statutory_visit_on and statutory_visit_due (None when not looked after at the date).

    Needs ``with_care_at`` first.
    """
    since = Coalesce(OuterRef("placement_started_on"), OuterRef("period_started_on"))
    visits = StatutoryVisit.objects.filter(child=OuterRef("pk"), visited_on__lte=on, visited_on__gte=since)
    children = children.annotate(last_statutory_visit_on=_latest(visits, "visited_on"))
    placement_start = Coalesce(F("placement_started_on"), F("period_started_on"))
    return children.annotate(
        statutory_visit_due=Case(
            When(period_started_on__isnull=True, then=Value(None, output_field=DateField())),
            When(
                last_statutory_visit_on__isnull=True,
                then=AddDays(placement_start, parameters["first_visit_days"]),
            ),
            When(
                Q(placement_is_long_term=True)
                & Q(
                    GreaterThanOrEqual(
                        F("last_statutory_visit_on"),
                        AddMonths(placement_start, parameters["long_term_after_months"]),
                    )
                ),
                then=AddMonths("last_statutory_visit_on", parameters["long_term_interval_months"]),
            ),
            default=AddDays("last_statutory_visit_on", parameters["visit_interval_days"]),
            output_field=DateField(),
        )
    )


def with_review_due(children: QuerySet, on: date, parameters: dict) -> QuerySet:
    """Adds reviews_in_period, last_review_on, first_review_deadline and review_due. Needs
    ``with_period_at`` (or ``with_care_at``, which adds it)."""
    reviews = LookedAfterReview.objects.filter(
        child=OuterRef("pk"), held_on__lte=on, held_on__gte=OuterRef("period_started_on")
    )
    counted = reviews.values("child").annotate(count=Count("*")).values("count")
    children = children.annotate(
        reviews_in_period=Coalesce(Subquery(counted, output_field=IntegerField()), Value(0)),
        last_review_on=_latest(reviews, "held_on"),
        first_review_deadline=add_working_days("period_started_on", parameters["first_review_working_days"]),
    )
    return children.annotate(
        review_due=Case(
            When(period_started_on__isnull=True, then=Value(None, output_field=DateField())),
            When(reviews_in_period=0, then=F("first_review_deadline")),
            When(reviews_in_period=1, then=AddMonths("last_review_on", parameters["second_review_months"])),
            default=AddMonths("last_review_on", parameters["later_review_months"]),
            output_field=DateField(),
        )
    )


# --- Child protection ----------------------------------------------------------------------


def with_cp_visit_due(children: QuerySet, on: date, parameters: dict) -> QuerySet:
    """Adds cp_plan_id, cp_plan_started_on, last_cp_visit_on and cp_visit_due (None without an open plan)."""
    return with_cp_visit_due_on_plan(with_cp_plan_at(children, on), on, parameters)


def with_cp_plan_at(children: QuerySet, on: date) -> QuerySet:
    """Adds cp_plan_id and cp_plan_started_on: the child protection plan open at the date (None without one)."""
    plan = ChildProtectionPlan.objects.filter(open_on(on), child=OuterRef("pk"))
    return children.annotate(
        cp_plan_id=Subquery(plan.values("pk")[:1], output_field=IntegerField()),
        cp_plan_started_on=Subquery(plan.values("started_on")[:1], output_field=DateField()),
    )


def with_cp_visit_due_on_plan(children: QuerySet, on: date, parameters: dict) -> QuerySet:
    """Adds last_cp_visit_on and cp_visit_due. Needs ``with_cp_plan_at``."""
    visits = ChildProtectionVisit.objects.filter(plan=OuterRef("cp_plan_id"), visited_on__lte=on)
    children = children.annotate(last_cp_visit_on=_latest(visits, "visited_on"))
    return children.annotate(
        cp_visit_due=Case(
            When(cp_plan_id__isnull=True, then=Value(None, output_field=DateField())),
            default=AddDays(
                Coalesce(F("last_cp_visit_on"), F("cp_plan_started_on")), parameters["visit_interval_days"] - 1
            ),
            output_field=DateField(),
        )
    )


# --- Care leavers ---------------------------------------------------------------------------


def _all_records(model) -> QuerySet:
    return model.objects.all()


def care_leaver_eligibility(at_birthday: int | None = None, records=None) -> Q:
    """The child was looked after 13 weeks or more between their 14th and 18th birthdays,
    some of it on or after their 16th (former relevant). With ``at_birthday``, only care
    before that birthday counts (for the 17th birthday, care up to the 17th).

    Care under an agreed series of short-term breaks (legal status V3 or V4) does not count:
    a child on pre-planned short breaks is not an eligible child (Care Planning, Placement
    and Case Review (England) Regulations 2010, regulations 40(2) and 48). The days of each
    legal status run from its start to the next status in the same period of care (or the
    period's end); a period's short-break days are taken off its days in care.

    ``records`` (a calculator context's ``records``) narrows the periods of care and legal
    statuses, e.g. to those of one statutory return for reconciliation.
    """
    records = records or _all_records
    fourteenth = anniversary(OuterRef("date_of_birth"), 14)
    sixteenth = anniversary(OuterRef("date_of_birth"), 16)
    cut_off = anniversary(OuterRef("date_of_birth"), min(at_birthday or 18, 18))

    def days_from_fourteen(start, end):
        return DaysBetween(Least(Coalesce(end, cut_off), cut_off), Greatest(start, fourteenth))

    def total_days(queryset: QuerySet, start, end) -> Coalesce:
        days = queryset.annotate(days=days_from_fourteen(start, end)).filter(days__gt=0)
        total = days.values("child").annotate(total=Sum("days")).values("total")
        return Coalesce(Subquery(total, output_field=IntegerField()), 0)

    periods = records(PeriodOfCare).filter(child=OuterRef("pk"))
    next_status = (
        records(LegalStatus)
        .filter(period_of_care=OuterRef("period_of_care"), started_on__gt=OuterRef("started_on"))
        .order_by("started_on")
        .values("started_on")[:1]
    )
    statuses = (
        records(LegalStatus)
        .filter(child=OuterRef("pk"))
        .annotate(
            status_ended_on=Coalesce(Subquery(next_status, output_field=DateField()), F("period_of_care__ended_on"))
        )
    )
    short_breaks = statuses.filter(code__in=SHORT_BREAK_LEGAL_STATUSES)
    days_in_care = total_days(periods, F("started_on"), F("ended_on")) - total_days(
        short_breaks, F("started_on"), F("status_ended_on")
    )
    # Some care other than short breaks on or after the 16th birthday: a status other than
    # V3/V4 in force then, or a period with no legal status recorded.
    after_sixteen = Exists(
        statuses.exclude(code__in=SHORT_BREAK_LEGAL_STATUSES).filter(
            Q(status_ended_on__isnull=True) | Q(status_ended_on__gt=sixteenth), started_on__lt=cut_off
        )
    ) | Exists(
        periods.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=sixteenth), started_on__lt=cut_off).exclude(
            Exists(records(LegalStatus).filter(period_of_care=OuterRef("pk")))
        )
    )
    # Only a child who was ever looked after can qualify: a semi-join on the periods of care first,
    # so the day counts run for those few children rather than for every child of the age.
    ever_looked_after = Q(pk__in=records(PeriodOfCare).values("child_id"))
    return ever_looked_after & Q(GreaterThanOrEqual(days_in_care, CARE_LEAVER_DAYS_IN_CARE)) & Q(after_sixteen)


def recorded_as_died(on, records=None) -> Q:
    """The child is recorded as having died on or before ``on`` (a date, or an expression such as
    ``OuterRef("birthday")``): their care ended because they died (REC E2), or a care leaver's
    birthday record (OC3) dated on or before it says IN_TOUCH DIED. A young person who has died is
    not a care leaver (the DfE's care leaver figures exclude "those who have died since leaving
    care"); death is for good, so a later birthday with no record does not bring them back."""
    records = records or _all_records
    died_in_care = records(PeriodOfCare).filter(
        child=OuterRef("pk"), reason_ceased=ReasonEpisodeCeased.E2, ended_on__lte=on
    )
    died_after = records(CareLeaverBirthdayRecord).filter(
        child=OuterRef("pk"), in_touch=InTouch.DIED, birthday_on__lte=on
    )
    return Q(Exists(died_in_care)) | Q(Exists(died_after))


def care_leavers_at(children: QuerySet, on: date, records=None) -> QuerySet:
    """Former relevant care leavers aged 18 to 21 at the date, no longer looked after, and not
    recorded as having died on or before it (``recorded_as_died``)."""
    from core.periods import born_on_or_before_for_age

    records = records or _all_records
    still_in_care = records(PeriodOfCare).filter(open_on(on), child=OuterRef("pk"))
    return children.filter(
        date_of_birth__lte=born_on_or_before_for_age(18, on),
        date_of_birth__gt=born_on_or_before_for_age(22, on),
    ).filter(care_leaver_eligibility(records=records), ~Exists(still_in_care), ~recorded_as_died(on, records))


def of_care_leaver_age(date_of_birth: date | None, on: date) -> bool:
    """Aged 18 to 21 at the date, by the bounds of ``care_leavers_at``: a page showing one child
    need not work out a pathway plan review for a child of another age."""
    from core.periods import born_on_or_before_for_age

    if date_of_birth is None:
        return False
    return born_on_or_before_for_age(22, on) < date_of_birth <= born_on_or_before_for_age(18, on)


def with_pathway_review_due(children: QuerySet, on: date, parameters: dict, *, care_leavers: bool = False) -> QuerySet:
    """Adds is_care_leaver, last_pathway_review_on and pathway_review_due (None for a child who
    is not a care leaver at the date).

    The due date is the last day the last review is still "in the last ``review_months``
    months": the last D with D - 6 months (clamped) on or before the review. A review on 30
    September is due again by 31 March, one on 29 February 2024 by 31 August 2024, one on
    15 March by 15 September.

    With ``care_leavers``, the children are care leavers at the date already (``care_leavers_at``):
    the test is not made again for each of them."""
    if care_leavers:
        is_care_leaver = Value(True, output_field=BooleanField())
    else:
        is_care_leaver = Exists(care_leavers_at(children.model.objects.filter(pk=OuterRef("pk")), on))
    reviews = PathwayPlanReview.objects.filter(child=OuterRef("pk"), reviewed_on__lte=on)
    children = children.annotate(is_care_leaver=is_care_leaver, last_pathway_review_on=_latest(reviews, "reviewed_on"))
    return children.annotate(
        pathway_review_due=Case(
            When(is_care_leaver=False, then=Value(None, output_field=DateField())),
            When(last_pathway_review_on__isnull=True, then=anniversary("date_of_birth", 18)),
            default=last_day_within("last_pathway_review_on", parameters["review_months"]),
            output_field=DateField(),
        )
    )


# --- All together, for the due pages -------------------------------------------------------


def annotate_due_dates(children: QuerySet, on: date, parameters: dict | None = None) -> QuerySet:
    """Each child's next statutory visit, looked-after review, CP visit and pathway plan
    review due at the date, as ``statutory_visit_due``, ``review_due``, ``cp_visit_due``
    and ``pathway_review_due`` (None when the rule does not apply to the child), with the
    dates they were computed from. One query, whatever the number of children.
    """
    parameters = parameters or stored_parameters()
    children = with_care_at(children, on)
    children = with_statutory_visit_due(children, on, parameters["LAC 10"])
    children = with_review_due(children, on, parameters["LAC 11"])
    children = with_cp_visit_due(children, on, parameters["CP 13"])
    return with_pathway_review_due(children, on, parameters["CL a"])


def is_overdue(due: date | None, on: date) -> bool:
    return due is not None and due < on


__all__ = [
    "DEFAULT_PARAMETERS",
    "annotate_due_dates",
    "care_leaver_eligibility",
    "care_leavers_at",
    "is_overdue",
    "of_care_leaver_age",
    "parameters_for",
    "recorded_as_died",
    "stored_parameters",
    "with_care_at",
    "with_cp_visit_due",
    "with_pathway_review_due",
    "with_review_due",
    "with_statutory_visit_due",
]
