"""Rules every record must meet, with messages a social worker understands.

One function per record type (``contact_errors``, ``placement_errors``, ...) takes an
unsaved or changed instance, looks up what it needs in the database, and raises
``ValidationError`` keyed by field. They depend on no request or user, so the product's
services and the statutory return imports run the same rules on every row. ``check()``
runs a record's rule and ``full_clean()`` together and reports every problem at once.

What is checked (``../shared/spec/DOMAIN.md``, "Records must make sense"):
- dates out of order: an end before its start, an event before what it follows (a visit
  before its plan, an enquiry before its strategy discussion, a return home interview
  before the return), and corrections that would leave linked records out of order;
- dates in the future for things that have happened (today is ``timezone.localdate()``);
- periods that cannot overlap: CP plans, CIN plans, pre-proceedings, periods of care and
  placements (a period ending on D and another starting on D do not overlap: "open at
  D" is start <= D < end); placements and legal statuses inside their period of care;
- events that need a child who has been born (visits, care, placements, the date a child
  was seen, care leaver records): refused for an unborn child and before the birth;
- codes not in the statutory code lists.
"""

from collections.abc import Callable, Iterable
from datetime import date, datetime

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import Min, Q
from django.utils import timezone
from django.utils.text import capfirst

from core.horizon import EARLIEST_EVENT
from core.periods import add_months

from . import codes

# Events that can concern an unborn child may be this many months before the (expected) birth.
UNBORN_MONTHS = 9

# --- Helpers -----------------------------------------------------------------------------


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


# --- The child ------------------------------------------------------------------------------


def _birth_needing_records():
    """(model, date field, how to name it): records that cannot exist before the birth."""
    from . import models as m

    return [
        (m.ChildProtectionVisit, "visited_on", "child protection visit"),
        (m.StatutoryVisit, "visited_on", "statutory visit"),
        (m.LookedAfterReview, "held_on", "looked-after review"),
        (m.PeriodOfCare, "started_on", "period of care"),
        (m.LegalStatus, "started_on", "legal status"),
        (m.Placement, "started_on", "placement"),
        (m.MissingEpisode, "started_at", "missing episode"),
        (m.CareProceedings, "issued_on", "care proceedings"),
        (m.AdvocacyPeriod, "started_on", "advocacy"),
        (m.ChildInNeedPlanReview, "reviewed_on", "child in need plan review"),
        (m.PathwayPlanReview, "reviewed_on", "pathway plan review"),
        (m.Assessment, "child_seen_on", "date the child was seen in an assessment"),
        (m.Section47Enquiry, "child_seen_on", "date the child was seen in a section 47 enquiry"),
        (m.Adoption, "placement_order_on", "placement order"),
        (m.Adoption, "moved_in_on", "move to the adoptive family"),
        (m.CareLeaverBirthdayRecord, "birthday_on", "care leaver's birthday record"),
    ]


def child_errors(child) -> None:
    errors = {}
    today = timezone.localdate()
    for name, value in (
        ("date_of_birth", child.date_of_birth),
        ("expected_date_of_birth", child.expected_date_of_birth),
    ):
        if value and value < EARLIEST_EVENT:
            errors[name] = f"This date ({long_date(value)}) is before 1 January 1990: check the year."
    if child.date_of_birth and child.date_of_birth > today:
        errors["date_of_birth"] = (
            "The date of birth cannot be in the future. For an unborn child, give the expected date instead."
        )
    if child.date_of_birth and child.expected_date_of_birth:
        errors["expected_date_of_birth"] = "Give either a date of birth or an expected date of birth, not both."
    if not child.date_of_birth and not child.expected_date_of_birth:
        errors["date_of_birth"] = "Enter the date of birth, or an expected date of birth for an unborn child."
    if child.pk and "date_of_birth" not in errors:
        # A correction of the date of birth must leave every event that needs a born child after the birth.
        for model, field, noun in _birth_needing_records():
            first = model.objects.filter(child_id=child.pk).aggregate(first=Min(field))["first"]
            if first is None:
                continue
            if child.date_of_birth is None:
                errors["date_of_birth"] = (
                    f"{child.first_name} has a {noun} recorded on {long_date(first)}: "
                    "a child with records like that has been born, so enter the date of birth."
                )
                break
            if day_of(first) < child.date_of_birth:
                errors["date_of_birth"] = (
                    f"{child.first_name} has a {noun} recorded on {long_date(first)}, before this date of birth. "
                    "Check the date of birth, or correct that record first."
                )
                break
    if errors:
        raise ValidationError(errors)


# --- Front door and assessment --------------------------------------------------------------


