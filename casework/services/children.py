"""Children: their record, its corrections and who viewed it."""

from datetime import date

from auditlog.models import LogEntry
from django.contrib.auth.models import User
from django.db import IntegrityError, models, transaction
from django.db.models import Min
from django.utils import timezone

from core.recompute import mark_stale
from workforce.models import SocialWorker
from workforce.selectors import in_post_on, worker_for

from .. import codes, validation
from ..allocations import allocation_start
from ..models import (
    CareLeaverBirthdayRecord,
    Child,
)
from ..statutory.ssda903 import FIRST_CONTACT
from .saving import FIRST_DATE_FIELD, MANUAL, REASON, _lock_child, _update

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
    disabilities: list[str] | None = None,
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
                    disabilities=disabilities or [],
                    source=source,
                    source_reference=source_reference,
                )
                validation.check(child)
                child.save()
                worker = allocate_to or (worker_for(by) if by is not None else None)
                if worker is not None and in_post_on(worker, timezone.localdate()):
                    allocation_start(child=child, worker=worker, started_on=timezone.localdate(), reason=FIRST_CONTACT)
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
    for model, field in FIRST_DATE_FIELD.items():
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
    disabilities: list[str] | None = None,
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
        if disabilities is not None:  # None: not given, kept as they are
            child.disabilities = disabilities
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
