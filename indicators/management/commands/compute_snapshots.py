"""Compute and store monthly snapshots.

python manage.py compute_snapshots --month 2025-10
python manage.py compute_snapshots --from 2016-01 --to 2025-10      # a backfill, with progress
python manage.py compute_snapshots --from 2016-01 --to 2025-10 --via-celery   # spread over workers
python manage.py compute_snapshots --pending     # drain the recomputation queue here, with progress

Months before the figures horizon (``core.horizon``) are refused.
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from core.horizon import figures_horizon
from core.periods import format_month, months_between, parse_month
from core.recompute import queue_summary
from indicators.queue import drain
from indicators.services import compute_month
from indicators.statistics import refresh_statistics


class Command(BaseCommand):
    help = "Compute every live indicator for a month (or a range of months) and store the snapshots."

    def add_arguments(self, parser):
        parser.add_argument("--month", help="One month, YYYY-MM.")
        parser.add_argument("--from", dest="first", help="First month of a backfill, YYYY-MM.")
        parser.add_argument("--to", dest="last", help="Last month of a backfill, YYYY-MM.")
        parser.add_argument(
            "--pending",
            action="store_true",
            help="Compute the months waiting in the recomputation queue, here, until none waits.",
        )
        parser.add_argument(
            "--via-celery",
            action="store_true",
            help="Queue one task per month for the Celery workers instead of computing here.",
        )

    def handle(self, *args, month, first, last, via_celery, pending, **options):
        if pending:
            if month or first or last or via_celery:
                raise CommandError("--pending drains the queue: give it alone.")
            self.drain()
            return
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
        horizon = figures_horizon()
        if months[0] < horizon:
            raise CommandError(
                f"{months[0]:%B %Y} is before the first month of figures, {horizon:%B %Y}: months before it are "
                f"not computed. Start at {format_month(horizon)}, or move the first month of figures in the admin "
                "(Figures horizon)."
            )

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
        if len(months) > 1:
            refresh_statistics()
        self.stdout.write(
            self.style.SUCCESS(
                f"Computed {len(months)} month(s), {total} snapshots, in {time.monotonic() - started:.1f} s."
            )
        )

    def drain(self) -> None:
        summary = queue_summary()
        if summary.is_empty:
            self.stdout.write("No month is waiting for recomputation.")
            return
        self.stdout.write(
            f"{summary.count} month(s) waiting, the oldest since {timezone.localtime(summary.since):%Y-%m-%d %H:%M}: "
            "computing them here."
        )
        started = time.monotonic()
        done = 0

        def on_month(month, run, error) -> None:
            nonlocal done
            done += 1
            if error is not None:
                self.stderr.write(f"[{done}/{summary.count}] {format_month(month)}: failed ({error}); still queued")
                return
            self.stdout.write(
                f"[{done}/{summary.count}] {format_month(month)}: {run.snapshot_count} snapshots "
                f"in {(run.finished_at - run.started_at).total_seconds():.1f} s"
            )

        result = drain(on_month=on_month)
        message = f"Computed {len(result.computed)} month(s) in {time.monotonic() - started:.1f} s."
        if result.abandoned_runs:
            message += f" {result.abandoned_runs} computation(s) left running by a stopped worker were taken over."
        if result.failed:
            self.stdout.write(message)
            raise CommandError(
                f"{len(result.failed)} month(s) failed and stay in the queue: "
                + ", ".join(format_month(month) for month in result.failed)
            )
        self.stdout.write(self.style.SUCCESS(message))
