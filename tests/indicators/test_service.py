"""Storing a month: idempotent, all-or-nothing, frozen at sign-off, restated after; tasks and commands."""

import io
from datetime import date
from decimal import Decimal
from unittest import mock

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from indicators import services, sign_off
from indicators.calculators import CALCULATORS
from indicators.models import ComputationRun, Indicator, Snapshot, SnapshotKind, SnapshotRecord
from kpi_project.celery import app

from .builders import allocate, child, cp_plan, cp_visit, team, worker
from .helpers import ensure_catalogue, figures, records

pytestmark = pytest.mark.django_db

MARCH = date(2024, 3, 1)


@pytest.fixture
def cp_scenario():
    ensure_catalogue()
    planning = team("Planning")
    holder = worker(planning, "Hana")
    visited, overdue = child(), child()
    cp_visit(cp_plan(visited, date(2024, 1, 1)), date(2024, 3, 20))
    overdue_plan = cp_plan(overdue, date(2024, 1, 1))
    cp_visit(overdue_plan, date(2024, 2, 1))
    allocate(visited, holder, date(2024, 1, 1))
    allocate(overdue, holder, date(2024, 1, 1))
    return {"overdue_plan": overdue_plan, "overdue": overdue, "visited": visited}


def stored(month=MARCH):
    return sorted(
        Snapshot.objects.filter(month=month).values_list(
            "indicator__code", "kind", "scope_key", "numerator", "denominator", "value", "rating"
        )
    )


def test_computing_a_month_twice_gives_the_same_rows(cp_scenario):
    services.compute_month(MARCH, trigger="test")
    first, first_records = stored(), SnapshotRecord.objects.count()
    services.compute_month(MARCH, trigger="test")
    assert stored() == first
    assert SnapshotRecord.objects.count() == first_records
    assert ComputationRun.objects.filter(status="succeeded").count() == 2


def test_every_live_indicator_gets_an_authority_figure_and_the_tbc_one_none(cp_scenario):
    services.compute_month(MARCH, trigger="test")
    computed = set(
        Snapshot.objects.filter(month=MARCH, scope_key="authority").values_list("indicator__code", flat=True)
    )
    live = set(Indicator.objects.filter(status="live", code__in=CALCULATORS).values_list("code", flat=True))
    assert computed == live
    assert "CIN" not in computed


def test_a_run_that_fails_midway_leaves_the_previous_figures_and_the_next_run_completes(cp_scenario):
    services.compute_month(MARCH, trigger="test")
    before = stored()
    cp_visit(cp_scenario["overdue_plan"], date(2024, 3, 30))  # would change CP 13
    real_rows = CALCULATORS["W 1"].rows
    failing = mock.patch.object(CALCULATORS["W 1"], "rows", side_effect=RuntimeError("database went away"))
    services.forget_rows_sql()  # the first run built the month's SQL: build it again, through the failing rule
    with failing, pytest.raises(RuntimeError):
        services.compute_month(MARCH, trigger="test")
    assert stored() == before, "nothing half-written"
    failed = ComputationRun.objects.get(status="failed")
    assert "database went away" in failed.error
    assert CALCULATORS["W 1"].rows == real_rows
    services.compute_month(MARCH, trigger="test")
    assert figures("CP 13", MARCH)["authority"] == (2, 2, 100.0)


def drill_downs(month=MARCH):
    return sorted(
        SnapshotRecord.objects.filter(snapshot__month=month).values_list(
            "snapshot__indicator__code", "record_type", "record_id", "in_numerator", "detail", "detail_date"
        )
    )


