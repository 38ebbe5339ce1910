"""Importing a statutory return: check (preview), confirm, cancel. Every write is here.

``check_files`` reads, checks and plans without writing a child's record (the preview);
``import_files`` does the same and then writes the plan in one transaction, so an import
that fails midway leaves nothing behind. Either takes one return, or a year's SSDA903 and
CIN census together (``ReturnKind.BOTH``: checked in turn, written in the same transaction).
The page and the commands both use them: the page through an ``ImportBatch`` and Celery
tasks (``batch_*`` below), the commands through ``command_import``.

After an import, the indicator months from the earliest date it changed are recomputed
(``indicators.recompute.queue_recomputation``, after commit).
"""

import hashlib
import logging
import time
from collections.abc import Callable
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from datetime import date, timedelta

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connection, connections, transaction
from django.db.models.functions import Coalesce
from django.utils import timezone

from casework import codes
from casework.models import Child
from core.horizon import note_history
from core.messaging import send_on_commit
from core.recompute import mark_stale

from . import cin_census, history, reconcile903, ssda903, writer
from .engine import CREATED, UNCHANGED, UPDATED, Plan, Report
from .models import BatchStatus, ImportBatch, ImportFile, Origin, ReturnKind, RowIssue, year_label
from .readers import CSV, Source, sniff, xml_root_tag
from .spool import Spool

logger = logging.getLogger(__name__)

# The progress bar, in thousandths: where reading and checking end. A check alone (the preview)
# is read then checked; an import also saves, which takes about as long as the rest.
PROGRESS_SCALE = 1000
CHECK_ONLY = (300, 1000)
CHECK_THEN_SAVE = (150, 500)
RECOMPUTE_REASON = "import"
IMPORT_LOCK = (7302, 1)  # pg_advisory_lock key: one import writes at a time


@dataclass
class Part:
    """What the check found in one return's files."""

    kind: str
    collection_year: int
    year_note: str
    report: Report
    plan: Plan
    check: object = None  # the return's check, run a batch of children at a time

    @property
    def label(self) -> str:
        return ReturnKind(self.kind).label

    @property
    def year_label(self) -> str:
        return year_label(self.collection_year)

    @property
    def counts(self) -> dict[str, dict[str, int]]:
        return self.plan.summary()

    @property
    def rows_read(self) -> int:
        return sum(summary.rows for summary in self.report.files.values())

    @property
    def rows_rejected(self) -> int:
        return self.report.rejected_total

    def summary(self) -> dict:
        return {
            "kind": self.kind,
            "label": self.label,
            "collection_year": self.collection_year,
            "year_label": self.year_label,
            "year_note": self.year_note,
            "counts": self.counts,
            "rows_read": self.rows_read,
            "rows_rejected": self.rows_rejected,
            "warnings": self.report.warning_count,
            "files": list(self.report.files),
        }


@dataclass
class Outcome:
    """What a check (or an import) found: one part per return in the files (two for an upload of a
    year's SSDA903 and CIN census), read as one."""

    kind: str
    parts: list[Part]
    imported: bool = False
    earliest_date: date | None = None
    spool: Spool | None = None  # where row problems beyond the first thousands wait

    @property
    def report(self) -> Report:
        return self.parts[0].report if len(self.parts) == 1 else Report.combined(p.report for p in self.parts)

    @property
    def plan(self) -> Plan:
        if len(self.parts) != 1:
            raise AttributeError("An outcome of two returns has a plan for each: see parts.")
        return self.parts[0].plan

    @property
    def collection_year(self) -> int:
        return max(part.collection_year for part in self.parts)

    @property
    def year_note(self) -> str:
        if len(self.parts) == 1:
            return self.parts[0].year_note
        return "; ".join(f"{part.label} {part.year_label}, {part.year_note}" for part in self.parts)

    @property
    def year_label(self) -> str:
        return year_label(self.collection_year)

    @property
    def counts(self) -> dict[str, dict[str, int]]:
        """Per record type, across the returns (a child both returns give is counted once, by the first)."""
        merged: dict[str, dict[str, int]] = {}
        for part in self.parts:
            for label, numbers in part.counts.items():
                into = merged.setdefault(label, {CREATED: 0, UPDATED: 0, UNCHANGED: 0})
                for name, number in numbers.items():
                    into[name] = into.get(name, 0) + number
        return merged

    @property
    def rows_read(self) -> int:
        return sum(part.rows_read for part in self.parts)

    @property
    def rows_rejected(self) -> int:
        return sum(part.rows_rejected for part in self.parts)

    @property
    def nothing_importable(self) -> bool:
        """No row could be imported: every row was rejected, or no file could be read."""
        return self.rows_read == self.rows_rejected


