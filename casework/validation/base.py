"""What every area's rules are built from: the collected errors, dates not in the future
and in order, periods that must not overlap, and every event's dates against the birth."""

import functools
from collections.abc import Callable
from datetime import date, datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import Min, Q
from django.utils import timezone
from django.utils.text import capfirst

from core.horizon import EARLIEST_EVENT
from core.periods import add_months

# Events that can concern an unborn child may be this many months before the (expected) birth.
UNBORN_MONTHS = 9


def long_date(value: date | datetime | None) -> str:
    """3 March 2024, or 3 March 2024 at 14:30 for a moment."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        local = timezone.localtime(value) if timezone.is_aware(value) else value
        return f"{local.day} {local:%B %Y} at {local:%H:%M}"
    return f"{value.day} {value:%B %Y}"


def day_of(value: date | datetime | None) -> date | None:
    """The calendar date (Europe/London) of a date or a moment."""
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


class _Errors:
    """Collects messages by field; raises them together."""

    def __init__(self) -> None:
        self.messages: dict[str, list[str]] = {}

    def add(self, field: str, message: str) -> None:
        self.messages.setdefault(field, []).append(message)

    def has(self, field: str) -> bool:
        return field in self.messages

    def raise_if_any(self) -> None:
        if self.messages:
            raise ValidationError(self.messages)


def _child(record):
    """The record's child, or None when not chosen yet (full_clean reports that)."""
    return record.child if getattr(record, "child_id", None) else None


def _name(child) -> str:
    return child.first_name if child is not None and child.first_name else "The child"


def _codes(errors: _Errors, record) -> None:
    """Every coded field holds a code from its list (imports send codes as text)."""
    for field in record._meta.concrete_fields:
        if not field.choices or isinstance(field, models.BooleanField):
            continue
        value = getattr(record, field.attname)
        if value in (None, ""):
            continue
        allowed = {str(key) for key, _ in field.flatchoices}
        if str(value) not in allowed:
            errors.add(field.name, f"'{value}' is not a code in the list for {field.verbose_name.lower()}.")


def code_list_problem(value, choices: list[tuple[str, str]], alone: str, *, what: str, alone_message: str) -> str:
    """What is wrong with a list of codes (a JSON list field such as the child's disabilities), or "":
    not a list, a code not in ``choices``, a code given twice, or ``alone`` beside another code. ``what``
    names the list in a message ("factors identified at the assessment")."""
    if value in (None, ""):
        return ""
    if not isinstance(value, list) or not all(isinstance(code, str) for code in value):
        return f"The {what} must be a list of codes."
    allowed = {code for code, _ in choices}
    unknown = [code for code in value if code not in allowed]
    if unknown:
        return f"'{unknown[0]}' is not a code in the list for {what}."
    repeated = sorted({code for code in value if value.count(code) > 1})
    if repeated:
        return f"'{repeated[0]}' is given twice in the {what}: give each code once."
    if alone in value and len(value) > 1:
        return alone_message
    return ""


def _not_future(errors: _Errors, record, fields: dict[str, str]) -> None:
    """``fields`` maps a field to how a social worker names it ("visit date")."""
    today = timezone.localdate()
    now = timezone.now()
    for field, noun in fields.items():
        value = getattr(record, field)
        if value is None:
            continue
        in_future = value > now if isinstance(value, datetime) else value > today
        if in_future:
            errors.add(field, f"The {noun} cannot be in the future.")


def _not_before(errors: _Errors, record, field: str, earliest, message: str) -> None:
    """``message`` may use {date}, the earliest allowed date, written out. A moment compared
    with a date is compared by its calendar day."""
    value = getattr(record, field)
    if value is None or earliest is None or errors.has(field):
        return
    both_moments = isinstance(value, datetime) and isinstance(earliest, datetime)
    too_early = value < earliest if both_moments else day_of(value) < day_of(earliest)
    if too_early:
        errors.add(field, message.format(date=long_date(earliest)))


def _not_after(errors: _Errors, record, field: str, latest, message: str) -> None:
    value = getattr(record, field)
    if value is None or latest is None or errors.has(field):
        return
    if day_of(value) > day_of(latest):
        errors.add(field, message.format(date=long_date(latest)))