@pytest.mark.django_db(transaction=True)
def test_a_run_that_fails_while_writing_keeps_every_previous_figure_and_the_next_run_completes(cp_scenario):
    # A real transaction (not the test's savepoint): the failure comes after the month's old rows were
    # deleted and every indicator but the last was written, in the last indicator's drill-down insert.
    services.compute_month(MARCH, trigger="test")
    before, before_records = stored(), drill_downs()
    last_code = [indicator.code for indicator in services.live_indicators() if indicator.code in CALCULATORS][-1]
    real_insert = services._insert_rows
    seen_mid_write = {}

    def insert_then_fail(snapshot, record_type, rows):
        inserted = real_insert(snapshot, record_type, rows)
        if snapshot.indicator.code == last_code:
            seen_mid_write["old snapshots left"] = (
                Snapshot.objects.filter(month=MARCH).exclude(run=snapshot.run).count()
            )
            seen_mid_write["new snapshots"] = Snapshot.objects.filter(run=snapshot.run).count()
            raise RuntimeError("connection lost while writing")
        return inserted

    with mock.patch.object(services, "_insert_rows", side_effect=insert_then_fail), pytest.raises(RuntimeError):
        services.compute_month(MARCH, trigger="test")

    assert seen_mid_write["old snapshots left"] == 0, "the old rows had been deleted when it failed"
    assert seen_mid_write["new snapshots"] > len(CALCULATORS), "and most of the new ones written"
    assert stored() == before, "every previous figure is still there"
    assert drill_downs() == before_records
    failed = ComputationRun.objects.get(status=ComputationRun.Status.FAILED)
    assert "connection lost while writing" in failed.error
    assert failed.finished_at is not None and failed.snapshot_count == 0

    rerun = services.compute_month(MARCH, trigger="test")
    assert rerun.status == ComputationRun.Status.SUCCEEDED
    assert stored() == before, "the next run completes the month with the same rows"
    assert drill_downs() == before_records
    assert set(Snapshot.objects.filter(month=MARCH).values_list("run", flat=True)) == {rerun.pk}


def test_sign_off_freezes_the_figures_and_a_late_record_changes_only_the_restated_one(cp_scenario, cast):
    services.compute_month(MARCH, trigger="test")
    assert figures("CP 13", MARCH)["authority"] == (1, 2, 50.0)
    sign_off.month_sign_off(month=MARCH, by=cast.performance)
    assert figures("CP 13", MARCH, SnapshotKind.REPORTED)["authority"] == (1, 2, 50.0)
    assert not Snapshot.objects.filter(month=MARCH, kind=SnapshotKind.PROVISIONAL).exists()
    reported_records = records("CP 13", MARCH, SnapshotKind.REPORTED)

    cp_visit(cp_scenario["overdue_plan"], date(2024, 3, 28))  # entered late
    services.compute_month(MARCH, trigger="test")

    assert figures("CP 13", MARCH, SnapshotKind.REPORTED)["authority"] == (1, 2, 50.0)
    assert records("CP 13", MARCH, SnapshotKind.REPORTED) == reported_records
    assert figures("CP 13", MARCH, SnapshotKind.RESTATED)["authority"] == (2, 2, 100.0)
    assert records("CP 13", MARCH, SnapshotKind.RESTATED)[cp_scenario["overdue"].pk][0] is True


def test_a_month_cannot_be_signed_off_twice_or_before_it_ends(cp_scenario, cast):
    services.compute_month(MARCH, trigger="test")
    sign_off.month_sign_off(month=MARCH, by=cast.performance)
    with pytest.raises(sign_off.SignOffError, match="already signed off"):
        sign_off.month_sign_off(month=MARCH, by=cast.performance)
    with pytest.raises(sign_off.SignOffError, match="has not ended yet"):
        sign_off.month_sign_off(month=date(2099, 1, 1), by=cast.performance)


def test_sign_off_keeps_hand_reported_figures(cast):
    from indicators.reference import load_reference_data

    list(load_reference_data())
    september = date(2013, 9, 1)
    services.compute_month(september, trigger="test")
    sign_off.month_sign_off(month=september, by=cast.performance)
    reported = Snapshot.objects.get(indicator__code="4.5", month=september, kind="reported", scope_key="authority")
    assert (reported.method, reported.value) == ("manual", 35)


