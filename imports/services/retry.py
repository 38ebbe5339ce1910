"""A check or import that stopped: told from a slow one, and run again."""

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from core.messaging import send_on_commit

from ..models import BatchStatus, ImportBatch
from .outcome import PROGRESS_SCALE
from .run import _an_import_holds_the_lock
from .storing import _audit_status
from .upload import CHECK_TASK, IMPORT_TASK


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
