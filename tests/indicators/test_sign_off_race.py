"""Signing off a month while it is being computed, on PostgreSQL with real connections racing.

Sign-off and computation take the month's lock first thing in their transactions: a sign-off meeting a
computation waits for it (then signs off every figure it wrote), or, past its wait, says the month is
being computed and changes nothing. Two sign-offs at once: one signs off, the other is told plainly.
"""

import threading
import time
from datetime import date

import pytest
from django.db import connections, transaction

from core.roles import Role
from indicators.models import MonthSignOff, Snapshot, SnapshotKind
from indicators.services import compute_month
from indicators.sign_off import SignOffError, month_sign_off
from tests.factories import user_with_role

from .helpers import ensure_catalogue

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

OCTOBER = date(2026, 10, 1)


def every_figure_is_reported(month: date) -> bool:
    kinds = set(Snapshot.objects.filter(month=month).values_list("kind", flat=True))
    return kinds == {SnapshotKind.REPORTED}


class HeldTables:
    """A third connection holding the drill-down table, so a computation that has taken the month's lock
    stops at its first write, mid-month, until released."""

    def __init__(self) -> None:
        self.connection = connections.create_connection("default")
        self.connection.set_autocommit(False)
        with self.connection.cursor() as cursor:
            cursor.execute("LOCK TABLE indicators_snapshotrecord IN EXCLUSIVE MODE")

    def release(self) -> None:
        self.connection.rollback()
        self.connection.close()


def in_thread(work, results: list) -> threading.Thread:
    def run() -> None:
        try:
            results.append(work())
        except Exception as error:
            results.append(error)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def wait_for_the_month_lock_to_be_taken(month: date) -> None:
    """Until the computation holds the month's lock (visible in pg_locks from any connection)."""
    key = month.year * 100 + month.month
    probe = connections.create_connection("default")
    try:
        for _ in range(200):
            with probe.cursor() as cursor:
                cursor.execute(
                    "SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND classid = 7301 AND objid = %s AND granted",
                    [key],
                )
                if cursor.fetchone():
                    return
            time.sleep(0.05)
    finally:
        probe.close()
    raise AssertionError("the computation never took the month's lock")


@pytest.fixture
def computed_october():
    ensure_catalogue()
    compute_month(OCTOBER, trigger="test")
    return user_with_role("officer", Role.PERFORMANCE_OFFICER)


def test_a_sign_off_that_meets_a_computation_waits_for_it_and_signs_off_every_figure(computed_october):
    held = HeldTables()
    computing: list = []
    thread = in_thread(lambda: compute_month(OCTOBER, trigger="racing"), computing)
    wait_for_the_month_lock_to_be_taken(OCTOBER)

    signing: list = []
    signer = in_thread(lambda: month_sign_off(month=OCTOBER, by=computed_october, wait_seconds=30), signing)
    time.sleep(0.5)
    assert signing == [], "the sign-off waits while the month is computed"
    held.release()
    thread.join(30)
    signer.join(30)

    assert not isinstance(computing[0], Exception), computing
    assert isinstance(signing[0], MonthSignOff), signing
    assert every_figure_is_reported(OCTOBER)
    assert Snapshot.objects.filter(month=OCTOBER, kind=SnapshotKind.REPORTED, scope_key="authority").count() == 48


def test_a_sign_off_that_cannot_wait_says_the_month_is_being_computed_and_changes_nothing(computed_october):
    held = HeldTables()
    computing: list = []
    thread = in_thread(lambda: compute_month(OCTOBER, trigger="racing"), computing)
    wait_for_the_month_lock_to_be_taken(OCTOBER)
    try:
        with pytest.raises(SignOffError, match="October's figures are being computed; try again in a minute"):
            month_sign_off(month=OCTOBER, by=computed_october, wait_seconds=0.5)
    finally:
        held.release()
        thread.join(30)
    assert not MonthSignOff.objects.exists()
    assert set(Snapshot.objects.filter(month=OCTOBER).values_list("kind", flat=True)) == {SnapshotKind.PROVISIONAL}

    month_sign_off(month=OCTOBER, by=computed_october)
    assert every_figure_is_reported(OCTOBER)


def test_two_sign_offs_at_once_sign_off_once_and_the_second_is_told_plainly(computed_october):
    barrier = threading.Barrier(2)
    results: list = []

    def sign_off():
        barrier.wait()
        return month_sign_off(month=OCTOBER, by=computed_october)

    threads = [in_thread(sign_off, results) for _ in range(2)]
    for thread in threads:
        thread.join(30)

    assert sorted(type(result).__name__ for result in results) == ["MonthSignOff", "SignOffError"], results
    (refusal,) = [result for result in results if isinstance(result, SignOffError)]
    assert str(refusal).startswith("October 2026 is already signed off (by officer)")
    assert MonthSignOff.objects.count() == 1
    assert every_figure_is_reported(OCTOBER)


def test_a_computation_after_sign_off_writes_restated_figures_beside_the_reported_ones(computed_october):
    month_sign_off(month=OCTOBER, by=computed_october)
    with transaction.atomic():
        compute_month(OCTOBER, trigger="correction")
    kinds = set(Snapshot.objects.filter(month=OCTOBER).values_list("kind", flat=True))
    assert kinds == {SnapshotKind.REPORTED, SnapshotKind.RESTATED}
    assert not Snapshot.objects.filter(month=OCTOBER, kind=SnapshotKind.PROVISIONAL).exists()
