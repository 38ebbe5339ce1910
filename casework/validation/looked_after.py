"""Children looked after: periods of care, legal statuses, placements, visits, reviews and
missing episodes."""

from datetime import date

from django.db.models import Q

from .base import (
    _child,
    _codes,
    _end_not_before_start,
    _Errors,
    _name,
    _no_overlap,
    _not_after,
    _not_before,
    _not_future,
    _records_outside,
    _same_child,
    _together,
    long_date,
)


def _in_care_on(child, day: date) -> bool:
    from ..models import PeriodOfCare

    return PeriodOfCare.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=day), child=child, started_on__lte=day
    ).exists()


def _postcode(errors: _Errors, record, field: str, what: str) -> None:
    """A postcode in full, or none (the SSDA903's HOME_POST and PL_POST: DfE rule 392c)."""
    from ..statutory.ssda903 import POSTCODE

    value = getattr(record, field) or ""
    if value and not POSTCODE.match(value.strip()):
        errors.add(field, f"'{value}' is not a postcode: give the {what} in full, as in TW9 1AB.")


def period_of_care_errors(period) -> None:
    from ..models import LegalStatus, PeriodOfCare, Placement

    errors = _Errors()
    _codes(errors, period)
    _postcode(errors, period, "home_postcode", "postcode of the child's home")
    _not_future(errors, period, {"started_on": "date the child became looked after", "ended_on": "end date"})
    _end_not_before_start(
        errors, period, "started_on", "ended_on", "A period of care cannot end before it starts ({date})."
    )
    _together(
        errors,
        period,
        "ended_on",
        "reason_ceased",
        "Enter the date the child ceased to be looked after, or leave the reason empty.",
        "Choose the reason the child ceased to be looked after.",
    )
    if _child(period) is not None:
        _no_overlap(
            errors,
            period,
            PeriodOfCare.objects.filter(child_id=period.child_id),
            "period of care",
            "a child has one period of care at a time.",
        )
    if period.pk and period.started_on:
        placements = Placement.objects.filter(period_of_care_id=period.pk)
        _records_outside(
            errors,
            "started_on",
            placements,
            "started_on",
            period.started_on,
            None,
            "A placement in this period of care started on {date}, before this date. Correct the placement first.",
        )
        _records_outside(
            errors,
            "started_on",
            LegalStatus.objects.filter(period_of_care_id=period.pk),
            "started_on",
            period.started_on,
            period.ended_on,
            "A legal status in this period of care starts on {date}, outside the period. Correct it first.",
        )
        _visits_left_out_of_care(errors, period)
        if period.ended_on and not errors.has("ended_on"):
            late = placements.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=period.ended_on)).first()
            if late is not None:
                errors.add(
                    "ended_on",
                    f"The placement from {long_date(late.started_on)} "
                    + ("is still current" if late.ended_on is None else f"ends on {long_date(late.ended_on)}")
                    + ": end it on or before the day care ends.",
                )
    errors.raise_if_any()


def _visits_left_out_of_care(errors: _Errors, period) -> None:
    """A corrected period of care must still cover the statutory visits and reviews it covered."""
    from ..models import LookedAfterReview, PeriodOfCare, StatutoryVisit

    stored = PeriodOfCare.objects.filter(pk=period.pk).first()
    if stored is None or errors.has("started_on") or errors.has("ended_on"):
        return
    others = list(PeriodOfCare.objects.filter(child_id=period.child_id).exclude(pk=period.pk))
    for model, field, noun in (
        (StatutoryVisit, "visited_on", "statutory visit"),
        (LookedAfterReview, "held_on", "looked-after review"),
    ):
        covered = model.objects.filter(child_id=period.child_id, **{f"{field}__gte": stored.started_on})
        if stored.ended_on is not None:
            covered = covered.filter(**{f"{field}__lte": stored.ended_on})
        left_out = Q(**{f"{field}__lt": period.started_on})
        if period.ended_on is not None:
            left_out |= Q(**{f"{field}__gt": period.ended_on})
        for day in covered.filter(left_out).order_by(field).values_list(field, flat=True):
            if any(other.started_on <= day and (other.ended_on is None or day <= other.ended_on) for other in others):
                continue
            target = "started_on" if day < period.started_on else "ended_on"
            errors.add(
                target,
                f"The {noun} of {long_date(day)} would no longer be in a period of care. Correct or remove it first.",
            )
            return


