"""Checking and importing files: read, check and plan each return; an import then writes the plans in one
transaction, one import at a time."""

from collections.abc import Callable
from contextlib import contextmanager
from datetime import date

from django.contrib.auth.models import User
from django.db import connection, transaction

from casework import codes
from casework.models import Child
from core.horizon import note_history
from core.recompute import mark_stale

from .. import cin_census, history, ssda903, writer
from ..models import ReturnKind
from ..plan import Plan
from ..readers import CSV, Source, sniff, xml_root_tag
from ..report import Report
from ..spool import Spool
from .outcome import (
    CHECK_ONLY,
    CHECK_THEN_SAVE,
    IMPORT_LOCK,
    PROGRESS_SCALE,
    RECOMPUTE_REASON,
    Outcome,
    Part,
    Progress,
    _no_progress,
)


def kind_of_file(head: bytes) -> str | None:
    """SSDA903 (CSV tables or EXPSSDA903 XML) or CIN census (Message XML), from a file's first bytes."""
    if sniff(head) == CSV:
        return ReturnKind.SSDA903
    return {"EXPSSDA903": ReturnKind.SSDA903, "Message": ReturnKind.CIN_CENSUS}.get(xml_root_tag(head))


def _by_return(kind: str, sources: list[Source]) -> list[tuple[str, list[Source]]]:
    """The files of each return. The SSDA903 goes first: the census then joins the children it brings."""
    if kind != ReturnKind.BOTH:
        return [(kind, sources)]
    groups: dict[str, list[Source]] = {ReturnKind.SSDA903: [], ReturnKind.CIN_CENSUS: []}
    for source in sources:
        with source.open() as raw:
            head = raw.read(64 * 1024)
        # A file that is neither is reported by the SSDA903 reader, which names the closest table.
        groups[kind_of_file(head) or ReturnKind.SSDA903].append(source)
    return [(part_kind, part_sources) for part_kind, part_sources in groups.items() if part_sources]


class YearRequired(ValueError):
    """An SSDA903 return does not say which collection year it is for, and none was given."""


class YearOutOfOrder(YearRequired):
    """A later year's SSDA903 return is already in the product (returns are imported oldest first)."""


YEAR_REQUIRED = (
    "Give the collection year: an SSDA903 return does not say which year it is for, and the product does not "
    "guess it from the dates in the files."
)


def check_files(
    kind: str,
    sources: list[Source],
    *,
    year: int | None = None,
    by: User | None = None,
    progress: Progress = _no_progress,
    scale: tuple[int, int] = CHECK_ONLY,
) -> Outcome:
    """Read, check and plan: what the import would do. Writes nothing. ``scale``: where on the
    progress bar reading and checking end. Both returns at once (``ReturnKind.BOTH``): their files are
    read in turn, then checked together a batch of children at a time, the census seeing the children
    the SSDA903 brings."""
    spool = Spool()  # the outcome holds it (its row problems may wait there) until it goes
    outcome = _run(kind, sources, spool, year=year, by=by, progress=progress, scale=scale)
    outcome.spool = spool
    return outcome


