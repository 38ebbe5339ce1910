"""Signing a month off: its figures are frozen as reported; later computations write restated ones."""

from datetime import date

from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone

from core.periods import month_start

from .models import MonthSignOff, Snapshot, SnapshotKind
from .scope_rows import common_values, insert_scope_snapshots, unstored_figures
from .services import lock_month


class SignOffError(ValueError):
    pass


SIGN_OFF_WAIT_SECONDS = 20


def month_sign_off(*, month: date, by, wait_seconds: float = SIGN_OFF_WAIT_SECONDS) -> MonthSignOff:
    """Freeze the month's figures as reported. Later recomputation writes restated figures.

    Takes the month's lock first, as ``compute_month`` does: a computation of the month in progress
    is waited for (up to ``wait_seconds``), so the figures signed off are the ones it writes, all of
    them. Past the wait, or when someone else signed it off first, a ``SignOffError`` says so and
    nothing changes.
    """
    month = month_start(month)
    if month >= month_start(timezone.localdate()):
        raise SignOffError(f"{month:%B %Y} has not ended yet: a month can be signed off once it is over.")
    try:
        with transaction.atomic():
            lock_month(month, wait_seconds=wait_seconds)
            return _sign_off_locked(month, by)
    except OperationalError as error:
        if not _is_lock_wait(error):
            raise
        raise SignOffError(
            f"{month:%B}'s figures are being computed; try again in a minute. Nothing was signed off."
        ) from error
    except IntegrityError as error:
        # Only reachable if two sign-offs got past the lock at once, which the lock prevents.
        raise SignOffError(f"{month:%B %Y} is already signed off.") from error


def _is_lock_wait(error: OperationalError) -> bool:
    text = str(error).lower()
    return "lock timeout" in text or "database is locked" in text or "lock_timeout" in text


def _sign_off_locked(month: date, by) -> MonthSignOff:
    existing = MonthSignOff.objects.filter(month=month).select_related("signed_off_by").first()
    if existing is not None:
        who = existing.signed_off_by.get_full_name() or existing.signed_off_by.get_username()
        raise SignOffError(f"{month:%B %Y} is already signed off (by {who}). Nothing was changed.")
    if not Snapshot.objects.filter(month=month, kind=SnapshotKind.PROVISIONAL).exists():
        raise SignOffError(f"{month:%B %Y} has no computed figures yet: compute it first.")
    sign_off = MonthSignOff.objects.create(month=month, signed_off_by=by, signed_off_at=timezone.now())
    already_reported = Snapshot.objects.filter(month=month, kind=SnapshotKind.REPORTED).values("indicator")
    provisional = Snapshot.objects.filter(month=month, kind=SnapshotKind.PROVISIONAL)
    # Hand-reported figures (seed 003's months) stay as they were reported.
    provisional.filter(indicator__in=already_reported).delete()
    provisional.update(kind=SnapshotKind.REPORTED)
    _store_unstored(month)
    return sign_off


def _store_unstored(month: date) -> None:
    """Store the month's "no data" team and worker figures as reported (a provisional month does
    not store them: scope_rows), so that the reported month holds every figure as it was reported."""
    rows = []
    shared = {}
    for unstored in unstored_figures(month, SnapshotKind.REPORTED):
        authority = unstored.authority
        if authority.pk not in shared:
            shared[authority.pk] = common_values(authority)  # reported, as the figures were just made
        figure = unstored.figure
        rows.append((*shared[authority.pk], *unstored.scope, figure.numerator, figure.denominator, figure.value, ""))
    insert_scope_snapshots(rows)
