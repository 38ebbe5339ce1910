"""The database's statistics after many months are written at once.

A backfill writes hundreds of thousands of figures in minutes; until the database next samples
the tables, its planner believes them nearly empty and picks plans that read every row (the
months list read 4.2 million rows, 415 ms, until ANALYZE). So a backfill ends by refreshing the
statistics of the tables it filled, on PostgreSQL and SQLite alike.
"""

import logging

from django.db import connection

logger = logging.getLogger(__name__)

# A drain that computed at least this many months was a backfill.
BACKFILL_MONTHS = 12


def figure_tables() -> list[str]:
    from .models import ComputationRun, Snapshot, SnapshotRecord

    return [model._meta.db_table for model in (Snapshot, SnapshotRecord, ComputationRun)]


def refresh_statistics() -> None:
    """ANALYZE the figures' tables (a few hundred milliseconds; never fails the work before it)."""
    try:
        with connection.cursor() as cursor:
            for table in figure_tables():
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
    except Exception:  # statistics are an optimisation: the figures are already saved
        logger.exception("Refreshing the figures' statistics failed")
