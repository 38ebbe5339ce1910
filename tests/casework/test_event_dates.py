"""Dates that make sense for the child: no event before 1 January 1990, none before the birth, and the
events that can concern an unborn child up to 9 months before the (expected) birth. Forms, services
and imports refuse the rest with a message that says what to fix, and save nothing."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from casework import services
from casework.models import ChildInNeedPlan, ChildProtectionPlan, Contact, Referral, StatutoryVisit
from core.models import RecomputeRequest
from tests.factories import ChildFactory, PeriodOfCareFactory, SocialWorkerFactory

from .conftest import allocate, date_data

pytestmark = pytest.mark.django_db


def messages(error: pytest.ExceptionInfo) -> dict[str, list[str]]:
    return error.value.message_dict


def test_a_referral_typed_as_1901_for_a_child_born_in_2018_is_refused_on_the_form_and_nothing_is_queued(
    cast, client_for
):
    child = allocate(ChildFactory(first_name="Amy", date_of_birth=date(2018, 5, 14)), cast.social_worker_a)
    RecomputeRequest.objects.all().delete()

    response = client_for(cast.worker_a).post(
        f"/children/{child.pk}/record/referral/",
        {**date_data("received_on", date(1901, 12, 1)), "source_of_referral": "10", **date_data("closed_on", None)},
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Referral dated 1 December 1901: that is before 1 January 1990. Check the year." in page
    assert not Referral.objects.exists()
    assert not RecomputeRequest.objects.exists()


def test_an_event_on_1_january_1990_passes_the_floor_and_the_day_before_does_not():
    child = ChildFactory(date_of_birth=None, expected_date_of_birth=date(1990, 9, 1))
    services.strategy_discussion_create(child=child, held_on=date(1990, 1, 1), by=None)
    with pytest.raises(ValidationError) as error:
        services.strategy_discussion_create(child=child, held_on=date(1989, 12, 31), by=None)
    assert messages(error) == {
        "held_on": ["Strategy discussion dated 31 December 1989: that is before 1 January 1990. Check the year."]
    }


def test_a_contact_may_be_9_months_before_the_birth_to_the_day_and_not_one_day_more():
    amy = ChildFactory(first_name="Amy", date_of_birth=date(2018, 3, 3))
    services.contact_create(child=amy, received_at=_moment(date(2017, 6, 3)), by=None)
    with pytest.raises(ValidationError) as error:
        services.contact_create(child=amy, received_at=_moment(date(2017, 6, 2)), by=None)
    assert messages(error)["received_at"] == [
        "Contact dated 2 June 2017: that is more than 9 months before Amy was born (3 March 2018). Check the year."
    ]
    assert Contact.objects.count() == 1


def test_nine_months_before_a_birth_on_30_november_is_29_february_in_a_leap_year():
    child = ChildFactory(first_name="Leo", date_of_birth=date(2020, 11, 30))
    services.referral_create(child=child, received_on=date(2020, 2, 29), by=None)
    with pytest.raises(ValidationError):
        services.referral_create(child=child, received_on=date(2020, 2, 28), by=None)
    assert Referral.objects.count() == 1


def test_an_unborn_childs_cp_plan_counts_back_from_the_expected_birth():
    unborn = ChildFactory(first_name="Baby", date_of_birth=None, expected_date_of_birth=date(2027, 4, 10))
    services.cp_plan_create(child=unborn, started_on=date(2026, 7, 10), category="NEG", by=None)
    twin = ChildFactory(first_name="Twin", date_of_birth=None, expected_date_of_birth=date(2027, 4, 10))
    with pytest.raises(ValidationError) as error:
        services.cp_plan_create(child=twin, started_on=date(2026, 7, 9), category="NEG", by=None)
    assert messages(error)["started_on"] == [
        "Child protection plan dated 9 July 2026: that is more than 9 months before Twin is expected to be born "
        "(10 April 2027). Check the year."
    ]
    assert ChildProtectionPlan.objects.count() == 1


def test_an_event_that_needs_a_born_child_is_refused_before_the_birth_and_accepted_on_the_day():
    amy = ChildFactory(first_name="Amy", date_of_birth=date(2018, 5, 14))
    period = PeriodOfCareFactory(child=amy, started_on=date(2018, 5, 14))
    assert period.started_on == date(2018, 5, 14)
    services.statutory_visit_create(child=amy, visited_on=date(2018, 5, 14), by=None)
    with pytest.raises(ValidationError) as error:
        services.cin_plan_create(child=amy, started_on=date(2018, 5, 13), by=None)
    assert messages(error)["started_on"] == [
        "Child in need plan dated 13 May 2018: that is before Amy was born (14 May 2018). Check the date."
    ]
    assert StatutoryVisit.objects.count() == 1 and not ChildInNeedPlan.objects.exists()


def test_a_child_in_need_plan_waits_for_the_birth_of_an_unborn_child():
    unborn = ChildFactory(first_name="Baby", date_of_birth=None, expected_date_of_birth=date(2027, 4, 10))
    with pytest.raises(ValidationError) as error:
        services.cin_plan_create(child=unborn, started_on=date(2026, 11, 2), by=None)
    assert messages(error)["started_on"] == [
        "Baby is recorded as unborn (expected 10 April 2027): a child in need plan can only be recorded once "
        "the date of birth is."
    ]


def test_a_date_of_birth_before_1990_is_refused():
    with pytest.raises(ValidationError) as error:
        services.child_create(first_name="Old", last_name="Typo", date_of_birth=date(1901, 5, 5), by=None)
    assert messages(error)["date_of_birth"] == ["This date (5 May 1901) is before 1 January 1990: check the year."]


def test_a_social_workers_qualification_date_is_not_a_childs_event_and_may_be_before_1990():
    worker = SocialWorkerFactory(qualified_on=date(1985, 7, 1))
    worker.full_clean()


def _moment(day: date):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    return datetime(day.year, day.month, day.day, 10, 0, tzinfo=ZoneInfo("Europe/London"))
