"""Foster carer households and their annual reviews: the due date rule on hand-worked dates,
the pages of the fostering service, who may read and who may record, and the admin."""

from datetime import date, timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone

from casework import services
from casework.models import FosterCarerHousehold, FosterCarerReview
from casework.rules import foster_carer_review_due, foster_carer_review_due_dates
from tests.factories import FosterCarerHouseholdFactory, PlacementFactory

from .conftest import date_data
from .test_forms import summary
from .test_validation import rejected

pytestmark = pytest.mark.django_db


def household_data(**changes) -> dict:
    data = {
        "reference": "FC00123",
        "name": "Sam and Alex Patel",
        **date_data("approved_on", date(2023, 4, 3)),
        **date_data("deregistered_on", None),
    }
    return {**data, **changes}


def reviews_of(household) -> list[tuple[date, date | None]]:
    return list(household.reviews.order_by("due_on").values_list("due_on", "completed_on"))


# --- The rule -------------------------------------------------------------------------------------


def test_the_first_review_is_due_a_year_after_approval():
    assert foster_carer_review_due(date(2023, 4, 3), None) == date(2024, 4, 3)


def test_a_later_review_is_due_a_year_after_the_last_one_was_completed():
    # Approved 3 April 2023; last review completed early, on 1 March 2024: due 1 March 2025.
    assert foster_carer_review_due(date(2023, 4, 3), date(2024, 3, 1)) == date(2025, 3, 1)


def test_a_year_after_29_february_is_28_february():
    assert foster_carer_review_due(date(2024, 2, 29), None) == date(2025, 2, 28)
    assert foster_carer_review_due(date(2020, 1, 1), date(2024, 2, 29)) == date(2025, 2, 28)


def test_each_review_counts_from_the_one_before_it():
    # Approved 10 Jan 2020. Reviews completed 5 Jan 2021, 20 Feb 2022 (late), and one waiting.
    assert foster_carer_review_due_dates(date(2020, 1, 10), [date(2021, 1, 5), date(2022, 2, 20), None]) == [
        date(2021, 1, 10),  # a year after approval
        date(2022, 1, 5),  # a year after the first was completed
        date(2023, 2, 20),  # a year after the late second one
    ]


# --- The service ----------------------------------------------------------------------------------


def test_recording_reviews_stores_their_derived_due_dates():
    household = FosterCarerHouseholdFactory(approved_on=date(2022, 1, 10))
    services.foster_carer_review_create(household=household, completed_on=date(2023, 1, 5), by=None)
    services.foster_carer_review_create(household=household, completed_on=date(2024, 2, 20), by=None)
    assert reviews_of(household) == [(date(2023, 1, 10), date(2023, 1, 5)), (date(2024, 1, 5), date(2024, 2, 20))]


def test_a_review_recorded_late_between_two_others_moves_the_next_ones_due_date():
    household = FosterCarerHouseholdFactory(approved_on=date(2020, 1, 10))
    services.foster_carer_review_create(household=household, completed_on=date(2021, 1, 5), by=None)
    services.foster_carer_review_create(household=household, completed_on=date(2023, 1, 2), by=None)
    # The 2023 review was due 5 Jan 2022 until the 2022 review is found and recorded.
    services.foster_carer_review_create(household=household, completed_on=date(2021, 12, 20), by=None)
    assert reviews_of(household) == [
        (date(2021, 1, 10), date(2021, 1, 5)),
        (date(2022, 1, 5), date(2021, 12, 20)),
        (date(2022, 12, 20), date(2023, 1, 2)),  # a year after 20 Dec 2021, so this one was late
    ]


def test_a_waiting_review_is_the_one_completed():
    household = FosterCarerHouseholdFactory(approved_on=date(2022, 1, 10))
    waiting = FosterCarerReview.objects.create(household=household, due_on=date(2023, 1, 10))
    services.foster_carer_review_create(household=household, completed_on=date(2023, 1, 9), by=None)
    waiting.refresh_from_db()
    assert (waiting.due_on, waiting.completed_on) == (date(2023, 1, 10), date(2023, 1, 9))
    assert FosterCarerReview.objects.count() == 1


def test_a_corrected_approval_date_moves_the_first_reviews_due_date():
    household = FosterCarerHouseholdFactory(approved_on=date(2022, 1, 10))
    services.foster_carer_review_create(household=household, completed_on=date(2023, 1, 5), by=None)
    services.foster_carer_household_update(
        household=household,
        reference=household.reference,
        name=household.name,
        approved_on=date(2022, 2, 1),
        deregistered_on=None,
        by=None,
    )
    assert reviews_of(household) == [(date(2023, 2, 1), date(2023, 1, 5))]


