"""Compute and store monthly snapshots.

python manage.py compute_snapshots --month 2025-10
python manage.py compute_snapshots --from 2016-01 --to 2025-10      # a backfill, with progress
python manage.py compute_snapshots --from 2016-01 --to 2025-10 --via-celery   # spread over workers
"""

import time

from django.core.management.base import BaseCommand, CommandError

from indicators.periods import format_month, months_between, parse_month
from indicators.services import compute_month


class Command(BaseCommand):
    help = "Compute every live indicator for a month (or a range of months) and store the snapshots."

    def add_arguments(self, parser):
        parser.add_argument("--month", help="One month, YYYY-MM.")
        parser.add_argument("--from", dest="first", help="First month of a backfill, YYYY-MM.")
        parser.add_argument("--to", dest="last", help="Last month of a backfill, YYYY-MM.")
        parser.add_argument(
            "--via-celery",
            action="store_true",
            help="Queue one task per month for the Celery workers instead of computing here.",
        )

    def handle(self, *args, month, first, last, via_celery, **options):
        try:
            if month and (first or last):
                raise CommandError("Give either --month, or --from and --to, not both.")
            if month:
                months = [parse_month(month)]
            elif first and last:
                months = months_between(parse_month(first), parse_month(last))
                if not months:
                    raise CommandError("--from must be on or before --to.")
            else:
                raise CommandError("Give --month YYYY-MM, or --from YYYY-MM and --to YYYY-MM.")
        except ValueError as error:
            raise CommandError(str(error)) from error

        if via_celery:
            from indicators.tasks import compute_month as compute_month_task

            for each in months:
                compute_month_task.delay(format_month(each), trigger="command")
            self.stdout.write(f"Queued {len(months)} month(s) for the workers.")
            return

        started = time.monotonic()
        total = 0
        for index, each in enumerate(months, start=1):
            month_started = time.monotonic()
            run = compute_month(each, trigger="command")
            total += run.snapshot_count
            self.stdout.write(
                f"[{index}/{len(months)}] {format_month(each)}: {run.snapshot_count} snapshots "
                f"in {time.monotonic() - month_started:.1f} s"
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Computed {len(months)} month(s), {total} snapshots, in {time.monotonic() - started:.1f} s."
            )
        )
