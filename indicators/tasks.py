"""Thin Celery adapters: each takes ISO month strings and calls one service."""

from celery import shared_task


@shared_task(name="indicators.tasks.compute_months")
def compute_months(first_month: str, last_month: str, trigger: str = "task") -> None:
    """Recompute every month from first_month to last_month (YYYY-MM), one month per task."""
    # Filled in with the computation service.