def test_it_rejects_a_review_completed_on_or_before_approval():
    household = FosterCarerHouseholdFactory(approved_on=date(2018, 1, 15))
    errors = rejected(services.foster_carer_review_create, household=household, completed_on=date(2018, 1, 15), by=None)
    assert errors["completed_on"] == [
        "A review cannot be completed on or before the day the household was approved (15 January 2018)."
    ]
    assert not FosterCarerReview.objects.exists()


def test_it_rejects_a_review_completed_after_deregistration():
    household = FosterCarerHouseholdFactory(
        name="The Okafors", approved_on=date(2018, 1, 15), deregistered_on=date(2020, 6, 1)
    )
    errors = rejected(services.foster_carer_review_create, household=household, completed_on=date(2020, 6, 2), by=None)
    assert errors["completed_on"] == [
        "The Okafors stopped fostering on 1 June 2020: a review cannot be completed after that."
    ]
    assert not FosterCarerReview.objects.exists()


def test_it_rejects_a_review_in_the_future():
    household = FosterCarerHouseholdFactory(approved_on=date(2018, 1, 15))
    tomorrow = timezone.localdate() + timedelta(days=1)
    errors = rejected(services.foster_carer_review_create, household=household, completed_on=tomorrow, by=None)
    assert errors["completed_on"] == ["The completion date cannot be in the future."]
    assert not FosterCarerReview.objects.exists()


def test_it_rejects_two_reviews_on_one_day():
    household = FosterCarerHouseholdFactory(approved_on=date(2018, 1, 15))
    services.foster_carer_review_create(household=household, completed_on=date(2019, 1, 10), by=None)
    errors = rejected(services.foster_carer_review_create, household=household, completed_on=date(2019, 1, 10), by=None)
    assert errors["completed_on"] == ["A review completed on 10 January 2019 is already recorded."]
    assert FosterCarerReview.objects.count() == 1


def test_a_correction_cannot_move_a_review_past_another():
    household = FosterCarerHouseholdFactory(approved_on=date(2018, 1, 15))
    first = services.foster_carer_review_create(household=household, completed_on=date(2019, 1, 10), by=None)
    services.foster_carer_review_create(household=household, completed_on=date(2020, 1, 10), by=None)
    errors = rejected(services.foster_carer_review_update, review=first, completed_on=date(2020, 3, 1), by=None)
    assert "Another review was completed on 10 January 2020" in errors["completed_on"][0]
    assert reviews_of(household) == [(date(2019, 1, 15), date(2019, 1, 10)), (date(2020, 1, 10), date(2020, 1, 10))]


def test_it_rejects_deregistration_before_the_last_review():
    household = FosterCarerHouseholdFactory(approved_on=date(2018, 1, 15))
    services.foster_carer_review_create(household=household, completed_on=date(2019, 1, 10), by=None)
    errors = rejected(
        services.foster_carer_household_update,
        household=household,
        reference=household.reference,
        name=household.name,
        approved_on=date(2018, 1, 15),
        deregistered_on=date(2018, 12, 1),
        by=None,
    )
    assert errors["deregistered_on"] == ["A review was completed on 10 January 2019, after this deregistration date."]
    assert FosterCarerHousehold.objects.get().deregistered_on is None


def test_it_rejects_an_approval_after_a_placement_with_the_carers_started():
    household = FosterCarerHouseholdFactory(approved_on=date(2018, 1, 15))
    PlacementFactory(carer=household, period_of_care__started_on=date(2024, 3, 4))
    errors = rejected(
        services.foster_carer_household_update,
        household=household,
        reference=household.reference,
        name=household.name,
        approved_on=date(2024, 4, 1),
        deregistered_on=None,
        by=None,
    )
    assert errors["approved_on"] == [
        "A placement with these carers started on 4 March 2024, before this approval date."
    ]
    assert FosterCarerHousehold.objects.get().approved_on == date(2018, 1, 15)


# --- The pages ------------------------------------------------------------------------------------


