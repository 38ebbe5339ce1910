"""A batch's check, confirmation, import and cancellation."""

import logging

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.utils import timezone

from core.messaging import send_on_commit

from ..models import BatchStatus, ImportBatch
from .outcome import PROGRESS_SCALE, Outcome
from .progress import _BatchProgress
from .retry import batch_is_stale
from .run import YearRequired, check_files, import_files
from .storing import _audit_status, _delete_files, _store_outcome
from .upload import IMPORT_TASK, batch_sources

logger = logging.getLogger(__name__)


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
