"""python manage.py export_ssda903 --year 2026 OUT_DIR (2026 = April 2025 to March 2026)"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from returns.audit import record_return
from returns.ssda903.tables import build_return, write_return
from returns.validation import SSDA903, check_return, print_failures

FIRST_YEAR, LAST_YEAR = 2018, 2027


class Command(BaseCommand):
    help = "Write the SSDA903 return (children looked after) for a collection year as the DfE's CSV tables."

    def add_arguments(self, parser):
        parser.add_argument(
            "--year", type=int, required=True, help="The year the collection ends: 2026 for April 2025 to March 2026."
        )
        parser.add_argument(
            "--errors-csv",
            metavar="PATH",
            help="Also check the return with the product's import checks and write every failure to this CSV file.",
        )
        parser.add_argument("out_dir", help="The folder to write the tables into (made if missing).")

    def handle(self, *args, year: int, out_dir: str, errors_csv: str | None = None, **options):
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise CommandError(f"--year {year}: give a collection year from {FIRST_YEAR} to {LAST_YEAR}.")
        result = build_return(year)
        try:
            paths = write_return(result, Path(out_dir))
        except OSError as error:
            raise CommandError(f"{out_dir}: {error.strerror or error}") from None
        with transaction.atomic():
            record_return(user=None, name=f"ssda903-{year}", what="SSDA903", year=year, counts=result.counts())
        for name, count in result.counts().items():
            self.stdout.write(f"{name}: {count} rows")
        self.stdout.write(f"Wrote {len(paths)} files to {out_dir}")
        print_failures(self.stdout, check_return(SSDA903, year), errors_csv)
