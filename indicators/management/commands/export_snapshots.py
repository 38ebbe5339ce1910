"""Print a month's figures as CSV: ``python manage.py export_snapshots --month 2025-10``.

Header ``code,scope,numerator,denominator,value,rating``; scope is ``authority``,
``team:<name>`` or ``worker:<name>``; one row per indicator and scope, in catalogue
order (authority, then teams, then workers, each by name). The figure is the one people
see: as reported once the month is signed off, provisional before.
"""

import csv

from django.core.management.base import BaseCommand, CommandError

from core.periods import parse_month
from indicators.formatting import format_number, format_plain
from indicators.models import ScopeType, Snapshot, SnapshotKind
from indicators.scope_rows import unstored_snapshots

SCOPE_ORDER = {ScopeType.AUTHORITY: 0, ScopeType.TEAM: 1, ScopeType.WORKER: 2}


class Command(BaseCommand):
    help = "Print a month's snapshots as CSV (code,scope,numerator,denominator,value,rating)."

    def add_arguments(self, parser):
        parser.add_argument("--month", required=True, help="YYYY-MM")

    def handle(self, *args, month, **options):
        try:
            first = parse_month(month)
        except ValueError as error:
            raise CommandError(str(error)) from error
        snapshots = Snapshot.objects.filter(
            month=first, kind__in=(SnapshotKind.REPORTED, SnapshotKind.PROVISIONAL)
        ).select_related("indicator")
        shown = {}
        for snapshot in snapshots:
            key = (snapshot.indicator_id, snapshot.scope_key)
            # Reported wins over provisional for the same figure.
            if key not in shown or snapshot.kind == SnapshotKind.REPORTED:
                shown[key] = snapshot
        # The provisional team and worker figures with no data are not stored: their runs list them.
        for snapshot in unstored_snapshots(first, SnapshotKind.PROVISIONAL):
            shown.setdefault((snapshot.indicator_id, snapshot.scope_key), snapshot)
        rows = sorted(
            shown.values(),
            key=lambda s: (
                s.indicator.catalogue_position,
                s.indicator.code,
                SCOPE_ORDER[s.scope_type],
                s.scope_name == "Unallocated",
                s.scope_name,
            ),
        )
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(["code", "scope", "numerator", "denominator", "value", "rating"])
        for snapshot in rows:
            scope = (
                "authority"
                if snapshot.scope_type == ScopeType.AUTHORITY
                else f"{snapshot.scope_type}:{snapshot.scope_name}"
            )
            writer.writerow(
                [
                    snapshot.indicator.code,
                    scope,
                    format_number(snapshot.numerator, empty=""),
                    format_number(snapshot.denominator, empty=""),
                    format_plain(snapshot.value, snapshot.indicator.unit),
                    snapshot.rating,
                ]
            )
        if not rows:
            self.stderr.write(f"No snapshots for {month}: run compute_snapshots --month {month} first.")
