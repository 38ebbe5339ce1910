"""Thin Celery adapters: a batch id in, one service call. Both are safe to run twice (each
claims the batch's status first, and an import finds what it already wrote unchanged). A
failure is recorded on the batch by the service, for the officer to see, not retried.

A batch's state is in the database, so a message lost with the broker loses nothing:
``start_waiting`` (the beat, every minute) starts the batches that have waited a minute
without a worker taking them up.
"""

from celery import shared_task
from django.conf import settings

SAFE = {"acks_late": True, "reject_on_worker_lost": True}


@shared_task(name="imports.tasks.check_batch", time_limit=settings.KPI_IMPORT_TIME_LIMIT_SECONDS, **SAFE)
def check_batch(batch_pk: int) -> str:
    from .services import batch_check

    batch = batch_check(batch_pk)
    return batch.status if batch else "skipped"


@shared_task(name="imports.tasks.import_batch", time_limit=settings.KPI_IMPORT_TIME_LIMIT_SECONDS, **SAFE)
def import_batch(batch_pk: int) -> str:
    from .services import batch_import

    batch = batch_import(batch_pk)
    return batch.status if batch else "skipped"


@shared_task(name="imports.tasks.start_waiting", expires=50, **SAFE)
def start_waiting() -> int:
    """Send the checks and imports that no worker has started (their message was never sent)."""
    from .services import batches_waiting_for_a_worker

    started = 0
    for task, batch_pk in batches_waiting_for_a_worker():
        (check_batch if task == "check" else import_batch).delay(batch_pk)
        started += 1
    return started