Progress = Callable[[str, int], None]


def _no_progress(stage: str, done: int) -> None:
    pass


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


# --- Batches: the page's imports ----------------------------------------------------------------------------


def _sha256(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


CHECK_TASK = "imports.tasks.check_batch"
IMPORT_TASK = "imports.tasks.import_batch"
# A batch waiting this long with no worker started on it had its message lost (the broker was down).
UNSTARTED_AFTER = timedelta(minutes=1)
WAITING_STAGES = ("Waiting to start", "Waiting to start again")


def batch_create(*, kind: str, files: list[UploadedFile], year: int | None, by: User) -> ImportBatch:
    """Store the uploaded files and queue their check (after commit; a broker that is down delays
    the check until the beat's minute task, ``start_waiting``, and fails nothing)."""
    with transaction.atomic():
        batch = ImportBatch.objects.create(kind=kind, requested_year=year, created_by=by, origin=Origin.WEB)
        for upload in files:
            ImportFile.objects.create(
                batch=batch, name=upload.name[:255], file=upload, size=upload.size, sha256=_sha256(upload)
            )
        send_on_commit(CHECK_TASK, batch.pk)
    return batch


def batches_waiting_for_a_worker() -> list[tuple[str, int]]:
    """("check" or "import", batch id) for each batch queued, or confirmed, a minute ago or more that no
    worker has started: its task message was never delivered (a check claims a queued batch at once;
    an import reports its first stage at once)."""
    cutoff = timezone.now() - UNSTARTED_AFTER
    last_heard = Coalesce("progress_at", "created_at")
    queued = ImportBatch.objects.alias(last_heard=last_heard).filter(status=BatchStatus.QUEUED, last_heard__lt=cutoff)
    confirmed = ImportBatch.objects.alias(last_heard=last_heard).filter(
        status=BatchStatus.IMPORTING, stage__in=WAITING_STAGES, last_heard__lt=cutoff
    )
    found = [("check", pk) for pk in queued.values_list("pk", flat=True)]
    if not _an_import_holds_the_lock():  # else an import is running (perhaps one of these): leave them
        found += [("import", pk) for pk in confirmed.values_list("pk", flat=True)]
    return found


def batch_sources(batch: ImportBatch) -> list[Source]:
    return [Source(stored.name, _opener(stored), stored.size) for stored in batch.files.all()]


def _opener(stored: ImportFile):
    def open_stored():
        return stored.file.storage.open(stored.file.name, "rb")

    return open_stored


class _BatchProgress:
    """Stores progress on the batch at most twice a second (each is one small UPDATE).

    While the import's transaction is open its own connection cannot publish anything, so on
    PostgreSQL progress goes through a second, autocommit connection. SQLite has one writer
    at a time: there the page shows the saving stage until the transaction commits.
    """

    def __init__(self, batch_pk: int) -> None:
        self.batch_pk = batch_pk
        self.last = 0.0
        self.last_stage = ""
        self.side = None

    def __call__(self, stage: str, done: int) -> None:
        now = time.monotonic()
        same_stage = stage[:12] == self.last_stage[:12]
        if same_stage and now - self.last < 0.5 and done < PROGRESS_SCALE:
            return
        self.last, self.last_stage = now, stage
        values = {
            "stage": stage[:200],
            "progress_done": done,
            "progress_total": PROGRESS_SCALE,
            "progress_at": timezone.now(),  # the sign of life that tells a running import from a stopped one
        }
        if not transaction.get_connection().in_atomic_block:
            ImportBatch.objects.filter(pk=self.batch_pk).update(**values)
            return
        if connection.vendor != "postgresql":
            return
        if self.side is None:
            self.side = connections.create_connection(DEFAULT_DB_ALIAS)
        table = ImportBatch._meta.db_table
        with self.side.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET stage = %s, progress_done = %s, progress_total = %s, progress_at = %s "
                "WHERE id = %s",
                [values["stage"], done, PROGRESS_SCALE, values["progress_at"], self.batch_pk],
            )

    def close(self) -> None:
        if self.side is not None:
            self.side.close()
            self.side = None