def _needs_birth(errors: _Errors, record, fields: dict[str, str]) -> None:
    """Events that need a child who has been born: refused for an unborn child, and before the birth."""
    child = _child(record)
    if child is None:
        return
    for field, noun in fields.items():
        value = getattr(record, field)
        if value is None or errors.has(field):
            continue
        if child.date_of_birth is None:
            errors.add(
                field,
                f"{_name(child)} is recorded as unborn: record the date of birth before the {noun}.",
            )
        elif day_of(value) < child.date_of_birth:
            errors.add(
                field,
                f"The {noun} cannot be before {_name(child)} was born ({long_date(child.date_of_birth)}).",
            )


def with_birth_dates(rule: Callable | None, dates: dict[str, str]) -> Callable | None:
    """A kind's whole rule: its dates that need a child who has been born, then ``rule``.

    ``dates`` maps a field to how a social worker names the event ("statutory visit"): the
    kind declares them (``casework.records``), and the same list checks a corrected date of
    birth (``child_errors``). A date refused for the birth is the whole story for its field:
    the rule's other messages about it (not looked after that day, before the plan) would
    send the worker the wrong way.
    """
    if not dates:
        return rule

    def checked(record) -> None:
        errors = _Errors()
        _needs_birth(errors, record, dates)
        try:
            if rule is not None:
                rule(record)
        except ValidationError as error:
            messages = error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
            for field, field_messages in messages.items():
                if not errors.has(field):
                    for message in field_messages:
                        errors.add(field, message)
        errors.raise_if_any()

    return functools.update_wrapper(checked, rule) if rule is not None else checked


def _same_child(errors: _Errors, record, field: str, what: str) -> bool:
    """A linked record (the plan of a visit, the period of a placement) must be this child's."""
    linked = getattr(record, field)
    if linked is None or getattr(record, "child_id", None) is None:
        return linked is not None
    if linked.child_id != record.child_id:
        errors.add(field, f"That {what} belongs to another child's record.")
        return False
    return True


def overlapping(queryset: models.QuerySet, started_on: date, ended_on: date | None, exclude_pk=None):
    """Rows whose [started_on, ended_on) shares a day with the given period (ends are exclusive)."""
    clashes = queryset.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=started_on))
    if ended_on is not None:
        clashes = clashes.filter(started_on__lt=ended_on)
    if exclude_pk is not None:
        clashes = clashes.exclude(pk=exclude_pk)
    return clashes.order_by("started_on")


def _period_text(started_on: date, ended_on: date | None) -> str:
    if ended_on is None:
        return f"from {long_date(started_on)}, still open"
    return f"from {long_date(started_on)} to {long_date(ended_on)}"


def _no_overlap(errors: _Errors, record, others: models.QuerySet, what: str, one_at_a_time: str) -> None:
    """``what``: "child protection plan"; ``one_at_a_time``: why two cannot overlap."""
    if record.started_on is None or errors.has("started_on") or errors.has("ended_on"):
        return
    clash = overlapping(others, record.started_on, record.ended_on, exclude_pk=record.pk).first()
    if clash is None:
        return
    child = _child(record)
    if clash.ended_on is None and record.ended_on is None:
        errors.add(
            "started_on",
            f"{_name(child)} already has an open {what} (from {long_date(clash.started_on)}). "
            f"End it before recording another: {one_at_a_time}",
        )
        return
    field = "ended_on" if record.ended_on is not None and clash.started_on >= record.started_on else "started_on"
    errors.add(
        field,
        f"This overlaps {_name(child)}'s {what} {_period_text(clash.started_on, clash.ended_on)}: {one_at_a_time}",
    )


def _end_not_before_start(errors: _Errors, record, start: str, end: str, message: str) -> None:
    _not_before(errors, record, end, getattr(record, start), message)


def _linked_after(
    errors: _Errors, field: str, queryset: models.QuerySet, date_field: str, earliest, message: str
) -> None:
    """On a correction: the records that follow this one must still come after it."""
    if earliest is None or errors.has(field):
        return
    first = day_of(queryset.aggregate(first=Min(date_field))["first"])
    if first is not None and first < day_of(earliest):
        errors.add(field, message.format(date=long_date(first)))


