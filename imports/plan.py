"""The plan of what an import would write, record by record, matched with the records already in the
product by their natural keys.

Every record has a natural key (the child and its start date, or its date). A record with
the key of an existing one is the same record: unchanged when its values are the same,
updated when an earlier import of a return wrote it, and left as it is when it was entered
in the product (the product's record is the one social workers keep) or came from a later
year's return.
"""

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import models

from casework import codes, validation
from casework.models import Child

from .readers import SourceRow

IMPORTED_SOURCES = (codes.Source.SSDA903, codes.Source.CIN_CENSUS)
CREATED = "created"
UPDATED = "updated"
UNCHANGED = "unchanged"
REMOVED = "removed"  # an earlier year's record that a later year's return replaces

_YEAR_IN_REFERENCE = re.compile(r"\b(\d{4})-(\d{2})\b")


def where(record: models.Model) -> str:
    """How a record already in the product is named in a message."""
    if getattr(record, "source", "") in IMPORTED_SOURCES and getattr(record, "source_reference", ""):
        return f"imported from {record.source_reference}"
    return "recorded in the product"


def reference_year(reference: str) -> int | None:
    """The collection year a source reference names ('SSDA903 2024-25 ...' -> 2025)."""
    match = _YEAR_IN_REFERENCE.search(reference or "")
    return int(match.group(1)) + 1 if match else None


@dataclass(eq=False)
class Entry:
    record: models.Model
    action: str
    changes: dict[str, tuple] = field(default_factory=dict)
    row: SourceRow | None = None


@dataclass(eq=False)
class Kept:
    record: models.Model
    differences: dict[str, tuple]
    row: SourceRow

    def message(self) -> str:
        what = self.record._meta.verbose_name
        said = "; ".join(
            f"{_lower_first(self.record._meta.get_field(name).verbose_name)} {_shown(theirs)} in the product, "
            f"{_shown(ours)} in the return"
            for name, (theirs, ours) in self.differences.items()
        )
        return f"This {what} is already in the product ({where(self.record)}) and is kept as it is: {said}."


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _shown(value) -> str:
    if value is None or value == "":
        return "empty"
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, date | datetime):
        return validation.long_date(value)
    return str(value)


