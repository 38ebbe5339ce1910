"""Workforce validation: each rule rejects bad input and saves nothing."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from tests.factories import AllocationFactory, ChildFactory, PostFactory, SocialWorkerFactory, TeamFactory
from workforce import services
from workforce.models import Allocation, Post, SocialWorker
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
        services.allocation_start(child=existing.child, worker=other_worker, started_on=date(2024, 6, 1))
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
        services.allocation_start(child=child, worker=SocialWorkerFactory(), started_on=date(2024, 2, 28))
    assert Allocation.objects.count() == 1


def test_a_new_allocation_may_start_on_the_day_the_last_one_ended():
    child = ChildFactory()
    AllocationFactory(child=child, started_on=date(2024, 1, 1), ended_on=date(2024, 3, 1))
    services.allocation_start(child=child, worker=SocialWorkerFactory(), started_on=date(2024, 3, 1))
    assert Allocation.objects.count() == 2


def test_a_transfer_ends_the_current_allocation_and_starts_the_new_one_the_same_day():
    first = AllocationFactory(started_on=date(2024, 1, 1))
    new_worker = SocialWorkerFactory()
    services.allocation_transfer(child=first.child, worker=new_worker, on=date(2024, 5, 20))
    first.refresh_from_db()
    assert first.ended_on == date(2024, 5, 20)
    current = Allocation.objects.get(child=first.child, ended_on__isnull=True)
    assert (current.worker, current.started_on, current.team) == (new_worker, date(2024, 5, 20), new_worker.team)


def test_it_rejects_allocating_to_a_worker_who_has_left():
    worker = SocialWorkerFactory(started_on=date(2020, 1, 1), ended_on=date(2023, 12, 31))
    with pytest.raises(ValidationError) as error:
        services.allocation_start(child=ChildFactory(), worker=worker, started_on=date(2024, 1, 1))
    assert "left on 31 December 2023" in str(error.value.message_dict["worker"])
    assert not Allocation.objects.exists()


def test_caseload_counts_children_open_on_the_date():
    worker = SocialWorkerFactory()
    AllocationFactory(worker=worker, started_on=date(2024, 1, 1))
    AllocationFactory(worker=worker, started_on=date(2024, 1, 1), ended_on=date(2024, 6, 30))  # ends on the day
    AllocationFactory(worker=worker, started_on=date(2024, 7, 1))  # starts the day after
    assert with_caseload(SocialWorker.objects.filter(pk=worker.pk), on=date(2024, 6, 30)).get().caseload == 1
    assert with_caseload(SocialWorker.objects.filter(pk=worker.pk), on=date(2024, 6, 29)).get().caseload == 2
