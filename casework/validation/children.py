"""The child's own record: dates of birth against the records that need one."""

from django.core.exceptions import ValidationError
from django.db.models import Min
from django.utils import timezone

from core.horizon import EARLIEST_EVENT

from ..statutory import cin_census as statutory_cin
from .base import _name, code_list_problem, day_of, long_date


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
    # The child's disabilities: codes of the census's list, "NONE" alone (DfE CIN census rule 8790),
    # each once (rule 8794).
    problem = code_list_problem(
        child.disabilities,
        statutory_cin.DISABILITY_CHOICES,
        statutory_cin.NO_DISABILITY,
        what="disabilities",
        alone_message="'No disability' cannot be recorded with a disability: choose one or the other.",
    )
    if problem:
        errors["disabilities"] = problem
    if child.pk and "date_of_birth" not in errors:
        # A correction of the date of birth must leave every event that needs a born child after the birth.
        # Read when called: the declarations name this package's rules, so they import it.
        from ..records import BIRTH_DATES

        for model, field, noun in BIRTH_DATES:
            first = model.objects.filter(child_id=child.pk).aggregate(first=Min(field))["first"]
            if first is None:
                continue
            # The same names as the record's own messages ("The start of advocacy cannot be before..."),
            # so no article: "a issue of care proceedings" would not read.
            if child.date_of_birth is None:
                errors["date_of_birth"] = (
                    f"The {noun} on {long_date(first)} means {_name(child)} has been born: enter the date of birth."
                )
                break
            if day_of(first) < child.date_of_birth:
                errors["date_of_birth"] = (
                    f"The {noun} on {long_date(first)} is before this date of birth. "
                    "Check the date of birth, or correct that record first."
                )
                break
    if errors:
        raise ValidationError(errors)
