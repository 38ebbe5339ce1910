"""What both returns' checks share: running the casework rules without a query per row, periods,
and loading the records already in the product. The report of row problems is ``imports.report``;
the plan of what would be written, matched by natural keys, is ``imports.plan``.

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
"""

from collections import defaultdict
from collections.abc import Iterable, Iterator
from datetime import date, datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models

from casework import codes, validation
from casework.models import Child

CHUNK = 2000  # ids per ``__in`` lookup


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
