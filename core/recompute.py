"""Marking months for recomputation: the durable queue's writing side.

A record dated D can change the figures of D's month and every later one (stocks carry
forward), so a save marks the months from D's (or the horizon, if later) to the current
one. The mark is a row written in the saving transaction: a rolled-back save marks nothing,
and a committed one is never lost, whatever happens to the broker or the worker. Once the
transaction commits the drain is asked to run (``indicators.tasks.drain_recomputation``);
the beat also runs it every minute.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from .horizon import figures_horizon
from .messaging import send_on_commit
from .models import PendingMonth, RecomputeRequest
from .periods import month_start, months_between

DRAIN_TASK = "indicators.tasks.drain_recomputation"


def mark_stale(first_day: date | None, *, reason: str, last_day: date | None = None) -> RecomputeRequest | None:
    """Mark the months from ``first_day``'s to ``last_day``'s (default: the current month) for
    recomputation, never before the figures horizon nor after the current month."""
    today = timezone.localdate()
    current = month_start(today)
    first = current if first_day is None or first_day > today else month_start(first_day)
    last = current if last_day is None or last_day > today else month_start(last_day)
    first = max(first, figures_horizon(today))
    if first > last:
        return None
    request = RecomputeRequest.objects.create(
        first_month=first, last_month=last, reason=reason[:60], requested_at=timezone.now()
    )
    send_on_commit(DRAIN_TASK)
    return request


@dataclass(frozen=True)
class QueueSummary:
    """The months waiting for recomputation, newest first, and since when the oldest mark waits."""

    months: list[date]
    since: datetime | None
    computing: int
    failing: int

    @property
    def count(self) -> int:
        return len(self.months)

    @property
    def is_empty(self) -> bool:
        return not self.months


def queue_summary() -> QueueSummary:
    """Two queries (three with the horizon): the months folded into the queue, and the requests
    not yet folded (saved in the last minute, or while the broker was down)."""
    months: set[date] = set()
    since = None
    computing = failing = 0
    for month, first_marked_at, claimed_at, attempts in PendingMonth.objects.values_list(
        "month", "first_marked_at", "claimed_at", "attempts"
    ):
        months.add(month)
        since = first_marked_at if since is None else min(since, first_marked_at)
        computing += claimed_at is not None
        failing += attempts > 0
    requests = list(RecomputeRequest.objects.values_list("first_month", "last_month", "requested_at"))
    if requests:
        horizon = figures_horizon()
        current = month_start(timezone.localdate())
        for first, last, requested_at in requests:
            months.update(months_between(max(first, horizon), min(last, current)))
            since = requested_at if since is None else min(since, requested_at)
    return QueueSummary(sorted(months, reverse=True), since, computing, failing)
