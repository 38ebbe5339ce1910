"""Courts and permanence: care proceedings, pre-proceedings (PLO), adoption."""

from datetime import date

from django.contrib.auth.models import User

from ..models import (
    Adoption,
    CareProceedings,
    Child,
    PeriodOfCare,
    PreProceedings,
)
from .saving import MANUAL, _given, _save, _update


def care_proceedings_create(
    *,
    child: Child,
    issued_on: date,
    concluded_on: date | None = None,
    outcome: str = "",
    by: User | None,
    source: str = MANUAL,
    source_reference: str = "",
) -> CareProceedings:
    proceedings = CareProceedings(
        child=child,
        issued_on=issued_on,
        concluded_on=concluded_on,
        outcome=outcome,
        source=source,
        source_reference=source_reference,
    )
    return _save(proceedings, by=by)


def care_proceedings_update(
    *, proceedings: CareProceedings, issued_on: date, concluded_on: date | None, outcome: str, by: User | None
) -> CareProceedings:
    return _update(proceedings, by=by, issued_on=issued_on, concluded_on=concluded_on, outcome=outcome)


def pre_proceedings_create(
    *,
    child: Child,
    started_on: date,
    ended_on: date | None = None,
    by: User | None,
    source: str = MANUAL,
    source_reference: str = "",
) -> PreProceedings:
    pre_proceedings = PreProceedings(
        child=child, started_on=started_on, ended_on=ended_on, source=source, source_reference=source_reference
    )
    return _save(pre_proceedings, by=by)


def pre_proceedings_update(
    *, pre_proceedings: PreProceedings, started_on: date, ended_on: date | None, by: User | None
) -> PreProceedings:
    return _update(pre_proceedings, by=by, started_on=started_on, ended_on=ended_on)


def adoption_create(
    *,
    child: Child,
    period_of_care: PeriodOfCare | None = None,
    decision_on: date | None = None,
    placement_order_on: date | None = None,
    matched_on: date | None = None,
    moved_in_on: date | None = None,
    adoption_order_on: date | None = None,
    ceased_on: date | None = None,
    reason_ceased: str = "",
    by_foster_carers: str = "",
    number_of_adopters: str = "",
    sex_of_adopters: str = "",
    legal_status_of_adopters: str = "",
    by: User | None,
    source: str = MANUAL,
    source_reference: str = "",
) -> Adoption:
    adoption = Adoption(
        child=child,
        period_of_care=period_of_care,
        decision_on=decision_on,
        placement_order_on=placement_order_on,
        matched_on=matched_on,
        moved_in_on=moved_in_on,
        adoption_order_on=adoption_order_on,
        ceased_on=ceased_on,
        reason_ceased=reason_ceased,
        by_foster_carers=by_foster_carers,
        number_of_adopters=number_of_adopters,
        sex_of_adopters=sex_of_adopters,
        legal_status_of_adopters=legal_status_of_adopters,
        source=source,
        source_reference=source_reference,
    )
    return _save(adoption, by=by)


def adoption_update(
    *,
    adoption: Adoption,
    period_of_care: PeriodOfCare | None,
    decision_on: date | None,
    placement_order_on: date | None,
    matched_on: date | None,
    moved_in_on: date | None,
    adoption_order_on: date | None,
    ceased_on: date | None,
    reason_ceased: str | None = None,
    by_foster_carers: str | None = None,
    number_of_adopters: str | None = None,
    sex_of_adopters: str | None = None,
    legal_status_of_adopters: str | None = None,
    by: User | None,
) -> Adoption:
    """The reason and the adopters: None leaves them as they are."""
    return _update(
        adoption,
        by=by,
        period_of_care=period_of_care,
        decision_on=decision_on,
        placement_order_on=placement_order_on,
        matched_on=matched_on,
        moved_in_on=moved_in_on,
        adoption_order_on=adoption_order_on,
        ceased_on=ceased_on,
        **_given(
            reason_ceased=reason_ceased,
            by_foster_carers=by_foster_carers,
            number_of_adopters=number_of_adopters,
            sex_of_adopters=sex_of_adopters,
            legal_status_of_adopters=legal_status_of_adopters,
        ),
    )
