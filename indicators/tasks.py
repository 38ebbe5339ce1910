"""Thin Celery adapters: ISO month strings in, one service call each.

Every task here is safe to run twice and is acknowledged only once it has finished
(``acks_late``); a task whose worker process is killed is handed back to the broker at once
(``reject_on_worker_lost``). Even if a task is lost altogether, nothing is: the months
it was to compute stay in the durable queue (``core.models.PendingMonth``) until a drain
computes them, and the beat runs one every minute.

Retried only on transient database errors (a deadlock, a dropped connection); a rule
error fails the task and is recorded on the month's ComputationRun.
"""

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from core.periods import add_months, format_month, month_start, months_between, parse_month
from core.recompute import mark_stale

TRANSIENT = (OperationalError, InterfaceError)
SAFE = {"acks_late": True, "reject_on_worker_lost": True}


@shared_task(
    name="indicators.tasks.compute_month",
    autoretry_for=TRANSIENT,
    retry_backoff=5,
    retry_backoff_max=300,
    max_retries=5,
    **SAFE,
)
def compute_month(month: str, trigger: str = "task") -> int:
    from .services import compute_month as compute

    return compute(parse_month(month), trigger=trigger).snapshot_count


@shared_task(name="indicators.tasks.compute_months", **SAFE)
def compute_months(first_month: str, last_month: str, trigger: str = "task") -> int:
    """Queue one compute_month per month, so several workers share a long range."""
    months = months_between(parse_month(first_month), parse_month(last_month))
    for month in months:
        compute_month.delay(format_month(month), trigger=trigger)
    return len(months)


@shared_task(name="indicators.tasks.drain_recomputation", **SAFE)
def drain_recomputation() -> int:
    """Compute the months waiting in the durable queue, for up to ``KPI_DRAIN_BUDGET_SECONDS``."""
    from .queue import drain_and_continue

    return len(drain_and_continue(settings.KPI_DRAIN_BUDGET_SECONDS).computed)


@shared_task(name="indicators.tasks.compute_current_month", **SAFE)
def compute_current_month() -> int:
    """Nightly: the month in progress changes with the date alone (visits fall overdue)."""
    mark_stale(timezone.localdate(), reason="nightly")
    return drain_recomputation()


@shared_task(name="indicators.tasks.compute_previous_month", **SAFE)
def compute_previous_month() -> int:
    """On the 1st: the month that has just ended, as at its last day."""
    previous = add_months(month_start(timezone.localdate()), -1)
    mark_stale(previous, last_day=previous, reason="month end")
    return drain_recomputation()