def contact_errors(contact) -> None:
    errors = _Errors()
    _codes(errors, contact)
    _not_future(errors, contact, {"received_at": "date the contact was received", "decided_at": "decision date"})
    _end_not_before_start(
        errors,
        contact,
        "received_at",
        "decided_at",
        "The decision cannot be made before the contact was received ({date}).",
    )
    _together(
        errors,
        contact,
        "decision",
        "decided_at",
        "Choose the decision, or leave the decision date empty until it is made.",
        "Enter when the decision was made.",
    )
    if contact.pk and contact.decision and contact.decision != codes.ContactDecision.REFERRAL:
        from .models import Referral

        referral = Referral.objects.filter(contact_id=contact.pk).first()
        if referral is not None:
            errors.add(
                "decision",
                f"This contact led to the referral of {long_date(referral.received_on)}: "
                "its decision must stay a referral to children's social care.",
            )
    errors.raise_if_any()


def referral_errors(referral) -> None:
    errors = _Errors()
    _codes(errors, referral)
    _not_future(errors, referral, {"received_on": "referral date", "closed_on": "case closure date"})
    _end_not_before_start(
        errors, referral, "received_on", "closed_on", "The case cannot close before the referral date ({date})."
    )
    if referral.contact_id and _same_child(errors, referral, "contact", "contact"):
        contact = referral.contact
        _not_before(
            errors,
            referral,
            "received_on",
            contact.received_at,
            "The referral date cannot be before the contact was received ({date}).",
        )
        other = type(referral).objects.filter(contact_id=contact.pk).exclude(pk=referral.pk).first()
        if other is not None:
            errors.add(
                "contact",
                f"That contact already led to the referral of {long_date(other.received_on)}.",
            )
        if contact.decision != codes.ContactDecision.REFERRAL:
            decision = contact.get_decision_display() or "not yet made"
            errors.add(
                "contact",
                f"That contact's decision is '{decision}'. A referral comes from a contact decided as "
                "a referral to children's social care: record that decision on the contact first.",
            )
    if referral.pk:
        from .models import Assessment

        _linked_after(
            errors,
            "received_on",
            Assessment.objects.filter(referral_id=referral.pk),
            "started_on",
            referral.received_on,
            "An assessment of this referral started on {date}, before this referral date.",
        )
    errors.raise_if_any()


def assessment_errors(assessment) -> None:
    errors = _Errors()
    _codes(errors, assessment)
    _not_future(
        errors,
        assessment,
        {"started_on": "start date", "child_seen_on": "date the child was seen", "authorised_on": "completion date"},
    )
    _needs_birth(errors, assessment, {"child_seen_on": "date the child was seen"})
    _not_before(
        errors,
        assessment,
        "child_seen_on",
        assessment.started_on,
        "The date the child was seen cannot be before the assessment started ({date}).",
    )
    _end_not_before_start(
        errors,
        assessment,
        "started_on",
        "authorised_on",
        "The assessment cannot be completed before it started ({date}).",
    )
    if assessment.outcome and not assessment.authorised_on and not errors.has("authorised_on"):
        errors.add("authorised_on", "Enter the date the assessment was completed to record its outcome.")
    _one_assessment_at_a_time(errors, assessment)
    if assessment.referral_id and _same_child(errors, assessment, "referral", "referral"):
        _not_before(
            errors,
            assessment,
            "started_on",
            assessment.referral.received_on,
            "The assessment cannot start before the referral ({date}).",
        )
    errors.raise_if_any()


def _one_assessment_at_a_time(errors: _Errors, assessment) -> None:
    """A child has one assessment open at a time: from its start to its completion, another may not
    start (DfE CIN census rule 8839: two assessments open together)."""
    if (
        assessment.started_on is None
        or errors.has("started_on")
        or errors.has("authorised_on")
        or not assessment.child_id
    ):
        return
    from .models import Assessment

    others = Assessment.objects.filter(child_id=assessment.child_id).exclude(pk=assessment.pk)
    clash = (
        others.filter(Q(authorised_on__isnull=True) | Q(authorised_on__gt=assessment.started_on))
        .filter(started_on__lt=assessment.authorised_on or date.max)
        .order_by("started_on")
        .first()
    )
    if clash is None:
        return
    name = _name(_child(assessment))
    if clash.authorised_on is None:
        errors.add(
            "started_on",
            f"{name} already has an open assessment (started {long_date(clash.started_on)}). Record its "
            "completion before starting another: a child has one assessment open at a time.",
        )
    else:
        errors.add(
            "started_on",
            f"This overlaps {name}'s assessment from {long_date(clash.started_on)} to "
            f"{long_date(clash.authorised_on)}: a child has one assessment open at a time.",
        )


# --- Child protection -----------------------------------------------------------------------


def strategy_discussion_errors(discussion) -> None:
    errors = _Errors()
    _not_future(errors, discussion, {"held_on": "date of the strategy discussion"})
    if discussion.pk:
        from .models import Section47Enquiry

        _linked_after(
            errors,
            "held_on",
            Section47Enquiry.objects.filter(strategy_discussion_id=discussion.pk),
            "started_on",
            discussion.held_on,
            "A section 47 enquiry from this discussion started on {date}, before this date.",
        )
    errors.raise_if_any()


