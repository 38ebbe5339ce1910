"""A backfill ends by refreshing the database's statistics of the figures' tables, so the planner
does not go on believing them empty (after a backfill the months list read every row until ANALYZE)."""

import io

import pytest
from django.core.management import call_command
from django.db import connection

from indicators.models import Snapshot

from .helpers import ensure_catalogue

pytestmark = pytest.mark.django_db(transaction=True)


def snapshot_table_statistics() -> int:
    """How many rows the database's statistics say the snapshot table holds (0 before any ANALYZE)."""
    table = Snapshot._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            return max(int(cursor.fetchone()[0]), 0)
        cursor.execute("SELECT name FROM sqlite_master WHERE name = 'sqlite_stat1'")
        if cursor.fetchone() is None:
            return 0
        cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s AND idx IS NULL", [table])
        row = cursor.fetchone()
        if row is None:  # statistics of the indexes only: their first number is the row count
            cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [table])
            row = cursor.fetchone()
        return int(row[0].split()[0]) if row else 0


def test_a_backfill_leaves_the_statistics_counting_the_figures_it_wrote():
    ensure_catalogue()
    call_command("compute_snapshots", "--month", "2024-01", stdout=io.StringIO())
    one_month = Snapshot.objects.count()
    assert snapshot_table_statistics() != one_month  # one month is left to the database's own sampling

    call_command("compute_snapshots", "--from", "2024-01", "--to", "2024-03", stdout=io.StringIO())

    written = Snapshot.objects.count()
    assert written > one_month
    assert snapshot_table_statistics() == written
