"""Children looked after: periods of care, legal statuses, placements, visits, reviews and
missing episodes."""

from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from .. import codes, validation
from ..models import (
    Child,
    FosterCarerHousehold,
    PeriodOfCare,
    Placement,
)
from .recording import correct_service, corrects, create_service, creates
from .saving import _given, _lock_child, _update

period_of_care_create = create_service("period-of-care")


@corrects("period-of-care", "period")
def period_of_care_update(
    *,
    period: PeriodOfCare,
    started_on: date,
    ended_on: date | None,
    reason_ceased: str,
    category_of_need: str | None = None,
    home_postcode: str | None = None,
    by: User | None,
) -> PeriodOfCare:
    """Correct a period of care. Ending it ends the child's current placement on the same day.
    ``category_of_need``, ``home_postcode``: None leaves it as it is."""
    with transaction.atomic():
        if ended_on is not None and period.ended_on is None:
            for placement in Placement.objects.filter(period_of_care=period, ended_on__isnull=True):
                if placement.started_on <= ended_on:
                    _update(placement, by=by, ended_on=ended_on)
        return _update(
            period,
            by=by,
            started_on=started_on,
            ended_on=ended_on,
            reason_ceased=reason_ceased,
            **_given(category_of_need=category_of_need, home_postcode=home_postcode),
        )


@creates("looked-after")
def looked_after_start(
    *,
    child: Child,
    started_on: date,
    legal_status: str,
    placement_type: str,
    provider: str = "",
    carer: FosterCarerHousehold | None = None,
    carer_reference: str = "",
    is_long_term: bool = False,
    postcode: str = "",
    category_of_need: str = "",
    home_postcode: str = "",
    by: User | None,
) -> PeriodOfCare:
    """A child becomes looked after: the period of care, its first legal status and first
    placement, together or not at all."""
    with transaction.atomic():
        period = period_of_care_create(
            child=child, started_on=started_on, category_of_need=category_of_need, home_postcode=home_postcode, by=by
        )
        legal_status_create(child=child, period_of_care=period, started_on=started_on, code=legal_status, by=by)
        placement_create(
            child=child,
            period_of_care=period,
            started_on=started_on,
            placement_type=placement_type,
            provider=provider,
            carer=carer,
            carer_reference=carer_reference,
            is_long_term=is_long_term,
            reason_new_episode=codes.ReasonNewEpisode.STARTED,
            postcode=postcode,
            by=by,
        )
    return period


@creates("placement-change")
def placement_change(
    *,
    child: Child,
    started_on: date,
    placement_type: str,
    provider: str = "",
    carer: FosterCarerHousehold | None = None,
    carer_reference: str = "",
    is_long_term: bool = False,
    reason_new_episode: str = codes.ReasonNewEpisode.PLACEMENT,
    postcode: str = "",
    reason_place_change: str = "",
    by: User | None,
) -> Placement:
    """A looked-after child moves: the current placement ends and the new one starts on the
    same day, in the open period of care. ``reason_place_change`` is why the child moved, kept on
    the placement that ends (SSDA903 REASON_PLACE_CHANGE, DfE rule 225)."""
    with transaction.atomic():
        _lock_child(child.pk)
        period = PeriodOfCare.objects.filter(child=child, ended_on__isnull=True).first()
        if period is None:
            raise ValidationError(
                {"started_on": f"{child.first_name} is not looked after now: record the period of care first."}
            )
        current = Placement.objects.filter(child=child, ended_on__isnull=True).first()
        if current is not None:
            if started_on < current.started_on:
                raise ValidationError(
                    {
                        "started_on": "The new placement cannot start before the current one "
                        f"({validation.long_date(current.started_on)})."
                    }
                )
            _update(current, by=by, ended_on=started_on, **_given(reason_place_change=reason_place_change or None))
        return placement_create(
            child=child,
            period_of_care=period,
            started_on=started_on,
            placement_type=placement_type,
            provider=provider,
            carer=carer,
            carer_reference=carer_reference,
            is_long_term=is_long_term,
            reason_new_episode=reason_new_episode,
            postcode=postcode,
            by=by,
        )


legal_status_create = create_service("legal-status")
legal_status_update = correct_service("legal-status", "legal_status")
placement_create = create_service("placement")
placement_update = correct_service("placement", "placement")
statutory_visit_create = create_service("statutory-visit")
statutory_visit_update = correct_service("statutory-visit", "visit")
looked_after_review_create = create_service("looked-after-review")
looked_after_review_update = correct_service("looked-after-review", "review")
missing_episode_create = create_service("missing")
missing_episode_update = correct_service("missing", "episode")