def section47_errors(enquiry) -> None:
    errors = _Errors()
    _codes(errors, enquiry)
    _not_future(
        errors,
        enquiry,
        {"started_on": "start date", "child_seen_on": "date the child was seen", "completed_on": "completion date"},
    )
    _needs_birth(errors, enquiry, {"child_seen_on": "date the child was seen"})
    _not_before(
        errors,
        enquiry,
        "child_seen_on",
        enquiry.started_on,
        "The date the child was seen cannot be before the enquiry started ({date}).",
    )
    _end_not_before_start(
        errors, enquiry, "started_on", "completed_on", "The enquiry cannot be completed before it started ({date})."
    )
    if enquiry.outcome and not enquiry.completed_on and not errors.has("completed_on"):
        errors.add("completed_on", "Enter the date the enquiry was completed to record its outcome.")
    if not enquiry.strategy_discussion_id:
        from .models import StrategyDiscussion

        _unlinked_predecessor(
            errors,
            enquiry,
            "strategy_discussion",
            StrategyDiscussion.objects.filter(held_on__lte=enquiry.started_on) if enquiry.started_on else None,
            "held_on",
            type(enquiry).objects.all(),
            "strategy_discussion",
            "{name} had a strategy discussion on {date}: choose it as the discussion that started this "
            "enquiry, or record the discussion that did.",
        )
    if enquiry.strategy_discussion_id and _same_child(errors, enquiry, "strategy_discussion", "strategy discussion"):
        _not_before(
            errors,
            enquiry,
            "started_on",
            enquiry.strategy_discussion.held_on,
            "The enquiry cannot start before the strategy discussion that started it ({date}).",
        )
    if enquiry.pk:
        from .models import ChildProtectionConference

        _linked_after(
            errors,
            "started_on",
            ChildProtectionConference.objects.filter(section47_id=enquiry.pk),
            "held_on",
            enquiry.started_on,
            "The conference that followed this enquiry was held on {date}, before this start date.",
        )
    errors.raise_if_any()


_INITIAL_OUTCOMES = {codes.ConferenceOutcome.PLAN, codes.ConferenceOutcome.NO_PLAN}
_REVIEW_OUTCOMES = {codes.ConferenceOutcome.PLAN_CONTINUES, codes.ConferenceOutcome.PLAN_ENDS}


def conference_errors(conference) -> None:
    from .models import ChildProtectionPlan

    errors = _Errors()
    _codes(errors, conference)
    _not_future(errors, conference, {"held_on": "date of the conference"})
    initial = conference.kind == codes.ConferenceKind.INITIAL
    review = conference.kind == codes.ConferenceKind.REVIEW
    if conference.outcome and not errors.has("outcome"):
        if initial and conference.outcome not in _INITIAL_OUTCOMES:
            errors.add("outcome", "An initial conference decides whether there will be a plan: choose one of those.")
        if review and conference.outcome not in _REVIEW_OUTCOMES:
            errors.add(
                "outcome", "A review conference decides whether the plan continues or ends: choose one of those."
            )
    if initial and not conference.section47_id:
        from .models import Section47Enquiry

        # An initial conference follows a section 47 enquiry: linked, it is checked against
        # the enquiry and its strategy discussion below. (With no enquiry before it, such as
        # a child moving in on a plan from another authority, it needs no link.)
        _unlinked_predecessor(
            errors,
            conference,
            "section47",
            # Enquiries that led, or may yet lead, to an initial conference.
            Section47Enquiry.objects.filter(
                Q(outcome="") | Q(outcome=codes.Section47Outcome.INITIAL_CONFERENCE), started_on__lte=conference.held_on
            )
            if conference.held_on
            else None,
            "started_on",
            type(conference).objects.filter(kind=codes.ConferenceKind.INITIAL),
            "section47",
            "{name} had a section 47 enquiry from {date}: choose it as the enquiry that led to this "
            "initial conference, or record the enquiry that did.",
        )
    if conference.section47_id and _same_child(errors, conference, "section47", "section 47 enquiry"):
        if review:
            errors.add("section47", "Only an initial conference follows a section 47 enquiry.")
        enquiry = conference.section47
        if enquiry.strategy_discussion_id:
            _not_before(
                errors,
                conference,
                "held_on",
                enquiry.strategy_discussion.held_on,
                "The conference cannot be before its strategy discussion ({date}).",
            )
        _not_before(
            errors,
            conference,
            "held_on",
            enquiry.started_on,
            "The conference cannot be before the section 47 enquiry started ({date}).",
        )
    child = _child(conference)
    if review and conference.held_on and child is not None and not errors.has("held_on"):
        on_plan = ChildProtectionPlan.objects.filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=conference.held_on),
            child=child,
            started_on__lte=conference.held_on,
        ).exists()
        if not on_plan:
            errors.add(
                "held_on",
                f"A review conference is for a child on a child protection plan: {_name(child)} had no plan "
                f"on {long_date(conference.held_on)}. Record the plan first, or choose an initial conference.",
            )
    took_part = conference.participation not in ("", codes.Participation.DID_NOT_PARTICIPATE)
    unborn_then = (
        child is not None
        and conference.held_on is not None
        and (child.date_of_birth is None or conference.held_on < child.date_of_birth)
    )
    if took_part and unborn_then and not errors.has("participation"):
        errors.add(
            "participation",
            f"{_name(child)} was not yet born at the conference: choose 'Did not participate' or leave it empty.",
        )
    errors.raise_if_any()


