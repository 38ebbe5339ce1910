"""Annex A lists 6 to 8: children in need, children on protection plans, children looked after.

One query per list; every "latest" and "how many" is a subquery.
"""

from datetime import date

from django.db.models import (
    BooleanField,
    Count,
    DateField,
    Exists,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce, Greatest

from casework.codes import ConferenceKind, LegalStatusCode, MissingKind, PlacementType
from casework.models import (
    Assessment,
    ChildInNeedPlan,
    ChildProtectionConference,
    ChildProtectionPlan,
    ChildProtectionVisit,
    LegalStatus,
    LookedAfterReview,
    MissingEpisode,
    PeriodOfCare,
    Placement,
    Referral,
    Section47Enquiry,
    StatutoryVisit,
)
from casework.timescales import new_placements
from core.sql import AddMonths
from workforce.selectors import open_on

from . import codes
from .common import CHILD_FIELDS, Period, child_cells, disability_cell, open_during, with_allocation

LIST_6 = [
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age",
    "Does the Child have a Disability",
    "CIN Start Date",
    "Primary Need Code",
    "Date Child Was Last Seen",
    "CIN Closure Date",
    "Reason for Closure",
    "Case Status",
    "Allocated Team",
    "Allocated Worker",
]
LIST_7 = [
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age",
    "Does the Child have a Disability",
    "Child Protection Plan Start Date",
    "Initial Category of Abuse",
    "Latest Category of Abuse",
    "Date of the Last Statutory Visit",
    "Was the Child Seen Alone?",
    "Date of latest review conference",
    "Child Protection Plan End Date",
    "Subject to Emergency Protection Order or Protected Under Police Powers in Last Six Months (Y/N)",
    "Number of Previous Child Protection Plans",
    "Allocated Team",
    "Allocated Worker",
]
LIST_8 = [
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age",
    "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N))",
    "Does the Child have a Disability",
    "Date Started to be Looked After",
    "Child's Category of Need",
    "Is this a second or subsequent period of being a Looked After Child within the last 12 months (Y/N)",
    "Start date of current legal status",
    "Child's Legal Status",
    "Date of Latest Statutory Review",
    "Date of Last Social Work Visit",
    "What is the permanence plan for this child?",
    "Date of Last IRO Visit / Contact to the Child",
    "Date of Last Health Assessment",
    "Date of Last Dental Check",
    "Number of Placements in the Last 12 months",
    "Date Ceased to be Looked After",
    "Reason Ceased to be Looked After",
    "Start Date of Most Recent Placement",
    "Placement Type",
    "Placement Provider",
    "Placement postcode",
    "URN of Placement",
    "Placement Location",
    "LA of Placement",
    "Number of Episodes the Child has been \u2018Missing\u2019 from their Placement in the last 12 months",
    "Number of Episodes the Child has been \u2018Absent\u2019 from their Placement in the last 12 months",
    "Was the child offered a Return Interview after their last missing episode (Y/N)?",
    "Did the child accept a Return Interview after their last missing episode (Y/N)?",
    "Allocated Team",
    "Allocated Worker",
]

_NEVER = date(1, 1, 1)


def _latest(queryset, field: str, output=None) -> Subquery:
    return Subquery(queryset.order_by(f"-{field}", "-pk").values(field)[:1], output_field=output or DateField())


def _count(queryset) -> Coalesce:
    counted = queryset.values("child").annotate(count=Count("*")).values("count")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _ended_by(day: date | None, period: Period) -> date | None:
    """An end date after the period is not known at its end."""
    return day if day is not None and day <= period.end else None


def children_in_need(period: Period) -> list[list]:
    """List 6: every episode of need (a referral, to its case closure) open at some time in the
    period, whatever the child's plan. The case status is the child's at the end of the period."""
    end = period.end
    child = OuterRef("child")

    def seen(model, field):
        return Coalesce(_latest(model.objects.filter(child=child, **{f"{field}__lte": end}), field), Value(_NEVER))

    rows = with_allocation(Referral.objects.filter(open_during(period, "received_on", "closed_on")), end)
    rows = (
        rows.annotate(
            last_seen=Greatest(
                seen(StatutoryVisit, "visited_on"),
                seen(ChildProtectionVisit, "visited_on"),
                seen(Assessment, "child_seen_on"),
                seen(Section47Enquiry, "child_seen_on"),
            ),
            looked_after=Exists(PeriodOfCare.objects.filter(open_on(end), child=child)),
            on_cp_plan=Exists(ChildProtectionPlan.objects.filter(open_on(end), child=child)),
            on_cin_plan=Exists(ChildInNeedPlan.objects.filter(open_on(end), child=child)),
        )
        .order_by("received_on", "pk")
        .values(
            *CHILD_FIELDS,
            "received_on",
            "closed_on",
            "primary_need",
            "reason_for_closure",
            "last_seen",
            "looked_after",
            "on_cp_plan",
            "on_cin_plan",
            "allocated_team",
            "allocated_worker",
        )
    )
    result = []
    for row in rows:
        closed = _ended_by(row["closed_on"], period)
        if closed:
            status = codes.CASE_STATUS_CLOSED
        elif row["looked_after"]:
            status = codes.CASE_STATUS_LOOKED_AFTER
        elif row["on_cp_plan"]:
            status = codes.CASE_STATUS_CP_PLAN
        elif row["on_cin_plan"]:
            status = codes.CASE_STATUS_CIN_PLAN
        else:
            status = codes.CASE_STATUS_ASSESSMENT
        result.append(
            [
                *child_cells(row, period),
                disability_cell(row),
                row["received_on"],
                codes.labelled(codes.PRIMARY_NEED, row["primary_need"]),
                row["last_seen"] if row["last_seen"] != _NEVER else None,
                closed,
                codes.labelled(codes.REASON_FOR_CLOSURE, row["reason_for_closure"]) if closed else None,
                status,
                row["allocated_team"],
                row["allocated_worker"],
            ]
        )
    return result


_PROTECTED_UNDER_POLICE_POWERS = (LegalStatusCode.L1, LegalStatusCode.L2)


def protection_plans(period: Period) -> list[list]:
    """List 7: child protection plans open at some time in the period. The last visit and
    review conference are the latest on or before the period's end within the plan; previous
    plans are the child's plans that started before this one."""
    end = period.end
    visits = ChildProtectionVisit.objects.filter(plan=OuterRef("pk"), visited_on__lte=end).order_by(
        "-visited_on", "-pk"
    )
    reviews = ChildProtectionConference.objects.filter(
        child=OuterRef("child"),
        kind=ConferenceKind.REVIEW,
        held_on__gte=OuterRef("started_on"),
        held_on__lte=OuterRef("review_window_end"),
    ).filter(held_on__lte=end)
    rows = with_allocation(ChildProtectionPlan.objects.filter(open_during(period)), end)
    rows = (
        rows.annotate(review_window_end=Coalesce("ended_on", Value(end, output_field=DateField())))
        .annotate(
            last_visit_on=Subquery(visits.values("visited_on")[:1], output_field=DateField()),
            last_visit_alone=Subquery(visits.values("seen_alone")[:1], output_field=BooleanField()),
            last_review_on=_latest(reviews, "held_on"),
            police_powers=Exists(
                LegalStatus.objects.filter(
                    child=OuterRef("child"),
                    code__in=_PROTECTED_UNDER_POLICE_POWERS,
                    started_on__gt=period.six_months_before_end,
                    started_on__lte=end,
                )
            ),
            previous_plans=_count(
                ChildProtectionPlan.objects.filter(child=OuterRef("child"), started_on__lt=OuterRef("started_on"))
            ),
        )
        .order_by("started_on", "pk")
        .values(
            *CHILD_FIELDS,
            "started_on",
            "ended_on",
            "category",
            "last_visit_on",
            "last_visit_alone",
            "last_review_on",
            "police_powers",
            "previous_plans",
            "allocated_team",
            "allocated_worker",
        )
    )
    result = []
    for row in rows:
        ended = _ended_by(row["ended_on"], period)
        category = codes.ABUSE_CATEGORY.get(row["category"])
        result.append(
            [
                *child_cells(row, period),
                disability_cell(row),
                row["started_on"],
                category,
                category,  # one category is recorded per plan: the latest is the initial
                row["last_visit_on"],
                codes.yes_no(row["last_visit_alone"]) if row["last_visit_on"] else None,
                row["last_review_on"],
                ended,
                codes.yes_no(row["police_powers"]),
                row["previous_plans"],
                row["allocated_team"],
                row["allocated_worker"],
            ]
        )
    return result


def looked_after(period: Period) -> list[list]:
    """List 8: periods of care open at some time in the period, with the legal status and
    placement current at the period's end (or at the end of care, for care that ended in it).

    Placements in the last 12 months count moves as the stability indicators do
    (``casework.timescales.new_placements``: a change of placement type with the same carer is
    not a new placement), open at some time in the 12 months up to the period's end."""
    end = period.end
    year_before = period.year_before_end
    in_period = {"period_of_care": OuterRef("pk"), "started_on__lte": end}
    status = LegalStatus.objects.filter(**in_period).order_by("-started_on", "-pk")
    placement = Placement.objects.filter(**in_period).order_by("-started_on", "-pk")
    moves = new_placements(Placement.objects.filter(child=OuterRef("child"))).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gt=year_before), started_on__lte=end
    )
    missing = MissingEpisode.objects.filter(child=OuterRef("child"), started_at__date__lte=end)
    last_missing = missing.filter(kind=MissingKind.MISSING).order_by("-started_at", "-pk")
    in_year = {"started_at__date__gt": year_before}
    rows = with_allocation(PeriodOfCare.objects.filter(open_during(period)), end)
    rows = (
        rows.annotate(
            earlier_period=Exists(
                PeriodOfCare.objects.filter(
                    child=OuterRef("child"),
                    started_on__lt=OuterRef("started_on"),
                    ended_on__gte=AddMonths(OuterRef("started_on"), -12),
                )
            ),
            status_on=Subquery(status.values("started_on")[:1], output_field=DateField()),
            status_code=Subquery(status.values("code")[:1]),
            last_review_on=_latest(
                LookedAfterReview.objects.filter(
                    child=OuterRef("child"), held_on__gte=OuterRef("started_on"), held_on__lte=end
                ),
                "held_on",
            ),
            last_visit_on=_latest(
                StatutoryVisit.objects.filter(
                    child=OuterRef("child"), visited_on__gte=OuterRef("started_on"), visited_on__lte=end
                ),
                "visited_on",
            ),
            placements_in_year=_count(moves),
            placement_on=Subquery(placement.values("started_on")[:1], output_field=DateField()),
            placement_type=Subquery(placement.values("placement_type")[:1]),
            placement_provider=Subquery(placement.values("provider")[:1]),
            placement_postcode=Subquery(placement.values("postcode")[:1]),
            placement_urn=Subquery(placement.values("urn")[:1]),
            missing_in_year=_count(missing.filter(kind=MissingKind.MISSING, **in_year)),
            absent_in_year=_count(missing.filter(kind=MissingKind.ABSENT, **in_year)),
            last_missing_offered=Subquery(last_missing.values("interview_offered_at")[:1]),
            last_missing_completed=Subquery(last_missing.values("interview_completed_at")[:1]),
            has_missing=Exists(last_missing),
        )
        .order_by("started_on", "pk")
        .values(
            *CHILD_FIELDS,
            "started_on",
            "ended_on",
            "reason_ceased",
            "earlier_period",
            "status_on",
            "status_code",
            "last_review_on",
            "last_visit_on",
            "placements_in_year",
            "placement_on",
            "placement_type",
            "placement_provider",
            "placement_postcode",
            "placement_urn",
            "missing_in_year",
            "absent_in_year",
            "last_missing_offered",
            "last_missing_completed",
            "has_missing",
            "allocated_team",
            "allocated_worker",
        )
    )
    placement_labels = dict(PlacementType.choices)
    result = []
    for row in rows:
        ceased = _ended_by(row["ended_on"], period)
        result.append(
            [
                *child_cells(row, period),
                None,  # unaccompanied asylum-seeking status is not recorded
                disability_cell(row),
                row["started_on"],
                None,  # nor the category of need
                codes.yes_no(row["earlier_period"]),
                row["status_on"],
                codes.labelled(codes.LEGAL_STATUS, row["status_code"]),
                row["last_review_on"],
                row["last_visit_on"],
                None,  # nor the permanence plan,
                None,  # the IRO's visits,
                None,  # health assessments
                None,  # or dental checks
                row["placements_in_year"],
                ceased,
                codes.labelled(codes.REASON_CEASED, row["reason_ceased"]) if ceased else None,
                row["placement_on"],
                codes.labelled(codes.PLACEMENT_TYPE, row["placement_type"], placement_labels),
                codes.labelled(codes.PROVIDER, row["placement_provider"]),
                row["placement_postcode"] or None,
                row["placement_urn"] or None,
                None,  # in or out of the authority's area is not recorded,
                None,  # nor the authority of the placement
                row["missing_in_year"],
                row["absent_in_year"],
                codes.yes_no(row["last_missing_offered"] is not None) if row["has_missing"] else None,
                codes.yes_no(row["last_missing_completed"] is not None) if row["has_missing"] else None,
                row["allocated_team"],
                row["allocated_worker"],
            ]
        )
    return result
