"""Allocations and case supervision: each write validates, then saves in one transaction.

A change to who holds a child's case (a transfer, an ending) or a case supervision changes
indicator figures (caseloads, QA 1), so it queues the recomputation of the months from its
date once the transaction commits, as casework records do.
"""

from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.recompute import mark_stale
from workforce.models import SocialWorker, Team
from workforce.selectors import open_on

from .models import Allocation, CaseSupervision
from .statutory.ssda903 import FIRST_CONTACT

REASON = "allocation saved"


def _long(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _overlapping_allocations(child, started_on: date, ended_on: date | None, exclude_pk=None):
    """Allocations of the child that share a day with [started_on, ended_on)."""
    overlapping = Allocation.objects.filter(child=child).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=started_on))
    if ended_on is not None:
        overlapping = overlapping.filter(started_on__lt=ended_on)
    if exclude_pk is not None:
        overlapping = overlapping.exclude(pk=exclude_pk)
    return overlapping


def allocation_errors(allocation: Allocation) -> None:
    """Raise if the allocation cannot stand beside the child's others: dates in order and not
    in the future, no day shared with another allocation of the child, and a worker in post on
    the day it starts. The Django admin runs the same rule."""
    allocation.full_clean(validate_constraints=False)
    errors = {}
    today = timezone.localdate()
    if allocation.started_on > today:
        errors["started_on"] = "The allocation cannot start in the future: record it on the day it starts."
    if allocation.ended_on is not None and allocation.ended_on > today:
        errors["ended_on"] = "The allocation cannot end in the future: record the ending on the day it happens."
    clash = (
        _overlapping_allocations(allocation.child, allocation.started_on, allocation.ended_on, exclude_pk=allocation.pk)
        .select_related("worker")
        .first()
    )
    if clash is not None and "started_on" not in errors:
        errors["started_on"] = (
            f"{allocation.child} is already allocated to {clash.worker} from {clash.started_on:%d %B %Y}"
            + (f" to {clash.ended_on:%d %B %Y}" if clash.ended_on else "")
            + ". End that allocation first, or transfer the child."
        )
    worker = allocation.worker
    if worker.started_on > allocation.started_on:
        errors["worker"] = f"{worker} only started on {worker.started_on:%d %B %Y}."
    elif worker.ended_on is not None and worker.ended_on <= allocation.started_on:
        errors["worker"] = f"{worker} left on {worker.ended_on:%d %B %Y}."
    if errors:
        raise ValidationError(errors)


def _lock_allocations(child) -> Allocation | None:
    """The child's open allocation, locked, so two managers cannot both transfer the child."""
    return Allocation.objects.select_for_update().filter(child=child, ended_on__isnull=True).first()


@transaction.atomic
def allocation_start(
    *, child, worker: SocialWorker, started_on: date, team: Team | None = None, reason: str = ""
) -> Allocation:
    """``reason``: why this worker took the case (SSDA903 SW_REASON), FCONTA for the child's first."""
    allocation = Allocation(child=child, worker=worker, team=team or worker.team, started_on=started_on, reason=reason)
    allocation_errors(allocation)
    allocation.save()
    return allocation


@transaction.atomic
def allocation_transfer(
    *, child, worker: SocialWorker, on: date, team: Team | None = None, reason: str = ""
) -> Allocation:
    """End the child's current allocation on the date and allocate them to the worker from it
    (in the worker's own team unless another is given). ``reason`` is why the worker changed (SSDA903
    SW_REASON). Nothing is saved if either step fails."""
    team = team or worker.team
    if on > timezone.localdate():
        raise ValidationError({"started_on": "The transfer cannot be in the future: record it on the day it happens."})
    if worker.ended_on is not None and worker.ended_on <= timezone.localdate():
        # Allocated from a past date, the child would still be held by someone who has gone.
        raise ValidationError({"worker": f"{worker} left on {_long(worker.ended_on)}: choose a worker in post."})
    current = _lock_allocations(child)
    if reason == FIRST_CONTACT and _allocated_until(child, on):
        # The DfE reads first contact as a case taken up anew, after no worker (rule SW10bSTG2).
        raise ValidationError(
            {
                "reason": f"{child.first_name} had a social worker up to {_long(on)}, so this is not a first "
                "contact (FCONTA): choose why the social worker changed."
            }
        )
    if current is not None:
        if on < current.started_on:
            started = _long(current.started_on)
            raise ValidationError(
                {"started_on": f"The transfer cannot be before the current allocation started ({started})."}
            )
        if current.worker_id == worker.pk and current.team_id == team.pk:
            raise ValidationError(
                {"worker": f"{child.first_name} is already allocated to {worker} in {team}: choose someone else."}
            )
        current.ended_on = on
        current.save(update_fields=["ended_on"])
    allocation = allocation_start(child=child, worker=worker, started_on=on, team=team, reason=reason)
    mark_stale(on, reason=REASON)
    return allocation


