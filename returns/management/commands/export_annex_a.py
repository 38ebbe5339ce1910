"""python manage.py export_annex_a --from 2025-10-01 --to 2026-03-31 annex-a.xlsx"""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from returns.annex_a.common import Period
from returns.annex_a.workbook import annex_a_rows, write_workbook
from returns.audit import record_annex_a


def _day(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"{option} {text}: give a real date as YYYY-MM-DD.") from None


class Command(BaseCommand):
    help = "Write Ofsted's Annex A lists 1 to 11 for a period (both days included) as an Excel workbook."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", required=True, help="First day, YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="Last day, YYYY-MM-DD")
        parser.add_argument("out", help="The .xlsx file to write")

    def handle(self, *args, start: str, end: str, out: str, **options):
        first, last = _day(start, "--from"), _day(end, "--to")
        if last < first:
            raise CommandError("--to is before --from: the period must end on or after the day it starts.")
        period = Period(first, last)
        rows = annex_a_rows(period)
        counts = {number: len(list_rows) for number, list_rows in rows.items()}
        try:
            write_workbook(rows, out)
        except OSError as error:
            raise CommandError(f"{out}: {error.strerror or error}") from None
        with transaction.atomic():
            record_annex_a(user=None, period=period, counts=counts, how="command")
        for number, count in counts.items():
            self.stdout.write(f"List {number}: {count} rows")
        self.stdout.write(f"Wrote {out}")
