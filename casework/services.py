"""Writes to children and their records.

Every service takes keyword arguments only, builds or changes the record, runs the
record's rule (``casework.validation``) and ``full_clean()``, and saves in one
transaction. A rejected record raises ``ValidationError`` keyed by field and saves
nothing. A saved record queues a recomputation of the indicator months from the earliest
date it touches (the earliest of its old and new dates for a correction), after commit.

``*_create`` records a new event; ``*_update`` corrects one. Corrections keep history:
every casework model is registered with django-auditlog (``casework/audit.py``), so the
change, who made it and when are written in the same transaction. ``recorded_by`` keeps
who first recorded the event; the audit log keeps who corrected it.

Imports call the same ``*_create`` services with ``source`` and ``source_reference``.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date, datetime

from auditlog.models import LogEntry
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Min
from django.utils import timezone

from core.recompute import mark_stale
from workforce.models import SocialWorker
from workforce.selectors import in_post_on, worker_for

from . import codes, rules, validation
from .allocations import allocation_start
from .models import (
    Adoption,
    AdvocacyPeriod,
    Assessment,
    CareLeaverBirthdayRecord,
    CareProceedings,
    CaseAudit,
    Child,
    ChildInNeedPlan,
    ChildInNeedPlanReview,
    ChildProtectionConference,
    ChildProtectionPlan,
    ChildProtectionVisit,
    ChildRecord,
    Contact,
    FosterCarerHousehold,
    FosterCarerReview,
    LegalStatus,
    LookedAfterReview,
    MissingEpisode,
    PathwayPlanReview,
    PeriodOfCare,
    Placement,
    PreProceedings,
    Referral,
    Section47Enquiry,
    StatutoryVisit,
    StrategyDiscussion,
)

REASON = "record saved"
MANUAL = codes.Source.MANUAL


# --- How every record is saved -------------------------------------------------------------


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


# --- Children -----------------------------------------------------------------------------------

CHILD_ID_PREFIX = "NB"


def _next_child_id() -> str:
    """The next authority ID for a child recorded here: NB000001, NB000002, ..."""
    taken = Child.objects.filter(la_child_id__regex=rf"^{CHILD_ID_PREFIX}[0-9]{{6}}$").aggregate(
        last=models.Max("la_child_id")
    )["last"]
    number = int(taken[len(CHILD_ID_PREFIX) :]) + 1 if taken else 1
    return f"{CHILD_ID_PREFIX}{number:06d}"


def child_create(
    *,
    first_name: str,
    last_name: str,
    date_of_birth: date | None = None,
    expected_date_of_birth: date | None = None,
    sex: str = codes.Sex.UNKNOWN,
    ethnicity: str = codes.Ethnicity.NOBT,
    upn: str = "",
    nhs_number: str = "",
    is_restricted: bool = False,
    is_mother: str = "",
    first_child_born_on: date | None = None,
    la_child_id: str = "",
    allocate_to: SocialWorker | None = None,
    by: User | None,
    source: str = MANUAL,
    source_reference: str = "",
) -> Child:
    """Record a child. Without an ID, one is generated. The child is allocated to
    ``allocate_to``, or else to the recording user when they are a social worker, so
    they can see the child they have just recorded."""
    for attempt in range(5):
        try:
            with transaction.atomic():
                child = Child(
                    la_child_id=la_child_id or _next_child_id(),
                    first_name=first_name,
                    last_name=last_name,
                    date_of_birth=date_of_birth,
                    expected_date_of_birth=expected_date_of_birth,
                    sex=sex,
                    ethnicity=ethnicity,
                    upn=upn,
                    nhs_number=nhs_number,
                    is_restricted=is_restricted,
                    is_mother=is_mother,
                    first_child_born_on=first_child_born_on,
                    source=source,
                    source_reference=source_reference,
                )
                validation.check(child)
                child.save()
                worker = allocate_to or (worker_for(by) if by is not None else None)
                if worker is not None and in_post_on(worker, timezone.localdate()):
                    allocation_start(child=child, worker=worker, started_on=timezone.localdate())
                    # The allocation changes this month's caseload figures.
                    mark_stale(timezone.localdate(), reason=REASON)
                return child
        except IntegrityError:
            # Another worker took the same generated ID at the same moment: take the next one.
            if la_child_id or attempt == 4:
                raise
    raise AssertionError("unreachable")


def _first_record_day(child: Child) -> date | None:
    """The earliest event date among the child's records (one aggregate per record type)."""
    firsts = []
    for model, field in _FIRST_DATE_FIELDS:
        first = model.objects.filter(child=child).aggregate(first=Min(field))["first"]
        if first is not None:
            firsts.append(validation.day_of(first))
    return min(firsts, default=None)


