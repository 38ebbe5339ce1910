"""What ``import_ssda903`` and ``import_cin_census`` share: same options, same report.

Exit status: 0 when the files were checked (and, without --dry-run, imported), even if some
rows were rejected; 1 ("CommandError") when nothing could be imported: no file could be
read, or every row was rejected.
"""

import getpass
import os
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError

from imports.models import year_label
from imports.readers import Source
from imports.services import YEAR_REQUIRED, Outcome, YearRequired, check_files, command_import
from imports.uploads import max_file_bytes, too_large_message

SUFFIXES = {".csv", ".xml"}
PERMISSION = "casework.import_returns"


def sources_from(paths: list[str]) -> list[Source]:
    """Files as given; a directory stands for the CSV and XML files in it."""
    files: list[Path] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files += sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in SUFFIXES)
        elif path.is_file():
            files.append(path)
        else:
            raise CommandError(f"{given}: no such file or directory.")
    if not files:
        raise CommandError("No CSV or XML files to import.")
    names = [path.name for path in files]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise CommandError(f"Two files are called {repeated[0]}: the report names rows by file, so rename one.")
    for path in files:
        if os.path.getsize(path) > max_file_bytes():
            raise CommandError(too_large_message(path.name).replace("nothing was uploaded", "nothing was read"))
    return [Source(path.name, (lambda path=path: path.open("rb")), os.path.getsize(path)) for path in files]


def importing_user(username: str | None):
    """The product user named by --user, who must be allowed to import returns; None without it."""
    if not username:
        return None
    user = get_user_model().objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CommandError(f"--user {username}: there is no active user with that username.")
    if not user.has_perm(PERMISSION):
        raise CommandError(f"--user {username}: this user may not import statutory returns.")
    return user


class ImportCommand(BaseCommand):
    kind: str = ""
    return_name: str = ""
    needs_year = False
    years: tuple[int, int] = (0, 0)  # the first and last collection years the import reads

    def add_arguments(self, parser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH", help="Files of the return, or folders holding them.")
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Check the files and print what would be imported and the row errors; save nothing.",
        )
        parser.add_argument(
            "--year",
            type=int,
            help="The collection year, as the year the return ends (2025 for 2024-25). Required for an SSDA903 "
            "return, which does not say its year; a CIN census says it in its header.",
        )
        parser.add_argument(
            "--user",
            metavar="USERNAME",
            help="The product user running the import (a performance officer): recorded on the import, on every "
            "imported record and in the audit log. Default: none (the operating-system account is recorded).",
        )

    def handle(self, *args, paths: list[str], dry_run: bool, year: int | None, user: str | None, **options) -> None:
        sources = sources_from(paths)
        by = importing_user(user)
        if year is None and self.needs_year:
            raise CommandError(f"Give --year YYYY: {YEAR_REQUIRED[len('Give the collection year: ') :]}")
        first, last = self.years
        if year is not None and not first <= year <= last:
            raise CommandError(
                f"--year {year}: the product reads the {year_label(first)} to {year_label(last)} "
                "collection years (give the year the return ends: 2025 for 2024-25)."
            )
        try:
            if dry_run:
                outcome = check_files(self.kind, sources, year=year, by=by)
            else:
                outcome = command_import(kind=self.kind, sources=sources, year=year, by=by, run_by=getpass.getuser())
        except YearRequired as refusal:  # a later year's return is already in the product
            raise CommandError(f"{refusal} Nothing was {'checked' if dry_run else 'imported'}.") from None
        except IntegrityError as error:
            raise CommandError(
                f"A record saved while the import ran clashes with it, so nothing was imported: {error}. "
                "Run the import again."
            ) from error
        self.print_report(outcome, dry_run=dry_run)
        if outcome.nothing_importable:
            raise CommandError("Nothing could be imported: no file could be read, or every row was rejected.")

    def print_report(self, outcome: Outcome, *, dry_run: bool) -> None:
        write = self.stdout.write
        write(f"{self.return_name} {year_label(outcome.collection_year)} (collection year {outcome.year_note})")
        write("")
        write("Files:")
        for summary in outcome.report.files.values():
            if not summary.readable:
                write(f"  {summary.name}: not read. {summary.note}")
                continue
            line = f"  {summary.name}: {summary.table}, {summary.rows} rows, {summary.rejected} rejected"
            write(line + (f". {summary.note}" if summary.note else ""))
        write("")
        verb = "would be" if dry_run else "were"
        write(f"Records ({verb} created / updated / unchanged):")
        if not outcome.counts:
            write("  none")
        for label, counts in outcome.counts.items():
            removed = (
                f" ({counts['removed']} {'would be ' if dry_run else ''}removed: an earlier year's, replaced by this "
                "return)"
                if counts.get("removed")
                else ""
            )
            write(f"  {label}: {counts['created']} / {counts['updated']} / {counts['unchanged']}{removed}")
        write("")
        write(
            f"Rows: {outcome.rows_read} read, {outcome.rows_rejected} rejected, "
            f"{len(outcome.report.warnings)} with warnings."
        )
        if outcome.report.errors:
            write("")
            write("Row errors (not imported):")
            for issue in outcome.report.errors:
                write(f"  {issue.as_line()}")
        if outcome.report.warnings:
            write("")
            write("Warnings (imported; check them):")
            for issue in outcome.report.warnings:
                write(f"  {issue.as_line()}")
        write("")
        if dry_run:
            write("Dry run: nothing was saved.")
        elif outcome.imported:
            write(self.style.SUCCESS("Imported."))