def _records_outside(
    errors: _Errors, field: str, queryset: models.QuerySet, date_field: str, started_on, ended_on, message: str
) -> None:
    """On a correction of a period: records inside it must stay inside it."""
    if started_on is None or errors.has(field):
        return
    outside = Q(**{f"{date_field}__lt": started_on})
    if ended_on is not None:
        outside |= Q(**{f"{date_field}__gt": ended_on})
    first = queryset.filter(outside).order_by(date_field).values_list(date_field, flat=True).first()
    if first is not None:
        errors.add(field, message.format(date=long_date(first)))


def _unlinked_predecessor(
    errors: _Errors,
    record,
    field: str,
    candidates: models.QuerySet | None,
    date_field: str,
    followers: models.QuerySet,
    link: str,
    message: str,
) -> None:
    """A record that follows another (an enquiry its strategy discussion, an initial conference
    its enquiry) is linked to it when the child has one on or before its date that no other
    record follows yet (``followers``, linked by their field ``link``). ``message`` may use
    {name} and {date}, the latest such record's."""
    from django.db.models import Exists, OuterRef

    child = _child(record)
    if child is None or child.pk is None or candidates is None or errors.has(field):
        return
    followed = followers.filter(**{link: OuterRef("pk")}).exclude(pk=record.pk)
    free = candidates.filter(~Exists(followed), child=child).order_by(f"-{date_field}")
    latest = free.values_list(date_field, flat=True).first()
    if latest is not None:
        errors.add(field, message.format(name=_name(child), date=long_date(latest)))


def _together(errors: _Errors, record, first: str, second: str, first_missing: str, second_missing: str) -> None:
    """Two fields given together or not at all (a decision and its date, an end and its reason)."""
    has_first = getattr(record, first) not in (None, "")
    has_second = getattr(record, second) not in (None, "")
    if has_first and not has_second and not errors.has(second):
        errors.add(second, second_missing)
    if has_second and not has_first and not errors.has(first):
        errors.add(first, first_missing)


# --- Every event's dates against the child's birth -------------------------------------------------


def event_date_messages(record, child) -> dict[str, list[str]]:
    """Every event date of a child's record, by field: none before 1 January 1990 (a mistyped year),
    and none before the child's birth, except that an event that can concern an unborn child
    (``may_concern_an_unborn_child``: a contact, referral, assessment, strategy discussion, section 47
    enquiry, conference or CP plan) may be up to 9 months before the birth or the expected birth.
    ``child`` is passed (not read from the record) so the imports can check records not yet linked.
    """
    messages: dict[str, list[str]] = {}
    model = type(record)
    if not hasattr(model, "may_concern_an_unborn_child"):
        return messages
    for field in record._meta.concrete_fields:
        if not isinstance(field, models.DateField) or field.auto_now or field.auto_now_add:
            continue
        problem = event_date_problem(
            day_of(getattr(record, field.attname)),
            child,
            what=model._meta.verbose_name,
            unborn_allowed=model.may_concern_an_unborn_child,
        )
        if problem:
            messages.setdefault(field.name, []).append(problem)
    return messages


def event_date_problem(day: date | None, child, *, what: str, unborn_allowed: bool) -> str | None:
    """What is wrong with an event of the child (a ``what``: "placement") dated ``day``, or None."""
    if day is None:
        return None
    dated = f"{capfirst(what)} dated {long_date(day)}"
    if day < EARLIEST_EVENT:
        return f"{dated}: that is before 1 January 1990. Check the year."
    if child is None:
        return None
    born, expected = child.date_of_birth, child.expected_date_of_birth
    # Children imported from a return have no name ("Child" and their ID): say "the child".
    named = child.first_name if child.first_name and child.first_name != "Child" else "the child"
    if unborn_allowed:
        birth = born or expected
        if birth is not None and day < add_months(birth, -UNBORN_MONTHS):
            when = "was born" if born else "is expected to be born"
            return (
                f"{dated}: that is more than {UNBORN_MONTHS} months before {named} {when} ({long_date(birth)}). "
                "Check the year."
            )
        return None
    if born is None and expected is not None:
        return (
            f"{capfirst(named)} is recorded as unborn (expected {long_date(expected)}): a {what} can only be "
            "recorded once the date of birth is."
        )
    if born is not None and day < born:
        return f"{dated}: that is before {named} was born ({long_date(born)}). Check the date."
    return None