def _allocated_until(child, day: date) -> bool:
    """Whether the child had an allocation begun before the day and not ended before it."""
    return (
        Allocation.objects.filter(child=child, started_on__lt=day)
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=day))
        .exists()
    )


def _open_plans_on(child, day: date) -> list[str]:
    """The plans of the child still open on or after the day, which need an allocated worker."""
    from .models import ChildInNeedPlan, ChildProtectionPlan, PeriodOfCare

    still_open = Q(ended_on__isnull=True) | Q(ended_on__gt=day)
    plans = [
        (ChildProtectionPlan, "on a child protection plan"),
        (PeriodOfCare, "looked after"),
        (ChildInNeedPlan, "on a child in need plan"),
    ]
    return [what for model, what in plans if model.objects.filter(still_open, child=child).exists()]


@transaction.atomic
def allocation_end(*, allocation: Allocation, on: date) -> Allocation:
    """End the allocation on the date: the child is unallocated from that day. A child on a
    plan, or looked after, always has a worker, so is transferred rather than left unallocated."""
    _lock_allocations(allocation.child)
    ended = Allocation.objects.filter(pk=allocation.pk).values_list("ended_on", flat=True).first()
    if ended is not None:
        # Nothing is changed: another manager ended or transferred the case meanwhile.
        raise ValidationError({"ended_on": f"This allocation has already ended, on {_long(ended)}."})
    allocation.ended_on = on
    allocation_errors(allocation)
    plans = _open_plans_on(allocation.child, on)
    if plans:
        raise ValidationError(
            {
                "ended_on": f"{allocation.child.first_name} is {' and '.join(plans)} beyond this date, and needs "
                "an allocated worker: transfer the case to another worker instead, or end the plan first."
            }
        )
    allocation.save(update_fields=["ended_on"])
    mark_stale(on, reason=REASON)
    return allocation


def case_supervision_errors(supervision: CaseSupervision) -> None:
    """A supervision is dated (not in the future) on a day the child's case was allocated:
    QA 1 counts the supervision of allocated cases."""
    supervision.full_clean()
    child = supervision.child
    day = supervision.supervised_on
    if not Allocation.objects.filter(open_on(day), child=child).exists():
        raise ValidationError(
            {
                "supervised_on": f"{child.first_name}'s case was not allocated on {_long(day)}: "
                "case supervision is of an allocated case."
            }
        )


@transaction.atomic
def case_supervision_create(*, child, supervised_on: date, notes: str = "", by: User | None) -> CaseSupervision:
    """A manager's supervision of the child's case on the date; ``by`` is the supervisor."""
    supervision = CaseSupervision(child=child, supervised_on=supervised_on, notes=notes, supervisor=by)
    case_supervision_errors(supervision)
    supervision.save()
    mark_stale(supervised_on, reason="case supervision saved")
    return supervision


@transaction.atomic
def case_supervision_update(*, supervision: CaseSupervision, supervised_on: date, notes: str = "") -> CaseSupervision:
    """Correct the date or the notes of a supervision. Who supervised stays as recorded; who
    corrected it, and what it said before, are in the audit log."""
    before = supervision.supervised_on
    supervision.supervised_on = supervised_on
    supervision.notes = notes
    case_supervision_errors(supervision)
    supervision.save(update_fields=["supervised_on", "notes"])
    # Both months change when the date moves: the one it left and the one it joined.
    mark_stale(min(before, supervised_on), reason="case supervision corrected")
    return supervision


@transaction.atomic
def case_supervision_delete(*, supervision: CaseSupervision) -> None:
    """Remove a supervision recorded in error. The audit log keeps what it said, under the child."""
    supervised_on = supervision.supervised_on
    supervision.delete()
    mark_stale(supervised_on, reason="case supervision removed")