def cp_plan_errors(plan) -> None:
    from .models import ChildProtectionPlan, ChildProtectionVisit

    errors = _Errors()
    _codes(errors, plan)
    _not_future(errors, plan, {"started_on": "start date", "ended_on": "end date"})
    _end_not_before_start(errors, plan, "started_on", "ended_on", "A plan cannot end before it starts ({date}).")
    if _child(plan) is not None:
        _no_overlap(
            errors,
            plan,
            ChildProtectionPlan.objects.filter(child_id=plan.child_id),
            "child protection plan",
            "a child is on one child protection plan at a time.",
        )
    if plan.pk:
        visits = ChildProtectionVisit.objects.filter(plan_id=plan.pk)
        message = "A visit under this plan on {date} would fall outside the plan. Correct the visit first."
        if plan.started_on:
            _records_outside(errors, "started_on", visits, "visited_on", plan.started_on, None, message)
        if plan.ended_on:
            _records_outside(errors, "ended_on", visits, "visited_on", date.min, plan.ended_on, message)
    errors.raise_if_any()


def cp_visit_errors(visit) -> None:
    errors = _Errors()
    _not_future(errors, visit, {"visited_on": "visit date"})
    _needs_birth(errors, visit, {"visited_on": "visit"})
    if visit.plan_id and _same_child(errors, visit, "plan", "plan"):
        _not_before(
            errors,
            visit,
            "visited_on",
            visit.plan.started_on,
            "The visit date cannot be before the plan started ({date}).",
        )
        _not_after(
            errors, visit, "visited_on", visit.plan.ended_on, "The visit date cannot be after the plan ended ({date})."
        )
    errors.raise_if_any()


def cin_plan_errors(plan) -> None:
    from .models import ChildInNeedPlan

    errors = _Errors()
    _not_future(errors, plan, {"started_on": "start date", "ended_on": "end date"})
    _end_not_before_start(errors, plan, "started_on", "ended_on", "A plan cannot end before it starts ({date}).")
    if _child(plan) is not None:
        _no_overlap(
            errors,
            plan,
            ChildInNeedPlan.objects.filter(child_id=plan.child_id),
            "child in need plan",
            "a child has one child in need plan at a time.",
        )
    errors.raise_if_any()


def cin_plan_review_errors(review) -> None:
    errors = _Errors()
    _not_future(errors, review, {"reviewed_on": "review date"})
    if review.plan_id and _same_child(errors, review, "plan", "plan"):
        _not_before(
            errors,
            review,
            "reviewed_on",
            review.plan.started_on,
            "The review date cannot be before the plan started ({date}).",
        )
        _not_after(
            errors,
            review,
            "reviewed_on",
            review.plan.ended_on,
            "The review date cannot be after the plan ended ({date}).",
        )
    errors.raise_if_any()


def advocacy_errors(advocacy) -> None:
    errors = _Errors()
    _not_future(errors, advocacy, {"started_on": "start date", "ended_on": "end date"})
    _needs_birth(errors, advocacy, {"started_on": "start of advocacy"})
    _end_not_before_start(errors, advocacy, "started_on", "ended_on", "Advocacy cannot end before it starts ({date}).")
    errors.raise_if_any()


# --- Children looked after -------------------------------------------------------------------


def _in_care_on(child, day: date) -> bool:
    from .models import PeriodOfCare

    return PeriodOfCare.objects.filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=day), child=child, started_on__lte=day
    ).exists()


