"""The durable recomputation queue: saves mark months in their own transaction, the drain computes each
month once however many saves touched it, a month marked again while it was computed is computed again,
a failed month is retried later, and what a stopped worker left is taken back."""

import io
import os
import socket
import subprocess
import sys
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from casework import services as casework
from core.horizon import figures_horizon, note_history
from core.models import FiguresHorizon, PendingMonth, RecomputeRequest
from core.recompute import mark_stale, queue_summary
from indicators import queue
from indicators.models import ComputationRun, Indicator, Snapshot
from indicators.services import MonthOutsideHorizon, compute_month
from tests.factories import ChildFactory

from .helpers import ensure_catalogue

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
MAY_15 = datetime(2024, 5, 15, 12, 0, tzinfo=LONDON)
MARCH, APRIL, MAY = date(2024, 3, 1), date(2024, 4, 1), date(2024, 5, 1)


def runs_by_month() -> dict[date, int]:
    counts: dict[date, int] = {}
    for month in ComputationRun.objects.values_list("month", flat=True):
        counts[month] = counts.get(month, 0) + 1
    return counts


def a_dead_pid() -> int:
    """The pid of a process that has just ended (so no process of this machine has it now)."""
    finished = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    return int(finished.stdout)


@time_machine.travel(MAY_15, tick=False)
def test_fifty_saves_touching_march_make_one_computation_of_each_month_from_march():
    ensure_catalogue()
    child = ChildFactory(date_of_birth=date(2015, 1, 1))
    RecomputeRequest.objects.all().delete()
    for day in range(50):
        casework.contact_create(
            child=child, received_at=datetime(2024, 3, 1 + day % 28, 9, day, tzinfo=LONDON), by=None
        )
    assert RecomputeRequest.objects.count() == 50

    result = queue.drain()

    assert sorted(result.computed) == [MARCH, APRIL, MAY]
    assert runs_by_month() == {MARCH: 1, APRIL: 1, MAY: 1}
    assert not PendingMonth.objects.exists() and not RecomputeRequest.objects.exists()
    assert queue_summary().is_empty


@time_machine.travel(MAY_15, tick=False)
def test_the_months_are_computed_newest_first():
    ensure_catalogue()
    mark_stale(date(2024, 3, 9), reason="record saved")
    assert queue.drain().computed == [MAY, APRIL, MARCH]


@time_machine.travel(MAY_15, tick=False)
def test_a_month_marked_again_while_it_was_computed_is_computed_again():
    ensure_catalogue()
    mark_stale(date(2024, 5, 2), reason="record saved")
    queue.fold()
    claim = queue.claim_next("here:1")
    assert claim.month == MAY

    # A save commits while May is being computed: it may not be in the figures being written.
    mark_stale(date(2024, 5, 3), reason="record saved")
    queue.fold()
    assert queue.finish(claim) is False  # not cleared: released, to be computed again

    assert PendingMonth.objects.get().claimed_at is None
    assert queue.drain().computed == [MAY]
    assert not PendingMonth.objects.exists()


@time_machine.travel(MAY_15, tick=False)
def test_two_drains_never_claim_the_same_month():
    mark_stale(date(2024, 4, 2), reason="record saved")
    queue.fold()
    first = queue.claim_next("host-a:1")
    second = queue.claim_next("host-b:2")
    third = queue.claim_next("host-c:3")
    assert {first.month, second.month} == {APRIL, MAY}
    assert third is None


def test_a_failing_month_is_retried_later_and_nothing_is_lost():
    ensure_catalogue()
    supervision = Indicator.objects.get(code="QA 1")
    with time_machine.travel(MAY_15, tick=False):
        supervision.parameters = {"supervision_interval_days": "twenty-eight"}  # a bad configuration
        supervision.save()
        mark_stale(date(2024, 5, 2), reason="record saved")
        result = queue.drain()
        assert result.computed == [] and result.failed == [MAY]
        waiting = PendingMonth.objects.get()
        assert waiting.attempts == 1 and "TypeError" in waiting.last_error
        assert waiting.retry_after == MAY_15 + timedelta(minutes=1)
        assert queue.drain().failed == []  # not tried again before its wait is over
        supervision.parameters = {}
        supervision.save()
    with time_machine.travel(MAY_15 + timedelta(minutes=2), tick=False):
        assert queue.drain().computed == [MAY]
    assert not PendingMonth.objects.exists()


@time_machine.travel(MAY_15, tick=False)
def test_a_run_and_a_claim_left_by_a_process_that_is_gone_are_taken_back_at_the_next_drain():
    ensure_catalogue()
    dead = f"{socket.gethostname()}:{a_dead_pid()}"
    mark_stale(date(2024, 5, 2), reason="record saved")
    queue.fold()
    PendingMonth.objects.update(claimed_at=timezone.now(), claimed_by=dead)
    stopped = ComputationRun.objects.create(month=MAY, trigger="record saved", started_at=timezone.now(), worker=dead)

    result = queue.drain()

    stopped.refresh_from_db()
    assert stopped.status == ComputationRun.Status.ABANDONED
    assert "stopped before it finished" in stopped.error
    assert result.abandoned_runs == 1 and result.computed == [MAY]
    assert ComputationRun.objects.filter(month=MAY, status="succeeded").count() == 1
    assert not PendingMonth.objects.exists()


