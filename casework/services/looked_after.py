"""Children looked after: periods of care, legal statuses, placements, visits, reviews and
missing episodes."""

from datetime import date, datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction

from .. import codes, validation
from ..models import (
    Child,
    FosterCarerHousehold,
    LegalStatus,
    LookedAfterReview,
    MissingEpisode,
    PeriodOfCare,
    Placement,
    StatutoryVisit,
)
from .saving import MANUAL, _given, _lock_child, _save, _update


def period_of_care_create(
    *,
    child: Child,
    started_on: date,
    ended_on: date | None = None,
    reason_ceased: str = "",
    category_of_need: str = "",
    by: User | None,
    source: str = MANUAL,
    source_reference: str = "",
) -> PeriodOfCare:
    period = PeriodOfCare(
        child=child,
        started_on=started_on,
        ended_on=ended_on,
        reason_ceased=reason_ceased,
        category_of_need=category_of_need,
        source=source,
        source_reference=source_reference,
    )
    return _save(period, by=by)


def period_of_care_update(
    *,
    period: PeriodOfCare,
    started_on: date,
    ended_on: date | None,
    reason_ceased: str,
    category_of_need: str | None = None,
    by: User | None,
) -> PeriodOfCare:
    """Correct a period of care. Ending it ends the child's current placement on the same day.
    ``category_of_need``: None leaves it as it is."""
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
            **_given(category_of_need=category_of_need),
        )


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
    by: User | None,
) -> PeriodOfCare:
    """A child becomes looked after: the period of care, its first legal status and first
    placement, together or not at all."""
    with transaction.atomic():
        period = period_of_care_create(child=child, started_on=started_on, category_of_need=category_of_need, by=by)
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


def legal_status_create(
    *,
    child: Child,
    period_of_care: PeriodOfCare,
    started_on: date,
    code: str,
    by: User | None,
    source: str = MANUAL,
    source_reference: str = "",
) -> LegalStatus:
    status = LegalStatus(
        child=child,
        period_of_care=period_of_care,
        started_on=started_on,
        code=code,
        source=source,
        source_reference=source_reference,
    )
    return _save(status, by=by)


def legal_status_update(
    *, legal_status: LegalStatus, period_of_care: PeriodOfCare, started_on: date, code: str, by: User | None
) -> LegalStatus:
    return _update(legal_status, by=by, period_of_care=period_of_care, started_on=started_on, code=code)


def placement_create(
    *,
    child: Child,
    period_of_care: PeriodOfCare,
    started_on: date,
    placement_type: str,
    ended_on: date | None = None,
    provider: str = "",
    carer: FosterCarerHousehold | None = None,
    carer_reference: str = "",
    is_long_term: bool = False,
    reason_new_episode: str = "",
    postcode: str = "",
    urn: str = "",
    reason_place_change: str = "",
    by: User | None,
    source: str = MANUAL,
    source_reference: str = "",
) -> Placement:
    placement = Placement(
        child=child,
        period_of_care=period_of_care,
        started_on=started_on,
        ended_on=ended_on,
        placement_type=placement_type,
        provider=provider,
        carer=carer,
        carer_reference=carer_reference,
        is_long_term=is_long_term,
        reason_new_episode=reason_new_episode,
        postcode=postcode,
        urn=urn,
        reason_place_change=reason_place_change,
        source=source,
        source_reference=source_reference,
    )
    return _save(placement, by=by)


def placement_update(
    *,
    placement: Placement,
    period_of_care: PeriodOfCare,
    started_on: date,
    ended_on: date | None,
    placement_type: str,
    provider: str,
    carer: FosterCarerHousehold | None,
    carer_reference: str,
    is_long_term: bool,
    reason_new_episode: str,
    postcode: str,
    urn: str,
    reason_place_change: str | None = None,
    by: User | None,
) -> Placement:
    """``reason_place_change``: None leaves it as it is."""
    return _update(
        placement,
        by=by,
        period_of_care=period_of_care,
        started_on=started_on,
        ended_on=ended_on,
        placement_type=placement_type,
        provider=provider,
        carer=carer,
        carer_reference=carer_reference,
        is_long_term=is_long_term,
        reason_new_episode=reason_new_episode,
        postcode=postcode,
        urn=urn,
        **_given(reason_place_change=reason_place_change),
    )


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


def statutory_visit_create(
    *,
    child: Child,
    visited_on: date,
    seen_alone: bool = False,
    by: User | None,
    source: str = MANUAL,
    source_reference: str = "",
) -> StatutoryVisit:
    visit = StatutoryVisit(
        child=child, visited_on=visited_on, seen_alone=seen_alone, source=source, source_reference=source_reference
    )
    return _save(visit, by=by)


def statutory_visit_update(
    *, visit: StatutoryVisit, visited_on: date, seen_alone: bool, by: User | None
) -> StatutoryVisit:
    return _update(visit, by=by, visited_on=visited_on, seen_alone=seen_alone)


def looked_after_review_create(
    *,
    child: Child,
    held_on: date,
    participation: str = "",
    by: User | None,
    source: str = MANUAL,
    source_reference: str = "",
) -> LookedAfterReview:
    review = LookedAfterReview(
        child=child, held_on=held_on, participation=participation, source=source, source_reference=source_reference
    )
    return _save(review, by=by)


def looked_after_review_update(
    *, review: LookedAfterReview, held_on: date, participation: str, by: User | None
) -> LookedAfterReview:
    return _update(review, by=by, held_on=held_on, participation=participation)


def missing_episode_create(
    *,
    child: Child,
    started_at: datetime,
    kind: str = codes.MissingKind.MISSING,
    ended_at: datetime | None = None,
    interview_offered_at: datetime | None = None,
    interview_completed_at: datetime | None = None,
    by: User | None,
    source: str = MANUAL,
    source_reference: str = "",
) -> MissingEpisode:
    episode = MissingEpisode(
        child=child,
        kind=kind,
        started_at=started_at,
        ended_at=ended_at,
        interview_offered_at=interview_offered_at,
        interview_completed_at=interview_completed_at,
        source=source,
        source_reference=source_reference,
    )
    return _save(episode, by=by)


def missing_episode_update(
    *,
    episode: MissingEpisode,
    kind: str,
    started_at: datetime,
    ended_at: datetime | None,
    interview_offered_at: datetime | None,
    interview_completed_at: datetime | None,
    by: User | None,
) -> MissingEpisode:
    return _update(
        episode,
        by=by,
        kind=kind,
        started_at=started_at,
        ended_at=ended_at,
        interview_offered_at=interview_offered_at,
        interview_completed_at=interview_completed_at,
    )
