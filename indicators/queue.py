"""The durable recomputation queue: its reading side.

Saves write ``RecomputeRequest`` rows (``core.recompute.mark_stale``) in their own
transaction. The drain folds them into one ``PendingMonth`` per month (a hundred saves
touching March make one computation of March), then claims months one at a time, computes
each and clears it, newest first. It runs after every save that reaches the broker, from
the beat every minute whatever happens, and by hand (``compute_snapshots --pending``).

Several drains may run side by side (one per worker process): each claims a different
month. A month is cleared only if nobody marked it again while it was computed (its
``token`` is unchanged); otherwise it is computed again. A claim held by a worker process
that no longer exists on this machine, or older than the lease
(``KPI_COMPUTE_LEASE_SECONDS``), is taken over, and the computation run that worker left
"running" is recorded as abandoned: a killed worker delays a month by minutes, never loses it.
"""

import logging
import os
import socket
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from core.horizon import figures_horizon
from core.messaging import send
from core.models import PendingMonth, RecomputeRequest
from core.periods import month_start, months_between
from core.recompute import DRAIN_TASK, mark_stale

from .models import ComputationRun

logger = logging.getLogger(__name__)

FOLD_LOCK = (7301, 0)  # pg_advisory_xact_lock: one fold at a time (month locks use 7301 with YYYYMM)
FOLD_BATCH = 5000
RETRY_CAP_SECONDS = 60 * 60


def lease() -> timedelta:
    """How long a claim or a running computation may go unfinished before it is taken for dead."""
    return timedelta(seconds=settings.KPI_COMPUTE_LEASE_SECONDS)


def worker_identity() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def process_is_gone(identity: str) -> bool:
    """True when ``identity`` (host:pid) names a process of this machine that no longer exists.
    A process of another machine cannot be asked: only its age tells (the lease)."""
    host, _, pid = identity.rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return True
    except PermissionError:
        return False
    return False


# --- Folding requests into months ---------------------------------------------------------------


