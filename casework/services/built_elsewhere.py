"""Records built elsewhere (the Django admin), saved under the same rules as the services."""

from django.contrib.auth.models import User
from django.db import models, transaction

from core.recompute import mark_stale

from .. import validation
from ..models import (
    Child,
    FosterCarerHousehold,
    FosterCarerReview,
)
from .children import _first_record_day
from .fostering import _settle_review_due_dates, foster_carer_review_save
from .saving import REASON, _save, record_days


def record_save(*, record: models.Model, by: User | None) -> models.Model:
    """Save a record built elsewhere (the Django admin) under the same rules as the services."""
    if isinstance(record, Child):
        with transaction.atomic():
            stored = Child.objects.filter(pk=record.pk).first() if record.pk else None
            validation.check(record)
            record.save()
            if stored is not None and stored.date_of_birth != record.date_of_birth:
                mark_stale(_first_record_day(record), reason=REASON)
        return record
    if isinstance(record, FosterCarerReview):
        return foster_carer_review_save(review=record, by=by)
    if record.pk is not None:
        stored = type(record).objects.filter(pk=record.pk).first()
        before = record_days(stored) if stored is not None else []
        with transaction.atomic():
            _save(record, by=by, before=before)
            if isinstance(record, FosterCarerHousehold):
                _settle_review_due_dates(record, before=before)  # a corrected approval moves them
        return record
    return _save(record, by=by)