def test_the_fostering_team_adds_a_household_and_records_its_first_review(fostering, client_for):
    client = client_for(fostering.worker)
    response = client.post("/foster-carers/new/", household_data())
    household = FosterCarerHousehold.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/foster-carers/{household.pk}/"

    page = client.get(f"/foster-carers/{household.pk}/reviews/new/").content.decode()
    # Approved 3 April 2023: the first review is due a year later.
    assert "This review is due on <strong>3 April 2024</strong>: one year after the household was approved" in page
    response = client.post(f"/foster-carers/{household.pk}/reviews/new/", date_data("completed_on", date(2024, 3, 28)))
    assert response.status_code == 302
    assert reviews_of(household) == [(date(2024, 4, 3), date(2024, 3, 28))]

    page = client.get(f"/foster-carers/{household.pk}/").content.decode()
    assert "28 Mar 2024" in page and "3 Apr 2024" in page
    # The next is due a year after the review was completed.
    assert "28 March 2025" in page


def test_a_review_before_approval_is_refused_on_the_page_and_saves_nothing(fostering, client_for):
    household = FosterCarerHouseholdFactory(approved_on=date(2023, 4, 3))
    page = (
        client_for(fostering.manager)
        .post(f"/foster-carers/{household.pk}/reviews/new/", date_data("completed_on", date(2023, 4, 1)))
        .content.decode()
    )
    assert "A review cannot be completed on or before the day the household was approved (3 April 2023)." in summary(
        page
    )
    assert not FosterCarerReview.objects.exists()


def test_a_household_deregistered_before_approval_is_refused_on_the_page(fostering, client_for):
    data = household_data(**date_data("deregistered_on", date(2023, 4, 2)))
    page = client_for(fostering.worker).post("/foster-carers/new/", data).content.decode()
    assert "A household cannot be deregistered before it was approved (3 April 2023)." in summary(page)
    assert not FosterCarerHousehold.objects.exists()


def test_a_household_deregistered_before_approval_is_refused_by_the_service():
    errors = rejected(
        services.foster_carer_household_create,
        reference="FC1",
        name="The Smiths",
        approved_on=date(2023, 4, 3),
        deregistered_on=date(2023, 4, 2),
        by=None,
    )
    assert errors["deregistered_on"] == ["A household cannot be deregistered before it was approved (3 April 2023)."]
    assert not FosterCarerHousehold.objects.exists()


def test_recording_deregistration_closes_the_household_to_reviews(fostering, client_for):
    household = FosterCarerHouseholdFactory(approved_on=date(2023, 4, 3), name="The Okafors")
    client = client_for(fostering.worker)
    data = household_data(
        reference=household.reference, name=household.name, **date_data("deregistered_on", date(2024, 1, 31))
    )
    assert client.post(f"/foster-carers/{household.pk}/edit/", data).status_code == 302
    household.refresh_from_db()
    assert household.deregistered_on == date(2024, 1, 31)
    page = client.get(f"/foster-carers/{household.pk}/").content.decode()
    assert "None: the household has stopped fostering" in page
    assert "Record an annual review" not in page


def test_the_list_finds_a_household_and_marks_an_overdue_review(fostering, client_for):
    FosterCarerHouseholdFactory(name="The Okafors", approved_on=date(2020, 5, 1))
    FosterCarerHouseholdFactory(name="The Browns", approved_on=date(2020, 5, 1), deregistered_on=date(2021, 1, 1))
    client = client_for(fostering.worker)
    page = client.get("/foster-carers/?q=okafor").content.decode()
    assert "The Okafors" in page and "The Browns" not in page
    assert '<span class="app-overdue">Overdue: 1 May 2021</span>' in page
    page = client.get("/foster-carers/?status=deregistered").content.decode()
    assert "The Browns" in page and "The Okafors" not in page


@pytest.mark.parametrize("who", ["senior", "performance"])
def test_senior_managers_read_the_households_but_cannot_record(cast, client_for, who):
    household = FosterCarerHouseholdFactory(name="The Okafors", approved_on=date(2020, 5, 1))
    client = client_for(getattr(cast, who))
    listing = client.get("/foster-carers/").content.decode()
    assert "The Okafors" in listing and "Add a foster carer household" not in listing
    page = client.get(f"/foster-carers/{household.pk}/").content.decode()
    assert "Record an annual review" not in page and "record deregistration" not in page
    assert client.post("/foster-carers/new/", household_data()).status_code == 403
    posted = client.post(f"/foster-carers/{household.pk}/reviews/new/", date_data("completed_on", date(2021, 4, 1)))
    assert posted.status_code == 403
    assert FosterCarerHousehold.objects.count() == 1 and not FosterCarerReview.objects.exists()