def period_of_care_errors(period) -> None:
    from .models import LegalStatus, PeriodOfCare, Placement

    errors = _Errors()
    _codes(errors, period)
    _not_future(errors, period, {"started_on": "date the child became looked after", "ended_on": "end date"})
    _needs_birth(errors, period, {"started_on": "period of care"})
    _end_not_before_start(
        errors, period, "started_on", "ended_on", "A period of care cannot end before it starts ({date})."
    )
    _together(
        errors,
        period,
        "ended_on",
        "reason_ceased",
        "Enter the date the child ceased to be looked after, or leave the reason empty.",
        "Choose the reason the child ceased to be looked after.",
    )
    if _child(period) is not None:
        _no_overlap(
            errors,
            period,
            PeriodOfCare.objects.filter(child_id=period.child_id),
            "period of care",
            "a child has one period of care at a time.",
        )
    if period.pk and period.started_on:
        placements = Placement.objects.filter(period_of_care_id=period.pk)
        _records_outside(
            errors,
            "started_on",
            placements,
            "started_on",
            period.started_on,
            None,
            "A placement in this period of care started on {date}, before this date. Correct the placement first.",
        )
        _records_outside(
            errors,
            "started_on",
            LegalStatus.objects.filter(period_of_care_id=period.pk),
            "started_on",
            period.started_on,
            period.ended_on,
            "A legal status in this period of care starts on {date}, outside the period. Correct it first.",
        )
        _visits_left_out_of_care(errors, period)
        if period.ended_on and not errors.has("ended_on"):
            late = placements.filter(Q(ended_on__isnull=True) | Q(ended_on__gt=period.ended_on)).first()
            if late is not None:
                errors.add(
                    "ended_on",
                    f"The placement from {long_date(late.started_on)} "
                    + ("is still current" if late.ended_on is None else f"ends on {long_date(late.ended_on)}")
                    + ": end it on or before the day care ends.",
                )
    errors.raise_if_any()


def _visits_left_out_of_care(errors: _Errors, period) -> None:
    """A corrected period of care must still cover the statutory visits and reviews it covered."""
    from .models import LookedAfterReview, PeriodOfCare, StatutoryVisit

    stored = PeriodOfCare.objects.filter(pk=period.pk).first()
    if stored is None or errors.has("started_on") or errors.has("ended_on"):
        return
    others = list(PeriodOfCare.objects.filter(child_id=period.child_id).exclude(pk=period.pk))
    for model, field, noun in (
        (StatutoryVisit, "visited_on", "statutory visit"),
        (LookedAfterReview, "held_on", "looked-after review"),
    ):
        covered = model.objects.filter(child_id=period.child_id, **{f"{field}__gte": stored.started_on})
        if stored.ended_on is not None:
            covered = covered.filter(**{f"{field}__lte": stored.ended_on})
        left_out = Q(**{f"{field}__lt": period.started_on})
        if period.ended_on is not None:
            left_out |= Q(**{f"{field}__gt": period.ended_on})
        for day in covered.filter(left_out).order_by(field).values_list(field, flat=True):
            if any(other.started_on <= day and (other.ended_on is None or day <= other.ended_on) for other in others):
                continue
            target = "started_on" if day < period.started_on else "ended_on"
            errors.add(
                target,
                f"The {noun} of {long_date(day)} would no longer be in a period of care. Correct or remove it first.",
            )
            return


def _inside_period(errors: _Errors, record, what: str) -> None:
    """A legal status or placement lies inside its period of care."""
    if not (record.period_of_care_id and _same_child(errors, record, "period_of_care", "period of care")):
        return
    period = record.period_of_care
    _not_before(
        errors,
        record,
        "started_on",
        period.started_on,
        f"The {what} cannot start before the period of care ({{date}}).",
    )
    if period.ended_on is not None:
        _not_after(
            errors,
            record,
            "started_on",
            period.ended_on,
            f"The {what} cannot start after the period of care ended ({{date}}).",
        )
        if hasattr(record, "ended_on"):
            if record.ended_on is None and not errors.has("ended_on"):
                errors.add(
                    "ended_on", f"The period of care ended on {long_date(period.ended_on)}: give the {what}'s end date."
                )
            _not_after(
                errors,
                record,
                "ended_on",
                period.ended_on,
                f"The {what} cannot end after the period of care ended ({{date}}).",
            )


def legal_status_errors(status) -> None:
    errors = _Errors()
    _codes(errors, status)
    _not_future(errors, status, {"started_on": "date of the legal status"})
    _needs_birth(errors, status, {"started_on": "legal status"})
    _inside_period(errors, status, "legal status")
    errors.raise_if_any()


def placement_errors(placement) -> None:
    from .models import Placement

    errors = _Errors()
    _codes(errors, placement)
    _not_future(errors, placement, {"started_on": "placement start date", "ended_on": "placement end date"})
    _needs_birth(errors, placement, {"started_on": "placement"})
    _end_not_before_start(
        errors, placement, "started_on", "ended_on", "A placement cannot end before it starts ({date})."
    )
    _inside_period(errors, placement, "placement")
    if _child(placement) is not None:
        _no_overlap(
            errors,
            placement,
            Placement.objects.filter(child_id=placement.child_id),
            "placement",
            "a child lives in one placement at a time. End the other placement first.",
        )
    if placement.carer_id and placement.started_on:
        carer = placement.carer
        _not_before(
            errors,
            placement,
            "started_on",
            carer.approved_on,
            f"{carer.name} were approved as foster carers on {{date}}, after this placement started.",
        )
        if carer.deregistered_on and placement.started_on >= carer.deregistered_on and not errors.has("carer"):
            errors.add("carer", f"{carer.name} stopped fostering on {long_date(carer.deregistered_on)}.")
    errors.raise_if_any()


