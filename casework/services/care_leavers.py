"""Care leavers: pathway plan reviews and birthday records."""

from datetime import date

from django.contrib.auth.models import User

from .. import validation
from ..models import CareLeaverBirthdayRecord, Child
from .recording import correct_service, corrects, create_service, creates
from .saving import _save, _update

pathway_review_create = create_service("pathway-review")
pathway_review_update = correct_service("pathway-review", "review")


def _birthday_on(child: Child, age: int | None) -> date | None:
    if child.date_of_birth is None or age is None:
        return None  # the rule says why
    return validation.birthday(child.date_of_birth, int(age))


@creates("birthday")
def birthday_record_create(*, child: Child, age: int, by: User | None, **values) -> CareLeaverBirthdayRecord:
    """A care leaver's activity and accommodation at a birthday; the birthday's date comes
    from their date of birth."""
    record = CareLeaverBirthdayRecord(child=child, age=age, birthday_on=_birthday_on(child, age), **values)
    return _save(record, by=by)


@corrects("birthday", "record")
def birthday_record_update(
    *, record: CareLeaverBirthdayRecord, age: int, by: User | None, **changes
) -> CareLeaverBirthdayRecord:
    return _update(record, by=by, age=age, birthday_on=_birthday_on(record.child, age), **changes)
