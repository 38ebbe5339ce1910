"""What both returns share: the report of row problems, the plan of what would be written,
matching records by their natural keys, and running the casework rules without a query
per row.

How a row is checked
--------------------
1. *Format*, by the return's module: the table is recognised, the child is in the header,
   dates can be read, codes are in the list for the collection year, rows agree with each
   other within the files (episodes in sequence, no duplicates).
2. *The record's own rule*, from ``casework.validation`` (the same rule a form runs), on the
   unsaved record with its child and linked records attached in memory, and
   ``full_clean()`` without the database checks. Rules whose cross-row part would query the
   database (overlaps, "looked after on that date", a review conference's plan) are run
   with the record detached from its child, so they check only the record itself.
3. *Across rows*, set-based, here: overlaps with the child's other records (in the files
   and in the database, loaded once per batch of children), "looked after on that date",
   and "not before the child was born" for the records checked detached.

Rows that fail are reported (file, row, child, field, message) and nothing from them is
written; rows that depend on a failed row (the other episodes of the same period of
care, a child's rows when their header row failed) are reported as such.

How a record is matched
-----------------------
Every record has a natural key (the child and its start date, or its date). A record with
the key of an existing one is the same record: unchanged when its values are the same,
updated when an earlier import of a return wrote it, and left as it is when it was entered
in the product (the product's record is the one social workers keep) or came from a later
year's return.
"""

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models

from casework import codes, validation
from casework.models import Child

from .readers import SourceRow

IMPORTED_SOURCES = (codes.Source.SSDA903, codes.Source.CIN_CENSUS)
CHUNK = 2000  # ids per ``__in`` lookup


# --- The report -------------------------------------------------------------------------------------


@dataclass(slots=True)
class Issue:
    file_name: str
    row: int | None
    place: str
    child: str
    field: str
    message: str
    severity: str = "error"

    def as_line(self) -> str:
        child = f", child {self.child}" if self.child else ""
        column = f", {self.field}" if self.field else ""
        kind = "" if self.severity == "error" else " (imported, check)"
        return f"{self.file_name} {self.place}{child}{column}: {self.message}{kind}"


@dataclass
class FileSummary:
    name: str
    table: str = ""
    rows: int = 0
    rejected: int = 0
    note: str = ""
    readable: bool = True