def _looked_after_on(errors: _Errors, record, field: str, what: str) -> None:
    child = _child(record)
    value = getattr(record, field)
    if child is None or value is None or errors.has(field):
        return
    if not _in_care_on(child, value):
        errors.add(
            field,
            f"{_name(child)} was not looked after on {long_date(value)}. {what} are for children in care: "
            "record the period of care first.",
        )


def statutory_visit_errors(visit) -> None:
    errors = _Errors()
    _not_future(errors, visit, {"visited_on": "visit date"})
    _needs_birth(errors, visit, {"visited_on": "visit"})
    _looked_after_on(errors, visit, "visited_on", "Statutory visits")
    errors.raise_if_any()


def looked_after_review_errors(review) -> None:
    errors = _Errors()
    _codes(errors, review)
    _not_future(errors, review, {"held_on": "date of the review"})
    _needs_birth(errors, review, {"held_on": "review"})
    _looked_after_on(errors, review, "held_on", "Looked-after reviews")
    errors.raise_if_any()


def missing_episode_errors(episode) -> None:
    errors = _Errors()
    _codes(errors, episode)
    _not_future(
        errors,
        episode,
        {
            "started_at": "time the child went missing",
            "ended_at": "time the child returned",
            "interview_offered_at": "time the interview was offered",
            "interview_completed_at": "time the interview was completed",
        },
    )
    _needs_birth(errors, episode, {"started_at": "missing episode"})
    _end_not_before_start(
        errors, episode, "started_at", "ended_at", "The child cannot return before they went missing ({date})."
    )
    for field, noun in (("interview_offered_at", "offered"), ("interview_completed_at", "completed")):
        if getattr(episode, field) is None or errors.has(field):
            continue
        if episode.ended_at is None:
            errors.add(field, "Enter when the child returned before recording the return home interview.")
        else:
            _not_before(
                errors,
                episode,
                field,
                episode.ended_at,
                f"The return home interview cannot be {noun} before the child returned ({{date}}).",
            )
    if episode.interview_offered_at and not errors.has("interview_offered_at"):
        _not_before(
            errors,
            episode,
            "interview_completed_at",
            episode.interview_offered_at,
            "The return home interview cannot be completed before it was offered ({date}).",
        )
    errors.raise_if_any()


# --- Courts and permanence ---------------------------------------------------------------------


def care_proceedings_errors(proceedings) -> None:
    errors = _Errors()
    _codes(errors, proceedings)
    _not_future(errors, proceedings, {"issued_on": "issue date", "concluded_on": "conclusion date"})
    _needs_birth(errors, proceedings, {"issued_on": "issue of care proceedings"})
    _end_not_before_start(
        errors,
        proceedings,
        "issued_on",
        "concluded_on",
        "Proceedings cannot conclude before they were issued ({date}).",
    )
    _together(
        errors,
        proceedings,
        "concluded_on",
        "outcome",
        "Enter the conclusion date to record the outcome.",
        "Choose the outcome of the proceedings.",
    )
    errors.raise_if_any()


def pre_proceedings_errors(pre_proceedings) -> None:
    from .models import PreProceedings

    errors = _Errors()
    _not_future(errors, pre_proceedings, {"started_on": "start date", "ended_on": "end date"})
    _end_not_before_start(
        errors, pre_proceedings, "started_on", "ended_on", "Pre-proceedings cannot end before they start ({date})."
    )
    if _child(pre_proceedings) is not None:
        _no_overlap(
            errors,
            pre_proceedings,
            PreProceedings.objects.filter(child_id=pre_proceedings.child_id),
            "pre-proceedings",
            "a child is in one set of pre-proceedings at a time.",
        )
    errors.raise_if_any()


# The steps of an adoption, in the order they happen.
_ADOPTION_STEPS = [
    ("decision_on", "decision that the child should be placed for adoption"),
    ("placement_order_on", "placement order"),
    ("matched_on", "match with adopters"),
    ("moved_in_on", "move to the adoptive family"),
    ("adoption_order_on", "adoption order"),
]


def adoption_errors(adoption) -> None:
    errors = _Errors()
    if all(getattr(adoption, field) is None for field, _ in _ADOPTION_STEPS):
        errors.add(
            "decision_on",
            "Enter the date of at least one step: the decision, the placement order, the match, "
            "the move or the adoption order.",
        )
    _not_future(
        errors,
        adoption,
        {field: noun + " date" for field, noun in _ADOPTION_STEPS} | {"ceased_on": "date the plan stopped"},
    )
    _needs_birth(errors, adoption, {field: noun for field, noun in _ADOPTION_STEPS[1:]})
    for index, (field, noun) in enumerate(_ADOPTION_STEPS):
        for earlier_field, earlier_noun in reversed(_ADOPTION_STEPS[:index]):
            earlier = getattr(adoption, earlier_field)
            if earlier is not None:
                _not_before(
                    errors, adoption, field, earlier, f"The {noun} cannot be before the {earlier_noun} ({{date}})."
                )
                break
    _not_before(
        errors,
        adoption,
        "ceased_on",
        adoption.decision_on,
        "The plan cannot stop before the decision that the child should be placed for adoption ({date}).",
    )
    if adoption.period_of_care_id and _same_child(errors, adoption, "period_of_care", "period of care"):
        _not_before(
            errors,
            adoption,
            "moved_in_on",
            adoption.period_of_care.started_on,
            "The move to the adoptive family cannot be before the child became looked after ({date}).",
        )
    errors.raise_if_any()


