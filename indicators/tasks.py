"""Thin Celery adapters: ISO month strings in, one service call each.

Retried only on transient database errors (a deadlock, a dropped connection); a rule
error fails the task and is recorded on the month's ComputationRun.
"""

from celery import shared_task
from django.db import InterfaceError, OperationalError
from django.utils import timezone

from .periods import add_months, format_month, month_start, months_between, parse_month

TRANSIENT = (OperationalError, InterfaceError)


@shared_task(
    name="indicators.tasks.compute_month",
    autoretry_for=TRANSIENT,
    retry_backoff=5,
    retry_backoff_max=300,
    max_retries=5,
    acks_late=True,
)
def compute_month(month: str, trigger: str = "task") -> int:
    from .services import compute_month as compute

    return compute(parse_month(month), trigger=trigger).snapshot_count


@shared_task(name="indicators.tasks.compute_months")
def compute_months(first_month: str, last_month: str, trigger: str = "task") -> int:
    """Queue one compute_month per month, so several workers share a long range."""
    months = months_between(parse_month(first_month), parse_month(last_month))
    for month in months:
        compute_month.delay(format_month(month), trigger=trigger)
    return len(months)


@shared_task(name="indicators.tasks.compute_current_month")
def compute_current_month() -> int:
    return compute_month(format_month(month_start(timezone.localdate())), trigger="nightly")


@shared_task(name="indicators.tasks.compute_previous_month")
def compute_previous_month() -> int:
    return compute_month(format_month(add_months(month_start(timezone.localdate()), -1)), trigger="month end")
