"""Rules every record must meet, with messages a social worker understands.

Each function raises ``ValidationError`` keyed by field, and is called from the
services before anything is written, so a rejected submission saves nothing.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone


def child_errors(child) -> None:
    errors = {}
    today = timezone.localdate()
    if child.date_of_birth and child.date_of_birth > today:
        errors["date_of_birth"] = (
            "The date of birth cannot be in the future. For an unborn child, give the expected date instead."
        )
    if child.date_of_birth and child.expected_date_of_birth:
        errors["expected_date_of_birth"] = "Give either a date of birth or an expected date of birth, not both."
    if not child.date_of_birth and not child.expected_date_of_birth:
        errors["date_of_birth"] = "Enter the date of birth, or an expected date of birth for an unborn child."
    if errors:
        raise ValidationError(errors)
