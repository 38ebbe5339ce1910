"""Thin Celery adapters: a batch id in, one service call. Both are safe to run twice (each
claims the batch's status first, and an import finds what it already wrote unchanged). A
failure is recorded on the batch by the service, for the officer to see, not retried."""

from celery import shared_task


@shared_task(name="imports.tasks.check_batch", acks_late=True)
def check_batch(batch_pk: int) -> str:
    from .services import batch_check

    batch = batch_check(batch_pk)
    return batch.status if batch else "skipped"


@shared_task(name="imports.tasks.import_batch", acks_late=True)
def import_batch(batch_pk: int) -> str:
    from .services import batch_import

    batch = batch_import(batch_pk)
    return batch.status if batch else "skipped"
