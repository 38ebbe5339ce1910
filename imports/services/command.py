"""Imports run from the command line, recorded as batches like the page's."""

import hashlib
from contextlib import nullcontext

from django.contrib.auth.models import User

from ..models import BatchStatus, ImportBatch, ImportFile, Origin
from ..readers import Source
from .outcome import Outcome
from .run import import_files
from .storing import _store_outcome


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
