"""How every record is saved: validated, refused when it looks posted twice, saved in one
transaction with the recomputation queued; shared by every area's services."""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import models, transaction

from core.recompute import mark_stale

from .. import codes, validation
from ..models import (
    Child,
    ChildRecord,
)
from ..records import FIRST_DATE_FIELD

REASON = "record saved"
MANUAL = codes.Source.MANUAL


def record_days(record: models.Model) -> list[date]:
    """Every event date the record carries (not its bookkeeping timestamps)."""
    days = []
    for field in record._meta.concrete_fields:
        if isinstance(field, models.DateField) and not (field.auto_now or field.auto_now_add):
            value = getattr(record, field.attname)
            if value is not None:
                days.append(validation.day_of(value))
    return days


def _lock_child(child_id: int | None) -> None:
    """Serialise writes for one child, so two people cannot both add an overlapping period.

    A row lock on PostgreSQL; SQLite already runs one writing transaction at a time.
    """
    if child_id is not None:
        list(Child.objects.select_for_update().filter(pk=child_id).values_list("pk", flat=True))


POSSIBLE_DUPLICATE = "possible_duplicate"
_second_record_confirmed: ContextVar[bool] = ContextVar("second_record_confirmed", default=False)


@contextmanager
def second_record_confirmed(confirmed: bool = True) -> Iterator[None]:
    """The person saving has confirmed that the record is a second one, not the same one posted twice."""
    token = _second_record_confirmed.set(confirmed)
    try:
        yield
    finally:
        _second_record_confirmed.reset(token)


def is_possible_duplicate(error: ValidationError) -> bool:
    return any(
        getattr(inner, "code", None) == POSSIBLE_DUPLICATE
        for inner in (error.error_list if not hasattr(error, "error_dict") else sum(error.error_dict.values(), []))
    )


def _refuse_a_double_post(record: models.Model) -> None:
    """A new record of the same kind for the same child on the same date and time as one already
    recorded is most often the same one posted twice (a double click, a retry): ask first."""
    if not isinstance(record, ChildRecord) or not record._state.adding or _second_record_confirmed.get():
        return
    if record.source != MANUAL:
        return  # an import matches what it already wrote by itself
    field = FIRST_DATE_FIELD.get(type(record))
    value = getattr(record, field, None) if field else None
    if value is None or not type(record).objects.filter(child_id=record.child_id, **{field: value}).exists():
        return
    what = type(record)._meta.verbose_name
    raise ValidationError(
        {
            field: ValidationError(
                f"A {what} for {record.child.first_name or 'this child'} on {validation.long_date(value)} is already "
                f"recorded. If this is a second {what}, tick 'This is a second {what}' and save again; if not, "
                "it has been saved already.",
                code=POSSIBLE_DUPLICATE,
            )
        }
    )


def _save(record: models.Model, *, by: User | None, before: list[date] | None = None) -> models.Model:
    """Validate and save, in the caller's transaction or a new one, and queue the recomputation."""
    with transaction.atomic():
        _lock_child(getattr(record, "child_id", None))
        if isinstance(record, ChildRecord) and record._state.adding and record.recorded_by_id is None:
            record.recorded_by = by
        validation.check(record)
        _refuse_a_double_post(record)
        record.save()
        mark_stale(min([*(before or []), *record_days(record)], default=None), reason=REASON)
    return record


def _update(record: models.Model, *, by: User | None, **changes) -> models.Model:
    before = record_days(record)
    for name, value in changes.items():
        setattr(record, name, value)
    return _save(record, by=by, before=before)


def _given(**values) -> dict:
    """The values a caller gave (None: not given, the record keeps what it has)."""
    return {name: value for name, value in values.items() if value is not None}