def batch_check(batch_pk: int) -> ImportBatch | None:
    """The preview: check the batch's files and store what an import would do. Safe to run again."""
    claimed = ImportBatch.objects.filter(pk=batch_pk, status__in=[BatchStatus.QUEUED, BatchStatus.CHECKING]).update(
        status=BatchStatus.CHECKING,
        stage="Starting",
        progress_done=0,
        progress_total=PROGRESS_SCALE,
        progress_at=timezone.now(),
    )
    if not claimed:
        return None  # cancelled, or already checked
    batch = ImportBatch.objects.get(pk=batch_pk)
    progress = _BatchProgress(batch_pk)
    try:
        outcome = check_files(
            batch.kind, batch_sources(batch), year=batch.requested_year, by=batch.created_by, progress=progress
        )
    except YearRequired as refusal:
        ImportBatch.objects.filter(pk=batch_pk, status=BatchStatus.CHECKING).update(
            status=BatchStatus.FAILED, finished_at=timezone.now(), message=f"{refusal} Nothing was imported."
        )
        return ImportBatch.objects.get(pk=batch_pk)
    except Exception:
        logger.exception("Checking import %s failed", batch_pk)
        ImportBatch.objects.filter(pk=batch_pk, status=BatchStatus.CHECKING).update(
            status=BatchStatus.FAILED,
            finished_at=timezone.now(),
            message="The check stopped with an unexpected error; nothing was imported. "
            "The error has been logged for the product team.",
        )
        return ImportBatch.objects.get(pk=batch_pk)
    finally:
        progress.close()
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch_pk)
        if batch.status != BatchStatus.CHECKING:
            return batch  # cancelled while it was being checked
        _store_outcome(batch, outcome, status=BatchStatus.READY)
    return batch


def batch_confirm(*, batch: ImportBatch, by: User) -> bool:
    """Queue the import of a checked batch. False when it is not waiting for confirmation."""
    with transaction.atomic():
        claimed = ImportBatch.objects.filter(pk=batch.pk, status=BatchStatus.READY).update(
            status=BatchStatus.IMPORTING,
            confirmed_by=by,
            confirmed_at=timezone.now(),
            stage="Waiting to start",
            progress_done=0,
            progress_total=PROGRESS_SCALE,
            progress_at=timezone.now(),
        )
        if not claimed:
            return False
        batch.refresh_from_db()
        _audit_status(batch, by, "confirmed", BatchStatus.READY)
        send_on_commit(IMPORT_TASK, batch.pk)
    return True


def batch_import(batch_pk: int) -> ImportBatch | None:
    """The confirmed import. Checks again (the product may have changed since the preview) and
    writes in one transaction. Safe to run again: a second run finds everything unchanged."""
    batch = ImportBatch.objects.filter(pk=batch_pk, status=BatchStatus.IMPORTING).first()
    if batch is None:
        return None
    progress = _BatchProgress(batch_pk)

    def written(outcome: Outcome) -> None:
        # Still wanted? A batch cancelled (or run again and finished) meanwhile keeps what it has, and
        # this run's records are rolled back with the rest of its transaction.
        if not ImportBatch.objects.select_for_update().filter(pk=batch_pk, status=BatchStatus.IMPORTING).exists():
            raise _NoLongerImporting
        _store_outcome(batch, outcome, status=BatchStatus.IMPORTED, earliest=outcome.earliest_date)

    try:
        outcome = import_files(
            batch.kind,
            batch_sources(batch),
            year=batch.requested_year,
            by=batch.confirmed_by,
            progress=progress,
            batch_pk=batch.pk,
            on_written=written,
        )
    except _NoLongerImporting:
        logger.warning("Import %s was cancelled or finished elsewhere while it ran: nothing saved", batch_pk)
        return ImportBatch.objects.get(pk=batch_pk)
    except YearRequired as refusal:  # a later year's return was imported since the check
        ImportBatch.objects.filter(pk=batch_pk, status=BatchStatus.IMPORTING).update(
            status=BatchStatus.FAILED, finished_at=timezone.now(), message=f"{refusal} Nothing was imported."
        )
        return ImportBatch.objects.get(pk=batch_pk)
    except IntegrityError:
        logger.exception("Import %s clashed with a change saved while it ran", batch_pk)
        ImportBatch.objects.filter(pk=batch_pk, status=BatchStatus.IMPORTING).update(
            status=BatchStatus.FAILED,
            finished_at=timezone.now(),
            message="Someone saved a record that clashes with this import while it ran, so nothing was imported "
            "(it runs as one transaction). Upload the files again: the new check will show the clash.",
        )
        return ImportBatch.objects.get(pk=batch_pk)
    except Exception:
        logger.exception("Import %s failed", batch_pk)
        ImportBatch.objects.filter(pk=batch_pk, status=BatchStatus.IMPORTING).update(
            status=BatchStatus.FAILED,
            finished_at=timezone.now(),
            message="The import stopped with an unexpected error, so nothing was imported (it runs as one "
            "transaction). The error has been logged for the product team.",
        )
        return ImportBatch.objects.get(pk=batch_pk)
    finally:
        progress.close()
    if not outcome.imported:
        if not ImportBatch.objects.filter(pk=batch_pk, status=BatchStatus.IMPORTING).exists():
            return ImportBatch.objects.get(pk=batch_pk)  # cancelled meanwhile
        _store_outcome(batch, outcome, status=BatchStatus.FAILED)
        ImportBatch.objects.filter(pk=batch_pk).update(
            message="Nothing could be imported: every row was rejected when the files were checked again."
        )
        return ImportBatch.objects.get(pk=batch_pk)
    _delete_files(batch)
    return ImportBatch.objects.get(pk=batch_pk)


