"""Computing and storing a month's figures, and signing a month off.

``compute_month`` is the single unit of work: it computes every live indicator for the
authority, every team and every worker, and stores the figures and their drill-down
records in one transaction. Running it twice gives the same rows; a run killed midway
leaves the previous figures in place (the queue's drain finds its ``ComputationRun`` left
"running", records it as abandoned and queues the month again: ``indicators.queue``).
Before sign-off a month's figures are *provisional* and
replaced on every run; once signed off they are kept as *reported* and never change,
and later runs write *restated* figures beside them.
"""

import json
import logging
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Max, Sum
from django.utils import timezone

from core.calendar import calendar_last_day, ensure_calendar
from core.horizon import figures_horizon
from core.periods import month_start
from workforce.models import SocialWorker, Team
from workforce.selectors import open_on

from .calculators import CALCULATORS
from .calculators.base import (
    ROW_TEAM_SQL,
    ROW_WORKER_SQL,
    Calculator,
    Context,
    Month,
)
from .models import (
    ComputationRun,
    Indicator,
    IndicatorStatus,
    Method,
    MonthSignOff,
    ScopeType,
    Snapshot,
    SnapshotKind,
    SnapshotRecord,
)
from .queue import worker_identity
from .scope_rows import (
    Figure,
    calculator_for,
    common_values,
    empty_figure,
    figure_from_totals,
    insert_scope_snapshots,
    rated,
    scopes_for_run,
    thresholds_for,
)

logger = logging.getLogger(__name__)

UNALLOCATED = "Unallocated"


# --- Catalogue -------------------------------------------------------------------------


def sync_rule_versions() -> None:
    """A calculator whose rule changed in code moves its indicator to a new definition version."""
    for indicator in Indicator.objects.filter(code__in=CALCULATORS):
        calculator = CALCULATORS[indicator.calculator or indicator.code]
        if indicator.rule_version != calculator.rule_version:
            indicator.rule_version = calculator.rule_version
            indicator.definition_version += 1
            indicator.save(update_fields=["rule_version", "definition_version"])


def live_indicators():
    return (
        Indicator.objects.filter(status=IndicatorStatus.LIVE)
        .select_related("thresholds")
        .order_by("catalogue_position", "code")
    )


# --- Computing a month ----------------------------------------------------------------


@dataclass
class Staged:
    """A calculator's rows as SQL to select from: its query, or a temporary table holding its result."""

    sql: str
    params: list
    table: str = ""


def _stage(indicators: list[Indicator], month: Month) -> dict[int, Staged]:
    """Each indicator's rows, ready to copy into its snapshot.

    SQLite has one writer at a time and the month is written in one transaction: if the
    calculators ran inside it, the web pages (which save sessions and audit entries) would wait
    for the whole computation. There each calculator's rows are first selected into a temporary
    table, outside the transaction (writing only the connection's own temporary database), so
    the transaction holds the write lock only while copying them. PostgreSQL runs the
    calculators inside the transaction: its writers do not block each other here.
    """
    staged = {}
    for number, indicator in enumerate(indicators):
        calculator = calculator_for(indicator)
        sql, params = rows_sql(calculator, month, calculator.parameters(indicator.parameters))
        if connection.vendor != "sqlite":
            staged[indicator.pk] = Staged(sql, list(params))
            continue
        table = f"kpi_stage_{number}"
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS temp.{table}")
            cursor.execute(f"CREATE TEMP TABLE {table} AS {sql}", params)
        staged[indicator.pk] = Staged(f"SELECT * FROM temp.{table}", [], table)
    return staged


def rows_sql(calculator: Calculator, month: Month, parameters: dict) -> tuple[str, tuple]:
    """The calculator's rows for the month as SQL and parameters, built once per process for each
    month and parameters: building them is Django's work, not the database's (a tenth of a large
    month), and the queue's drain recomputes the same recent months all day. The SQL is a pure
    function of the rule's code, the month and the parameters: no query is made to build it."""
    key = (
        calculator.code,
        type(calculator),
        month,
        json.dumps(parameters, sort_keys=True, default=repr),
        connection.vendor,
        settings.TIME_ZONE,
    )
    built = _ROWS_SQL.get(key)
    if built is None:
        sql, params = calculator.rows(Context(month, parameters)).query.sql_with_params()
        if len(_ROWS_SQL) >= _ROWS_SQL_LIMIT:
            _ROWS_SQL.clear()
        built = _ROWS_SQL[key] = (sql, tuple(params))
    return built


