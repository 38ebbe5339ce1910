"""A batch's findings stored on it (counts, files, row problems), its audit entries and its files deleted."""

from datetime import date

from django.contrib.auth.models import User
from django.utils import timezone

from .. import reconcile903
from ..models import BatchStatus, ImportBatch, ImportFile, ReturnKind, RowIssue
from ..report import Report
from .outcome import PROGRESS_SCALE, Outcome


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
