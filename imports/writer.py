"""Writing a checked plan: in bulk, in the caller's transaction, with an audit entry per record.

``bulk_create`` and ``bulk_update`` do not send the signals django-auditlog listens to, so
the audit entries (who imported the record, from which batch, with its values) are built
here and written in bulk too. Records are written in dependency order (a period of care
before its placements); within a type, corrections go before new records, so a period of
care an import closes is closed before the next one opens (one open period per child).
"""

from datetime import date

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone

from casework.models import Child
from casework.validation import day_of

from .engine import event_days
from .plan import CREATED, REMOVED, UPDATED, Plan

BATCH_SIZE = 1000
STEP = 5000  # rows between two progress reports
_BOOKKEEPING = {"id", "created_at", "updated_at"}


def write(plan: Plan, *, by, batch_pk: int | None, on_progress=None) -> date | None:
    """Write everything the plan holds; returns the earliest date it changes (None if nothing).

    ``on_progress(done, total)`` is told after every few thousand rows (records and their
    audit entries count one each)."""
    now = timezone.now()
    earliest: date | None = None
    total = 2 * sum(len(plan.entries[model]) for model in plan.order) or 1
    done = 0

    def advanced(count: int) -> None:
        nonlocal done
        done += count
        if on_progress is not None:
            on_progress(done, total)

    for model in plan.order:
        removed = plan.removed(model)
        if removed:
            # Replaced by a later year's return: deleted first (a new record may take its day). The audit entry
            # is written below with the others, naming the batch.
            with disable_auditlog():
                model.objects.filter(pk__in=[entry.record.pk for entry in removed]).delete()
            advanced(len(removed))
        updated = plan.updated(model)
        if updated:
            names = sorted({name for entry in updated for name in entry.changes})
            if _has_field(model, "source_reference") and "source_reference" not in names:
                # The return (and year) that gave the correction: a later year's record is not undone by an
                # earlier year's return imported again.
                names.append("source_reference")
            if _has_field(model, "updated_at"):
                names.append("updated_at")
                for entry in updated:
                    entry.record.updated_at = now
            model.objects.bulk_update([entry.record for entry in updated], names, batch_size=BATCH_SIZE)
            advanced(len(updated))
        created = plan.created(model)
        for start in range(0, len(created), STEP):
            part = created[start : start + STEP]
            model.objects.bulk_create(part, batch_size=BATCH_SIZE)
            advanced(len(part))
        content_type = ContentType.objects.get_for_model(model)
        entries = plan.entries[model]
        for start in range(0, len(entries), STEP):
            part = entries[start : start + STEP]
            LogEntry.objects.bulk_create(
                [_log_entry(entry, content_type, by=by, batch_pk=batch_pk, now=now) for entry in part],
                batch_size=BATCH_SIZE,
            )
            for entry in part:
                days = event_days(entry.record)
                if entry.action == UPDATED and days:
                    days += [day_of(value) for value, _ in entry.changes.values() if isinstance(value, date)]
                if entry.action == UPDATED and isinstance(entry.record, Child) and "date_of_birth" in entry.changes:
                    # A corrected date of birth moves the ages in the child's figures: the return's year.
                    days.append(date(plan.collection_year - 1, 4, 1))
                if days:
                    first = min(days)
                    earliest = first if earliest is None else min(earliest, first)
            advanced(len(part))
    return earliest


def _has_field(model: type, name: str) -> bool:
    return any(field.name == name for field in model._meta.concrete_fields)


def _text(value) -> str:
    if isinstance(value, models.Model):
        return str(value.pk)
    return "None" if value is None else str(value)


def _log_entry(entry, content_type, *, by, batch_pk, now) -> LogEntry:
    record = entry.record
    if entry.action == REMOVED:
        changes = {
            field.name: [_text(getattr(record, field.attname)), "None"]
            for field in record._meta.concrete_fields
            if field.name not in _BOOKKEEPING and getattr(record, field.attname) not in (None, "")
        }
        action = LogEntry.Action.DELETE
    elif entry.action == CREATED:
        changes = {
            field.name: ["None", _text(getattr(record, field.attname))]
            for field in record._meta.concrete_fields
            if field.name not in _BOOKKEEPING and getattr(record, field.attname) not in (None, "")
        }
        action = LogEntry.Action.CREATE
    else:
        changes = {name: [_text(old), _text(new)] for name, (old, new) in entry.changes.items()}
        action = LogEntry.Action.UPDATE
    additional = {}
    get_additional_data = getattr(record, "get_additional_data", None)
    if callable(get_additional_data):
        additional.update(get_additional_data() or {})
    additional["import_batch"] = batch_pk
    return LogEntry(
        content_type=content_type,
        object_pk=str(record.pk),
        object_id=record.pk,
        object_repr=str(record)[:1000],
        action=action,
        changes=changes,
        actor=by,
        timestamp=now,
        additional_data=additional,
    )
