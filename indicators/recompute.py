"""Saving a record queues a recomputation of the months it touches, after commit.

A record dated D can change the figures of D's month and of every later month (stocks
carry forward), so the months from D's to the current one are recomputed. The task is
queued with ``transaction.on_commit``: a rolled-back save queues nothing, and the worker
never reads data that is not yet committed.
"""

from datetime import date

from django.db import transaction
from django.utils import timezone

from .periods import format_month, month_start


def queue_recomputation(first_day: date | None, *, reason: str) -> None:
    """Recompute from ``first_day``'s month to the current month once the transaction commits."""
    from .tasks import compute_months

    today = timezone.localdate()
    if first_day is None or first_day > today:
        first_day = today
    first_month = format_month(month_start(first_day))
    last_month = format_month(month_start(today))
    transaction.on_commit(lambda: compute_months.delay(first_month, last_month, trigger=reason))
