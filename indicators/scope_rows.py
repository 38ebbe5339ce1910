"""A figure from its rows' sums, and the rows of the team and worker figures as they are written.

A large authority's month has tens of thousands of team and worker figures, two in three of them
with no records at all. Before a month is signed off those "no data" figures are not stored (each
row costs the snapshot table's five indexes a write): the computation's run lists every team and
worker it gave a figure (``ComputationRun.scopes``), and ``unstored_scopes`` reads them back where
every scope must be listed: ``export_snapshots`` prints them, and sign-off stores them as reported,
so a reported month holds every figure as it was reported and a restatement compares with it.
A figure with no records that is not "no data" (a count of 0) is stored like any other.
"""

import json
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection

from .bands import Thresholds, rate
from .calculators import CALCULATORS
from .calculators.base import COUNT, MAXIMUM, Calculator
from .models import ComputationRun, Indicator, Method, ScopeType, Snapshot, SnapshotKind, ThresholdSet, Unit

_VALUE_PLACES = Decimal("0.000001")


@dataclass(frozen=True)
class Figure:
    numerator: Decimal | None
    denominator: Decimal | None
    value: Decimal | None


def figure_from_totals(
    calculator: Calculator, unit: str, total: Decimal | None, count: Decimal | None, largest
) -> Figure:
    """The figure for one scope from its rows' sums (``total`` of numerators, ``count`` of
    denominators) and largest numerator."""
    total = Decimal(total or 0)
    count = Decimal(count or 0)
    if calculator.aggregation == COUNT:
        return Figure(total, None, total)
    if calculator.aggregation == MAXIMUM:
        value = Decimal(largest) if largest is not None else None
        return Figure(value, count, value)
    if not count:
        return Figure(total, count, None)
    value = total / count
    if unit == Unit.PERCENTAGE:
        value *= 100
    return Figure(total, count, value.quantize(_VALUE_PLACES))


def calculator_for(indicator: Indicator) -> Calculator | None:
    return CALCULATORS.get(indicator.calculator or indicator.code)


def thresholds_for(indicator: Indicator) -> Thresholds | None:
    try:
        bands = indicator.thresholds
    except ThresholdSet.DoesNotExist:
        return None
    return Thresholds.parse(bands.outstanding, bands.good, bands.adequate)


def rated(indicator: Indicator, result: Figure, thresholds: Thresholds | None) -> tuple:
    """The figure's stored columns: numerator, denominator, value and rating."""
    rating = rate(result.value, thresholds, indicator.polarity)
    return result.numerator, result.denominator, result.value, rating.value if rating else ""


def empty_figure(indicator: Indicator) -> Figure:
    """The figure of a scope with no records: 0 for a count, no value otherwise."""
    return figure_from_totals(calculator_for(indicator), indicator.unit, None, None, None)


# --- The scopes given a figure --------------------------------------------------------


def scopes_for_run(teams: dict[int, str], workers: dict[int, str]) -> dict:
    """``ComputationRun.scopes``: the month's teams and workers with their names, by id."""
    return {
        "teams": [[pk, name] for pk, name in sorted(teams.items())],
        "workers": [[pk, name] for pk, name in sorted(workers.items())],
    }


def _scope_index(run_scopes: dict) -> dict[str, tuple]:
    """The run's teams, then workers, by scope key: (scope type, key, name, team id, worker id)."""
    index = {}
    for pk, name in run_scopes.get("teams", []):
        index[f"team:{pk}"] = (ScopeType.TEAM, f"team:{pk}", name[:200], pk, None)
    for pk, name in run_scopes.get("workers", []):
        index[f"worker:{pk}"] = (ScopeType.WORKER, f"worker:{pk}", name[:200], None, pk)
    return index


def _has_scope(indicator: Indicator, scope_type: str) -> bool:
    return indicator.has_team_scope if scope_type == ScopeType.TEAM else indicator.has_worker_scope


def unstored_scopes(indicator: Indicator, run_scopes: dict, stored_keys: set[str]) -> list[tuple]:
    """The run's teams and workers with no stored figure for the indicator (their figure is "no
    data"), as (scope type, key, name, team id, worker id)."""
    return [
        scope
        for key, scope in _scope_index(run_scopes).items()
        if key not in stored_keys and _has_scope(indicator, scope[0])
    ]


@dataclass(frozen=True)
class Unstored:
    """A team or worker figure given by a computation but not stored: its authority's snapshot,
    its scope (type, key, name, team id, worker id) and its figure."""

    authority: Snapshot
    scope: tuple
    figure: Figure


def unstored_figures(month, kind: str, codes: list[str] | None = None) -> list[Unstored]:
    """The month's team and worker figures of this kind (of these indicators) that were given but not
    stored (two queries: the authority's snapshots with their indicators and runs, and the stored keys)."""
    snapshots = Snapshot.objects.filter(month=month, kind=kind)
    if codes is not None:
        snapshots = snapshots.filter(indicator__code__in=codes)
    authority = list(
        snapshots.filter(scope_type=ScopeType.AUTHORITY, method=Method.COMPUTED, run__isnull=False).select_related(
            "indicator", "run"
        )
    )
    if not authority:
        return []
    stored: dict[int, set[str]] = {snapshot.indicator_id: set() for snapshot in authority}
    keys = snapshots.exclude(scope_type=ScopeType.AUTHORITY)
    for indicator_id, key in keys.values_list("indicator_id", "scope_key").order_by():
        stored.setdefault(indicator_id, set()).add(key)
    unstored = []
    for snapshot in authority:
        missing = unstored_scopes(snapshot.indicator, snapshot.run.scopes, stored[snapshot.indicator_id])
        if missing:
            figure = empty_figure(snapshot.indicator)
            unstored += [Unstored(snapshot, scope, figure) for scope in missing]
    return unstored


