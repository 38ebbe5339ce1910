"""Front door and assessment: contacts, referrals, assessments."""

from datetime import date, datetime

from django.contrib.auth.models import User

from .. import codes
from ..models import (
    Assessment,
    Child,
    Contact,
    Referral,
)
from .saving import MANUAL, _given, _save, _update


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