# --- Care leavers ------------------------------------------------------------------------------


def birthday(date_of_birth: date, age: int) -> date:
    """The day a person turns ``age``: someone born on 29 February turns a year older on 1 March."""
    try:
        return date_of_birth.replace(year=date_of_birth.year + age)
    except ValueError:
        return date(date_of_birth.year + age, 3, 1)


def pathway_review_errors(review) -> None:
    errors = _Errors()
    _not_future(errors, review, {"reviewed_on": "review date"})
    _needs_birth(errors, review, {"reviewed_on": "pathway plan review"})
    errors.raise_if_any()


def birthday_record_errors(record) -> None:
    errors = _Errors()
    _codes(errors, record)
    child = _child(record)
    if child is not None and record.age and not errors.has("age"):
        if child.date_of_birth is None:
            errors.add("age", f"{_name(child)} is recorded as unborn: record the date of birth first.")
        else:
            expected = birthday(child.date_of_birth, int(record.age))
            if record.birthday_on is not None and record.birthday_on != expected:
                errors.add(
                    "birthday_on",
                    f"{_name(child)}'s {record.age}th birthday is {long_date(expected)}, not "
                    f"{long_date(record.birthday_on)}.",
                )
            elif expected > timezone.localdate():
                errors.add(
                    "age",
                    f"{_name(child)}'s {record.age}th birthday is on {long_date(expected)}: "
                    "record their activity and accommodation on or after it.",
                )
    errors.raise_if_any()


# --- Quality assurance and fostering ------------------------------------------------------------


def case_audit_errors(audit) -> None:
    errors = _Errors()
    _codes(errors, audit)
    _not_future(errors, audit, {"audited_on": "audit date"})
    errors.raise_if_any()


def foster_carer_household_errors(household) -> None:
    """Dates in order, and, on a correction, the household's reviews and placements still
    inside its approval: reviews after approval and not after deregistration, placements
    from approval to before deregistration."""
    from .models import FosterCarerReview, Placement

    errors = _Errors()
    _not_future(errors, household, {"approved_on": "approval date", "deregistered_on": "deregistration date"})
    _end_not_before_start(
        errors,
        household,
        "approved_on",
        "deregistered_on",
        "A household cannot be deregistered before it was approved ({date}).",
    )
    if household.pk:
        completions = FosterCarerReview.objects.filter(household_id=household.pk, completed_on__isnull=False)
        first = completions.order_by("completed_on").values_list("completed_on", flat=True).first()
        if first is not None and household.approved_on and first <= household.approved_on:
            errors.add("approved_on", f"A review was completed on {long_date(first)}: the approval must be before it.")
        last = completions.order_by("-completed_on").values_list("completed_on", flat=True).first()
        _not_before(
            errors,
            household,
            "deregistered_on",
            last,
            "A review was completed on {date}, after this deregistration date.",
        )
        placements = Placement.objects.filter(carer_id=household.pk)
        _linked_after(
            errors,
            "approved_on",
            placements,
            "started_on",
            household.approved_on,
            "A placement with these carers started on {date}, before this approval date.",
        )
        if household.deregistered_on and not errors.has("deregistered_on"):
            late = (
                placements.filter(started_on__gte=household.deregistered_on)
                .order_by("started_on")
                .values_list("started_on", flat=True)
                .first()
            )
            if late is not None:
                errors.add(
                    "deregistered_on",
                    f"A placement with these carers started on {long_date(late)}, after this deregistration date.",
                )
    errors.raise_if_any()


def _related(record, name: str):
    """A record's relation, also when it is an unsaved object in memory (an admin inline's parent)."""
    field = record._meta.get_field(name)
    if field.is_cached(record):
        return field.get_cached_value(record)
    return getattr(record, name) if getattr(record, field.attname) is not None else None


