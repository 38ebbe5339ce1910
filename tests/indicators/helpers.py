"""Compute one indicator for one month and read its figures back by scope."""

from datetime import date
from decimal import Decimal

from indicators.models import Snapshot, SnapshotKind, SnapshotRecord
from indicators.reference import load_catalogue
from indicators.scope_rows import unstored_snapshots
from indicators.services import compute_month


def ensure_catalogue() -> None:
    load_catalogue()


def compute(code: str, month: date) -> dict[str, tuple]:
    """{scope_name: (numerator, denominator, value rounded to 1 dp or None)} after computing."""
    ensure_catalogue()
    compute_month(month, trigger="test", codes=[code])
    return figures(code, month)


def figures(code: str, month: date, kind: str = SnapshotKind.PROVISIONAL) -> dict[str, tuple]:
    """Every figure given: those stored, and the team and worker figures with no data that a
    provisional month does not store (read back from the run, as export_snapshots prints them)."""
    snapshots = [
        *Snapshot.objects.filter(indicator__code=code, month=month, kind=kind),
        *unstored_snapshots(month, kind, codes=[code]),
    ]
    return {
        ("authority" if s.scope_type == "authority" else f"{s.scope_type}:{s.scope_name}"): (
            _plain(s.numerator),
            _plain(s.denominator),
            None if s.value is None else round(float(s.value), 1),
        )
        for s in snapshots
    }


def records(code: str, month: date, kind: str = SnapshotKind.PROVISIONAL) -> dict[int, tuple]:
    """{record_id: (in_numerator, detail, detail_date)} of the authority drill-down."""
    rows = SnapshotRecord.objects.filter(
        snapshot__indicator__code=code, snapshot__month=month, snapshot__kind=kind, snapshot__scope_type="authority"
    )
    return {row.record_id: (row.in_numerator, row.detail, row.detail_date) for row in rows}


def _plain(value: Decimal | None):
    if value is None:
        return None
    return int(value) if value == value.to_integral() else float(value)