def _inside_period(errors: _Errors, record, what: str) -> None:
    """A legal status or placement lies inside its period of care."""
    if not (record.period_of_care_id and _same_child(errors, record, "period_of_care", "period of care")):
        return
    period = record.period_of_care
    _not_before(
        errors,
        record,
        "started_on",
        period.started_on,
        f"The {what} cannot start before the period of care ({{date}}).",
    )
    if period.ended_on is not None:
        _not_after(
            errors,
            record,
            "started_on",
            period.ended_on,
            f"The {what} cannot start after the period of care ended ({{date}}).",
        )
        if hasattr(record, "ended_on"):
            if record.ended_on is None and not errors.has("ended_on"):
                errors.add(
                    "ended_on", f"The period of care ended on {long_date(period.ended_on)}: give the {what}'s end date."
                )
            _not_after(
                errors,
                record,
                "ended_on",
                period.ended_on,
                f"The {what} cannot end after the period of care ended ({{date}}).",
            )


def legal_status_errors(status) -> None:
    errors = _Errors()
    _codes(errors, status)
    _not_future(errors, status, {"started_on": "date of the legal status"})
    _inside_period(errors, status, "legal status")
    errors.raise_if_any()


def placement_errors(placement) -> None:
    from ..models import Placement

    errors = _Errors()
    _codes(errors, placement)
    _postcode(errors, placement, "postcode", "placement's postcode")
    _not_future(errors, placement, {"started_on": "placement start date", "ended_on": "placement end date"})
    _end_not_before_start(
        errors, placement, "started_on", "ended_on", "A placement cannot end before it starts ({date})."
    )
    _inside_period(errors, placement, "placement")
    if _child(placement) is not None:
        _no_overlap(
            errors,
            placement,
            Placement.objects.filter(child_id=placement.child_id),
            "placement",
            "a child lives in one placement at a time. End the other placement first.",
        )
    if placement.carer_id and placement.started_on:
        carer = placement.carer
        _not_before(
            errors,
            placement,
            "started_on",
            carer.approved_on,
            f"{carer.name} were approved as foster carers on {{date}}, after this placement started.",
        )
        if carer.deregistered_on and placement.started_on >= carer.deregistered_on and not errors.has("carer"):
            errors.add("carer", f"{carer.name} stopped fostering on {long_date(carer.deregistered_on)}.")
    errors.raise_if_any()


def _looked_after_on(errors: _Errors, record, field: str, what: str) -> None:
    child = _child(record)
    value = getattr(record, field)
    if child is None or value is None or errors.has(field):
        return
    if not _in_care_on(child, value):
        errors.add(
            field,
            f"{_name(child)} was not looked after on {long_date(value)}. {what} are for children in care: "
            "record the period of care first.",
        )


def statutory_visit_errors(visit) -> None:
    errors = _Errors()
    _not_future(errors, visit, {"visited_on": "visit date"})
    _looked_after_on(errors, visit, "visited_on", "Statutory visits")
    errors.raise_if_any()


def looked_after_review_errors(review) -> None:
    errors = _Errors()
    _codes(errors, review)
    _not_future(errors, review, {"held_on": "date of the review"})
    _looked_after_on(errors, review, "held_on", "Looked-after reviews")
    errors.raise_if_any()


def missing_episode_errors(episode) -> None:
    errors = _Errors()
    _codes(errors, episode)
    _not_future(
        errors,
        episode,
        {
            "started_at": "time the child went missing",
            "ended_at": "time the child returned",
            "interview_offered_at": "time the interview was offered",
            "interview_completed_at": "time the interview was completed",
        },
    )
    _end_not_before_start(
        errors, episode, "started_at", "ended_at", "The child cannot return before they went missing ({date})."
    )
    for field, noun in (("interview_offered_at", "offered"), ("interview_completed_at", "completed")):
        if getattr(episode, field) is None or errors.has(field):
            continue
        if episode.ended_at is None:
            errors.add(field, "Enter when the child returned before recording the return home interview.")
        else:
            _not_before(
                errors,
                episode,
                field,
                episode.ended_at,
                f"The return home interview cannot be {noun} before the child returned ({{date}}).",
            )
    if episode.interview_offered_at and not errors.has("interview_offered_at"):
        _not_before(
            errors,
            episode,
            "interview_completed_at",
            episode.interview_offered_at,
            "The return home interview cannot be completed before it was offered ({date}).",
        )
    errors.raise_if_any()