def test_a_changed_rule_moves_the_indicator_to_a_new_definition_version(cp_scenario):
    indicator = Indicator.objects.get(code="CP 13")
    version = indicator.definition_version
    with mock.patch.object(type(CALCULATORS["CP 13"]), "rule_version", 2):
        services.compute_month(MARCH, trigger="test")
    snapshot = Snapshot.objects.get(indicator__code="CP 13", month=MARCH, scope_key="authority")
    assert snapshot.definition_version == version + 1
    assert snapshot.parameters == {"visit_interval_days": 28}


def test_the_beat_schedule_names_registered_tasks_with_expiry_outside_one_to_two_am():
    app.loader.import_default_modules()
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in app.tasks, name
        assert entry["options"]["expires"] > 0
        hours = entry["schedule"].hour
        if len(hours) < 24:  # a task at a time of day; those run every minute or hour do not mind the clocks
            assert not hours & {1}, f"{name} runs between 01:00 and 02:00"


def test_compute_months_task_fans_out_one_task_per_month():
    from indicators.tasks import compute_months

    with mock.patch("indicators.tasks.compute_month.delay") as delay:
        assert compute_months("2023-11", "2024-02") == 4
    assert [call.args[0] for call in delay.call_args_list] == ["2023-11", "2023-12", "2024-01", "2024-02"]