def child_update(
    *,
    child: Child,
    first_name: str,
    last_name: str,
    date_of_birth: date | None,
    expected_date_of_birth: date | None,
    sex: str,
    ethnicity: str,
    upn: str,
    nhs_number: str,
    is_restricted: bool,
    is_mother: str | None = None,
    first_child_born_on: date | None = None,
    by: User | None,
) -> Child:
    """Correct a child's details. A changed date of birth moves their care leaver birthdays
    with it and recomputes every month from their first record (ages change)."""
    born_before = child.date_of_birth
    with transaction.atomic():
        _lock_child(child.pk)
        child.first_name = first_name
        child.last_name = last_name
        child.date_of_birth = date_of_birth
        child.expected_date_of_birth = expected_date_of_birth
        child.sex = sex
        child.ethnicity = ethnicity
        child.upn = upn
        child.nhs_number = nhs_number
        child.is_restricted = is_restricted
        if is_mother is not None:  # None: not given, kept as it is
            child.is_mother, child.first_child_born_on = is_mother, first_child_born_on
        validation.check(child)
        child.save()
        if date_of_birth != born_before:
            for record in CareLeaverBirthdayRecord.objects.filter(child=child):
                record.child = child
                _update(record, by=by, birthday_on=validation.birthday(date_of_birth, record.age))
            mark_stale(_first_record_day(child), reason=REASON)
    return child


def child_record_viewed(*, child: Child, user: User, record: models.Model | None = None, page: str = "") -> None:
    """Write an ACCESS entry to the audit log: who opened the child's record, and when.

    ``record`` is the one record shown when a page shows that rather than the whole record
    (a visit on its correction page, a record in the admin); ``page`` says where it was seen
    when not on the child's record page ("history", "correction", "admin").

    This is what auditlog's ``accessed`` signal writes, with the actor named here rather
    than taken from the AuditlogMiddleware's context: outside a request (a command, a
    Celery task, a test) that context is absent or left over from an earlier request, and
    an entry must never name nobody, or the wrong person. In a request the middleware
    still adds the address the request came from.
    """
    additional = {"child_id": child.pk, **({"page": page} if page else {})}
    LogEntry.objects.log_create(
        record if record is not None else child,
        action=LogEntry.Action.ACCESS,
        changes={},
        force_log=True,
        actor=user,
        additional_data=additional,
    )


# --- Front door and assessment ---------------------------------------------------------------


def contact_create(
    *,
    child: Child,
    received_at: datetime,
    source_of_contact: str = codes.ReferralSource.UNKNOWN,
    decision: str = "",
    decided_at: datetime | None = None,
    by: User | None,
    source: str = MANUAL,
    source_reference: str = "",
) -> Contact:
    contact = Contact(
        child=child,
        received_at=received_at,
        source_of_contact=source_of_contact,
        decision=decision,
        decided_at=decided_at,
        source=source,
        source_reference=source_reference,
    )
    return _save(contact, by=by)


def contact_update(
    *,
    contact: Contact,
    received_at: datetime,
    source_of_contact: str,
    decision: str,
    decided_at: datetime | None,
    by: User | None,
) -> Contact:
    return _update(
        contact,
        by=by,
        received_at=received_at,
        source_of_contact=source_of_contact,
        decision=decision,
        decided_at=decided_at,
    )


def _given(**values) -> dict:
    """The values a caller gave (None: not given, the record keeps what it has)."""
    return {name: value for name, value in values.items() if value is not None}


def referral_create(
    *,
    child: Child,
    received_on: date,
    contact: Contact | None = None,
    source_of_referral: str = codes.ReferralSource.UNKNOWN,
    closed_on: date | None = None,
    primary_need: str = "",
    reason_for_closure: str = "",
    by: User | None,
    source: str = MANUAL,
    source_reference: str = "",
) -> Referral:
    referral = Referral(
        child=child,
        received_on=received_on,
        contact=contact,
        source_of_referral=source_of_referral,
        closed_on=closed_on,
        primary_need=primary_need,
        reason_for_closure=reason_for_closure,
        source=source,
        source_reference=source_reference,
    )
    return _save(referral, by=by)


def referral_update(
    *,
    referral: Referral,
    received_on: date,
    contact: Contact | None,
    source_of_referral: str,
    closed_on: date | None,
    primary_need: str | None = None,
    reason_for_closure: str | None = None,
    by: User | None,
) -> Referral:
    """``primary_need`` and ``reason_for_closure``: None leaves them as they are."""
    return _update(
        referral,
        by=by,
        received_on=received_on,
        contact=contact,
        source_of_referral=source_of_referral,
        closed_on=closed_on,
        **_given(primary_need=primary_need, reason_for_closure=reason_for_closure),
    )


