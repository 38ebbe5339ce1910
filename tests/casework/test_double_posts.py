"""The same record posted twice (a double click, a retry after a slow answer) is saved once: the second
post asks whether it is a second record. Two open assessments are refused, as two open plans are."""

import threading
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connections

from casework import services
from casework.models import Assessment, Contact
from tests.factories import ChildFactory

from .conftest import allocate, date_data, datetime_data

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
RECEIVED = datetime(2024, 3, 5, 9, 30, tzinfo=LONDON)


def contact_data(**extra) -> dict:
    return {
        **datetime_data("received_at", RECEIVED),
        "source_of_contact": "1A",
        "decision": "",
        **date_data("decided_at", None),
        "decided_at_time": "",
        **extra,
    }


def test_the_same_contact_posted_twice_is_saved_once_and_the_second_post_asks(cast, client_for):
    child = allocate(ChildFactory(first_name="Amy"), cast.social_worker_a)
    client = client_for(cast.worker_a)
    url = f"/children/{child.pk}/record/contact/"

    first = client.post(url, contact_data())
    second = client.post(url, contact_data())

    assert first.status_code == 302
    assert second.status_code == 200
    page = second.content.decode()
    assert "A contact for Amy on 5 March 2024 at 09:30 is already recorded." in page
    assert 'name="second_record"' in page and "This is a second contact" in page
    assert Contact.objects.filter(child=child).count() == 1


def test_a_second_contact_at_the_same_time_is_saved_once_the_worker_confirms_it(cast, client_for):
    child = allocate(ChildFactory(first_name="Amy"), cast.social_worker_a)
    client = client_for(cast.worker_a)
    url = f"/children/{child.pk}/record/contact/"
    client.post(url, contact_data())

    unticked = client.post(url, contact_data(second_record=""))
    ticked = client.post(url, contact_data(second_record="on"))

    assert unticked.status_code == 200
    assert ticked.status_code == 302
    assert Contact.objects.filter(child=child).count() == 2


def test_a_contact_a_minute_later_is_not_taken_for_the_same_one():
    child = ChildFactory()
    services.contact_create(child=child, received_at=RECEIVED, by=None)
    services.contact_create(child=child, received_at=RECEIVED.replace(minute=31), by=None)
    assert Contact.objects.filter(child=child).count() == 2


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_two_posts_racing_on_two_connections_save_one_contact():
    """A double click sends two requests at once: the child's lock makes the second see the first."""
    child = ChildFactory(first_name="Amy")
    outcomes: list[str] = []
    barrier = threading.Barrier(2)

    def post() -> None:
        try:
            barrier.wait()
            services.contact_create(child=child, received_at=RECEIVED, by=None)
            outcomes.append("saved")
        except Exception as error:  # the refusal, as a ValidationError
            outcomes.append(type(error).__name__)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["ValidationError", "saved"], outcomes
    assert Contact.objects.filter(child=child).count() == 1


def test_a_second_open_assessment_is_refused_and_nothing_saved():
    child = ChildFactory(first_name="Amy")
    services.assessment_create(child=child, started_on=date(2024, 3, 4), by=None)
    with pytest.raises(services.ValidationError) as error:
        services.assessment_create(child=child, started_on=date(2024, 4, 8), by=None)
    assert error.value.message_dict["started_on"] == [
        "Amy already has an open assessment (started 4 March 2024). Record its completion before starting "
        "another: a child has one assessment open at a time."
    ]
    assert Assessment.objects.count() == 1


def test_an_assessment_may_start_the_day_the_last_one_was_completed_but_not_before():
    child = ChildFactory(first_name="Amy")
    services.assessment_create(
        child=child, started_on=date(2024, 3, 4), authorised_on=date(2024, 4, 8), outcome="nfa", by=None
    )
    with pytest.raises(services.ValidationError) as error:
        services.assessment_create(child=child, started_on=date(2024, 4, 5), by=None)
    assert "overlaps Amy's assessment from 4 March 2024 to 8 April 2024" in error.value.message_dict["started_on"][0]
    services.assessment_create(child=child, started_on=date(2024, 4, 8), by=None)
    assert Assessment.objects.count() == 2
