"""Writes to the workforce: each validates, then saves in one transaction."""

from django.db import transaction

from .models import SocialWorker


@transaction.atomic
def worker_save(worker: SocialWorker) -> SocialWorker:
    worker.full_clean()
    worker.save()
    return worker