def assessment_create(
    *,
    child: Child,
    started_on: date,
    referral: Referral | None = None,
    child_seen_on: date | None = None,
    authorised_on: date | None = None,
    outcome: str = "",
    by: User | None,
    source: str = MANUAL,
    source_reference: str = "",
) -> Assessment:
    assessment = Assessment(
        child=child,
        started_on=started_on,
        referral=referral,
        child_seen_on=child_seen_on,
        authorised_on=authorised_on,
        outcome=outcome,
        source=source,
        source_reference=source_reference,
    )
    return _save(assessment, by=by)


def assessment_update(
    *,
    assessment: Assessment,
    started_on: date,
    referral: Referral | None,
    child_seen_on: date | None,
    authorised_on: date | None,
    outcome: str,
    by: User | None,
) -> Assessment:
    return _update(
        assessment,
        by=by,
        started_on=started_on,
        referral=referral,
        child_seen_on=child_seen_on,
        authorised_on=authorised_on,
        outcome=outcome,
    )


# --- Child protection -----------------------------------------------------------------------------


def strategy_discussion_create(
    *, child: Child, held_on: date, by: User | None, source: str = MANUAL, source_reference: str = ""
) -> StrategyDiscussion:
    discussion = StrategyDiscussion(child=child, held_on=held_on, source=source, source_reference=source_reference)
    return _save(discussion, by=by)


def strategy_discussion_update(
    *, strategy_discussion: StrategyDiscussion, held_on: date, by: User | None
) -> StrategyDiscussion:
    return _update(strategy_discussion, by=by, held_on=held_on)


def section47_create(
    *,
    child: Child,
    started_on: date,
    strategy_discussion: StrategyDiscussion | None = None,
    child_seen_on: date | None = None,
    outcome: str = "",
    completed_on: date | None = None,
    by: User | None,
    source: str = MANUAL,
    source_reference: str = "",
) -> Section47Enquiry:
    enquiry = Section47Enquiry(
        child=child,
        started_on=started_on,
        strategy_discussion=strategy_discussion,
        child_seen_on=child_seen_on,
        outcome=outcome,
        completed_on=completed_on,
        source=source,
        source_reference=source_reference,
    )
    return _save(enquiry, by=by)


def section47_update(
    *,
    enquiry: Section47Enquiry,
    started_on: date,
    strategy_discussion: StrategyDiscussion | None,
    child_seen_on: date | None,
    outcome: str,
    completed_on: date | None,
    by: User | None,
) -> Section47Enquiry:
    return _update(
        enquiry,
        by=by,
        started_on=started_on,
        strategy_discussion=strategy_discussion,
        child_seen_on=child_seen_on,
        outcome=outcome,
        completed_on=completed_on,
    )


def conference_create(
    *,
    child: Child,
    kind: str,
    held_on: date,
    section47: Section47Enquiry | None = None,
    outcome: str = "",
    participation: str = "",
    by: User | None,
    source: str = MANUAL,
    source_reference: str = "",
) -> ChildProtectionConference:
    conference = ChildProtectionConference(
        child=child,
        kind=kind,
        held_on=held_on,
        section47=section47,
        outcome=outcome,
        participation=participation,
        source=source,
        source_reference=source_reference,
    )
    return _save(conference, by=by)


def conference_update(
    *,
    conference: ChildProtectionConference,
    kind: str,
    held_on: date,
    section47: Section47Enquiry | None,
    outcome: str,
    participation: str,
    by: User | None,
) -> ChildProtectionConference:
    return _update(
        conference,
        by=by,
        kind=kind,
        held_on=held_on,
        section47=section47,
        outcome=outcome,
        participation=participation,
    )


def cp_plan_create(
    *,
    child: Child,
    started_on: date,
    category: str,
    ended_on: date | None = None,
    by: User | None,
    source: str = MANUAL,
    source_reference: str = "",
) -> ChildProtectionPlan:
    plan = ChildProtectionPlan(
        child=child,
        started_on=started_on,
        ended_on=ended_on,
        category=category,
        source=source,
        source_reference=source_reference,
    )
    return _save(plan, by=by)


def cp_plan_update(
    *, plan: ChildProtectionPlan, started_on: date, ended_on: date | None, category: str, by: User | None
) -> ChildProtectionPlan:
    return _update(plan, by=by, started_on=started_on, ended_on=ended_on, category=category)


def cp_visit_create(
    *,
    child: Child,
    plan: ChildProtectionPlan,
    visited_on: date,
    seen_alone: bool = False,
    by: User | None,
    source: str = MANUAL,
    source_reference: str = "",
) -> ChildProtectionVisit:
    visit = ChildProtectionVisit(
        child=child,
        plan=plan,
        visited_on=visited_on,
        seen_alone=seen_alone,
        source=source,
        source_reference=source_reference,
    )
    return _save(visit, by=by)


def cp_visit_update(
    *, visit: ChildProtectionVisit, plan: ChildProtectionPlan, visited_on: date, seen_alone: bool, by: User | None
) -> ChildProtectionVisit:
    return _update(visit, by=by, plan=plan, visited_on=visited_on, seen_alone=seen_alone)


