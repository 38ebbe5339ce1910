"""Foster carer households and their reviews."""

from .base import _end_not_before_start, _Errors, _linked_after, _not_before, _not_future, long_date


def foster_carer_household_errors(household) -> None:
    """Dates in order, and, on a correction, the household's reviews and placements still
    inside its approval: reviews after approval and not after deregistration, placements
    from approval to before deregistration."""
    from ..models import FosterCarerReview, Placement

    errors = _Errors()
    _not_future(errors, household, {"approved_on": "approval date", "deregistered_on": "deregistration date"})
    _end_not_before_start(
        errors,
        household,
        "approved_on",
        "deregistered_on",
        "A household cannot be deregistered before it was approved ({date}).",
    )
    if household.pk:
        completions = FosterCarerReview.objects.filter(household_id=household.pk, completed_on__isnull=False)
        first = completions.order_by("completed_on").values_list("completed_on", flat=True).first()
        if first is not None and household.approved_on and first <= household.approved_on:
            errors.add("approved_on", f"A review was completed on {long_date(first)}: the approval must be before it.")
        last = completions.order_by("-completed_on").values_list("completed_on", flat=True).first()
        _not_before(
            errors,
            household,
            "deregistered_on",
            last,
            "A review was completed on {date}, after this deregistration date.",
        )
        placements = Placement.objects.filter(carer_id=household.pk)
        _linked_after(
            errors,
            "approved_on",
            placements,
            "started_on",
            household.approved_on,
            "A placement with these carers started on {date}, before this approval date.",
        )
        if household.deregistered_on and not errors.has("deregistered_on"):
            late = (
                placements.filter(started_on__gte=household.deregistered_on)
                .order_by("started_on")
                .values_list("started_on", flat=True)
                .first()
            )
            if late is not None:
                errors.add(
                    "deregistered_on",
                    f"A placement with these carers started on {long_date(late)}, after this deregistration date.",
                )
    errors.raise_if_any()


def _related(record, name: str):
    """A record's relation, also when it is an unsaved object in memory (an admin inline's parent)."""
    field = record._meta.get_field(name)
    if field.is_cached(record):
        return field.get_cached_value(record)
    return getattr(record, name) if getattr(record, field.attname) is not None else None


def foster_carer_review_errors(review) -> None:
    """A review is completed after the household was approved, not after it was deregistered,
    and not on the day of another review; a household has one review waiting at most, and a
    correction keeps the reviews in the order they were completed (each one's due date counts
    from the one before, ``casework.rules.foster_carer_review_due``)."""
    from ..models import FosterCarerReview

    errors = _Errors()
    _not_future(errors, review, {"completed_on": "completion date"})
    household = _related(review, "household")
    if household is None:
        errors.raise_if_any()
        return
    approved = household.approved_on
    _not_before(
        errors, review, "due_on", approved, "A review cannot be due before the household was approved ({date})."
    )
    completed = review.completed_on
    if completed is not None and approved is not None and completed <= approved and not errors.has("completed_on"):
        errors.add(
            "completed_on",
            f"A review cannot be completed on or before the day the household was approved ({long_date(approved)}).",
        )
    stopped = household.deregistered_on
    if completed is not None and stopped and completed > stopped and not errors.has("completed_on"):
        errors.add(
            "completed_on",
            f"{household.name} stopped fostering on {long_date(household.deregistered_on)}: "
            "a review cannot be completed after that.",
        )
    others = FosterCarerReview.objects.filter(household_id=household.pk).exclude(pk=review.pk) if household.pk else None
    if others is not None and not errors.has("completed_on"):
        if completed is None:
            waiting = others.filter(completed_on__isnull=True).first()
            if waiting is not None:
                errors.add(
                    "completed_on",
                    f"A review due on {long_date(waiting.due_on)} is still waiting to be completed: complete that one.",
                )
        elif others.filter(completed_on=completed).exists():
            errors.add("completed_on", f"A review completed on {long_date(completed)} is already recorded.")
        elif review.pk:
            stored = FosterCarerReview.objects.filter(pk=review.pk).values_list("completed_on", flat=True).first()
            if stored is not None:
                low, high = sorted((stored, completed))
                between = others.filter(completed_on__gt=low, completed_on__lt=high).values_list(
                    "completed_on", flat=True
                )
                if between.exists():
                    errors.add(
                        "completed_on",
                        f"Another review was completed on {long_date(between.first())}: a correction keeps the "
                        "reviews in the order they happened. Correct that review instead.",
                    )
    errors.raise_if_any()
