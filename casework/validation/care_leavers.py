"""Care leavers: pathway plan reviews and birthday records."""

from datetime import date

from django.utils import timezone

from .base import _child, _codes, _Errors, _name, _not_future, long_date


def birthday(date_of_birth: date, age: int) -> date:
    """The day a person turns ``age``: someone born on 29 February turns a year older on 1 March."""
    try:
        return date_of_birth.replace(year=date_of_birth.year + age)
    except ValueError:
        return date(date_of_birth.year + age, 3, 1)


def pathway_review_errors(review) -> None:
    errors = _Errors()
    _not_future(errors, review, {"reviewed_on": "review date"})
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