def cin_plan_create(
    *,
    child: Child,
    started_on: date,
    ended_on: date | None = None,
    by: User | None,
    source: str = MANUAL,
    source_reference: str = "",
) -> ChildInNeedPlan:
    plan = ChildInNeedPlan(
        child=child, started_on=started_on, ended_on=ended_on, source=source, source_reference=source_reference
    )
    return _save(plan, by=by)


def cin_plan_update(
    *, plan: ChildInNeedPlan, started_on: date, ended_on: date | None, by: User | None
) -> ChildInNeedPlan:
    return _update(plan, by=by, started_on=started_on, ended_on=ended_on)


def cin_plan_review_create(
    *,
    child: Child,
    plan: ChildInNeedPlan,
    reviewed_on: date,
    by: User | None,
    source: str = MANUAL,
    source_reference: str = "",
) -> ChildInNeedPlanReview:
    review = ChildInNeedPlanReview(
        child=child, plan=plan, reviewed_on=reviewed_on, source=source, source_reference=source_reference
    )
    return _save(review, by=by)


def cin_plan_review_update(
    *, review: ChildInNeedPlanReview, plan: ChildInNeedPlan, reviewed_on: date, by: User | None
) -> ChildInNeedPlanReview:
    return _update(review, by=by, plan=plan, reviewed_on=reviewed_on)


def advocacy_create(
    *,
    child: Child,
    started_on: date,
    ended_on: date | None = None,
    by: User | None,
    source: str = MANUAL,
    source_reference: str = "",
) -> AdvocacyPeriod:
    advocacy = AdvocacyPeriod(
        child=child, started_on=started_on, ended_on=ended_on, source=source, source_reference=source_reference
    )
    return _save(advocacy, by=by)


def advocacy_update(
    *, advocacy: AdvocacyPeriod, started_on: date, ended_on: date | None, by: User | None
) -> AdvocacyPeriod:
    return _update(advocacy, by=by, started_on=started_on, ended_on=ended_on)


# --- Children looked after --------------------------------------------------------------------------


def period_of_care_create(
    *,
    child: Child,
    started_on: date,
    ended_on: date | None = None,
    reason_ceased: str = "",
    category_of_need: str = "",
    by: User | None,
    source: str = MANUAL,
    source_reference: str = "",
) -> PeriodOfCare:
    period = PeriodOfCare(
        child=child,
        started_on=started_on,
        ended_on=ended_on,
        reason_ceased=reason_ceased,
        category_of_need=category_of_need,
        source=source,
        source_reference=source_reference,
    )
    return _save(period, by=by)


def period_of_care_update(
    *,
    period: PeriodOfCare,
    started_on: date,
    ended_on: date | None,
    reason_ceased: str,
    category_of_need: str | None = None,
    by: User | None,
) -> PeriodOfCare:
    """Correct a period of care. Ending it ends the child's current placement on the same day.
    ``category_of_need``: None leaves it as it is."""
    with transaction.atomic():
        if ended_on is not None and period.ended_on is None:
            for placement in Placement.objects.filter(period_of_care=period, ended_on__isnull=True):
                if placement.started_on <= ended_on:
                    _update(placement, by=by, ended_on=ended_on)
        return _update(
            period,
            by=by,
            started_on=started_on,
            ended_on=ended_on,
            reason_ceased=reason_ceased,
            **_given(category_of_need=category_of_need),
        )


def looked_after_start(
    *,
    child: Child,
    started_on: date,
    legal_status: str,
    placement_type: str,
    provider: str = "",
    carer: FosterCarerHousehold | None = None,
    carer_reference: str = "",
    is_long_term: bool = False,
    postcode: str = "",
    category_of_need: str = "",
    by: User | None,
) -> PeriodOfCare:
    """A child becomes looked after: the period of care, its first legal status and first
    placement, together or not at all."""
    with transaction.atomic():
        period = period_of_care_create(child=child, started_on=started_on, category_of_need=category_of_need, by=by)
        legal_status_create(child=child, period_of_care=period, started_on=started_on, code=legal_status, by=by)
        placement_create(
            child=child,
            period_of_care=period,
            started_on=started_on,
            placement_type=placement_type,
            provider=provider,
            carer=carer,
            carer_reference=carer_reference,
            is_long_term=is_long_term,
            reason_new_episode=codes.ReasonNewEpisode.STARTED,
            postcode=postcode,
            by=by,
        )
    return period


def legal_status_create(
    *,
    child: Child,
    period_of_care: PeriodOfCare,
    started_on: date,
    code: str,
    by: User | None,
    source: str = MANUAL,
    source_reference: str = "",
) -> LegalStatus:
    status = LegalStatus(
        child=child,
        period_of_care=period_of_care,
        started_on=started_on,
        code=code,
        source=source,
        source_reference=source_reference,
    )
    return _save(status, by=by)