def test_export_snapshots_prints_the_documented_csv(cp_scenario):
    services.compute_month(MARCH, trigger="test", codes=["CP 13"])
    out = io.StringIO()
    call_command("export_snapshots", "--month", "2024-03", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "code,scope,numerator,denominator,value,rating"
    assert lines[1:4] == [
        "CP 13,authority,1,2,50.0,",
        "CP 13,team:Planning,1,2,50.0,",
        "CP 13,worker:Hana Smith,1,2,50.0,",
    ]


def test_export_snapshots_prints_the_figures_with_no_data_a_provisional_month_does_not_store(cp_scenario, cast):
    quiet = team("Quiet")
    worker(quiet, "Quentin")
    services.compute_month(MARCH, trigger="test", codes=["CP 13", "QA 2"])
    assert not Snapshot.objects.filter(scope_name__in=["Quiet", "Quentin Smith"], indicator__code="CP 13").exists()

    def export() -> list[str]:
        out = io.StringIO()
        call_command("export_snapshots", "--month", "2024-03", stdout=out)
        return out.getvalue().splitlines()

    provisional = export()
    # CP 13 (a percentage) has no data for the quiet team and worker; QA 2 (a count) is 0, stored.
    assert "CP 13,team:Quiet,0,0,," in provisional and "CP 13,worker:Quentin Smith,0,0,," in provisional
    assert "QA 2,team:Quiet,0,,0," in provisional
    # Signed off, every figure is stored as reported: the export is the same, line for line.
    sign_off.month_sign_off(month=MARCH, by=cast.performance)
    assert Snapshot.objects.filter(scope_name="Quiet", indicator__code="CP 13", kind="reported").exists()
    assert export() == provisional


def test_compute_snapshots_reports_progress_and_refuses_bad_months(cp_scenario):
    out = io.StringIO()
    call_command("compute_snapshots", "--from", "2024-02", "--to", "2024-03", stdout=out)
    assert "[1/2] 2024-02" in out.getvalue() and "[2/2] 2024-03" in out.getvalue()
    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("compute_snapshots", "--month", "March")
    with pytest.raises(CommandError, match="on or before"):
        call_command("compute_snapshots", "--from", "2024-03", "--to", "2024-02")


@pytest.mark.django_db(transaction=True)
def test_on_sqlite_the_calculators_run_before_the_month_is_written_so_pages_are_not_kept_waiting(cp_scenario):
    # SQLite has one writer: the month's transaction must hold the write lock only to copy the rows,
    # not while the calculators run. On PostgreSQL they run inside it (writers do not block there).
    from django.db import connection

    plans_table = "casework_childprotectionplan"
    reads = []

    def watch(execute, sql, params, many, context):
        if plans_table in sql:
            reads.append(connection.in_atomic_block)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(watch):
        services.compute_month(MARCH, trigger="test", codes=["CP 13"])

    assert reads  # the calculator read the plans
    assert set(reads) == {connection.vendor != "sqlite"}
    assert figures("CP 13", MARCH)["authority"] == (1, 2, 50.0)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_temp_master WHERE name LIKE 'kpi_stage_%'")
            assert cursor.fetchall() == []  # the staged rows are dropped afterwards


def test_a_team_or_worker_with_figures_cannot_be_deleted_and_a_deleted_run_leaves_its_figures(cp_scenario):
    # The references are kept by Django, not by database constraints (see Snapshot).
    from django.db.models import ProtectedError

    from workforce.models import SocialWorker, Team

    run = services.compute_month(MARCH, trigger="test")
    planning = Team.objects.get(name="Planning")
    with pytest.raises(ProtectedError):
        planning.delete()
    with pytest.raises(ProtectedError):
        SocialWorker.objects.get(team=planning).delete()
    with pytest.raises(ProtectedError):
        Indicator.objects.get(code="CP 13").delete()
    count = Snapshot.objects.filter(run=run).count()
    run.delete()
    assert Snapshot.objects.filter(month=MARCH, run__isnull=True).count() == count > 0


def test_team_and_worker_figures_sum_their_rows_and_a_team_without_any_has_no_data_until_sign_off(cp_scenario, cast):
    # One scan of the drill-down gives the authority, each team and each worker (GROUPING SETS on
    # PostgreSQL), the unallocated child its own. A team with no rows has no data: its provisional
    # figure is not stored (the run lists the team), and sign-off stores it as reported, 0/0.
    quiet = team("Quiet")
    cp_plan(child(), date(2024, 1, 1))  # never visited, allocated to no one: overdue
    run = services.compute_month(MARCH, trigger="test", codes=["CP 13"])
    planning = Snapshot.objects.get(month=MARCH, scope_type="team", scope_name="Planning")

    def rows(kind):
        return {
            key: (numerator, denominator, value)
            for key, numerator, denominator, value in Snapshot.objects.filter(month=MARCH, kind=kind).values_list(
                "scope_key", "numerator", "denominator", "value"
            )
        }

    hana = Snapshot.objects.get(month=MARCH, scope_type="worker", scope_name__startswith="Hana").scope_key
    given = {
        "authority": (1, 3, Decimal("33.333333")),
        planning.scope_key: (1, 2, 50),
        "team:unallocated": (0, 1, 0),
        hana: (1, 2, 50),
        "worker:unallocated": (0, 1, 0),
    }
    assert rows(SnapshotKind.PROVISIONAL) == given
    assert [quiet.pk, "Quiet"] in run.scopes["teams"] and run.snapshot_count == 5

    sign_off.month_sign_off(month=MARCH, by=cast.performance)

    # The quiet team, and the cast's teams and workers (none holds a child here), as the run lists them.
    listed = [f"team:{pk}" for pk, _ in run.scopes["teams"]] + [f"worker:{pk}" for pk, _ in run.scopes["workers"]]
    no_data = {key: (0, 0, None) for key in listed if key not in given}
    assert f"team:{quiet.pk}" in no_data and len(no_data) == len(listed) - 2  # Planning and Hana have data
    assert rows(SnapshotKind.REPORTED) == {**given, **no_data}
    reported = Snapshot.objects.get(month=MARCH, kind=SnapshotKind.REPORTED, scope_key=f"team:{quiet.pk}")
    assert (reported.scope_name, reported.team_id, reported.run_id, reported.rating) == ("Quiet", quiet.pk, run.pk, "")
