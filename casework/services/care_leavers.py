"""Care leavers: pathway plan reviews and birthday records."""

from datetime import date

from django.contrib.auth.models import User

from .. import validation
from ..models import (
    CareLeaverBirthdayRecord,
    Child,
    PathwayPlanReview,
)
from .saving import MANUAL, _save, _update


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