def _run(kind, sources, spool, *, year, by, progress, scale, written=None) -> Outcome:
    """Read the files into the spool, then check (and with ``written``, write) a batch of children at a
    time. ``written(parts)`` writes the batch's plans; without it the plans are counted and dropped."""
    read_end, check_end = scale
    groups = _by_return(kind, sources)
    total_bytes = sum(source.size for source in sources) or 1
    read_bytes = 0

    def on_read(size: int) -> None:
        nonlocal read_bytes
        read_bytes += size
        progress("Reading the files", min(read_end, read_end * read_bytes // total_bytes))

    def on_child(position: int, total: int) -> None:
        done = read_end + (check_end - read_end) * min(position, total) // max(total, 1)
        progress(f"Checking child {position:,} of {total:,}", done)

    parts = [_read_return(part_kind, part_sources, spool, year=year, by=by, on_read=on_read, on_child=on_child)
             for part_kind, part_sources in groups]  # fmt: skip
    total = spool.child_count() * len(parts)
    for child_ids in spool.batches():
        children: dict[str, Child] = {}
        for part in parts:
            if part.kind == ReturnKind.SSDA903:
                children = part.check.check_batch(child_ids, total)
            else:
                part.check.check_batch(child_ids, total, children)
        _end_batch(parts, written)
    for part in parts:
        if part.kind == ReturnKind.SSDA903:
            part.check.finish()
    _end_batch(parts, written)
    for part in parts:
        for name, summary in part.report.files.items():
            summary.rejected = part.report.rejected_in(name)
    progress("Checked", check_end)
    return Outcome(kind, parts)


def _end_batch(parts: list[Part], written) -> None:
    """The batch is checked: write it (an import) or count it (a check), then let it go."""
    if written is not None:
        written(parts)
    for part in parts:
        for kept in part.plan.kept:
            part.report.warning(kept.row, "", kept.message())
        part.plan.end_batch()
        part.report.end_batch()


def _read_return(kind, sources, spool, *, year, by, on_read, on_child) -> Part:
    report = Report(spool)
    if kind == ReturnKind.SSDA903:
        if year is None:
            raise YearRequired(YEAR_REQUIRED)
        ssda903.read(sources, report, on_read, spool)
        later = history.later_years_held(year) if spool.child_count() else []  # files with rows only
        if later:
            raise YearOutOfOrder(history.out_of_order_message(year, later))
        collection_year, note = year, "as given on upload"
        plan = Plan(source=codes.Source.SSDA903, collection_year=collection_year, order=ssda903.WRITE_ORDER)
        check = ssda903.Ssda903Check(
            spool, collection_year=collection_year, report=report, plan=plan, by=by, on_child=on_child
        )
    else:
        tables = cin_census.read(sources, report, on_read, spool)
        if not tables["files"] and year is None:
            collection_year, note = 0, "no census could be read"
        else:
            try:
                collection_year, note = cin_census.collection_year(tables, year)
            except cin_census.YearNotGiven as error:
                raise YearRequired(str(error)) from None
        plan = Plan(source=codes.Source.CIN_CENSUS, collection_year=collection_year, order=cin_census.WRITE_ORDER)
        check = cin_census.CinCensusCheck(
            spool, tables, collection_year=collection_year, report=report, plan=plan, by=by, on_child=on_child
        )
    return Part(kind, collection_year, note, report, plan, check)


def import_files(
    kind: str,
    sources: list[Source],
    *,
    year: int | None = None,
    by: User | None = None,
    progress: Progress = _no_progress,
    batch_pk: int | None = None,
    open_batch: Callable[[Outcome], int] | None = None,
    on_written: Callable[[Outcome], None] | None = None,
) -> Outcome:
    """Check, then write everything that passed in one transaction, and queue the recomputation.

    ``open_batch`` runs first in the transaction, before any record is written, and returns the
    batch the records' audit entries name (for an import that has no batch yet: the command line).
    ``on_written`` runs inside the transaction once the records are written (it records the
    batch as imported, so the batch and the records commit together or not at all).
    """
    with _one_import_at_a_time():
        return _check_and_write(
            kind,
            sources,
            year=year,
            by=by,
            progress=progress,
            batch_pk=batch_pk,
            open_batch=open_batch,
            on_written=on_written,
        )


@contextmanager
def _one_import_at_a_time():
    """Two imports checked side by side could each decide to create the same record. On
    PostgreSQL a session lock makes the second wait for the first (its check then sees what
    the first wrote); SQLite already writes one transaction at a time."""
    if connection.vendor != "postgresql":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s, %s)", IMPORT_LOCK)
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s, %s)", IMPORT_LOCK)


def _an_import_holds_the_lock() -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND classid = %s AND objid = %s AND granted LIMIT 1",
            IMPORT_LOCK,
        )
        return cursor.fetchone() is not None


def _check_and_write(kind, sources, *, year, by, progress, batch_pk, open_batch, on_written) -> Outcome:
    """Check and write a batch of children at a time, all in one transaction: an import that fails
    midway leaves nothing behind. The batch record (``open_batch``) is made before the first record is
    written, or at the end if nothing needed writing; if every row was rejected there is none."""
    check_end = CHECK_THEN_SAVE[1]
    earliest: list[date] = []
    opened: list[int] = [batch_pk] if batch_pk is not None else []
    saved = 0

    def written(parts: list[Part]) -> None:
        nonlocal saved
        pending = sum(part.plan.pending for part in parts)
        if not pending:
            return
        if not opened and open_batch is not None:
            opened.append(open_batch(Outcome(kind, parts)))
        # One return after the other: the census's records hang on the children the SSDA903 creates.
        for part in parts:
            first = writer.write(part.plan, by=by, batch_pk=opened[0] if opened else None)
            if first is not None:
                earliest.append(first)
        saved += pending
        progress(f"Saved {saved:,} records", check_end)

    spool = Spool()  # the outcome holds it (its row problems may wait there) until it goes
    with transaction.atomic():
        outcome = _run(kind, sources, spool, year=year, by=by, progress=progress, scale=(150, check_end),
                       written=written)  # fmt: skip
        outcome.spool = spool
        if outcome.nothing_importable:
            return outcome  # every row was rejected: there is nothing to write or to record
        if not opened and open_batch is not None:
            opened.append(open_batch(outcome))
        outcome.imported = True
        outcome.earliest_date = min(earliest, default=None)
        if on_written is not None:
            on_written(outcome)
        if outcome.earliest_date is not None:
            # The history now reaches back to the return's earliest date: so does the default horizon.
            note_history(outcome.earliest_date)
            mark_stale(outcome.earliest_date, reason=RECOMPUTE_REASON)
    progress("Imported", PROGRESS_SCALE)
    return outcome