def _as_snapshot(indicator: Indicator, authority, scope: tuple, figure: Figure, kind: str) -> Snapshot:
    """An unstored team or worker figure as a snapshot to read (not saved), beside its authority's."""
    scope_type, key, name, team_id, worker_id = scope
    return Snapshot(
        indicator=indicator,
        month=authority.month,
        kind=kind,
        scope_type=scope_type,
        scope_key=key,
        scope_name=name,
        team_id=team_id,
        worker_id=worker_id,
        numerator=figure.numerator,
        denominator=figure.denominator,
        value=figure.value,
        rating="",
        definition_version=authority.definition_version,
        method=authority.method,
        computed_at=authority.computed_at,
        run_id=authority.run_id,
    )


def unstored_snapshots(month, kind: str, codes: list[str] | None = None) -> list[Snapshot]:
    """The figures of ``unstored_figures`` as snapshots (not saved), for reading beside the stored."""
    return [
        _as_snapshot(unstored.authority.indicator, unstored.authority, unstored.scope, unstored.figure, kind)
        for unstored in unstored_figures(month, kind, codes)
    ]


def fill_unstored(indicators, snapshots: list, scope_keys) -> list:
    """Beside snapshots a page has read (of these indicators and scope keys, with the authority's),
    the provisional team and worker figures with no data that were given but not stored, as
    snapshots (not saved): one query for their runs' scopes, none when nothing is missing."""
    asked = {key for key in scope_keys if key.startswith(("team:", "worker:"))}
    if not asked:
        return []
    provisional = [snapshot for snapshot in snapshots if snapshot.kind == SnapshotKind.PROVISIONAL]
    have = {(snapshot.indicator_id, snapshot.month, snapshot.scope_key) for snapshot in provisional}
    gaps = [
        (authority, key)
        for authority in provisional
        if authority.scope_key == "authority" and authority.method == Method.COMPUTED and authority.run_id
        for key in asked
        if (authority.indicator_id, authority.month, key) not in have
    ]
    if not gaps:
        return []
    runs = ComputationRun.objects.filter(pk__in={authority.run_id for authority, _ in gaps})
    indexes = {pk: _scope_index(scopes) for pk, scopes in runs.values_list("pk", "scopes")}
    by_pk = {indicator.pk: indicator for indicator in indicators}
    # Only for the indicators with a gap: those with a computed figure (others may have no rule).
    empty = {authority.indicator_id: empty_figure(by_pk[authority.indicator_id]) for authority, _ in gaps}
    filled = []
    for authority, key in gaps:
        indicator = by_pk[authority.indicator_id]
        scope = indexes[authority.run_id].get(key)
        if scope is not None and _has_scope(indicator, scope[0]):
            filled.append(_as_snapshot(indicator, authority, scope, empty[indicator.pk], SnapshotKind.PROVISIONAL))
    return filled


# --- Writing team and worker figures --------------------------------------------------

SCOPE_SNAPSHOT_COLUMNS = (
    "indicator_id",
    "month",
    "kind",
    "definition_version",
    "parameters",
    "method",
    "computed_at",
    "run_id",
    "scope_type",
    "scope_key",
    "scope_name",
    "team_id",
    "worker_id",
    "numerator",
    "denominator",
    "value",
    "rating",
)


def common_values(authority: Snapshot) -> tuple:
    """The first eight columns of SCOPE_SNAPSHOT_COLUMNS, which every figure of one indicator, month
    and kind shares with its authority's snapshot, as the database takes them (prepared once, not
    for each row)."""
    fields = {field.attname: field for field in Snapshot._meta.concrete_fields}

    def prep(column: str, value):
        return fields[column].get_db_prep_save(value, connection)

    return (
        authority.indicator_id,
        prep("month", authority.month),
        authority.kind,
        authority.definition_version,
        _parameters_for_rows(authority.parameters),
        authority.method,
        prep("computed_at", authority.computed_at),
        authority.run_id,
    )


def _parameters_for_rows(parameters: dict):
    """The parameters column as written in every row: PostgreSQL's COPY reads JSON text (a
    wrapped value would be serialised again for each of the rows), elsewhere as the field saves it."""
    column = Snapshot._meta.get_field("parameters")
    if connection.vendor == "postgresql":
        return json.dumps(parameters, cls=column.encoder)
    return column.get_db_prep_save(parameters, connection)


def insert_scope_snapshots(rows: list[tuple]) -> None:
    """Write the rows: COPY on PostgreSQL (tens of thousands a month), executemany elsewhere."""
    if not rows:
        return
    quote = connection.ops.quote_name
    table = quote(Snapshot._meta.db_table)
    columns = ", ".join(quote(column) for column in SCOPE_SNAPSHOT_COLUMNS)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            return
        placeholders = ", ".join(["%s"] * len(SCOPE_SNAPSHOT_COLUMNS))
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", rows)
