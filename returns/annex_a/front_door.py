"""Annex A lists 1 to 5: contacts, early help assessments, referrals, assessments, section 47s.

Each list is one query over its records, with the child, the allocation and the counts as
subqueries (no query per row).
"""

from django.db.models import Count, DateField, Exists, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from casework.codes import AssessmentOutcome, ConferenceKind, ConferenceOutcome, Section47Outcome
from casework.models import Assessment, ChildProtectionConference, Contact, Referral, Section47Enquiry
from core.sql import AddMonths

from . import codes
from .common import CHILD_FIELDS, Period, child_cells, disability_cell, local_day, with_allocation

LIST_1 = ["Child Unique ID", "Gender", "Ethnicity", "Date of Birth", "Age", "Date of Contact", "Contact Source"]
LIST_2 = [
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age",
    "Assessment start date",
    "Assessment completion date",
    "Organisation completing assessment",
]
LIST_3 = [
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age",
    "Date of Referral",
    "Referral Source",
    "Referral NFA?",
    "Number of Referrals in Last 12 Months",
    "Allocated Team",
    "Allocated Worker",
]
LIST_4 = [
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age",
    "Does the Child have a Disability",
    "Continuous Assessment Start Date",
    "Child Seen During Continuous Assessment",
    "Continuous Assessment Date of Authorisation",
    "Was the child assessed as requiring LA children's social care support?",
    "Allocated Team",
    "Allocated Worker",
]
LIST_5 = [
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age",
    "Does the Child have a Disability",
    "Strategy discussion initiating Section 47 Enquiry Start Date",
    "Was an Initial Child Protection Conference deemed unnecessary?",
    "Date of Initial Child Protection Conference",
    "Did the Initial Child Protection Conference Result in a Child Protection Plan",
    "Number of Section 47 Enquiries in the last 12 months",
    "Number of ICPCs in the last 12 months",
    "Allocated Team",
    "Allocated Worker",
]


def _count(queryset) -> Coalesce:
    counted = queryset.values("child").annotate(count=Count("*")).values("count")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def contacts(period: Period) -> list[list]:
    """List 1: contacts received in the period (by their local day)."""
    first, after = period.aware_bounds()
    rows = (
        Contact.objects.filter(received_at__gte=first, received_at__lt=after)
        .order_by("received_at", "pk")
        .values(*CHILD_FIELDS, "received_at", "source_of_contact")
    )
    return [
        [*child_cells(row, period), local_day(row["received_at"]), codes.SOURCE.get(row["source_of_contact"])]
        for row in rows
    ]


def early_help_assessments(period: Period) -> list[list]:
    """List 2: the product records early help as a contact's decision, not as an assessment
    with its own dates and organisation, so the list is empty (its headers are kept)."""
    return []


def referrals(period: Period) -> list[list]:
    """List 3: referrals received in the period. NFA: the case closed with no assessment of the
    referral. The count is of the child's other referrals in the 12 months before this one."""
    earlier = Referral.objects.filter(
        child=OuterRef("child"),
        received_on__lt=OuterRef("received_on"),
        received_on__gte=OuterRef("year_before"),
    )
    rows = with_allocation(
        Referral.objects.filter(received_on__gte=period.start, received_on__lte=period.end), period.end
    )
    rows = (
        rows.annotate(
            has_assessment=Exists(Assessment.objects.filter(referral=OuterRef("pk"))),
            year_before=_year_before("received_on"),
        )
        .annotate(referrals_before=_count(earlier))
        .order_by("received_on", "pk")
        .values(
            *CHILD_FIELDS,
            "received_on",
            "source_of_referral",
            "closed_on",
            "has_assessment",
            "referrals_before",
            "allocated_team",
            "allocated_worker",
        )
    )
    return [
        [
            *child_cells(row, period),
            row["received_on"],
            codes.SOURCE.get(row["source_of_referral"]),
            codes.yes_no(row["closed_on"] is not None and not row["has_assessment"]),
            row["referrals_before"],
            row["allocated_team"],
            row["allocated_worker"],
        ]
        for row in rows
    ]