@pytest.mark.parametrize("who", ["worker_a", "manager_a", "admin", "nobody"])
def test_people_outside_fostering_cannot_open_or_change_the_households(cast, client_for, who):
    household = FosterCarerHouseholdFactory(name="The Okafors", approved_on=date(2020, 5, 1))
    client = client_for(getattr(cast, who))
    assert client.get("/foster-carers/").status_code == 403
    assert client.get(f"/foster-carers/{household.pk}/").status_code == 403
    assert client.post("/foster-carers/new/", household_data()).status_code == 403
    data = household_data(reference=household.reference, name="Renamed")
    assert client.post(f"/foster-carers/{household.pk}/edit/", data).status_code == 403
    assert (
        client.post(
            f"/foster-carers/{household.pk}/reviews/new/", date_data("completed_on", date(2021, 4, 1))
        ).status_code
        == 403
    )
    household.refresh_from_db()
    assert household.name == "The Okafors" and not FosterCarerReview.objects.exists()


def test_a_fostering_worker_who_has_left_loses_the_pages(fostering, client_for):
    fostering.worker.social_worker.ended_on = timezone.localdate() - timedelta(days=1)
    fostering.worker.social_worker.save()
    assert client_for(fostering.worker).get("/foster-carers/").status_code == 403


# --- The admin ------------------------------------------------------------------------------------


@pytest.fixture
def superuser_client(client):
    client.force_login(User.objects.create_superuser("root", password="not-used-in-tests"))
    return client


def inline_data(household, reviews: list[dict]) -> dict:
    data = {
        "reference": household.reference,
        "name": household.name,
        "approved_on": household.approved_on.isoformat(),
        "deregistered_on": "",
        "reviews-TOTAL_FORMS": str(len(reviews)),
        "reviews-INITIAL_FORMS": "0",
        "reviews-MIN_NUM_FORMS": "0",
        "reviews-MAX_NUM_FORMS": "1000",
    }
    for index, review in enumerate(reviews):
        data[f"reviews-{index}-completed_on"] = review["completed_on"]
        data[f"reviews-{index}-household"] = str(household.pk)
    return data


def test_the_admins_review_inline_refuses_a_review_before_approval_and_saves_nothing(superuser_client):
    household = FosterCarerHouseholdFactory(approved_on=date(2018, 1, 15))
    data = inline_data(household, [{"completed_on": "2018-01-10"}])
    response = superuser_client.post(f"/admin/casework/fostercarerhousehold/{household.pk}/change/", data)
    assert response.status_code == 200
    assert "A review cannot be completed on or before the day the household was approved (15 January 2018)." in (
        response.content.decode()
    )
    assert not FosterCarerReview.objects.exists()


def test_the_admins_review_inline_derives_the_due_dates(superuser_client):
    household = FosterCarerHouseholdFactory(approved_on=date(2018, 1, 15))
    data = inline_data(household, [{"completed_on": "2019-02-01"}, {"completed_on": "2020-01-20"}])
    response = superuser_client.post(f"/admin/casework/fostercarerhousehold/{household.pk}/change/", data)
    assert response.status_code == 302
    assert reviews_of(household) == [(date(2019, 1, 15), date(2019, 2, 1)), (date(2020, 2, 1), date(2020, 1, 20))]


def test_the_admins_review_inline_refuses_two_reviews_on_one_day(superuser_client):
    household = FosterCarerHouseholdFactory(approved_on=date(2018, 1, 15))
    data = inline_data(household, [{"completed_on": "2019-02-01"}, {"completed_on": "2019-02-01"}])
    response = superuser_client.post(f"/admin/casework/fostercarerhousehold/{household.pk}/change/", data)
    assert "Two reviews cannot be completed on the same day." in response.content.decode()
    assert not FosterCarerReview.objects.exists()


# Session, user, permissions, whether the user works in fostering (once), the navigation's
# queries (twice, as on the caseload), the count and one page of households with their last
# review and any review waiting. The same for 2 and for 30 households.
HOUSEHOLD_LIST_QUERIES = 19


@pytest.mark.parametrize("size", [2, 30])
def test_the_list_runs_the_same_queries_for_any_number_of_households(
    fostering, client_for, django_assert_num_queries, size
):
    for number in range(size):
        household = FosterCarerHouseholdFactory(approved_on=date(2020, 5, 1))
        services.foster_carer_review_create(household=household, completed_on=date(2021, 4, 1 + number % 28), by=None)
    client = client_for(fostering.worker)
    with django_assert_num_queries(HOUSEHOLD_LIST_QUERIES):
        response = client.get("/foster-carers/")
    assert response.content.decode().count('href="/foster-carers/') >= min(size, 25)