def test_a_run_of_another_machine_is_taken_for_dead_only_once_it_outlives_the_lease(settings):
    ensure_catalogue()
    settings.KPI_COMPUTE_LEASE_SECONDS = 600
    with time_machine.travel(MAY_15, tick=False):
        elsewhere = ComputationRun.objects.create(
            month=APRIL, trigger="nightly", started_at=timezone.now(), worker="another-host:42"
        )
    with time_machine.travel(MAY_15 + timedelta(minutes=9), tick=False):
        assert queue.release_dead() == 0
    with time_machine.travel(MAY_15 + timedelta(minutes=11), tick=False):
        assert queue.release_dead() == 1
        elsewhere.refresh_from_db()
        assert elsewhere.status == ComputationRun.Status.ABANDONED
        # Its month goes back on the queue (it was not marked: the nightly computed it).
        assert list(RecomputeRequest.objects.values_list("first_month", "last_month", "reason")) == [
            (APRIL, APRIL, "worker stopped")
        ]


@time_machine.travel(MAY_15, tick=False)
def test_nothing_a_user_types_queues_a_month_before_the_horizon():
    RecomputeRequest.objects.all().delete()
    assert figures_horizon() == date(2014, 5, 1)  # ten years before May 2024

    mark_stale(date(1901, 12, 1), reason="record saved")

    assert list(RecomputeRequest.objects.values_list("first_month", "last_month")) == [(date(2014, 5, 1), MAY)]
    assert queue_summary().count == 121  # May 2014 to May 2024


@time_machine.travel(MAY_15, tick=False)
def test_the_horizon_reaches_back_to_imported_history_and_an_administrator_may_set_it():
    note_history(date(2011, 7, 19))
    assert figures_horizon() == date(2011, 7, 1)
    note_history(date(2013, 1, 1))  # later history does not move it forward
    assert figures_horizon() == date(2011, 7, 1)
    FiguresHorizon.objects.filter(pk=1).update(first_month=date(2020, 4, 1))
    assert figures_horizon() == date(2020, 4, 1)


@time_machine.travel(MAY_15, tick=False)
def test_a_month_before_the_horizon_is_not_computed_nor_offered():
    ensure_catalogue()
    FiguresHorizon.objects.update_or_create(pk=1, defaults={"first_month": date(2024, 4, 1)})
    with pytest.raises(MonthOutsideHorizon):
        compute_month(MARCH, trigger="test")
    out = io.StringIO()
    with pytest.raises(Exception, match="before the first month of figures, April 2024"):
        call_command("compute_snapshots", "--month", "2024-03", stdout=out)
    assert not Snapshot.objects.filter(month=MARCH).exists()


@time_machine.travel(MAY_15, tick=False)
def test_compute_snapshots_pending_drains_the_queue_with_progress():
    ensure_catalogue()
    mark_stale(date(2024, 4, 20), reason="record saved")
    out = io.StringIO()

    call_command("compute_snapshots", "--pending", stdout=out)

    lines = out.getvalue().splitlines()
    assert lines[0].startswith("2 month(s) waiting, the oldest since 2024-05-15 12:00")
    assert lines[1].startswith("[1/2] 2024-05: 48 snapshots in ")
    assert lines[2].startswith("[2/2] 2024-04: 48 snapshots in ")
    assert lines[3].startswith("Computed 2 month(s) in ")
    out = io.StringIO()
    call_command("compute_snapshots", "--pending", stdout=out)
    assert out.getvalue() == "No month is waiting for recomputation.\n"


@time_machine.travel(MAY_15, tick=False)
def test_a_rolled_back_save_marks_nothing():
    child = ChildFactory()
    RecomputeRequest.objects.all().delete()
    with pytest.raises(RuntimeError), transaction.atomic():
        casework.contact_create(child=child, received_at=MAY_15 - timedelta(days=3), by=None)
        assert RecomputeRequest.objects.count() == 1
        raise RuntimeError("the request failed after the save")
    assert not RecomputeRequest.objects.exists()


@time_machine.travel(MAY_15, tick=False)
def test_the_admin_and_the_sign_off_pages_say_how_many_months_wait_and_since_when(cast, client_for):
    mark_stale(date(2024, 3, 2), reason="record saved")
    admin_page = client_for(cast.admin).get("/admin/core/pendingmonth/").content.decode()
    sign_off = client_for(cast.performance).get(reverse("indicators:sign_off")).content.decode()
    assert "3 months wait for recomputation, the oldest since 15 May 2024 12:00" in admin_page
    assert "3 months are waiting for recomputation, the oldest since 15 May 2024 at 12:00" in sign_off
    assert "May 2024, April 2024, March 2024." in sign_off


def test_every_task_is_acknowledged_late_and_handed_back_if_its_worker_dies():
    from kpi_project.celery import app

    app.loader.import_default_modules()
    ours = [task for name, task in app.tasks.items() if name.split(".")[0] in ("indicators", "imports")]
    assert len(ours) >= 7
    for task in ours:
        assert task.acks_late and task.reject_on_worker_lost, task.name


def test_the_redis_visibility_timeout_is_above_the_longest_task():
    from django.conf import settings

    env = {
        **os.environ,
        "CELERY_BROKER_URL": "redis://127.0.0.1:6379/0",
        "DJANGO_SETTINGS_MODULE": "kpi_project.settings",
    }
    finished = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.CELERY_BROKER_TRANSPORT_OPTIONS"
         "['visibility_timeout'])"],
        env=env, capture_output=True, text=True, cwd=settings.BASE_DIR, check=True,
    )  # fmt: skip
    longest = max(settings.KPI_IMPORT_TIME_LIMIT_SECONDS, settings.KPI_DRAIN_BUDGET_SECONDS + 60)
    assert int(finished.stdout) > longest
