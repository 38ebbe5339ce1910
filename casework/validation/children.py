"""The child's own record: dates of birth against the records that need one."""

from django.core.exceptions import ValidationError
from django.db.models import Min
from django.utils import timezone

from core.horizon import EARLIEST_EVENT

from .base import day_of, long_date


def _birth_needing_records():
    """(model, date field, how to name it): records that cannot exist before the birth."""
    from .. import models as m

    return [
        (m.ChildProtectionVisit, "visited_on", "child protection visit"),
        (m.StatutoryVisit, "visited_on", "statutory visit"),
        (m.LookedAfterReview, "held_on", "looked-after review"),
        (m.PeriodOfCare, "started_on", "period of care"),
        (m.LegalStatus, "started_on", "legal status"),
        (m.Placement, "started_on", "placement"),
        (m.MissingEpisode, "started_at", "missing episode"),
        (m.CareProceedings, "issued_on", "care proceedings"),
        (m.AdvocacyPeriod, "started_on", "advocacy"),
        (m.ChildInNeedPlanReview, "reviewed_on", "child in need plan review"),
        (m.PathwayPlanReview, "reviewed_on", "pathway plan review"),
        (m.Assessment, "child_seen_on", "date the child was seen in an assessment"),
        (m.Section47Enquiry, "child_seen_on", "date the child was seen in a section 47 enquiry"),
        (m.Adoption, "placement_order_on", "placement order"),
        (m.Adoption, "moved_in_on", "move to the adoptive family"),
        (m.CareLeaverBirthdayRecord, "birthday_on", "care leaver's birthday record"),
    ]


def child_errors(child) -> None:
    errors = {}
    today = timezone.localdate()
    for name, value in (
        ("date_of_birth", child.date_of_birth),
        ("expected_date_of_birth", child.expected_date_of_birth),
    ):
        if value and value < EARLIEST_EVENT:
            errors[name] = f"This date ({long_date(value)}) is before 1 January 1990: check the year."
    if child.date_of_birth and child.date_of_birth > today:
        errors["date_of_birth"] = (
            "The date of birth cannot be in the future. For an unborn child, give the expected date instead."
        )
    if child.date_of_birth and child.expected_date_of_birth:
        errors["expected_date_of_birth"] = "Give either a date of birth or an expected date of birth, not both."
    if not child.date_of_birth and not child.expected_date_of_birth:
        errors["date_of_birth"] = "Enter the date of birth, or an expected date of birth for an unborn child."
    if child.pk and "date_of_birth" not in errors:
        # A correction of the date of birth must leave every event that needs a born child after the birth.
        for model, field, noun in _birth_needing_records():
            first = model.objects.filter(child_id=child.pk).aggregate(first=Min(field))["first"]
            if first is None:
                continue
            if child.date_of_birth is None:
                errors["date_of_birth"] = (
                    f"{child.first_name} has a {noun} recorded on {long_date(first)}: "
                    "a child with records like that has been born, so enter the date of birth."
                )
                break
            if day_of(first) < child.date_of_birth:
                errors["date_of_birth"] = (
                    f"{child.first_name} has a {noun} recorded on {long_date(first)}, before this date of birth. "
                    "Check the date of birth, or correct that record first."
                )
                break
    if errors:
        raise ValidationError(errors)
