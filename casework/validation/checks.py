"""Every record's rule, and ``check()``: the rule and ``full_clean()`` together."""

from collections.abc import Callable, Iterable

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from .base import _child, event_date_messages
from .children import child_errors
from .fostering import foster_carer_household_errors, foster_carer_review_errors


def rules() -> dict[type, Callable]:
    """Each model's rule: the child's, every kind of record's (``casework.records``), the fostering service's."""
    # Read when called: the declarations name the rules, so they import this package.
    from .. import models as m
    from ..records import RULES

    return {
        m.Child: child_errors,
        **RULES,
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