def batch_cancel(*, batch: ImportBatch, by: User) -> bool:
    """Cancel a batch before it is imported; an import only once it has stopped (``batch_is_stale``)."""
    cancellable = [BatchStatus.QUEUED, BatchStatus.CHECKING, BatchStatus.READY, BatchStatus.FAILED]
    with transaction.atomic():
        current = ImportBatch.objects.select_for_update().filter(pk=batch.pk).first()
        if current is None:
            return False
        if current.status == BatchStatus.IMPORTING and batch_is_stale(current):
            cancellable.append(BatchStatus.IMPORTING)
        claimed = ImportBatch.objects.filter(pk=batch.pk, status__in=cancellable).update(
            status=BatchStatus.CANCELLED, cancelled_by=by, cancelled_at=timezone.now(), finished_at=timezone.now()
        )
        if not claimed:
            return False
        batch.refresh_from_db()
        _audit_status(batch, by, "cancelled", current.status)
    _delete_files(batch)
    return True


class _NoLongerImporting(Exception):
    """The batch stopped being an import in progress while this run of it was working."""


def batch_is_stale(batch: ImportBatch) -> bool:
    """The check or import has stopped: silent for ``STALE_AFTER`` and no import running.

    A check or import reports progress every few seconds. On PostgreSQL an import also holds
    ``IMPORT_LOCK`` while it checks and writes (and waits for it while another import runs), and
    the lock goes with the worker's connection when the worker dies: a held lock means an import is
    still running, so nothing is called stale. (SQLite, for development, has no such sign: there
    an import's saving stage reports nothing until it commits.) An import writes in one
    transaction, so a stopped one saved nothing and can be run again or cancelled.
    """
    return batch.looks_stale and not _an_import_holds_the_lock()


def _an_import_holds_the_lock() -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_locks WHERE locktype = 'advisory' AND classid = %s AND objid = %s AND granted LIMIT 1",
            IMPORT_LOCK,
        )
        return cursor.fetchone() is not None


def batch_rerun(*, batch: ImportBatch, by: User) -> bool:
    """Start a check or import that stopped again, from the beginning, with the same files. False when
    it has not stopped (it reported progress recently, or an import is still running)."""
    with transaction.atomic():
        current = ImportBatch.objects.select_for_update().filter(pk=batch.pk).first()
        if current is None or not batch_is_stale(current):
            return False
        importing = current.status == BatchStatus.IMPORTING
        ImportBatch.objects.filter(pk=batch.pk).update(
            status=BatchStatus.IMPORTING if importing else BatchStatus.QUEUED,
            stage="Waiting to start again",
            progress_done=0,
            progress_total=PROGRESS_SCALE,
            progress_at=timezone.now(),
        )
        batch.refresh_from_db()
        _audit_status(batch, by, "run again", current.status)
        send_on_commit(IMPORT_TASK if importing else CHECK_TASK, batch.pk)
    return True


def _audit_status(batch: ImportBatch, by: User, what: str, before: str) -> None:
    """``update()`` sends no signal: write the audit entry for a confirmation or cancellation."""
    from auditlog.models import LogEntry

    LogEntry.objects.log_create(
        batch,
        action=LogEntry.Action.UPDATE,
        changes={"status": [before, batch.status]},
        actor=by,
        force_log=True,
        additional_data={"import_batch": batch.pk, "what": what},
    )


