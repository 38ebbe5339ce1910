"""Front door and assessment: contacts, referrals, assessments."""

from datetime import date

from django.db.models import Q

from .. import codes
from ..statutory import cin_census as statutory_cin
from .base import (
    _child,
    _codes,
    _end_not_before_start,
    _Errors,
    _linked_after,
    _name,
    _not_before,
    _not_future,
    _same_child,
    _together,
    code_list_problem,
    long_date,
)


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
        from ..models import Referral

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
        from ..models import Assessment

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
    _factors(errors, assessment)
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


def _factors(errors: _Errors, assessment) -> None:
    """The factors identified at the assessment: codes of the census's list, "21" (no factors) alone
    (DfE CIN census rule 8869), and only for a completed assessment (rule 8614)."""
    problem = code_list_problem(
        assessment.factors,
        statutory_cin.ASSESSMENT_FACTOR_CHOICES,
        statutory_cin.NO_FACTORS_IDENTIFIED,
        what="factors identified at the assessment",
        alone_message="'No factors identified' cannot be recorded with other factors: choose one or the other.",
    )
    if problem:
        errors.add("factors", problem)
    elif assessment.factors and not assessment.authorised_on and not errors.has("authorised_on"):
        errors.add(
            "factors",
            "Enter the date the assessment was completed to record the factors identified at it, or leave "
            "the factors empty.",
        )


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
    from ..models import Assessment

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