def legal_status_update(
    *, legal_status: LegalStatus, period_of_care: PeriodOfCare, started_on: date, code: str, by: User | None
) -> LegalStatus:
    return _update(legal_status, by=by, period_of_care=period_of_care, started_on=started_on, code=code)


def placement_create(
    *,
    child: Child,
    period_of_care: PeriodOfCare,
    started_on: date,
    placement_type: str,
    ended_on: date | None = None,
    provider: str = "",
    carer: FosterCarerHousehold | None = None,
    carer_reference: str = "",
    is_long_term: bool = False,
    reason_new_episode: str = "",
    postcode: str = "",
    urn: str = "",
    reason_place_change: str = "",
    by: User | None,
    source: str = MANUAL,
    source_reference: str = "",
) -> Placement:
    placement = Placement(
        child=child,
        period_of_care=period_of_care,
        started_on=started_on,
        ended_on=ended_on,
        placement_type=placement_type,
        provider=provider,
        carer=carer,
        carer_reference=carer_reference,
        is_long_term=is_long_term,
        reason_new_episode=reason_new_episode,
        postcode=postcode,
        urn=urn,
        reason_place_change=reason_place_change,
        source=source,
        source_reference=source_reference,
    )
    return _save(placement, by=by)


def placement_update(
    *,
    placement: Placement,
    period_of_care: PeriodOfCare,
    started_on: date,
    ended_on: date | None,
    placement_type: str,
    provider: str,
    carer: FosterCarerHousehold | None,
    carer_reference: str,
    is_long_term: bool,
    reason_new_episode: str,
    postcode: str,
    urn: str,
    reason_place_change: str | None = None,
    by: User | None,
) -> Placement:
    """``reason_place_change``: None leaves it as it is."""
    return _update(
        placement,
        by=by,
        period_of_care=period_of_care,
        started_on=started_on,
        ended_on=ended_on,
        placement_type=placement_type,
        provider=provider,
        carer=carer,
        carer_reference=carer_reference,
        is_long_term=is_long_term,
        reason_new_episode=reason_new_episode,
        postcode=postcode,
        urn=urn,
        **_given(reason_place_change=reason_place_change),
    )


def placement_change(
    *,
    child: Child,
    started_on: date,
    placement_type: str,
    provider: str = "",
    carer: FosterCarerHousehold | None = None,
    carer_reference: str = "",
    is_long_term: bool = False,
    reason_new_episode: str = codes.ReasonNewEpisode.PLACEMENT,
    postcode: str = "",
    reason_place_change: str = "",
    by: User | None,
) -> Placement:
    """A looked-after child moves: the current placement ends and the new one starts on the
    same day, in the open period of care. ``reason_place_change`` is why the child moved, kept on
    the placement that ends (SSDA903 REASON_PLACE_CHANGE, DfE rule 225)."""
    with transaction.atomic():
        _lock_child(child.pk)
        period = PeriodOfCare.objects.filter(child=child, ended_on__isnull=True).first()
        if period is None:
            raise ValidationError(
                {"started_on": f"{child.first_name} is not looked after now: record the period of care first."}
            )
        current = Placement.objects.filter(child=child, ended_on__isnull=True).first()
        if current is not None:
            if started_on < current.started_on:
                raise ValidationError(
                    {
                        "started_on": "The new placement cannot start before the current one "
                        f"({validation.long_date(current.started_on)})."
                    }
                )
            _update(current, by=by, ended_on=started_on, **_given(reason_place_change=reason_place_change or None))
        return placement_create(
            child=child,
            period_of_care=period,
            started_on=started_on,
            placement_type=placement_type,
            provider=provider,
            carer=carer,
            carer_reference=carer_reference,
            is_long_term=is_long_term,
            reason_new_episode=reason_new_episode,
            postcode=postcode,
            by=by,
        )


def statutory_visit_create(
    *,
    child: Child,
    visited_on: date,
    seen_alone: bool = False,
    by: User | None,
    source: str = MANUAL,
    source_reference: str = "",
) -> StatutoryVisit:
    visit = StatutoryVisit(
        child=child, visited_on=visited_on, seen_alone=seen_alone, source=source, source_reference=source_reference
    )
    return _save(visit, by=by)


def statutory_visit_update(
    *, visit: StatutoryVisit, visited_on: date, seen_alone: bool, by: User | None
) -> StatutoryVisit:
    return _update(visit, by=by, visited_on=visited_on, seen_alone=seen_alone)


def looked_after_review_create(
    *,
    child: Child,
    held_on: date,
    participation: str = "",
    by: User | None,
    source: str = MANUAL,
    source_reference: str = "",
) -> LookedAfterReview:
    review = LookedAfterReview(
        child=child, held_on=held_on, participation=participation, source=source, source_reference=source_reference
    )
    return _save(review, by=by)


