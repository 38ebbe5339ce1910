"""Annex A lists 9 to 11: care leavers, children with an adoption plan, adopters."""

from django.db.models import DateField, OuterRef, Q, Subquery

from casework.codes import CareLeaverActivity, PlacementType
from casework.models import Adoption, CareLeaverBirthdayRecord, Child, PathwayPlanReview, PeriodOfCare, Placement
from casework.timescales import care_leavers_at

from . import codes
from .common import Period, child_cells, disability_cell, with_allocation

LIST_9 = [
    "Child Unique ID",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age",
    "Unaccompanied Asylum Seeking Child (UASC), or formerly UASC if 18 or over (Y/N)",
    "Does the Child have a Disability",
    "Allocated Team",
    "Allocated Worker",
    "Allocated Personal Advisor",
    "Eligibility Category",
    "Latest Pathway Plan Review Date",
    "LA in Touch",
    "Latest Date of Contact",
    "Type of Accommodation",
    "Suitability of Accommodation",
    "Activity Status",
]
LIST_10 = [
    "Child Unique ID",
    "Family identifier",
    "Gender",
    "Ethnicity",
    "Date of Birth",
    "Age of Child (Years)",
    "Does the Child have a Disability",
    "Date the Child Entered Care",
    "Date of Decision that Child Should be Placed for Adoption",
    "Date of Placement Order",
    "Date of Matching Child and Prospective Adopters",
    "Date Placed for Adoption",
    "Date of Adoption Order",
    "Date of Decision that Child Should No Longer be Placed for Adoption",
    "Reason Why Child No Longer Placed for Adoption",
    "Date the child was placed for fostering in FFA or concurrent planning placement",
]
LIST_11 = [
    "Individual adopter identifier",
    "Family identifier",
    "Gender",
    "Ethnicity",
    "Disability",
    "Is the (prospective) adopter fostering for adoption?",
    "Date enquiry received",
    "Date Stage 1 started",
    "Date Stage 1 ended",
    "Date Stage 2 started",
    "Date Stage 2 ended",
    "Date application submitted",
    "Date application approved",
    "Date adopter matched with child(ren)",
    "Date child/children placed with adopter(s)",
    "No. of children placed",
    "Date of Adoption Order",
    "Date of leaving adoption process",
    "Reason for leaving adoption process",
]

_CHILD = ("la_child_id", "sex", "ethnicity", "date_of_birth", "disabilities")
_FOSTERING_FOR_ADOPTION = (PlacementType.U2, PlacementType.U5)


def care_leavers(period: Period) -> list[list]:
    """List 9: former relevant care leavers aged 18 to 21 at the end of the period, by the
    indicators' rule (``casework.timescales.care_leavers_at``), with their latest pathway plan
    review and their latest birthday record (in touch, accommodation, activity) by then."""
    end = period.end
    birthday = CareLeaverBirthdayRecord.objects.filter(child=OuterRef("pk"), birthday_on__lte=end).order_by(
        "-birthday_on", "-pk"
    )
    reviews = PathwayPlanReview.objects.filter(child=OuterRef("pk"), reviewed_on__lte=end).order_by(
        "-reviewed_on", "-pk"
    )
    rows = with_allocation(care_leavers_at(Child.objects.all(), end), end, child="pk")
    rows = (
        rows.annotate(
            last_review_on=Subquery(reviews.values("reviewed_on")[:1], output_field=DateField()),
            in_touch=Subquery(birthday.values("in_touch")[:1]),
            accommodation=Subquery(birthday.values("accommodation")[:1]),
            activity=Subquery(birthday.values("activity")[:1]),
        )
        .order_by("la_child_id")
        .values(
            *_CHILD, "last_review_on", "in_touch", "accommodation", "activity", "allocated_team", "allocated_worker"
        )
    )
    activities = dict(CareLeaverActivity.choices)
    result = []
    for row in rows:
        accommodation = row["accommodation"] or ""
        known = len(accommodation) == 2  # "0" is "not known"
        result.append(
            [
                *child_cells(row, period, prefix=""),
                None,  # unaccompanied asylum-seeking status is not recorded
                disability_cell(row, prefix=""),
                row["allocated_team"],
                row["allocated_worker"],
                None,  # personal advisers are not recorded apart from workers
                codes.ELIGIBILITY_FORMER_RELEVANT,
                row["last_review_on"],
                codes.IN_TOUCH.get(row["in_touch"] or ""),
                None,  # the date of the latest contact is not recorded
                codes.ACCOMMODATION_KIND.get(accommodation[:1]) if known else None,
                codes.SUITABILITY.get(accommodation[1:]) if known else None,
                activities.get(row["activity"]) if row["activity"] not in (None, "", "0") else None,
            ]
        )
    return result


def adoptions(period: Period) -> list[list]:
    """List 10: children with a decision that they should be placed for adoption by the end of
    the period, whose adoption was not completed (order) nor stopped before its start. Dates
    after the period's end are not shown."""
    end = period.end
    entered_care = PeriodOfCare.objects.filter(child=OuterRef("child"), started_on__lte=end).order_by(
        "-started_on", "-pk"
    )
    fostering_for_adoption = Placement.objects.filter(
        child=OuterRef("child"), placement_type__in=_FOSTERING_FOR_ADOPTION, started_on__lte=end
    ).order_by("started_on", "pk")
    rows = (
        Adoption.objects.filter(decision_on__lte=end)
        .exclude(Q(adoption_order_on__lt=period.start) | Q(ceased_on__lt=period.start))
        .annotate(
            care_started_on=Subquery(entered_care.values("started_on")[:1], output_field=DateField()),
            period_started_on=Subquery(
                PeriodOfCare.objects.filter(pk=OuterRef("period_of_care")).values("started_on")[:1],
                output_field=DateField(),
            ),
            fostering_for_adoption_on=Subquery(
                fostering_for_adoption.values("started_on")[:1], output_field=DateField()
            ),
        )
        .order_by("decision_on", "pk")
        .values(
            *(f"child__{field}" for field in _CHILD),
            "decision_on",
            "placement_order_on",
            "matched_on",
            "moved_in_on",
            "adoption_order_on",
            "ceased_on",
            "care_started_on",
            "period_started_on",
            "fostering_for_adoption_on",
        )
    )

    def by_end(day):
        return day if day is not None and day <= end else None

    result = []
    for row in rows:
        child = child_cells(row, period)
        result.append(
            [
                child[0],
                None,  # families of siblings placed together are not recorded
                *child[1:],
                disability_cell(row),
                row["period_started_on"] or row["care_started_on"],
                row["decision_on"],
                by_end(row["placement_order_on"]),
                by_end(row["matched_on"]),
                by_end(row["moved_in_on"]),
                by_end(row["adoption_order_on"]),
                by_end(row["ceased_on"]),
                None,  # the reason is not recorded
                row["fostering_for_adoption_on"],
            ]
        )
    return result


def adopters(period: Period) -> list[list]:
    """List 11: the product does not hold adopters' records, so the list is empty."""
    return []