class Report:
    """Row problems, which rows are rejected, and what each file was read as.

    The first ``HELD`` problems are kept in memory; with a ``spool`` the rest wait on disk, so a file
    whose every row is wrong does not fill the memory (``issues`` reads them all back). Rows are
    checked a batch of children at a time: ``end_batch`` forgets which of the batch's rows were
    rejected (no later batch has them), keeping the counts.
    """

    HELD = 20_000

    def __init__(self, spool=None) -> None:
        self._held: list[Issue] = []
        self.spool = spool
        self.spilled = 0
        self.rejected: set[int] = set()
        self.rejected_total = 0
        self.error_count = 0
        self.warning_count = 0
        self.files: dict[str, FileSummary] = {}
        self._seen: set[tuple] = set()
        self._rejected_by_file: Counter[str] = Counter()

    def file(self, name: str) -> FileSummary:
        if name not in self.files:
            self.files[name] = FileSummary(name)
        return self.files[name]

    def file_problem(self, name: str, message: str) -> None:
        summary = self.file(name)
        summary.readable = False
        summary.note = message
        self._add(Issue(name, None, "whole file", "", "", message))

    def error(self, row: SourceRow, column: str, message: str, child: str | None = None) -> None:
        added = self._add(Issue(row.file_name, row.row, row.place, child or row.child, column, message))
        if added and row.index not in self.rejected:
            self.rejected.add(row.index)
            self.rejected_total += 1
            self._rejected_by_file[row.file_name] += 1

    def field_error(self, row: SourceRow, column: str, message: str) -> None:
        """An error in one field that the DfE reports against the field alone: said as an error, but the row
        is not rejected (its other values are imported)."""
        self._add(Issue(row.file_name, row.row, row.place, row.child, column, message))

    def warning(self, row: SourceRow, column: str, message: str, child: str | None = None) -> None:
        self._add(Issue(row.file_name, row.row, row.place, child or row.child, column, message, "warning"))

    def reject_dependants(self, rows: Iterable[SourceRow], message: str) -> None:
        """Rows that are fine on their own but cannot be imported without a row that failed."""
        for row in rows:
            if row.index not in self.rejected:
                self.error(row, "", message)

    def is_rejected(self, row: SourceRow) -> bool:
        return row.index in self.rejected

    def any_rejected(self, rows: Iterable[SourceRow]) -> bool:
        return any(row.index in self.rejected for row in rows)

    def rejected_in(self, file_name: str) -> int:
        return self._rejected_by_file[file_name]

    def end_batch(self) -> None:
        self.rejected.clear()
        self._seen.clear()

    @property
    def unreadable(self) -> list[str]:
        return [name for name, summary in self.files.items() if not summary.readable]

    def iter_issues(self) -> Iterator[Issue]:
        yield from self._held
        if self.spool is not None and self.spilled:
            yield from self.spool.issues()

    @property
    def issues(self) -> list[Issue]:
        return list(self.iter_issues())

    @classmethod
    def combined(cls, reports: "Iterable[Report]") -> "Report":
        """The issues and files of several returns' reports, for reading (their rejected rows stay theirs:
        each return numbers its rows from one)."""
        whole = cls()
        for report in reports:
            whole._held += report.issues
            whole.files.update(report.files)
            whole.rejected_total += report.rejected_total
            whole.error_count += report.error_count
            whole.warning_count += report.warning_count
        return whole

    @property
    def errors(self) -> list[Issue]:
        return [issue for issue in self.iter_issues() if issue.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [issue for issue in self.iter_issues() if issue.severity == "warning"]

    def _add(self, issue: Issue) -> bool:
        key = (issue.file_name, issue.row, issue.place, issue.field, issue.message, issue.severity)
        if key in self._seen:
            return False
        self._seen.add(key)
        if issue.severity == "error":
            self.error_count += 1
        else:
            self.warning_count += 1
        if len(self._held) < self.HELD or self.spool is None:
            self._held.append(issue)
        else:
            self.spool.add_issue(issue)
            self.spilled += 1
        return True


def add_errors(report: Report, row: SourceRow, messages: dict[str, list[str]], columns: dict[str, str]) -> None:
    """Report a rule's messages (keyed by model field) against the row, naming the return's column."""
    for name, field_messages in messages.items():
        column = columns.get(name, "") if name != NON_FIELD_ERRORS else ""
        for message in field_messages:
            report.error(row, column, message)


# --- Running the casework rules -----------------------------------------------------------------------

# Rules whose cross-row part queries the database: run detached from the child (see above).
_DETACHED = None


def _detached_models() -> frozenset[type]:
    global _DETACHED
    if _DETACHED is None:
        from casework import models as m

        _DETACHED = frozenset(
            {
                m.PeriodOfCare,
                m.Placement,
                m.ChildProtectionPlan,
                m.ChildInNeedPlan,
                m.LookedAfterReview,
                m.ChildProtectionConference,
            }
        )
    return _DETACHED


_RULES: dict[type, object] | None = None


def _rule_for(model: type):
    global _RULES
    if _RULES is None:
        _RULES = validation.rules()
    return _RULES.get(model)


UNSAVED_CHILD = -1


class _Provisional:
    """Gives unsaved records a stand-in id while a rule runs, so the rule sees the links
    (``record.referral_id`` set, ``record.referral`` the record in memory, and the linked
    records belonging to the same child) without a query."""

    def __init__(self, record: models.Model, child: Child | None, links: dict[str, models.Model | None]) -> None:
        self.record = record
        self.child = child
        self.links = {name: related for name, related in links.items() if related is not None}
        self.shared_child: list[models.Model] = []
        self.detached_from: Child | None = None

    def __enter__(self):
        child_id = None
        if self.child is None and getattr(self.record, "child_id", None) is not None:
            # Checked detached: the rule must not see (and query) the child's other records.
            self.detached_from = self.record.child
            self.record.child = None
        if self.child is not None:
            child_id = self.child.pk if self.child.pk is not None else UNSAVED_CHILD
            _link(self.record, "child", self.child, child_id)
        for number, (name, related) in enumerate(self.links.items(), start=2):
            _link(self.record, name, related, related.pk if related.pk is not None else -number)
            if child_id is not None and getattr(related, "child_id", 0) is None:
                # The linked record is this child's too: give it the same stand-in.
                _link(related, "child", self.child, child_id)
                self.shared_child.append(related)
        return self.record

    def __exit__(self, *exc) -> None:
        if self.detached_from is not None:
            self.record.child = self.detached_from
        if self.child is not None:
            _link(self.record, "child", self.child, self.child.pk)
        for name, related in self.links.items():
            _link(self.record, name, related, related.pk)
        for related in self.shared_child:
            _link(related, "child", self.child, self.child.pk)


def _link(record: models.Model, name: str, related: models.Model, value) -> None:
    relation = record._meta.get_field(name)
    setattr(record, relation.attname, value)
    relation.set_cached_value(record, related)


def rule_messages(record: models.Model, *, child: Child | None, links: dict[str, models.Model | None] | None = None):
    """The messages of the record's casework rule and ``full_clean()``, by field, with no query.

    ``child`` is attached in memory unless the record's rule would query the database with it
    (the record is then checked on its own, and the import checks the rest set-based);
    ``links`` are the record's other relations (its period of care, referral, enquiry...).
    """
    model = type(record)
    detached = model in _detached_models()
    messages: dict[str, list[str]] = {}
    with _Provisional(record, None if detached else child, links or {}):
        rule = _rule_for(model)
        if rule is not None and model is not Child:
            try:
                rule(record)
            except ValidationError as error:
                _merge(messages, error)
        for name, problems in validation.event_date_messages(record, child).items():
            if name not in messages:  # the rule already said something plainer about this date
                messages[name] = problems
        relations = [f.name for f in model._meta.concrete_fields if f.is_relation]
        try:
            # Relations are in memory (or not yet saved): their existence is not checked here.
            record.full_clean(exclude=[*relations, *messages], validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            _merge(messages, error)
    if child is not None and hasattr(record, "child_id"):
        _link(record, "child", child, child.pk)
    return messages


def _merge(into: dict[str, list[str]], error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, field_messages in error.message_dict.items():
            for message in field_messages:
                if message not in into.setdefault(name, []):
                    into[name].append(message)
    else:
        into.setdefault(NON_FIELD_ERRORS, []).extend(error.messages)


def born_by(child: Child, day: date | None, noun: str) -> str | None:
    """For the records not of a casework kind (a social worker episode): the event cannot be before the
    child was born, nor before 1990; the same words as the casework rules (``event_date_problem``)."""
    return validation.event_date_problem(day, child, what=noun, unborn_allowed=False)


# What a return gives as "not known": it never overwrites a child's detail that the other return (or
# the product) knows. Both returns describe the same children, each with some details missing.
_NOT_KNOWN = {"sex": {codes.Sex.UNKNOWN}, "ethnicity": {codes.Ethnicity.NOBT}, "upn": {""}}


def known_details(child: Child, names: Iterable[str]) -> list[str]:
    """The child's details among ``names`` that the return actually gives (not empty, not "not known"):
    only these may update a child already in the product."""
    return [name for name in names if getattr(child, name) not in _NOT_KNOWN.get(name, {None})]


# --- Periods ---------------------------------------------------------------------------------------------


def overlaps(start: date, end: date | None, other_start: date, other_end: date | None) -> bool:
    """[start, end) and [other_start, other_end) share a day; an empty end is open."""
    return (other_end is None or other_end > start) and (end is None or other_start < end)


def covers(start: date, end: date | None, day: date) -> bool:
    """The day is on or after the start and on or before the end (as "looked after on" a day)."""
    return start <= day and (end is None or end >= day)


def period_text(start: date, end: date | None) -> str:
    if end is None:
        return f"from {validation.long_date(start)}, still open"
    return f"from {validation.long_date(start)} to {validation.long_date(end)}"


def where(record: models.Model) -> str:
    """How a record already in the product is named in a message."""
    if getattr(record, "source", "") in IMPORTED_SOURCES and getattr(record, "source_reference", ""):
        return f"imported from {record.source_reference}"
    return "recorded in the product"


# --- The plan ---------------------------------------------------------------------------------------------

CREATED = "created"
UPDATED = "updated"
UNCHANGED = "unchanged"
REMOVED = "removed"  # an earlier year's record that a later year's return replaces

_YEAR_IN_REFERENCE = re.compile(r"\b(\d{4})-(\d{2})\b")


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


# --- Loading what is already in the product ------------------------------------------------------------


def chunks(values: list, size: int = CHUNK) -> Iterator[list]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def children_by_id(la_child_ids: Iterable[str]) -> dict[str, Child]:
    ids = sorted({value for value in la_child_ids if value})
    found: dict[str, Child] = {}
    for part in chunks(ids):
        for child in Child.objects.filter(la_child_id__in=part):
            found[child.la_child_id] = child
    return found


def records_by_child(model: type, child_pks: Iterable[int], **filters) -> dict[int, list]:
    """The children's records of one type, grouped by child: one query per 2,000 children."""
    pks = sorted(set(child_pks))
    grouped: dict[int, list] = defaultdict(list)
    for part in chunks(pks):
        for record in model.objects.filter(child_id__in=part, **filters).order_by("pk"):
            grouped[record.child_id].append(record)
    return grouped


# Dates that are not events: a date of birth, or when a worker joined, moves no indicator month by itself.
_NOT_EVENTS = {"date_of_birth", "expected_date_of_birth"}


def event_days(record: models.Model) -> list[date]:
    """Every event date a case record carries (for the months a recomputation must cover)."""
    if not hasattr(record, "child_id") and not hasattr(record, "worker_id"):
        return []  # a child, a social worker, a team: what they bring is in their records
    days = []
    for model_field in record._meta.concrete_fields:
        if model_field.name in _NOT_EVENTS:
            continue
        if isinstance(model_field, models.DateField) and not (model_field.auto_now or model_field.auto_now_add):
            value = getattr(record, model_field.attname)
            if isinstance(value, datetime):
                value = validation.day_of(value)
            if value is not None:
                days.append(value)
    return days