class Plan:
    """What the import would write, in the order it must be written."""

    def __init__(self, *, source: str, collection_year: int, order: list[type]) -> None:
        self.source = source
        self.collection_year = collection_year
        self.order = order
        self.entries: dict[type, list[Entry]] = defaultdict(list)
        self.counts: dict[type, Counter] = defaultdict(Counter)
        self._updated: dict[int, Entry] = {}
        self._created: set[int] = set()  # ids of the records this plan creates
        # Records the return would change but that are kept as they are (the product's own, or
        # from a later year's return): reported as warnings.
        self.kept: list[Kept] = []
        self.had_changes = False

    def settle(
        self,
        new: models.Model,
        existing: models.Model | None,
        fields: Iterable[str],
        row: SourceRow | None = None,
        *,
        only_known: bool = False,
        year: int | None = None,
    ) -> models.Model:
        """Add ``new``, or apply it to ``existing`` (the record with the same natural key).

        Returns the record that stands for it from now on. ``only_known``: fields that ``new``
        leaves empty do not clear the existing record's (a return that no longer carries a
        date does not unknow it). ``year``: the collection year of the row (default: the
        import's), so that a return never undoes what a later year's return wrote.
        """
        model = type(new)
        if existing is None:
            self.entries[model].append(Entry(new, CREATED, row=row))
            self.counts[model][CREATED] += 1
            self._created.add(id(new))
            return new
        if existing.pk is None:
            # Planned earlier in this import (a later file of the same batch, or the other return of the
            # same upload, which creates it and counts it): correct it in place.
            changed = False
            for name in fields:
                value = getattr(new, name)
                if not (only_known and value is None) and comparable(existing, name) != comparable(new, name):
                    setattr(existing, name, value)
                    changed = True
            ours = id(existing) in self._created
            if getattr(new, "source_reference", "") and (ours or changed):
                existing.source_reference = new.source_reference  # the latest year's row that gave it
            if not ours:
                self.counts[model][UNCHANGED] += 1
            return existing
        earlier = self._updated.get(id(existing))
        if earlier is None and not self._may_change(existing, year or self.collection_year):
            self.counts[model][UNCHANGED] += 1
            differences = {
                name: (getattr(existing, name), getattr(new, name))
                for name in fields
                if comparable(existing, name) != comparable(new, name)
                and not (only_known and comparable(new, name) is None)
            }
            if differences and row is not None:
                self.kept.append(Kept(existing, differences, row))
            return existing
        changes = {}
        for name in fields:
            old_value, new_value = comparable(existing, name), comparable(new, name)
            if only_known and new_value is None:
                continue
            if old_value != new_value:
                changes[name] = (getattr(existing, name), getattr(new, name))
        if not changes:
            if earlier is None:
                self.counts[model][UNCHANGED] += 1
            return existing
        for name, (_, value) in changes.items():
            setattr(existing, name, value)
        if hasattr(existing, "source_reference") and getattr(new, "source_reference", ""):
            existing.source_reference = new.source_reference
        if earlier is not None:
            # Given again in this import (another file): one correction, from the first value to the last.
            for name, (old_value, value) in changes.items():
                first = earlier.changes.get(name, (old_value, None))[0]
                earlier.changes[name] = (first, value)
                if first == value:
                    del earlier.changes[name]  # changed and changed back: no change
            if not earlier.changes:
                self.entries[model].remove(earlier)
                del self._updated[id(existing)]
                self.counts[model][UPDATED] -= 1
                self.counts[model][UNCHANGED] += 1
            return existing
        entry = Entry(existing, UPDATED, changes, row)
        self._updated[id(existing)] = entry
        self.entries[model].append(entry)
        self.counts[model][UPDATED] += 1
        return existing

    def remove(self, existing: models.Model, row: SourceRow | None = None) -> bool:
        """Plan to delete a record an earlier year's return wrote that this return replaces (see ``settle``:
        the product's own records and later years' are never removed). False when it may not be removed."""
        if existing.pk is None or id(existing) in self._updated or not self._may_change(existing, self.collection_year):
            return False
        self.entries[type(existing)].append(Entry(existing, REMOVED, row=row))
        self.counts[type(existing)][REMOVED] += 1
        return True

    def removed(self, model: type) -> list[Entry]:
        return [entry for entry in self.entries[model] if entry.action == REMOVED]

    def keeps(self, existing: models.Model | None, year: int | None = None) -> bool:
        """The record is in the product and this import will leave it as it is (see ``settle``): it is
        checked no more, and the return's other records are checked against it as it stands."""
        return (
            existing is not None
            and existing.pk is not None
            and id(existing) not in self._updated
            and not self._may_change(existing, year or self.collection_year)
        )

    def _may_change(self, existing: models.Model, year: int) -> bool:
        """Records written by a return may be corrected by a return of the same or a later year;
        records entered in the product are the product's."""
        source = getattr(existing, "source", self.source)
        if isinstance(existing, Child):
            if source not in IMPORTED_SOURCES:
                return False
        elif source != self.source:
            return False
        written_in = reference_year(getattr(existing, "source_reference", ""))
        return written_in is None or written_in <= year

    def created(self, model: type) -> list[models.Model]:
        return [entry.record for entry in self.entries[model] if entry.action == CREATED]

    def updated(self, model: type) -> list[Entry]:
        return [entry for entry in self.entries[model] if entry.action == UPDATED]

    def summary(self) -> dict[str, dict[str, int]]:
        """Per record type, in writing order: created, updated and unchanged."""
        result = {}
        for model in self.order:
            counts = self.counts.get(model)
            if counts:
                label = model._meta.verbose_name_plural
                result[label[:1].upper() + label[1:]] = {
                    CREATED: counts[CREATED],
                    UPDATED: counts[UPDATED],
                    UNCHANGED: counts[UNCHANGED],
                } | ({REMOVED: counts[REMOVED]} if counts[REMOVED] else {})
        return result

    @property
    def has_changes(self) -> bool:
        return self.had_changes or any(self.entries.values())

    @property
    def pending(self) -> int:
        """Records planned in the batch in hand (not yet written or dropped)."""
        return sum(len(entries) for entries in self.entries.values())

    def end_batch(self) -> None:
        """The batch's records have been written (an import) or counted (a check): forget them. The counts
        stay; records the next batches refer to (the social workers) are held by the check itself."""
        self.had_changes = self.has_changes
        self.entries = defaultdict(list)
        self._updated = {}
        self._created = set()
        self.kept = []


def comparable(record: models.Model, name: str):
    """A field's value for comparison: a relation by the related record's id (None while unsaved)."""
    model_field = record._meta.get_field(name)
    if model_field.is_relation:
        related = model_field.get_cached_value(record, default=None)
        if related is not None:
            return related.pk if related.pk is not None else ("unsaved", id(related))
        return getattr(record, model_field.attname)
    return getattr(record, name)
