"""The dates that need a child who has been born, declared once per kind (``Kind.birth_dates``):
the record's rule refuses them before the birth and for an unborn child, and a corrected date of
birth must leave them after it, in the same words."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from casework import services, validation
from casework.models import (
    Adoption,
    AdvocacyPeriod,
    Assessment,
    CareLeaverBirthdayRecord,
    CareProceedings,
    ChildInNeedPlanReview,
    ChildProtectionVisit,
    LegalStatus,
    LookedAfterReview,
    MissingEpisode,
    PathwayPlanReview,
    PeriodOfCare,
    Placement,
    Section47Enquiry,
    StatutoryVisit,
)
from casework.records import BIRTH_DATES
from tests.factories import AdoptionFactory, AdvocacyPeriodFactory, CareProceedingsFactory, ChildFactory

pytestmark = pytest.mark.django_db

BORN = date(2024, 4, 10)
DAY_BEFORE = date(2024, 4, 9)
LONDON = ZoneInfo("Europe/London")

# (model, field, the message for a date the day before Cara was born on 10 April 2024,
#  the message for Baby, recorded as unborn).
MESSAGES = [
    (
        Assessment,
        "child_seen_on",
        "The date the child was seen in an assessment cannot be before Cara was born (10 April 2024).",
        "Baby is recorded as unborn: record the date of birth before the date the child was seen in an assessment.",
    ),
    (
        Section47Enquiry,
        "child_seen_on",
        "The date the child was seen in a section 47 enquiry cannot be before Cara was born (10 April 2024).",
        "Baby is recorded as unborn: record the date of birth before the date the child was seen in a section 47 "
        "enquiry.",
    ),
    (
        ChildProtectionVisit,
        "visited_on",
        "The child protection visit cannot be before Cara was born (10 April 2024).",
        "Baby is recorded as unborn: record the date of birth before the child protection visit.",
    ),
    (
        ChildInNeedPlanReview,
        "reviewed_on",
        "The child in need plan review cannot be before Cara was born (10 April 2024).",
        "Baby is recorded as unborn: record the date of birth before the child in need plan review.",
    ),
    (
        AdvocacyPeriod,
        "started_on",
        "The start of advocacy cannot be before Cara was born (10 April 2024).",
        "Baby is recorded as unborn: record the date of birth before the start of advocacy.",
    ),
    (
        StatutoryVisit,
        "visited_on",
        "The statutory visit cannot be before Cara was born (10 April 2024).",
        "Baby is recorded as unborn: record the date of birth before the statutory visit.",
    ),
    (
        LookedAfterReview,
        "held_on",
        "The looked-after review cannot be before Cara was born (10 April 2024).",
        "Baby is recorded as unborn: record the date of birth before the looked-after review.",
    ),
    (
        LegalStatus,
        "started_on",
        "The legal status cannot be before Cara was born (10 April 2024).",
        "Baby is recorded as unborn: record the date of birth before the legal status.",
    ),
    (
        PeriodOfCare,
        "started_on",
        "The period of care cannot be before Cara was born (10 April 2024).",
        "Baby is recorded as unborn: record the date of birth before the period of care.",
    ),
    (
        Placement,
        "started_on",
        "The placement cannot be before Cara was born (10 April 2024).",
        "Baby is recorded as unborn: record the date of birth before the placement.",
    ),
    (
        MissingEpisode,
        "started_at",
        "The missing episode cannot be before Cara was born (10 April 2024).",
        "Baby is recorded as unborn: record the date of birth before the missing episode.",
    ),
    (
        CareProceedings,
        "issued_on",
        "The issue of care proceedings cannot be before Cara was born (10 April 2024).",
        "Baby is recorded as unborn: record the date of birth before the issue of care proceedings.",
    ),
    (
        Adoption,
        "placement_order_on",
        "The placement order cannot be before Cara was born (10 April 2024).",
        "Baby is recorded as unborn: record the date of birth before the placement order.",
    ),
    (
        Adoption,
        "matched_on",
        "The match with adopters cannot be before Cara was born (10 April 2024).",
        "Baby is recorded as unborn: record the date of birth before the match with adopters.",
    ),
    (
        Adoption,
        "moved_in_on",
        "The move to the adoptive family cannot be before Cara was born (10 April 2024).",
        "Baby is recorded as unborn: record the date of birth before the move to the adoptive family.",
    ),
    (
        Adoption,
        "adoption_order_on",
        "The adoption order cannot be before Cara was born (10 April 2024).",
        "Baby is recorded as unborn: record the date of birth before the adoption order.",
    ),
    (
        PathwayPlanReview,
        "reviewed_on",
        "The pathway plan review cannot be before Cara was born (10 April 2024).",
        "Baby is recorded as unborn: record the date of birth before the pathway plan review.",
    ),
    (
        CareLeaverBirthdayRecord,
        "birthday_on",
        "The care leaver's birthday record cannot be before Cara was born (10 April 2024).",
        "Baby is recorded as unborn: record the date of birth before the care leaver's birthday record.",
    ),
]


def messages_for(model, field, child, day: date) -> list[str]:
    """The messages ``check()`` (the services' and the imports' path) gives the date, on an unsaved record."""
    value = datetime.combine(day, time(10), tzinfo=LONDON) if field.endswith("_at") else day
    try:
        validation.check(model(child=child, **{field: value}))
    except ValidationError as error:
        return error.message_dict.get(field, [])
    return []


def test_every_declared_birth_date_has_its_messages_tested_here():
    assert [(model, field) for model, field, _, _ in MESSAGES] == [(model, field) for model, field, _ in BIRTH_DATES]


@pytest.mark.parametrize(("model", "field", "before_birth", "unborn"), MESSAGES)
def test_a_date_before_the_birth_is_refused_in_the_kinds_words(model, field, before_birth, unborn):
    cara = ChildFactory(first_name="Cara", date_of_birth=BORN)
    assert messages_for(model, field, cara, DAY_BEFORE) == [before_birth]


@pytest.mark.parametrize(("model", "field", "before_birth", "unborn"), MESSAGES)
def test_a_date_for_an_unborn_child_is_refused_in_the_kinds_words(model, field, before_birth, unborn):
    baby = ChildFactory(first_name="Baby", date_of_birth=None, expected_date_of_birth=date(2024, 8, 1))
    assert messages_for(model, field, baby, DAY_BEFORE) == [unborn]


@pytest.mark.parametrize(("model", "field", "before_birth", "unborn"), MESSAGES)
def test_the_birth_day_itself_is_allowed(model, field, before_birth, unborn):
    cara = ChildFactory(first_name="Cara", date_of_birth=BORN)
    assert before_birth not in messages_for(model, field, cara, BORN)
    assert before_birth in messages_for(model, field, cara, DAY_BEFORE)


def test_a_statutory_visit_before_the_birth_is_refused_for_the_birth_not_for_the_missing_care():
    # No period of care can start before the birth: "record the period of care first" would mislead.
    cara = ChildFactory(first_name="Cara", date_of_birth=BORN)
    with pytest.raises(ValidationError) as error:
        services.statutory_visit_create(child=cara, visited_on=DAY_BEFORE, by=None)
    assert error.value.message_dict["visited_on"] == [
        "The statutory visit cannot be before Cara was born (10 April 2024)."
    ]
    assert not StatutoryVisit.objects.exists()


@pytest.mark.parametrize(
    ("factory", "message"),
    [
        (AdvocacyPeriodFactory, "The start of advocacy on 1 April 2024 is before this date of birth."),
        (CareProceedingsFactory, "The issue of care proceedings on 2 April 2024 is before this date of birth."),
    ],
)
def test_a_date_of_birth_cannot_move_after_a_record_that_needs_it(factory, message):
    record = factory(child=ChildFactory(first_name="Cara", date_of_birth=date(2024, 3, 1)))
    child = record.child
    child.date_of_birth = BORN
    with pytest.raises(ValidationError) as error:
        validation.child_errors(child)
    assert error.value.message_dict["date_of_birth"] == [
        f"{message} Check the date of birth, or correct that record first."
    ]


def test_a_child_with_an_adoption_order_cannot_become_unborn():
    adoption = AdoptionFactory(
        child=ChildFactory(first_name="Cara", date_of_birth=date(2024, 3, 1)), adoption_order_on=BORN
    )
    child = adoption.child
    child.date_of_birth, child.expected_date_of_birth = None, date(2024, 12, 1)
    with pytest.raises(ValidationError) as error:
        validation.child_errors(child)
    assert error.value.message_dict["date_of_birth"] == [
        "The adoption order on 10 April 2024 means Cara has been born: enter the date of birth."
    ]
