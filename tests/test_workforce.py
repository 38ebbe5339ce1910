"""Workforce validation: each rule rejects bad input and saves nothing."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from casework import allocations
from casework.models import Allocation, CaseSupervision
from tests.factories import AllocationFactory, ChildFactory, PostFactory, SocialWorkerFactory, TeamFactory
from tests.marks import Marks
from workforce import services
from workforce.models import Post, SocialWorker, TeamType
from workforce.selectors import with_caseload

pytestmark = pytest.mark.django_db


def test_it_rejects_a_worker_who_ends_before_starting():
    team = TeamFactory()
    worker = SocialWorker(
        first_name="A", last_name="B", team=team, started_on=date(2024, 5, 1), ended_on=date(2024, 4, 30)
    )
    with pytest.raises(ValidationError) as error:
        services.worker_save(worker)
    assert "cannot leave before they start" in str(error.value.message_dict["ended_on"])
    assert not SocialWorker.objects.exists()


def test_the_database_also_refuses_a_worker_ending_before_starting():
    team = TeamFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        SocialWorker.objects.create(
            first_name="A", last_name="B", team=team, started_on=date(2024, 5, 1), ended_on=date(2024, 4, 30)
        )


def test_a_worker_may_leave_on_the_day_they_start():
    worker = SocialWorker(
        first_name="A", last_name="B", team=TeamFactory(), started_on=date(2024, 5, 1), ended_on=date(2024, 5, 1)
    )
    services.worker_save(worker)
    assert SocialWorker.objects.count() == 1


def test_it_rejects_a_post_in_another_team():
    worker = SocialWorker(
        first_name="A", last_name="B", team=TeamFactory(), started_on=date(2024, 5, 1), post=PostFactory()
    )
    with pytest.raises(ValidationError) as error:
        services.worker_save(worker)
    assert "post belongs to another team" in str(error.value.message_dict["post"])


@pytest.mark.parametrize("fte", [Decimal("0"), Decimal("-0.5")])
def test_it_rejects_a_post_without_a_positive_fte(fte):
    post = Post(team=TeamFactory(), reference="X-1", fte=fte, funded_from=date(2024, 1, 1))
    with pytest.raises(ValidationError) as error:
        post.full_clean()
    assert "FTE must be more than 0" in str(error.value.message_dict["fte"])
    with pytest.raises(IntegrityError), transaction.atomic():
        post.save()
    assert not Post.objects.exists()


def test_a_child_cannot_have_two_current_allocations():
    existing = AllocationFactory(started_on=date(2024, 1, 1))
    other_worker = SocialWorkerFactory()
    with pytest.raises(ValidationError) as error:
        allocations.allocation_start(child=existing.child, worker=other_worker, started_on=date(2024, 6, 1))
    assert "already allocated to" in str(error.value.message_dict["started_on"])
    assert Allocation.objects.count() == 1


def test_the_database_also_refuses_two_current_allocations():
    existing = AllocationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Allocation.objects.create(
            child=existing.child, worker=existing.worker, team=existing.team, started_on=date(2024, 1, 1)
        )


def test_it_rejects_an_allocation_overlapping_an_ended_one():
    child = ChildFactory()
    AllocationFactory(child=child, started_on=date(2024, 1, 1), ended_on=date(2024, 3, 1))
    with pytest.raises(ValidationError):
        allocations.allocation_start(child=child, worker=SocialWorkerFactory(), started_on=date(2024, 2, 28))
    assert Allocation.objects.count() == 1


def test_a_new_allocation_may_start_on_the_day_the_last_one_ended():
    child = ChildFactory()
    AllocationFactory(child=child, started_on=date(2024, 1, 1), ended_on=date(2024, 3, 1))
    allocations.allocation_start(child=child, worker=SocialWorkerFactory(), started_on=date(2024, 3, 1))
    assert Allocation.objects.count() == 2


def test_a_transfer_ends_the_current_allocation_and_starts_the_new_one_the_same_day():
    first = AllocationFactory(started_on=date(2024, 1, 1))
    new_worker = SocialWorkerFactory()
    allocations.allocation_transfer(child=first.child, worker=new_worker, on=date(2024, 5, 20))
    first.refresh_from_db()
    assert first.ended_on == date(2024, 5, 20)
    current = Allocation.objects.get(child=first.child, ended_on__isnull=True)
    assert (current.worker, current.started_on, current.team) == (new_worker, date(2024, 5, 20), new_worker.team)


def test_it_rejects_allocating_to_a_worker_who_has_left():
    worker = SocialWorkerFactory(started_on=date(2020, 1, 1), ended_on=date(2023, 12, 31))
    with pytest.raises(ValidationError) as error:
        allocations.allocation_start(child=ChildFactory(), worker=worker, started_on=date(2024, 1, 1))
    assert "left on 31 December 2023" in str(error.value.message_dict["worker"])
    assert not Allocation.objects.exists()


def test_caseload_counts_children_open_on_the_date():
    worker = SocialWorkerFactory()
    AllocationFactory(worker=worker, started_on=date(2024, 1, 1))
    AllocationFactory(worker=worker, started_on=date(2024, 1, 1), ended_on=date(2024, 6, 30))  # ends on the day
    AllocationFactory(worker=worker, started_on=date(2024, 7, 1))  # starts the day after
    assert with_caseload(SocialWorker.objects.filter(pk=worker.pk), on=date(2024, 6, 30)).get().caseload == 1
    assert with_caseload(SocialWorker.objects.filter(pk=worker.pk), on=date(2024, 6, 29)).get().caseload == 2


# --- In post today (a leaving date is the day the worker is gone) ------------------------------------


def test_a_worker_leaving_next_month_keeps_their_team_and_its_children_until_then(cast, client_for):
    from casework.selectors import children_visible_to
    from workforce.selectors import team_ids_for

    child = AllocationFactory(worker=cast.social_worker_a, team=cast.team_a, started_on=date(2024, 1, 2)).child
    cast.social_worker_a.ended_on = timezone.localdate() + timedelta(days=30)
    cast.social_worker_a.save()
    assert team_ids_for(cast.worker_a) == {cast.team_a.pk}
    assert list(children_visible_to(cast.worker_a)) == [child]
    page = client_for(cast.manager_a).get(f"/workforce/teams/{cast.team_a.pk}/")
    assert [worker.full_name for worker in page.context["table"].data] == ["Alice Archer"]


def test_a_worker_who_left_yesterday_loses_their_team_and_its_children(cast, client_for):
    from casework.selectors import children_visible_to
    from workforce.selectors import team_ids_for

    AllocationFactory(worker=cast.social_worker_a, team=cast.team_a, started_on=date(2024, 1, 2))
    cast.social_worker_a.ended_on = timezone.localdate() - timedelta(days=1)
    cast.social_worker_a.save()
    assert team_ids_for(cast.worker_a) == set()
    assert not children_visible_to(cast.worker_a).exists()
    page = client_for(cast.manager_a).get(f"/workforce/teams/{cast.team_a.pk}/")
    assert list(page.context["table"].data) == []


def test_a_child_recorded_by_a_worker_leaving_next_month_is_allocated_to_them(cast):
    from casework import services as casework_services

    cast.social_worker_a.ended_on = timezone.localdate() + timedelta(days=30)
    cast.social_worker_a.save()
    child = casework_services.child_create(
        first_name="Eve", last_name="Stone", date_of_birth=date(2019, 6, 1), by=cast.worker_a
    )
    assert child.allocations.get().worker == cast.social_worker_a


# --- Transfers, endings and supervision (the services behind the manager's pages) ---------------------


def test_a_transfer_in_the_future_saves_nothing():
    first = AllocationFactory(started_on=date(2024, 1, 1))
    with pytest.raises(ValidationError) as error:
        allocations.allocation_transfer(
            child=first.child, worker=SocialWorkerFactory(), on=timezone.localdate() + timedelta(days=1)
        )
    assert "cannot be in the future" in error.value.message_dict["started_on"][0]
    first.refresh_from_db()
    assert first.ended_on is None and Allocation.objects.count() == 1


def test_a_transfer_to_a_worker_who_has_since_left_saves_nothing():
    first = AllocationFactory(started_on=date(2024, 1, 1))
    gone = SocialWorkerFactory(started_on=date(2020, 1, 1), ended_on=date(2024, 8, 1))
    with pytest.raises(ValidationError) as error:
        allocations.allocation_transfer(child=first.child, worker=gone, on=date(2024, 6, 1))
    assert error.value.message_dict["worker"] == [f"{gone} left on 1 August 2024: choose a worker in post."]
    first.refresh_from_db()
    assert first.ended_on is None and Allocation.objects.count() == 1


def test_a_transfer_queues_the_recomputation_from_its_date():
    first = AllocationFactory(started_on=date(2024, 1, 1))
    queued = Marks()
    queued.clear()
    allocations.allocation_transfer(child=first.child, worker=SocialWorkerFactory(), on=date(2024, 5, 20))
    assert queued == [(date(2024, 5, 1), "allocation saved")]


def test_an_allocation_cannot_end_while_the_child_is_looked_after():
    from tests.factories import PeriodOfCareFactory

    allocation = AllocationFactory(started_on=date(2024, 1, 1))
    PeriodOfCareFactory(child=allocation.child, started_on=date(2024, 3, 4))
    with pytest.raises(ValidationError) as error:
        allocations.allocation_end(allocation=allocation, on=date(2024, 6, 1))
    assert "is looked after beyond this date" in error.value.message_dict["ended_on"][0]
    allocation.refresh_from_db()
    assert allocation.ended_on is None


def test_an_allocation_ends_once_the_plan_has_ended():
    allocation = AllocationFactory(started_on=date(2024, 1, 1))
    from tests.factories import ChildProtectionPlanFactory

    ChildProtectionPlanFactory(child=allocation.child, started_on=date(2024, 3, 1), ended_on=date(2024, 5, 31))
    allocations.allocation_end(allocation=allocation, on=date(2024, 6, 1))
    allocation.refresh_from_db()
    assert allocation.ended_on == date(2024, 6, 1)


def test_supervision_on_the_day_the_allocation_ended_is_refused():
    # Open at D is start <= D < end: on its end date the case is no longer allocated.
    allocation = AllocationFactory(started_on=date(2024, 1, 1), ended_on=date(2024, 6, 1))
    with pytest.raises(ValidationError):
        allocations.case_supervision_create(child=allocation.child, supervised_on=date(2024, 6, 1), by=None)
    allocations.case_supervision_create(child=allocation.child, supervised_on=date(2024, 5, 31), by=None)
    assert CaseSupervision.objects.count() == 1


# --- The admin runs the same rules ---------------------------------------------------------------------


@pytest.fixture
def superuser_client(client):
    from django.contrib.auth.models import User

    client.force_login(User.objects.create_superuser("root", password="not-used-in-tests"))
    return client


def allocation_form(allocation_child, worker, started_on: date, ended_on: date | None = None) -> dict:
    return {
        "child": allocation_child.pk,
        "worker": worker.pk,
        "team": worker.team.pk,
        "started_on": started_on.isoformat(),
        "ended_on": ended_on.isoformat() if ended_on else "",
        "source": "",
        "source_reference": "",
    }


def test_the_admin_refuses_an_ended_allocation_overlapping_the_open_one(superuser_client):
    existing = AllocationFactory(started_on=date(2024, 1, 1))
    data = allocation_form(existing.child, SocialWorkerFactory(), date(2023, 6, 1), date(2024, 2, 1))
    response = superuser_client.post("/admin/casework/allocation/add/", data)
    assert response.status_code == 200
    assert "is already allocated to" in response.content.decode()
    assert Allocation.objects.count() == 1


def test_the_admin_refuses_an_allocation_to_a_worker_not_in_post(superuser_client):
    gone = SocialWorkerFactory(started_on=date(2020, 1, 1), ended_on=date(2023, 12, 31))
    response = superuser_client.post(
        "/admin/casework/allocation/add/", allocation_form(ChildFactory(), gone, date(2024, 1, 1))
    )
    assert response.status_code == 200
    assert "left on 31 December 2023." in response.content.decode()
    assert not Allocation.objects.exists()


def test_the_admin_saves_a_valid_allocation(superuser_client):
    worker = SocialWorkerFactory()
    response = superuser_client.post(
        "/admin/casework/allocation/add/", allocation_form(ChildFactory(), worker, date(2024, 1, 1))
    )
    assert response.status_code == 302
    assert Allocation.objects.get().worker == worker


def test_the_admin_refuses_supervision_of_an_unallocated_case(superuser_client):
    child = ChildFactory(first_name="Ben")
    data = {"child": child.pk, "supervised_on": "2024-05-01", "supervisor": "", "notes": ""}
    response = superuser_client.post("/admin/casework/casesupervision/add/", data)
    assert response.status_code == 200
    assert "case was not allocated on 1 May 2024" in response.content.decode()
    assert not CaseSupervision.objects.exists()


def test_deleting_a_supervision_in_the_admin_recomputes_from_its_month(superuser_client):
    allocation = AllocationFactory(started_on=date(2024, 1, 1))
    supervision = CaseSupervision.objects.create(child=allocation.child, supervised_on=date(2024, 3, 12))
    queued = Marks()
    queued.clear()
    response = superuser_client.post(f"/admin/casework/casesupervision/{supervision.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not CaseSupervision.objects.exists()
    assert queued == [(date(2024, 3, 1), "deleted in the admin")]


def test_deleting_allocations_in_bulk_in_the_admin_recomputes_from_the_earliest_date(superuser_client):
    later = AllocationFactory(started_on=date(2024, 5, 1))
    earlier = AllocationFactory(started_on=date(2023, 2, 1), ended_on=date(2023, 9, 30))
    queued = Marks()
    queued.clear()
    response = superuser_client.post(
        "/admin/casework/allocation/",
        {"action": "delete_selected", "_selected_action": [later.pk, earlier.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Allocation.objects.exists()
    assert queued == [(date(2023, 2, 1), "deleted in the admin")]


def test_the_demo_fostering_manager_sees_the_households_and_may_record_their_reviews(client):
    from django.contrib.auth.models import User
    from django.utils.html import escape

    from casework.models import FosterCarerHousehold
    from casework.selectors import may_read_fostering, may_record_fostering
    from tests.test_seed_demo import seed

    output = seed()
    manager = User.objects.get(username="fostering.manager")
    assert "fostering.manager" in output
    assert manager.managed_teams.get().team_type == TeamType.FOSTERING
    assert may_read_fostering(manager) and may_record_fostering(manager, "casework.add_fostercarerreview")
    client.force_login(manager)
    page = client.get("/foster-carers/").content.decode()
    assert escape(FosterCarerHousehold.objects.order_by("name").first().name) in page


def test_an_allocation_ended_meanwhile_is_not_ended_again():
    allocation = AllocationFactory(started_on=date(2024, 1, 1))
    stale = Allocation.objects.get(pk=allocation.pk)
    allocations.allocation_transfer(child=allocation.child, worker=SocialWorkerFactory(), on=date(2024, 5, 20))
    with pytest.raises(ValidationError) as error:
        allocations.allocation_end(allocation=stale, on=date(2024, 6, 1))
    assert error.value.message_dict["ended_on"] == ["This allocation has already ended, on 20 May 2024."]
    allocation.refresh_from_db()
    assert allocation.ended_on == date(2024, 5, 20)