def _year_before(field: str) -> AddMonths:
    return AddMonths(field, -12)


_REQUIRES_SUPPORT = {
    AssessmentOutcome.CHILD_IN_NEED: True,
    AssessmentOutcome.STRATEGY_DISCUSSION: True,
    AssessmentOutcome.LOOKED_AFTER: True,
    AssessmentOutcome.NO_FURTHER_ACTION: False,
    AssessmentOutcome.EARLY_HELP: False,
}


def assessments(period: Period) -> list[list]:
    """List 4: assessments open at some time in the period (started by its end, not authorised
    before its start). An assessment authorised after the period's end shows no authorisation."""
    rows = with_allocation(
        Assessment.objects.filter(started_on__lte=period.end).exclude(authorised_on__lt=period.start), period.end
    )
    rows = rows.order_by("started_on", "pk").values(
        *CHILD_FIELDS, "started_on", "child_seen_on", "authorised_on", "outcome", "allocated_team", "allocated_worker"
    )
    result = []
    for row in rows:
        authorised = row["authorised_on"] if row["authorised_on"] and row["authorised_on"] <= period.end else None
        seen = row["child_seen_on"] is not None and row["child_seen_on"] <= period.end
        requires = _REQUIRES_SUPPORT.get(row["outcome"]) if authorised else None
        result.append(
            [
                *child_cells(row, period),
                disability_cell(row),
                row["started_on"],
                codes.yes_no(seen),
                authorised,
                codes.yes_no(requires),
                row["allocated_team"],
                row["allocated_worker"],
            ]
        )
    return result


def section47_enquiries(period: Period) -> list[list]:
    """List 5: section 47 enquiries started in the period, with the initial conference they led
    to (held by the period's end). The counts are the child's enquiries and initial conferences
    in the 12 months up to the end of the period, this one included."""
    conference = ChildProtectionConference.objects.filter(
        section47=OuterRef("pk"), kind=ConferenceKind.INITIAL, held_on__lte=period.end
    ).order_by("held_on", "pk")
    window = {"gt": period.year_before_end, "lte": period.end}
    enquiries_in_year = Section47Enquiry.objects.filter(
        child=OuterRef("child"), started_on__gt=window["gt"], started_on__lte=window["lte"]
    )
    conferences_in_year = ChildProtectionConference.objects.filter(
        child=OuterRef("child"), kind=ConferenceKind.INITIAL, held_on__gt=window["gt"], held_on__lte=window["lte"]
    )
    rows = with_allocation(
        Section47Enquiry.objects.filter(started_on__gte=period.start, started_on__lte=period.end), period.end
    )
    rows = (
        rows.annotate(
            conference_on=Subquery(conference.values("held_on")[:1], output_field=DateField()),
            conference_outcome=Subquery(conference.values("outcome")[:1]),
            enquiries_in_year=_count(enquiries_in_year),
            conferences_in_year=_count(conferences_in_year),
            completed=Exists(Section47Enquiry.objects.filter(pk=OuterRef("pk"), completed_on__lte=period.end)),
        )
        .order_by("started_on", "pk")
        .values(
            *CHILD_FIELDS,
            "started_on",
            "outcome",
            "completed",
            "conference_on",
            "conference_outcome",
            "enquiries_in_year",
            "conferences_in_year",
            "allocated_team",
            "allocated_worker",
        )
    )
    result = []
    for row in rows:
        if row["conference_on"] or row["outcome"] == Section47Outcome.INITIAL_CONFERENCE:
            unnecessary = False
        elif row["outcome"] and row["completed"]:
            unnecessary = True
        else:
            unnecessary = None  # still under way at the end of the period
        outcome = row["conference_outcome"]
        led_to_plan = None if not row["conference_on"] or not outcome else outcome == ConferenceOutcome.PLAN
        result.append(
            [
                *child_cells(row, period),
                disability_cell(row),
                row["started_on"],
                codes.yes_no(unnecessary),
                row["conference_on"],
                codes.yes_no(led_to_plan),
                row["enquiries_in_year"],
                row["conferences_in_year"],
                row["allocated_team"],
                row["allocated_worker"],
            ]
        )
    return result