def foster_carer_review_errors(review) -> None:
    """A review is completed after the household was approved, not after it was deregistered,
    and not on the day of another review; a household has one review waiting at most, and a
    correction keeps the reviews in the order they were completed (each one's due date counts
    from the one before, ``casework.rules.foster_carer_review_due``)."""
    from .models import FosterCarerReview

    errors = _Errors()
    _not_future(errors, review, {"completed_on": "completion date"})
    household = _related(review, "household")
    if household is None:
        errors.raise_if_any()
        return
    approved = household.approved_on
    _not_before(
        errors, review, "due_on", approved, "A review cannot be due before the household was approved ({date})."
    )
    completed = review.completed_on
    if completed is not None and approved is not None and completed <= approved and not errors.has("completed_on"):
        errors.add(
            "completed_on",
            f"A review cannot be completed on or before the day the household was approved ({long_date(approved)}).",
        )
    stopped = household.deregistered_on
    if completed is not None and stopped and completed > stopped and not errors.has("completed_on"):
        errors.add(
            "completed_on",
            f"{household.name} stopped fostering on {long_date(household.deregistered_on)}: "
            "a review cannot be completed after that.",
        )
    others = FosterCarerReview.objects.filter(household_id=household.pk).exclude(pk=review.pk) if household.pk else None
    if others is not None and not errors.has("completed_on"):
        if completed is None:
            waiting = others.filter(completed_on__isnull=True).first()
            if waiting is not None:
                errors.add(
                    "completed_on",
                    f"A review due on {long_date(waiting.due_on)} is still waiting to be completed: complete that one.",
                )
        elif others.filter(completed_on=completed).exists():
            errors.add("completed_on", f"A review completed on {long_date(completed)} is already recorded.")
        elif review.pk:
            stored = FosterCarerReview.objects.filter(pk=review.pk).values_list("completed_on", flat=True).first()
            if stored is not None:
                low, high = sorted((stored, completed))
                between = others.filter(completed_on__gt=low, completed_on__lt=high).values_list(
                    "completed_on", flat=True
                )
                if between.exists():
                    errors.add(
                        "completed_on",
                        f"Another review was completed on {long_date(between.first())}: a correction keeps the "
                        "reviews in the order they happened. Correct that review instead.",
                    )
    errors.raise_if_any()


# --- All records --------------------------------------------------------------------------------


def rules() -> dict[type, Callable]:
    from . import models as m

    return {
        m.Child: child_errors,
        m.Contact: contact_errors,
        m.Referral: referral_errors,
        m.Assessment: assessment_errors,
        m.StrategyDiscussion: strategy_discussion_errors,
        m.Section47Enquiry: section47_errors,
        m.ChildProtectionConference: conference_errors,
        m.ChildProtectionPlan: cp_plan_errors,
        m.ChildProtectionVisit: cp_visit_errors,
        m.ChildInNeedPlan: cin_plan_errors,
        m.ChildInNeedPlanReview: cin_plan_review_errors,
        m.AdvocacyPeriod: advocacy_errors,
        m.PeriodOfCare: period_of_care_errors,
        m.LegalStatus: legal_status_errors,
        m.Placement: placement_errors,
        m.StatutoryVisit: statutory_visit_errors,
        m.LookedAfterReview: looked_after_review_errors,
        m.MissingEpisode: missing_episode_errors,
        m.CareProceedings: care_proceedings_errors,
        m.PreProceedings: pre_proceedings_errors,
        m.Adoption: adoption_errors,
        m.PathwayPlanReview: pathway_review_errors,
        m.CareLeaverBirthdayRecord: birthday_record_errors,
        m.CaseAudit: case_audit_errors,
        m.FosterCarerHousehold: foster_carer_household_errors,
        m.FosterCarerReview: foster_carer_review_errors,
    }


def _merge(into: dict[str, list[str]], error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, field_errors in error.message_dict.items():
            into.setdefault(field, []).extend(message for message in field_errors if message not in into.get(field, []))
    else:
        into.setdefault(NON_FIELD_ERRORS, []).extend(error.messages)


def check(record, *, exclude: Iterable[str] = (), constraints: bool = True) -> None:
    """The record's rule and ``full_clean()``, every problem reported at once.

    The rule runs first for its plainer messages; ``full_clean`` then checks the fields
    the rule passed (required, lengths, then the database constraints when the rule found
    nothing), so nothing is said twice.
    ``Child.clean()`` already runs ``child_errors``, so for a child only ``full_clean`` runs.
    ``constraints=False`` leaves the database constraints to the save, for a service that
    moves other rows first (a foster carer review's due date).
    """
    messages: dict[str, list[str]] = {}
    rule = rules().get(type(record))
    if rule is not None and rule is not child_errors:
        try:
            rule(record)
        except ValidationError as error:
            _merge(messages, error)
    child = _child(record)
    for field, problems in event_date_messages(record, child).items():
        if field not in messages:  # the rule already said something plainer about this date
            messages[field] = problems
    try:
        # With the rule's own messages given, the database constraints (which say the same
        # less plainly) are left for the next attempt.
        record.full_clean(
            exclude=[*exclude, *[field for field in messages if field != NON_FIELD_ERRORS]],
            validate_constraints=constraints and not messages,
        )
    except ValidationError as error:
        _merge(messages, error)
    if messages:
        raise ValidationError(messages)
