"""Every record's rule, and ``check()``: the rule and ``full_clean()`` together."""

from collections.abc import Callable, Iterable

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

from .base import _child, event_date_messages
from .care_leavers import birthday_record_errors, pathway_review_errors
from .children import child_errors
from .courts import adoption_errors, care_proceedings_errors, pre_proceedings_errors
from .fostering import foster_carer_household_errors, foster_carer_review_errors
from .front_door import assessment_errors, contact_errors, referral_errors
from .looked_after import (
    legal_status_errors,
    looked_after_review_errors,
    missing_episode_errors,
    period_of_care_errors,
    placement_errors,
    statutory_visit_errors,
)
from .protection import (
    advocacy_errors,
    cin_plan_errors,
    cin_plan_review_errors,
    conference_errors,
    cp_plan_errors,
    cp_visit_errors,
    section47_errors,
    strategy_discussion_errors,
)
from .quality import case_audit_errors


def rules() -> dict[type, Callable]:
    from .. import models as m

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
