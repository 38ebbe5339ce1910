"""python manage.py export_cin_census --year 2026 census.xml (2026 = April 2025 to March 2026)"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from returns.audit import record_return
from returns.cin_census.writer import build_census
from returns.validation import CIN_CENSUS, check_return, print_failures

# The schemas the product's import reads (imports.cin_census), by the year the collection ends.
FIRST_YEAR, LAST_YEAR = 2021, 2026


class Command(BaseCommand):
    help = "Write the children in need census for a collection year as the DfE's XML."

    def add_arguments(self, parser):
        parser.add_argument(
            "--year", type=int, required=True, help="The year the collection ends: 2026 for April 2025 to March 2026."
        )
        parser.add_argument(
            "--lea",
            default=getattr(settings, "KPI_LA_CODE", "") or "000",
            help="The authority's three-digit DfE number, written in the header (LEA).",
        )
        parser.add_argument(
            "--errors-csv",
            metavar="PATH",
            help="Also check the return with the product's import checks and write every failure to this CSV file.",
        )
        parser.add_argument("out", help="The .xml file to write")

    def handle(self, *args, year: int, lea: str, out: str, errors_csv: str | None = None, **options):
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise CommandError(f"--year {year}: give a collection year from {FIRST_YEAR} to {LAST_YEAR}.")
        if not (lea.isdigit() and len(lea) == 3):
            raise CommandError(f"--lea {lea}: the authority's DfE number is three digits.")
        census = build_census(year, lea=lea)
        try:
            Path(out).write_bytes(census.xml)
        except OSError as error:
            raise CommandError(f"{out}: {error.strerror or error}") from None
        with transaction.atomic():
            record_return(user=None, name=f"cin-census-{year}", what="CIN census", year=year, counts=census.counts)
        for name, count in census.counts.items():
            self.stdout.write(f"{name}: {count}")
        self.stdout.write(f"Wrote {out}")
        print_failures(self.stdout, check_return(CIN_CENSUS, year), errors_csv)