def forget_rows_sql() -> None:
    """Build every rule's SQL again on its next use (a test that makes a rule's build fail)."""
    _ROWS_SQL.clear()


# Some 50 indicators for a dozen months: a few megabytes.
_ROWS_SQL: dict[tuple, tuple[str, tuple]] = {}
_ROWS_SQL_LIMIT = 600


def _drop_staged(staged: dict[int, Staged]) -> None:
    with connection.cursor() as cursor:
        for rows in staged.values():
            if rows.table:
                cursor.execute(f"DROP TABLE IF EXISTS temp.{rows.table}")


def lock_month(month: date, *, wait_seconds: float | None = None) -> None:
    """The month's lock, for the rest of the transaction: computing a month and signing it off take
    it first thing in their transaction, so they never interleave. On SQLite the transaction's write
    lock (taken at BEGIN IMMEDIATE) already does this. ``wait_seconds``: give up after that long
    (``OperationalError``) rather than wait for the other to finish."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            if wait_seconds is not None:
                cursor.execute(f"SET LOCAL lock_timeout = '{int(wait_seconds * 1000)}ms'")
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [7301, month.year * 100 + month.month])
            if wait_seconds is not None:
                cursor.execute("SET LOCAL lock_timeout = DEFAULT")


def _insert_rows(snapshot: Snapshot, record_type: str, rows: "Staged") -> int:
    """INSERT ... SELECT the calculator's rows as the snapshot's drill-down, in the database."""
    sql, params = rows.sql, rows.params
    quote = connection.ops.quote_name
    columns = ", ".join(
        quote(name)
        for name in (
            "snapshot_id",
            "record_type",
            "record_id",
            "child_id",
            "team_id",
            "worker_id",
            "in_numerator",
            "numerator",
            "denominator",
            "reference_date",
            "detail_date",
            "detail",
        )
    )
    statement = (
        # Materialised: each row's allocation (read twice, for its team and its worker) is looked up
        # once. Rows staged in a temporary table (SQLite) are read from it as they are.
        f"WITH q AS {'' if rows.table else 'MATERIALIZED '}({sql}) "
        f"INSERT INTO {quote(SnapshotRecord._meta.db_table)} ({columns}) "
        f"SELECT %s, %s, q.row_record, q.row_child, {ROW_TEAM_SQL}, {ROW_WORKER_SQL}, "
        "CASE WHEN q.row_numerator > 0 THEN %s ELSE %s END, "
        "q.row_numerator, q.row_denominator, q.row_reference_date, q.row_detail_date, q.row_detail "
        "FROM q"
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, [*params, snapshot.pk, record_type, True, False])
        return cursor.rowcount


@dataclass
class Scopes:
    """The teams and workers given a figure each month (active teams, workers in post at the
    month's end), and the names of any others the month's rows name (a worker who has left but
    still holds a child): looked up together, once a month, not one query each per indicator."""

    teams: dict[int, str]
    workers: dict[int, str]
    others: dict[tuple[type, int], str] = field(default_factory=dict)

    @classmethod
    def at(cls, month: Month) -> "Scopes":
        teams = dict(Team.objects.filter(is_active=True).values_list("pk", "name"))
        workers = {
            worker.pk: worker.full_name
            for worker in SocialWorker.objects.filter(open_on(month.last)).only("pk", "first_name", "last_name")
        }
        return cls(teams, workers)

    def know(self, team_ids, worker_ids) -> None:
        """Look up, in one query per model, the names of the teams and workers not known yet."""
        for model, ids, known in ((Team, team_ids, self.teams), (SocialWorker, worker_ids, self.workers)):
            missing = {pk for pk in ids if pk is not None and pk not in known and (model, pk) not in self.others}
            for instance in model.objects.filter(pk__in=missing):
                self.others[(model, instance.pk)] = str(instance)
            for pk in missing:
                self.others.setdefault((model, pk), f"#{pk}")

    def team_name(self, team_id: int | None) -> str:
        return UNALLOCATED if team_id is None else self.teams.get(team_id) or self._other(Team, team_id)

    def worker_name(self, worker_id: int | None) -> str:
        return UNALLOCATED if worker_id is None else self.workers.get(worker_id) or self._other(SocialWorker, worker_id)

    def _other(self, model, pk: int) -> str:
        if (model, pk) not in self.others:
            self.know([pk] if model is Team else [], [pk] if model is SocialWorker else [])
        return self.others[(model, pk)]


def _compute_indicator(
    indicator: Indicator, month: Month, kind: str, run: ComputationRun, scopes: Scopes, now, rows: Staged
) -> int:
    calculator = calculator_for(indicator)
    parameters = calculator.parameters(indicator.parameters)
    thresholds = thresholds_for(indicator)
    common = {
        "indicator": indicator,
        "month": month.first,
        "kind": kind,
        "definition_version": indicator.definition_version,
        "parameters": parameters,
        "method": Method.COMPUTED,
        "computed_at": now,
        "run": run,
    }
    authority = Snapshot.objects.create(
        scope_type=ScopeType.AUTHORITY, scope_key="authority", scope_name=settings.AUTHORITY_NAME, **common
    )
    _insert_rows(authority, calculator.record_type, rows)

    totals, by_team, by_worker = _scope_totals(
        authority, teams=indicator.has_team_scope, workers=indicator.has_worker_scope
    )
    scopes.know(by_team, by_worker)

    def figure(totals: dict) -> Figure:
        return figure_from_totals(calculator, indicator.unit, totals["total"], totals["count"], totals["largest"])

    authority.numerator, authority.denominator, authority.value, authority.rating = rated(
        indicator, figure(totals), thresholds
    )
    authority.save(update_fields=["numerator", "denominator", "value", "rating"])
    # Team and worker snapshots (tens of thousands a month for a large authority) are written
    # as plain rows in one COPY or executemany: building a model instance for each cost more
    # than computing the figures. The columns every row shares are prepared once; the figures
    # are Decimals or None, which every backend's driver takes as they are.
    shared = common_values(authority)
    empty = rated(indicator, empty_figure(indicator), thresholds)
    # A provisional team or worker figure with no records and no value is "no data": not stored
    # (two in three of a large month's), the run's scopes say it was given (scope_rows).
    skip_empty = kind == SnapshotKind.PROVISIONAL and empty[2] is None

    def scope_rows(scope_type: str, ids, sums_by_id: dict, name_of) -> list[tuple]:
        made = []
        for pk in sorted(ids, key=lambda pk: (pk is None, pk or 0)):
            sums = sums_by_id.get(pk)
            if sums is None and skip_empty:
                continue
            key = f"{scope_type}:unallocated" if pk is None else f"{scope_type}:{pk}"
            team_id, worker_id = (pk, None) if scope_type == ScopeType.TEAM else (None, pk)
            figures = empty if sums is None else rated(indicator, figure(sums), thresholds)
            made.append((*shared, scope_type, key, name_of(pk)[:200], team_id, worker_id, *figures))
        return made

    new_rows = []
    if indicator.has_team_scope:
        new_rows += scope_rows(ScopeType.TEAM, set(scopes.teams) | set(by_team), by_team, scopes.team_name)
    if indicator.has_worker_scope:
        new_rows += scope_rows(ScopeType.WORKER, set(scopes.workers) | set(by_worker), by_worker, scopes.worker_name)
    insert_scope_snapshots(new_rows)
    return 1 + len(new_rows)


_EMPTY_TOTALS = {"total": None, "count": None, "largest": None}


def _scope_totals(authority: Snapshot, *, teams: bool, workers: bool) -> tuple[dict, dict, dict]:
    """The sums of the authority's drill-down rows (numerators, denominators, largest numerator):
    all of them, by team (when ``teams``) and by worker (when ``workers``).

    PostgreSQL reads the rows once for all three (GROUPING SETS); elsewhere one query each.
    Each is ``{"total", "count", "largest"}``; the team and worker sums are keyed by id (None for
    the rows allocated to no one)."""
    records = SnapshotRecord.objects.filter(snapshot=authority)
    sums = {"total": Sum("numerator"), "count": Sum("denominator"), "largest": Max("numerator")}
    if connection.vendor != "postgresql":
        by_team = {row.pop("team_id"): row for row in records.values("team_id").annotate(**sums)} if teams else {}
        by_worker = (
            {row.pop("worker_id"): row for row in records.values("worker_id").annotate(**sums)} if workers else {}
        )
        return records.aggregate(**sums), by_team, by_worker
    sets = ["()"] + (["(team_id)"] if teams else []) + (["(worker_id)"] if workers else [])
    table = connection.ops.quote_name(SnapshotRecord._meta.db_table)
    with connection.cursor() as cursor:
        # GROUPING(column) is 0 on the rows grouped by that column, 1 on the total's.
        cursor.execute(
            f"SELECT {'GROUPING(team_id)' if teams else '1'}, {'GROUPING(worker_id)' if workers else '1'}, "
            f"{'team_id' if teams else 'NULL'}, {'worker_id' if workers else 'NULL'}, "
            "SUM(numerator), SUM(denominator), MAX(numerator) "
            f"FROM {table} WHERE snapshot_id = %s GROUP BY GROUPING SETS ({', '.join(sets)})",
            [authority.pk],
        )
        rows = cursor.fetchall()
    totals, by_team, by_worker = dict(_EMPTY_TOTALS), {}, {}
    for all_teams, all_workers, team_id, worker_id, total, count, largest in rows:
        sums_of_row = {"total": total, "count": count, "largest": largest}
        if not all_teams:
            by_team[team_id] = sums_of_row
        elif not all_workers:
            by_worker[worker_id] = sums_of_row
        else:
            totals = sums_of_row
    return totals, by_team, by_worker


class MonthOutsideHorizon(ValueError):
    """The month is before the authority's first month of figures (``core.horizon``)."""


def compute_month(month: date, *, trigger: str, codes: list[str] | None = None) -> ComputationRun:
    """Compute and store every live indicator (or those in ``codes``) for the month."""
    month = month_start(month)
    horizon = figures_horizon()
    if month < horizon:
        raise MonthOutsideHorizon(
            f"{month:%B %Y} is before the first month of figures ({horizon:%B %Y}): it is not computed. "
            "An administrator can move the first month of figures in the admin (Figures horizon)."
        )
    ensure_calendar(calendar_last_day(timezone.localdate()))
    sync_rule_versions()
    run = ComputationRun.objects.create(
        month=month, trigger=trigger[:30], started_at=timezone.now(), worker=worker_identity()
    )
    indicators = [indicator for indicator in live_indicators() if calculator_for(indicator) is not None]
    if codes is not None:
        indicators = [indicator for indicator in indicators if indicator.code in codes]
    period = Month(month)
    staged = {}
    try:
        staged = _stage(indicators, period)
        with transaction.atomic():
            lock_month(month)
            signed_off = MonthSignOff.objects.filter(month=month).exists()
            kind = SnapshotKind.RESTATED if signed_off else SnapshotKind.PROVISIONAL
            _delete_computed(month, kind, indicators)
            now = timezone.now()
            scopes = Scopes.at(period)
            run.scopes = scopes_for_run(scopes.teams, scopes.workers)
            count = 0
            for indicator in indicators:
                count += _compute_indicator(indicator, period, kind, run, scopes, now, staged[indicator.pk])
            run.status = ComputationRun.Status.SUCCEEDED
            run.snapshot_count = count
            run.finished_at = timezone.now()
            run.save(update_fields=["status", "snapshot_count", "finished_at", "scopes"])
    except Exception as error:
        ComputationRun.objects.filter(pk=run.pk).update(
            status=ComputationRun.Status.FAILED, error=repr(error)[:2000], finished_at=timezone.now()
        )
        logger.exception("Computing %s failed", month)
        raise
    finally:
        _drop_staged(staged)
    return run


def _delete_computed(month: date, kind: str, indicators: list[Indicator]) -> None:
    stale = Snapshot.objects.filter(month=month, kind=kind, method=Method.COMPUTED, indicator__in=indicators)
    SnapshotRecord.objects.filter(snapshot__in=stale.filter(scope_type=ScopeType.AUTHORITY))._raw_delete(
        connection.alias
    )
    stale._raw_delete(connection.alias)


def figures_for_month(
    month: date, *, sources: set[str] | None = None, codes: list[str] | None = None
) -> dict[str, Figure]:
    """Authority figures for the month, computed now and not stored (for reconciliation).

    With ``sources``, every calculator counts only records from those sources (e.g. only
    what an SSDA903 return brought in).
    """
    period = Month(month_start(month))
    results = {}
    for indicator in live_indicators():
        calculator = calculator_for(indicator)
        if calculator is None or (codes is not None and indicator.code not in codes):
            continue
        context = Context(period, calculator.parameters(indicator.parameters), frozenset(sources) if sources else None)
        sql, params = calculator.rows(context).query.sql_with_params()
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT SUM(q.row_numerator), SUM(q.row_denominator), MAX(q.row_numerator) FROM ({sql}) q", params
            )
            total, count, largest = cursor.fetchone()
        results[indicator.code] = figure_from_totals(
            calculator, indicator.unit, _to_decimal(total), _to_decimal(count), _to_decimal(largest)
        )
    return results


def _to_decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


# --- Sign-off ---------------------------------------------------------------------------