def looked_after_review_update(
    *, review: LookedAfterReview, held_on: date, participation: str, by: User | None
) -> LookedAfterReview:
    return _update(review, by=by, held_on=held_on, participation=participation)


def missing_episode_create(
    *,
    child: Child,
    started_at: datetime,
    kind: str = codes.MissingKind.MISSING,
    ended_at: datetime | None = None,
    interview_offered_at: datetime | None = None,
    interview_completed_at: datetime | None = None,
    by: User | None,
    source: str = MANUAL,
    source_reference: str = "",
) -> MissingEpisode:
    episode = MissingEpisode(
        child=child,
        kind=kind,
        started_at=started_at,
        ended_at=ended_at,
        interview_offered_at=interview_offered_at,
        interview_completed_at=interview_completed_at,
        source=source,
        source_reference=source_reference,
    )
    return _save(episode, by=by)


def missing_episode_update(
    *,
    episode: MissingEpisode,
    kind: str,
    started_at: datetime,
    ended_at: datetime | None,
    interview_offered_at: datetime | None,
    interview_completed_at: datetime | None,
    by: User | None,
) -> MissingEpisode:
    return _update(
        episode,
        by=by,
        kind=kind,
        started_at=started_at,
        ended_at=ended_at,
        interview_offered_at=interview_offered_at,
        interview_completed_at=interview_completed_at,
    )


# --- Courts and permanence ----------------------------------------------------------------------------


def care_proceedings_create(
    *,
    child: Child,
    issued_on: date,
    concluded_on: date | None = None,
    outcome: str = "",
    by: User | None,
    source: str = MANUAL,
    source_reference: str = "",
) -> CareProceedings:
    proceedings = CareProceedings(
        child=child,
        issued_on=issued_on,
        concluded_on=concluded_on,
        outcome=outcome,
        source=source,
        source_reference=source_reference,
    )
    return _save(proceedings, by=by)


def care_proceedings_update(
    *, proceedings: CareProceedings, issued_on: date, concluded_on: date | None, outcome: str, by: User | None
) -> CareProceedings:
    return _update(proceedings, by=by, issued_on=issued_on, concluded_on=concluded_on, outcome=outcome)


def pre_proceedings_create(
    *,
    child: Child,
    started_on: date,
    ended_on: date | None = None,
    by: User | None,
    source: str = MANUAL,
    source_reference: str = "",
) -> PreProceedings:
    pre_proceedings = PreProceedings(
        child=child, started_on=started_on, ended_on=ended_on, source=source, source_reference=source_reference
    )
    return _save(pre_proceedings, by=by)


def pre_proceedings_update(
    *, pre_proceedings: PreProceedings, started_on: date, ended_on: date | None, by: User | None
) -> PreProceedings:
    return _update(pre_proceedings, by=by, started_on=started_on, ended_on=ended_on)


def adoption_create(
    *,
    child: Child,
    period_of_care: PeriodOfCare | None = None,
    decision_on: date | None = None,
    placement_order_on: date | None = None,
    matched_on: date | None = None,
    moved_in_on: date | None = None,
    adoption_order_on: date | None = None,
    ceased_on: date | None = None,
    reason_ceased: str = "",
    by_foster_carers: str = "",
    number_of_adopters: str = "",
    sex_of_adopters: str = "",
    legal_status_of_adopters: str = "",
    by: User | None,
    source: str = MANUAL,
    source_reference: str = "",
) -> Adoption:
    adoption = Adoption(
        child=child,
        period_of_care=period_of_care,
        decision_on=decision_on,
        placement_order_on=placement_order_on,
        matched_on=matched_on,
        moved_in_on=moved_in_on,
        adoption_order_on=adoption_order_on,
        ceased_on=ceased_on,
        reason_ceased=reason_ceased,
        by_foster_carers=by_foster_carers,
        number_of_adopters=number_of_adopters,
        sex_of_adopters=sex_of_adopters,
        legal_status_of_adopters=legal_status_of_adopters,
        source=source,
        source_reference=source_reference,
    )
    return _save(adoption, by=by)


def adoption_update(
    *,
    adoption: Adoption,
    period_of_care: PeriodOfCare | None,
    decision_on: date | None,
    placement_order_on: date | None,
    matched_on: date | None,
    moved_in_on: date | None,
    adoption_order_on: date | None,
    ceased_on: date | None,
    reason_ceased: str | None = None,
    by_foster_carers: str | None = None,
    number_of_adopters: str | None = None,
    sex_of_adopters: str | None = None,
    legal_status_of_adopters: str | None = None,
    by: User | None,
) -> Adoption:
    """The reason and the adopters: None leaves them as they are."""
    return _update(
        adoption,
        by=by,
        period_of_care=period_of_care,
        decision_on=decision_on,
        placement_order_on=placement_order_on,
        matched_on=matched_on,
        moved_in_on=moved_in_on,
        adoption_order_on=adoption_order_on,
        ceased_on=ceased_on,
        **_given(
            reason_ceased=reason_ceased,
            by_foster_carers=by_foster_carers,
            number_of_adopters=number_of_adopters,
            sex_of_adopters=sex_of_adopters,
            legal_status_of_adopters=legal_status_of_adopters,
        ),
    )