def _delete_files(batch: ImportBatch) -> None:
    """The files hold children's personal data: once imported or cancelled, keep only their
    names, sizes and checksums."""
    for stored in batch.files.exclude(file=""):
        stored.file.delete(save=False)
        ImportFile.objects.filter(pk=stored.pk).update(file="")


def _store_outcome(batch: ImportBatch, outcome: Outcome, *, status: str, earliest: date | None = None) -> None:
    """The check's (or the import's) findings on the batch: counts, files and row problems."""
    now = timezone.now()
    report = outcome.report
    batch.status = status
    batch.collection_year = outcome.collection_year
    batch.counts = outcome.counts
    batch.parts = [part.summary() for part in outcome.parts]
    batch.rows_read = outcome.rows_read
    batch.rows_rejected = outcome.rows_rejected
    batch.warning_count = report.warning_count
    batch.message = _year_message(outcome)
    batch.stage = "Imported" if status == BatchStatus.IMPORTED else "Checked"
    batch.progress_done = batch.progress_total = PROGRESS_SCALE
    if status == BatchStatus.IMPORTED:
        batch.finished_at = now
        batch.earliest_date = earliest
    else:
        batch.checked_at = now
    batch.save()
    for stored in batch.files.all():
        summary = report.files.get(stored.name)
        if summary is not None:
            ImportFile.objects.filter(pk=stored.pk).update(
                table=summary.table[:100], rows=summary.rows, rejected=summary.rejected, note=summary.note
            )
    store_issues(batch, report)
    if status == BatchStatus.IMPORTED and outcome.spool is not None:
        for part in outcome.parts:
            if part.kind == ReturnKind.SSDA903:
                reconcile903.store_file_figures(batch, outcome.spool, part.collection_year)


def _year_message(outcome: Outcome) -> str:
    if len(outcome.parts) == 1:
        return f"Collection year {outcome.year_label}, {outcome.year_note}."
    message = " ".join(f"{part.label}: collection year {part.year_label}, {part.year_note}." for part in outcome.parts)
    if len({part.collection_year for part in outcome.parts}) > 1:
        message += " The returns are for different years: check that these are the files you meant to upload together."
    return message


def store_issues(batch: ImportBatch, report: Report) -> None:
    """Every row problem of the report on the batch, streaming (a file can have very many)."""
    RowIssue.objects.filter(batch=batch).delete()
    rows = []
    for issue in report.iter_issues():
        rows.append(
            RowIssue(
                batch=batch,
                severity=issue.severity,
                file_name=issue.file_name[:255],
                row=issue.row,
                location=issue.place[:200],
                child=issue.child[:40],
                field=issue.field[:60],
                message=issue.message,
            )
        )
        if len(rows) == 1000:
            RowIssue.objects.bulk_create(rows)
            rows = []
    RowIssue.objects.bulk_create(rows)


# --- The command line ------------------------------------------------------------------------------------------


def command_import(*, kind: str, sources: list[Source], year: int | None, by: User | None, run_by: str) -> Outcome:
    """An import run from the command line, recorded as a batch like the page's: the batch (its
    files, who ran it) is made first in the import's transaction, so every record's audit entry
    names it and the person; if nothing can be imported, or the import fails, there is no batch."""
    from auditlog.context import set_actor

    made: list[ImportBatch] = []

    def open_batch(outcome: Outcome) -> int:
        batch = ImportBatch.objects.create(
            kind=kind,
            origin=Origin.COMMAND,
            status=BatchStatus.IMPORTING,
            requested_year=year,
            collection_year=outcome.collection_year,
            created_by=by,
            run_by=run_by[:150],
            stage="Importing from the command line",
        )
        for source in sources:
            ImportFile.objects.create(
                batch=batch, name=source.name[:255], size=source.size, sha256=_file_sha256(source)
            )
        made.append(batch)
        return batch.pk

    def written(outcome: Outcome) -> None:
        batch = made[0]
        _store_outcome(batch, outcome, status=BatchStatus.IMPORTED, earliest=outcome.earliest_date)
        person = f"{by.get_username()} ({run_by})" if by is not None else run_by
        batch.message += f" Run from the command line by {person}."
        batch.save(update_fields=["message"])

    with set_actor(by) if by is not None else nullcontext():
        return import_files(kind, sources, year=year, by=by, open_batch=open_batch, on_written=written)


def _file_sha256(source: Source) -> str:
    digest = hashlib.sha256()
    with source.open() as raw:
        for chunk in iter(lambda: raw.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()