def fold() -> int:
    """Move waiting requests into pending months, in one short transaction. Returns requests folded."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", FOLD_LOCK)
        requests = list(
            RecomputeRequest.objects.order_by("id").values_list(
                "id", "first_month", "last_month", "reason", "requested_at"
            )[:FOLD_BATCH]
        )
        if not requests:
            return 0
        horizon = figures_horizon()
        current = month_start(timezone.localdate())
        months: dict[date, list] = {}
        for _, first, last, reason, requested_at in _merged(requests):
            for month in months_between(max(first, horizon), min(last, current)):
                seen = months.get(month)
                if seen is None:
                    months[month] = [requested_at, requested_at, reason]
                else:
                    seen[0] = min(seen[0], requested_at)
                    if requested_at >= seen[1]:
                        seen[1], seen[2] = requested_at, reason
        PendingMonth.objects.bulk_create(
            [
                PendingMonth(
                    month=month, first_marked_at=first_at, last_marked_at=last_at, reason=reason, token=uuid.uuid4()
                )
                for month, (first_at, last_at, reason) in sorted(months.items())
            ],
            update_conflicts=True,
            unique_fields=["month"],
            update_fields=["last_marked_at", "reason", "token"],
        )
        RecomputeRequest.objects.filter(id__in=[request[0] for request in requests]).delete()
        return len(requests)


def _merged(requests: list[tuple]) -> list[tuple]:
    """Requests with the same last month and reason reduced to the earliest first month: saves
    mark ranges that run to the current month, so most collapse into one."""
    by_key: dict[tuple, list] = {}
    for pk, first, last, reason, requested_at in requests:
        key = (last, reason)
        held = by_key.get(key)
        if held is None:
            by_key[key] = [pk, first, last, reason, requested_at, requested_at]
            continue
        held[1] = min(held[1], first)
        held[4] = min(held[4], requested_at)
        held[5] = max(held[5], requested_at)
    # Each range keeps its earliest request time (since when) for its first month; the latest
    # request time is what decides the reason shown.
    merged = []
    for pk, first, last, reason, earliest, latest in by_key.values():
        merged.append((pk, first, last, reason, earliest))
        if latest != earliest:
            merged.append((pk, first, last, reason, latest))
    return merged


# --- Claiming and clearing months -----------------------------------------------------------------


@dataclass(frozen=True)
class Claim:
    pk: int
    month: date
    token: uuid.UUID
    reason: str


def _claimable(now: datetime) -> Q:
    free = Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - lease())
    return free & (Q(retry_after__isnull=True) | Q(retry_after__lte=now))


def claim_next(identity: str, *, skip: set[date] | None = None) -> Claim | None:
    """Claim the newest month nobody is computing; None when there is none. Race-safe: the claim
    is a conditional UPDATE, so two drains never claim the same month."""
    now = timezone.now()
    candidates = (
        PendingMonth.objects.filter(_claimable(now))
        .exclude(month__in=skip or ())
        .order_by("-month")
        .values_list("pk", "month", "token", "reason")[:10]
    )
    for pk, month, token, reason in candidates:
        if PendingMonth.objects.filter(_claimable(now), pk=pk, token=token).update(claimed_at=now, claimed_by=identity):
            return Claim(pk, month, token, reason)
    return None


def finish(claim: Claim) -> bool:
    """Clear the month unless it was marked again while it was computed (then it is released, to be
    computed again). True when cleared."""
    deleted, _ = PendingMonth.objects.filter(pk=claim.pk, token=claim.token).delete()
    if not deleted:
        PendingMonth.objects.filter(pk=claim.pk).update(claimed_at=None, claimed_by="")
    return bool(deleted)


def fail(claim: Claim, error: BaseException) -> None:
    """Release the month to be tried again later: a minute, then twice as long each time, up to an hour."""
    row = PendingMonth.objects.filter(pk=claim.pk).values_list("attempts", flat=True).first() or 0
    wait = min(60 * 2**row, RETRY_CAP_SECONDS)
    PendingMonth.objects.filter(pk=claim.pk).update(
        claimed_at=None,
        claimed_by="",
        attempts=F("attempts") + 1,
        retry_after=timezone.now() + timedelta(seconds=wait),
        last_error=repr(error)[:2000],
    )


def release_dead() -> int:
    """Take back what stopped workers left: their claims, and their runs left "running" (recorded as
    abandoned, their months queued again). Returns how many runs were abandoned."""
    now = timezone.now()
    cutoff = now - lease()
    for pk, claimed_by, claimed_at in PendingMonth.objects.filter(claimed_at__isnull=False).values_list(
        "pk", "claimed_by", "claimed_at"
    ):
        if claimed_at < cutoff or process_is_gone(claimed_by):
            PendingMonth.objects.filter(pk=pk, claimed_by=claimed_by, claimed_at=claimed_at).update(
                claimed_at=None, claimed_by=""
            )
    abandoned = 0
    for run in ComputationRun.objects.filter(status=ComputationRun.Status.RUNNING).only(
        "pk", "month", "worker", "started_at"
    ):
        if run.started_at >= cutoff and not process_is_gone(run.worker):
            continue
        with transaction.atomic():
            stopped = ComputationRun.objects.filter(pk=run.pk, status=ComputationRun.Status.RUNNING).update(
                status=ComputationRun.Status.ABANDONED,
                finished_at=now,
                error=(
                    f"The worker computing this month ({run.worker or 'unknown'}) stopped before it finished "
                    "(killed, or lost). Nothing it computed was kept; the month was queued again."
                ),
            )
            if stopped:
                abandoned += 1
                mark_stale(run.month, last_day=run.month, reason="worker stopped")
    return abandoned


# --- Draining -------------------------------------------------------------------------------------------


@dataclass
class DrainResult:
    computed: list[date] = field(default_factory=list)
    failed: list[date] = field(default_factory=list)
    abandoned_runs: int = 0
    waiting: int = 0


Progress = Callable[[date, ComputationRun | None, BaseException | None], None]


def drain(*, budget_seconds: float | None = None, on_month: Progress | None = None) -> DrainResult:
    """Compute every waiting month (newest first) until none waits or ``budget_seconds`` have passed.

    A month that fails is retried later (with a growing wait), and the drain goes on with the others.
    """
    from .services import MonthOutsideHorizon, compute_month
    from .statistics import BACKFILL_MONTHS, refresh_statistics

    identity = worker_identity()
    result = DrainResult(abandoned_runs=release_dead())
    fold()
    deadline = None if budget_seconds is None else time.monotonic() + budget_seconds
    tried: set[date] = set()
    while deadline is None or time.monotonic() < deadline:
        claim = claim_next(identity, skip=tried)
        if claim is None and fold():
            claim = claim_next(identity, skip=tried)
        if claim is None:
            break
        try:
            run = compute_month(claim.month, trigger=claim.reason or "queue")
        except MonthOutsideHorizon:
            PendingMonth.objects.filter(pk=claim.pk).delete()
            continue
        except Exception as error:
            logger.exception("Recomputing %s failed; it will be tried again", claim.month)
            fail(claim, error)
            tried.add(claim.month)
            result.failed.append(claim.month)
            if on_month is not None:
                on_month(claim.month, None, error)
            continue
        if not finish(claim):
            tried.discard(claim.month)  # marked again while it ran: it is computed again
        result.computed.append(claim.month)
        if on_month is not None:
            on_month(claim.month, run, None)
    result.waiting = PendingMonth.objects.count() + RecomputeRequest.objects.count()
    if len(result.computed) >= BACKFILL_MONTHS:
        refresh_statistics()
    return result


def drain_and_continue(budget_seconds: float) -> DrainResult:
    """The task's body: drain for a while; if months still wait, send another drain rather than hold
    the worker (the beat would start one within a minute anyway)."""
    result = drain(budget_seconds=budget_seconds)
    claimable = result.waiting and PendingMonth.objects.filter(_claimable(timezone.now())).exists()
    if claimable and not settings.CELERY_TASK_ALWAYS_EAGER:
        send(DRAIN_TASK)
    return result
