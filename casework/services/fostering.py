"""Foster carer households and their reviews."""

from datetime import date

from django.contrib.auth.models import User
from django.db import transaction

from core.recompute import mark_stale

from .. import rules, validation
from ..models import (
    FosterCarerHousehold,
    FosterCarerReview,
)
from .saving import REASON, _save, _update, record_days


def foster_carer_household_create(
    *, reference: str, name: str, approved_on: date, deregistered_on: date | None = None, by: User | None
) -> FosterCarerHousehold:
    household = FosterCarerHousehold(
        reference=reference, name=name, approved_on=approved_on, deregistered_on=deregistered_on
    )
    return _save(household, by=by)


def foster_carer_household_update(
    *,
    household: FosterCarerHousehold,
    reference: str,
    name: str,
    approved_on: date,
    deregistered_on: date | None,
    by: User | None,
) -> FosterCarerHousehold:
    """Correct a household, or record its deregistration. A corrected approval date moves the
    first review's due date with it."""
    with transaction.atomic():
        before = record_days(household)
        _update(
            household, by=by, reference=reference, name=name, approved_on=approved_on, deregistered_on=deregistered_on
        )
        _settle_review_due_dates(household, before=before)
    return household


def _settle_review_due_dates(
    household: FosterCarerHousehold, *, before: list[date], adding: FosterCarerReview | None = None
) -> None:
    """Store each review's due date as the rule gives it (``rules.foster_carer_review_due``),
    saving ``adding`` (a new review) among them, and queue the recomputation of the months
    whose dates changed.

    Due dates are unique per household, so a review moves only to a date no other review
    holds at that moment. The rules keep the reviews in the order they were completed, so
    the due dates keep their order too and a move is always possible: a review whose new
    date is still held waits for the holder to move first.
    """
    reviews = list(FosterCarerReview.objects.filter(household=household).select_for_update())
    if adding is not None:
        reviews.append(adding)
    reviews.sort(key=lambda review: (review.completed_on is None, review.completed_on or date.max))
    due_dates = rules.foster_carer_review_due_dates(household.approved_on, [r.completed_on for r in reviews])
    waiting = [(r, due) for r, due in zip(reviews, due_dates, strict=True) if r.pk is None or r.due_on != due]
    changed = list(before)
    while waiting:
        held = {review.due_on for review in reviews if review.pk is not None}
        movable = [(review, due) for review, due in waiting if due not in held]
        if not movable:
            raise RuntimeError(f"The review due dates of {household} cannot be settled in order.")
        for review, due in movable:
            if review.pk is not None:
                changed.append(review.due_on)
            review.due_on = due
            review.save()
            changed.append(due)
        waiting = [(review, due) for review, due in waiting if review not in [r for r, _ in movable]]
    if changed:
        mark_stale(min(changed), reason=REASON)


def _review_save(review: FosterCarerReview, *, by: User | None) -> FosterCarerReview:
    """Validate a review with its derived due date, then save it and settle the household's others."""
    household = review.household
    with transaction.atomic():
        # One write per household at a time: due dates depend on the other reviews.
        list(FosterCarerHousehold.objects.select_for_update().filter(pk=household.pk).values_list("pk", flat=True))
        stored = FosterCarerReview.objects.filter(pk=review.pk).first() if review.pk else None
        others = FosterCarerReview.objects.filter(household=household, completed_on__isnull=False).exclude(pk=review.pk)
        if review.completed_on is not None:
            others = others.filter(completed_on__lt=review.completed_on)
        last = others.order_by("-completed_on").values_list("completed_on", flat=True).first()
        review.due_on = rules.foster_carer_review_due(household.approved_on, last)
        # Unique due dates hold once the others are settled, which may move the next one first.
        validation.check(review, constraints=False)
        before = [*(record_days(stored) if stored is not None else []), *record_days(review)]
        if stored is None:
            _settle_review_due_dates(household, before=before, adding=review)
        else:
            review.due_on = stored.due_on  # settled below, with the others
            review.save(update_fields=["completed_on"])
            _settle_review_due_dates(household, before=before)
            review.refresh_from_db()
    return review


def foster_carer_review_create(
    *, household: FosterCarerHousehold, completed_on: date, by: User | None
) -> FosterCarerReview:
    """Record the household's annual review completed on the date. Its due date is derived:
    a year after approval for the first review, otherwise a year after the previous review was
    completed. A review already waiting (due, not completed) is the one completed."""
    waiting = FosterCarerReview.objects.filter(household=household, completed_on__isnull=True).first()
    review = waiting or FosterCarerReview(household=household)
    review.completed_on = completed_on
    return _review_save(review, by=by)


def foster_carer_review_update(
    *, review: FosterCarerReview, completed_on: date | None, by: User | None
) -> FosterCarerReview:
    """Correct when the review was completed; its due date and the next one's follow."""
    review.completed_on = completed_on
    return _review_save(review, by=by)


def foster_carer_review_save(*, review: FosterCarerReview, by: User | None) -> FosterCarerReview:
    """Save a review built elsewhere (the Django admin) under the same rule: the due date is derived."""
    return _review_save(review, by=by)


def foster_carer_review_delete(*, review: FosterCarerReview, by: User | None) -> None:
    """Remove a review recorded in error (the admin); the next review's due date follows."""
    household = review.household
    with transaction.atomic():
        before = record_days(review)
        review.delete()
        _settle_review_due_dates(household, before=before)