# --- Care leavers ---------------------------------------------------------------------------------------


def pathway_review_create(
    *, child: Child, reviewed_on: date, by: User | None, source: str = MANUAL, source_reference: str = ""
) -> PathwayPlanReview:
    review = PathwayPlanReview(child=child, reviewed_on=reviewed_on, source=source, source_reference=source_reference)
    return _save(review, by=by)


def pathway_review_update(*, review: PathwayPlanReview, reviewed_on: date, by: User | None) -> PathwayPlanReview:
    return _update(review, by=by, reviewed_on=reviewed_on)


def _birthday_on(child: Child, age: int | None) -> date | None:
    if child.date_of_birth is None or age is None:
        return None  # the rule says why
    return validation.birthday(child.date_of_birth, int(age))


def birthday_record_create(
    *,
    child: Child,
    age: int,
    activity: str,
    accommodation: str,
    in_touch: str = "",
    by: User | None,
    source: str = MANUAL,
    source_reference: str = "",
) -> CareLeaverBirthdayRecord:
    """A care leaver's activity and accommodation at a birthday; the birthday's date comes
    from their date of birth."""
    record = CareLeaverBirthdayRecord(
        child=child,
        age=age,
        birthday_on=_birthday_on(child, age),
        in_touch=in_touch,
        activity=activity,
        accommodation=accommodation,
        source=source,
        source_reference=source_reference,
    )
    return _save(record, by=by)


def birthday_record_update(
    *, record: CareLeaverBirthdayRecord, age: int, activity: str, accommodation: str, in_touch: str, by: User | None
) -> CareLeaverBirthdayRecord:
    return _update(
        record,
        by=by,
        age=age,
        birthday_on=_birthday_on(record.child, age),
        activity=activity,
        accommodation=accommodation,
        in_touch=in_touch,
    )


# --- Quality assurance and fostering -----------------------------------------------------------------------


def case_audit_create(
    *,
    child: Child,
    audited_on: date,
    case_type: str,
    grade: str,
    views_and_wishes_met: bool,
    auditor: User | None = None,
    by: User | None,
    source: str = MANUAL,
    source_reference: str = "",
) -> CaseAudit:
    """A quality audit of the child's file; the auditor is the person recording it unless named."""
    audit = CaseAudit(
        child=child,
        audited_on=audited_on,
        case_type=case_type,
        grade=grade,
        views_and_wishes_met=views_and_wishes_met,
        auditor=auditor or by,
        source=source,
        source_reference=source_reference,
    )
    return _save(audit, by=by)


def case_audit_update(
    *, audit: CaseAudit, audited_on: date, case_type: str, grade: str, views_and_wishes_met: bool, by: User | None
) -> CaseAudit:
    return _update(
        audit,
        by=by,
        audited_on=audited_on,
        case_type=case_type,
        grade=grade,
        views_and_wishes_met=views_and_wishes_met,
    )


def foster_carer_household_create(
    *, reference: str, name: str, approved_on: date, deregistered_on: date | None = None, by: User | None
) -> FosterCarerHousehold:
    household = FosterCarerHousehold(
        reference=reference, name=name, approved_on=approved_on, deregistered_on=deregistered_on
    )
    return _save(household, by=by)


def foster_carer_household_update(
    *,
    household: FosterCarerHousehold,
    reference: str,
    name: str,
    approved_on: date,
    deregistered_on: date | None,
    by: User | None,
) -> FosterCarerHousehold:
    """Correct a household, or record its deregistration. A corrected approval date moves the
    first review's due date with it."""
    with transaction.atomic():
        before = record_days(household)
        _update(
            household, by=by, reference=reference, name=name, approved_on=approved_on, deregistered_on=deregistered_on
        )
        _settle_review_due_dates(household, before=before)
    return household


