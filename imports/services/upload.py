"""Batches, the page's imports: an upload stored as a batch, its files read back, batches whose task was lost."""

import hashlib
from datetime import timedelta

from django.contrib.auth.models import User
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.messaging import send_on_commit

from ..models import BatchStatus, ImportBatch, ImportFile, Origin
from ..readers import Source
from .run import _an_import_holds_the_lock


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
