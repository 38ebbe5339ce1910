"""Writes to the workforce: each validates, then saves in one transaction."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q

from .models import Allocation, SocialWorker, Team


def _overlapping_allocations(child, started_on: date, ended_on: date | None, exclude_pk=None):
    """Allocations of the child that share a day with [started_on, ended_on)."""
    overlapping = Allocation.objects.filter(child=child).filter(Q(ended_on__isnull=True) | Q(ended_on__gt=started_on))
    if ended_on is not None:
        overlapping = overlapping.filter(started_on__lt=ended_on)
    if exclude_pk is not None:
        overlapping = overlapping.exclude(pk=exclude_pk)
    return overlapping


def allocation_errors(allocation: Allocation) -> None:
    """Raise if the allocation cannot stand beside the child's others."""
    allocation.full_clean(validate_constraints=False)
    errors = {}
    clash = (
        _overlapping_allocations(allocation.child, allocation.started_on, allocation.ended_on, exclude_pk=allocation.pk)
        .select_related("worker")
        .first()
    )
    if clash is not None:
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


@transaction.atomic
def allocation_start(*, child, worker: SocialWorker, started_on: date, team: Team | None = None) -> Allocation:
    allocation = Allocation(child=child, worker=worker, team=team or worker.team, started_on=started_on)
    allocation_errors(allocation)
    allocation.save()
    return allocation


@transaction.atomic
def allocation_transfer(*, child, worker: SocialWorker, on: date, team: Team | None = None) -> Allocation:
    """End the child's current allocation on the date and allocate them to the worker from it."""
    current = Allocation.objects.select_for_update().filter(child=child, ended_on__isnull=True).first()
    if current is not None:
        if on < current.started_on:
            started = f"{current.started_on:%d %B %Y}"
            raise ValidationError(
                {"started_on": f"The transfer cannot be before the current allocation started ({started})."}
            )
        current.ended_on = on
        current.save(update_fields=["ended_on"])
    return allocation_start(child=child, worker=worker, started_on=on, team=team)


@transaction.atomic
def allocation_end(*, allocation: Allocation, on: date) -> Allocation:
    allocation.ended_on = on
    allocation_errors(allocation)
    allocation.save(update_fields=["ended_on"])
    return allocation


@transaction.atomic
def worker_save(worker: SocialWorker) -> SocialWorker:
    worker.full_clean()
    worker.save()
    return worker