def _settle_review_due_dates(
    household: FosterCarerHousehold, *, before: list[date], adding: FosterCarerReview | None = None
) -> None:
    """Store each review's due date as the rule gives it (``rules.foster_carer_review_due``),
    saving ``adding`` (a new review) among them, and queue the recomputation of the months
    whose dates changed.

    Due dates are unique per household, so a review moves only to a date no other review
    holds at that moment. The rules keep the reviews in the order they were completed, so
    the due dates keep their order too and a move is always possible: a review whose new
    date is still held waits for the holder to move first.
    """
    reviews = list(FosterCarerReview.objects.filter(household=household).select_for_update())
    if adding is not None:
        reviews.append(adding)
    reviews.sort(key=lambda review: (review.completed_on is None, review.completed_on or date.max))
    due_dates = rules.foster_carer_review_due_dates(household.approved_on, [r.completed_on for r in reviews])
    waiting = [(r, due) for r, due in zip(reviews, due_dates, strict=True) if r.pk is None or r.due_on != due]
    changed = list(before)
    while waiting:
        held = {review.due_on for review in reviews if review.pk is not None}
        movable = [(review, due) for review, due in waiting if due not in held]
        if not movable:
            raise RuntimeError(f"The review due dates of {household} cannot be settled in order.")
        for review, due in movable:
            if review.pk is not None:
                changed.append(review.due_on)
            review.due_on = due
            review.save()
            changed.append(due)
        waiting = [(review, due) for review, due in waiting if review not in [r for r, _ in movable]]
    if changed:
        mark_stale(min(changed), reason=REASON)


def _review_save(review: FosterCarerReview, *, by: User | None) -> FosterCarerReview:
    """Validate a review with its derived due date, then save it and settle the household's others."""
    household = review.household
    with transaction.atomic():
        # One write per household at a time: due dates depend on the other reviews.
        list(FosterCarerHousehold.objects.select_for_update().filter(pk=household.pk).values_list("pk", flat=True))
        stored = FosterCarerReview.objects.filter(pk=review.pk).first() if review.pk else None
        others = FosterCarerReview.objects.filter(household=household, completed_on__isnull=False).exclude(pk=review.pk)
        if review.completed_on is not None:
            others = others.filter(completed_on__lt=review.completed_on)
        last = others.order_by("-completed_on").values_list("completed_on", flat=True).first()
        review.due_on = rules.foster_carer_review_due(household.approved_on, last)
        # Unique due dates hold once the others are settled, which may move the next one first.
        validation.check(review, constraints=False)
        before = [*(record_days(stored) if stored is not None else []), *record_days(review)]
        if stored is None:
            _settle_review_due_dates(household, before=before, adding=review)
        else:
            review.due_on = stored.due_on  # settled below, with the others
            review.save(update_fields=["completed_on"])
            _settle_review_due_dates(household, before=before)
            review.refresh_from_db()
    return review


def foster_carer_review_create(
    *, household: FosterCarerHousehold, completed_on: date, by: User | None
) -> FosterCarerReview:
    """Record the household's annual review completed on the date. Its due date is derived:
    a year after approval for the first review, otherwise a year after the previous review was
    completed. A review already waiting (due, not completed) is the one completed."""
    waiting = FosterCarerReview.objects.filter(household=household, completed_on__isnull=True).first()
    review = waiting or FosterCarerReview(household=household)
    review.completed_on = completed_on
    return _review_save(review, by=by)


def foster_carer_review_update(
    *, review: FosterCarerReview, completed_on: date | None, by: User | None
) -> FosterCarerReview:
    """Correct when the review was completed; its due date and the next one's follow."""
    review.completed_on = completed_on
    return _review_save(review, by=by)


def foster_carer_review_save(*, review: FosterCarerReview, by: User | None) -> FosterCarerReview:
    """Save a review built elsewhere (the Django admin) under the same rule: the due date is derived."""
    return _review_save(review, by=by)


def foster_carer_review_delete(*, review: FosterCarerReview, by: User | None) -> None:
    """Remove a review recorded in error (the admin); the next review's due date follows."""
    household = review.household
    with transaction.atomic():
        before = record_days(review)
        review.delete()
        _settle_review_due_dates(household, before=before)


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


# The first event date of each record type: "recompute from the child's first record", and what
# makes two records of a kind the same (a double post).
_FIRST_DATE_FIELDS = [
    (Contact, "received_at"),
    (Referral, "received_on"),
    (Assessment, "started_on"),
    (StrategyDiscussion, "held_on"),
    (Section47Enquiry, "started_on"),
    (ChildProtectionConference, "held_on"),
    (ChildProtectionPlan, "started_on"),
    (ChildProtectionVisit, "visited_on"),
    (ChildInNeedPlan, "started_on"),
    (ChildInNeedPlanReview, "reviewed_on"),
    (AdvocacyPeriod, "started_on"),
    (PeriodOfCare, "started_on"),
    (Placement, "started_on"),
    (StatutoryVisit, "visited_on"),
    (LookedAfterReview, "held_on"),
    (MissingEpisode, "started_at"),
    (CareProceedings, "issued_on"),
    (PreProceedings, "started_on"),
    (PathwayPlanReview, "reviewed_on"),
    (CareLeaverBirthdayRecord, "birthday_on"),
    (CaseAudit, "audited_on"),
]

FIRST_DATE_FIELD: dict[type, str] = dict(_FIRST_DATE_FIELDS)
