"""A team manager changes who holds a child's case, ends it, and records case supervision,
from the child's record: validated by the workforce services, shown in the key facts and the
chronology, and refused (changing nothing) to everyone else."""

from datetime import date, timedelta
from html import unescape

import pytest
from auditlog.models import LogEntry
from django.utils import timezone

from casework.chronology import chronology
from casework.models import Allocation, CaseSupervision
from core.roles import Role
from tests.factories import ChildFactory, ChildProtectionPlanFactory, SocialWorkerFactory, user_with_role
from tests.marks import Marks

from .conftest import allocate, date_data
from .test_forms import summary

pytestmark = pytest.mark.django_db


@pytest.fixture
def child(cast):
    return allocate(ChildFactory(first_name="Amy", last_name="Adams"), cast.social_worker_a, date(2024, 1, 2))


@pytest.fixture
def team_mate(cast):
    return SocialWorkerFactory(team=cast.team_a, first_name="Tom", last_name="Tate", started_on=date(2020, 1, 1))


@pytest.fixture
def manager_b(cast):
    manager = user_with_role("manager.b", Role.TEAM_MANAGER)
    cast.team_b.managers.add(manager)
    return manager


# Each user of the cast but team A's manager, and how they are refused: 403 for those who see
# the child but may not manage the case, 404 for those who do not see the child at all.
everyone_but_the_teams_manager = pytest.mark.parametrize(
    ("who", "status"),
    [("worker_a", 403), ("senior", 403), ("performance", 403), ("worker_b", 404), ("admin", 404)],
)


def allocations(child) -> list[tuple]:
    return list(child.allocations.order_by("started_on").values_list("worker__last_name", "started_on", "ended_on"))


def transfer_data(worker, day: date, team=None, reason: str = "MANAGE") -> dict:
    return {"worker": worker.pk, "team": team.pk if team else "", **date_data("started_on", day), "reason": reason}


def test_the_manager_moves_the_case_to_a_team_mate(cast, child, team_mate, client_for):
    client = client_for(cast.manager_a)
    record = client.get(f"/children/{child.pk}/").content.decode()
    assert f'href="/children/{child.pk}/allocation/"' in record
    response = client.post(f"/children/{child.pk}/allocation/", transfer_data(team_mate, date(2024, 6, 3)))
    assert response.status_code == 302 and response["Location"] == f"/children/{child.pk}/"
    assert allocations(child) == [("Archer", date(2024, 1, 2), date(2024, 6, 3)), ("Tate", date(2024, 6, 3), None)]

    page = client.get(f"/children/{child.pk}/").content.decode()
    assert "Tom Tate (Care Planning A), since 3 June 2024" in page
    same_day = [event.title for event in chronology(child) if event.day == date(2024, 6, 3)]
    assert same_day == ["Allocated to Tom Tate (Care Planning A)", "Allocation to Alice Archer ended"]


def test_a_case_moved_to_another_team_leaves_the_managers_caseload(cast, child, client_for):
    client = client_for(cast.manager_a)
    response = client.post(f"/children/{child.pk}/allocation/", transfer_data(cast.social_worker_b, date(2024, 6, 3)))
    assert response.status_code == 302 and response["Location"] == "/children/team/"
    assert child.allocations.get(ended_on__isnull=True).team == cast.team_b
    assert client.get(f"/children/{child.pk}/").status_code == 404
    assert client_for(cast.worker_b).get(f"/children/{child.pk}/").status_code == 200


def test_a_transfer_before_the_allocation_started_is_refused_and_saves_nothing(cast, child, team_mate, client_for):
    page = (
        client_for(cast.manager_a)
        .post(f"/children/{child.pk}/allocation/", transfer_data(team_mate, date(2023, 12, 1)))
        .content.decode()
    )
    assert "The transfer cannot be before the current allocation started (2 January 2024)." in summary(page)
    assert allocations(child) == [("Archer", date(2024, 1, 2), None)]


def test_a_transfer_to_a_worker_not_yet_in_post_on_the_date_is_refused(cast, child, client_for):
    newcomer = SocialWorkerFactory(team=cast.team_a, last_name="Nash", started_on=date(2024, 9, 1))
    page = (
        client_for(cast.manager_a)
        .post(f"/children/{child.pk}/allocation/", transfer_data(newcomer, date(2024, 6, 3)))
        .content.decode()
    )
    assert "only started on 01 September 2024." in summary(page)
    assert allocations(child) == [("Archer", date(2024, 1, 2), None)]


def test_a_transfer_in_the_future_is_refused(cast, child, team_mate, client_for):
    later = timezone.localdate() + timedelta(days=3)
    page = (
        client_for(cast.manager_a)
        .post(f"/children/{child.pk}/allocation/", transfer_data(team_mate, later))
        .content.decode()
    )
    assert "The transfer cannot be in the future: record it on the day it happens." in summary(page)
    assert allocations(child) == [("Archer", date(2024, 1, 2), None)]


def test_a_transfer_to_the_worker_who_holds_the_case_is_refused(cast, child, client_for):
    page = (
        client_for(cast.manager_a)
        .post(f"/children/{child.pk}/allocation/", transfer_data(cast.social_worker_a, date(2024, 6, 3)))
        .content.decode()
    )
    assert "Amy is already allocated to Alice Archer in Care Planning A: choose someone else." in summary(page)
    assert allocations(child) == [("Archer", date(2024, 1, 2), None)]


def test_a_transfer_needs_a_worker_and_a_date(cast, child, client_for):
    page = client_for(cast.manager_a).post(f"/children/{child.pk}/allocation/", {}).content.decode()
    assert "Choose the new social worker" in summary(page)
    assert "Enter the date of the change" in summary(page)
    assert "Choose why the social worker changed" in summary(page)
    assert allocations(child) == [("Archer", date(2024, 1, 2), None)]


def test_the_transfer_keeps_why_the_social_worker_changed(cast, child, team_mate, client_for):
    client = client_for(cast.manager_a)
    response = client.post(
        f"/children/{child.pk}/allocation/", transfer_data(team_mate, date(2024, 6, 3), reason="LEFTRL")
    )
    assert response.status_code == 302
    assert child.allocations.get(ended_on__isnull=True).reason == "LEFTRL"


def test_a_transfer_is_not_a_first_contact_and_saves_nothing(cast, child, team_mate, client_for):
    data = transfer_data(team_mate, date(2024, 6, 3), reason="FCONTA")
    page = client_for(cast.manager_a).post(f"/children/{child.pk}/allocation/", data).content.decode()
    assert "Amy had a social worker up to 3 June 2024, so this is not a first contact (FCONTA)" in unescape(
        summary(page)
    )
    assert allocations(child) == [("Archer", date(2024, 1, 2), None)]


def test_a_reason_not_on_the_dfes_list_is_refused(cast, child, team_mate, client_for):
    data = transfer_data(team_mate, date(2024, 6, 3), reason="BORED")
    page = client_for(cast.manager_a).post(f"/children/{child.pk}/allocation/", data).content.decode()
    assert "Select a valid choice" in summary(page)
    assert allocations(child) == [("Archer", date(2024, 1, 2), None)]


def test_the_manager_ends_the_allocation_when_the_case_closes(cast, child, client_for):
    client = client_for(cast.manager_a)
    response = client.post(f"/children/{child.pk}/allocation/end/", date_data("ended_on", date(2024, 7, 1)))
    assert response.status_code == 302 and response["Location"] == "/children/team/"
    assert allocations(child) == [("Archer", date(2024, 1, 2), date(2024, 7, 1))]
    assert [event.title for event in chronology(child)][0] == "Allocation to Alice Archer ended"


def test_a_child_on_a_plan_cannot_be_left_unallocated(cast, child, client_for):
    ChildProtectionPlanFactory(child=child, started_on=date(2024, 3, 25))
    page = (
        client_for(cast.manager_a)
        .post(f"/children/{child.pk}/allocation/end/", date_data("ended_on", date(2024, 7, 1)))
        .content.decode()
    )
    assert "Amy is on a child protection plan beyond this date, and needs an allocated worker" in summary(page)
    assert allocations(child) == [("Archer", date(2024, 1, 2), None)]


def test_an_allocation_cannot_end_before_it_started(cast, child, client_for):
    page = (
        client_for(cast.manager_a)
        .post(f"/children/{child.pk}/allocation/end/", date_data("ended_on", date(2023, 12, 31)))
        .content.decode()
    )
    assert "The allocation cannot end before it starts." in summary(page)
    assert allocations(child) == [("Archer", date(2024, 1, 2), None)]


def test_the_manager_records_case_supervision_shown_in_the_chronology(cast, child, client_for):
    client = client_for(cast.manager_a)
    data = {**date_data("supervised_on", date(2024, 5, 14)), "notes": "Visit weekly until the review."}
    response = client.post(f"/children/{child.pk}/supervision/", data)
    assert response.status_code == 302
    supervision = CaseSupervision.objects.get()
    assert (supervision.supervised_on, supervision.supervisor) == (date(2024, 5, 14), cast.manager_a)
    page = client.get(f"/children/{child.pk}/").content.decode()
    assert "Case supervision" in page and "Supervisor: Mo Ahmed" in page and "Visit weekly until the review." in page


def test_supervision_before_the_case_was_allocated_is_refused(cast, child, client_for):
    page = (
        client_for(cast.manager_a)
        .post(f"/children/{child.pk}/supervision/", date_data("supervised_on", date(2023, 12, 1)))
        .content.decode()
    )
    assert "Amy&#x27;s case was not allocated on 1 December 2023: case supervision is of an allocated case." in summary(
        page
    )
    assert not CaseSupervision.objects.exists()


def test_supervision_in_the_future_is_refused(cast, child, client_for):
    later = timezone.localdate() + timedelta(days=1)
    page = (
        client_for(cast.manager_a)
        .post(f"/children/{child.pk}/supervision/", date_data("supervised_on", later))
        .content.decode()
    )
    assert "The supervision date cannot be in the future." in summary(page)
    assert not CaseSupervision.objects.exists()


@everyone_but_the_teams_manager
def test_nobody_but_the_teams_manager_changes_the_allocation_or_supervision(
    cast, child, team_mate, client_for, who, status
):
    client = client_for(getattr(cast, who))
    assert f"/children/{child.pk}/allocation/" not in client.get(f"/children/{child.pk}/").content.decode()
    posts = [
        (f"/children/{child.pk}/allocation/", transfer_data(team_mate, date(2024, 6, 3))),
        (f"/children/{child.pk}/allocation/end/", date_data("ended_on", date(2024, 7, 1))),
        (f"/children/{child.pk}/supervision/", date_data("supervised_on", date(2024, 5, 14))),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == status, url
    assert allocations(child) == [("Archer", date(2024, 1, 2), None)]
    assert not CaseSupervision.objects.exists()


def test_a_manager_of_another_team_cannot_manage_the_case(cast, child, manager_b, client_for):
    client = client_for(manager_b)
    assert (
        client.post(f"/children/{child.pk}/allocation/end/", date_data("ended_on", date(2024, 7, 1))).status_code == 404
    )
    assert Allocation.objects.get().ended_on is None


# --- Correcting and removing a case supervision --------------------------------------------------------


@pytest.fixture
def supervision(cast, child) -> CaseSupervision:
    return CaseSupervision.objects.create(
        child=child, supervised_on=date(2024, 5, 14), supervisor=cast.manager_a, notes="Visit weekly."
    )


def supervision_data(day: date, notes: str = "Visit weekly.") -> dict:
    return {**date_data("supervised_on", day), "notes": notes}


def stored(supervision) -> tuple:
    return CaseSupervision.objects.filter(pk=supervision.pk).values_list("supervised_on", "notes").first()


def changes_logged(supervision) -> list[tuple]:
    """(action, who) of each UPDATE or DELETE entry about the supervision."""
    entries = LogEntry.objects.get_for_object(supervision).exclude(
        action__in=[LogEntry.Action.CREATE, LogEntry.Action.ACCESS]
    )
    return [(entry.action, entry.actor) for entry in entries.order_by("pk")]


def test_the_manager_corrects_a_supervision_from_the_chronology(cast, child, supervision, client_for):
    client = client_for(cast.manager_a)
    url = f"/children/{child.pk}/supervision/{supervision.pk}/"
    assert f'href="{url}"' in client.get(f"/children/{child.pk}/").content.decode()
    form = client.get(url).content.decode()
    assert "Case supervision of 14 May 2024 by Mo Ahmed." in form and "Visit weekly." in form

    response = client.post(url, supervision_data(date(2024, 5, 21), "Visit twice a week."), follow=True)
    assert response.redirect_chain == [(f"/children/{child.pk}/", 302)]
    assert stored(supervision) == (date(2024, 5, 21), "Visit twice a week.")
    assert CaseSupervision.objects.get().supervisor == cast.manager_a  # who supervised is unchanged
    assert "Correction saved." in response.content.decode()
    entry = LogEntry.objects.get_for_object(supervision).get(action=LogEntry.Action.UPDATE)
    assert entry.actor == cast.manager_a
    assert entry.changes_dict["supervised_on"] == ["2024-05-14", "2024-05-21"]


def test_a_correction_queues_the_recomputation_from_the_earlier_date(cast, child, supervision, client_for):
    queued = Marks()
    queued.clear()
    client_for(cast.manager_a).post(
        f"/children/{child.pk}/supervision/{supervision.pk}/", supervision_data(date(2024, 3, 4))
    )
    # March and every month after it, which includes May
    assert queued == [(date(2024, 3, 1), "case supervision corrected")]


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ({"supervised_on_day": "31", "supervised_on_month": "2", "supervised_on_year": "2024"}, "must be a real date"),
        (date_data("supervised_on", None), "Enter the date of supervision"),
        (date_data("supervised_on", date(2023, 12, 1)), "case supervision is of an allocated case"),
        (date_data("supervised_on", timezone.localdate() + timedelta(days=1)), "cannot be in the future"),
    ],
    ids=["impossible", "empty", "before-allocation", "future"],
)
def test_a_correction_to_a_wrong_date_is_refused_and_saves_nothing(cast, child, supervision, client_for, day, message):
    url = f"/children/{child.pk}/supervision/{supervision.pk}/"
    response = client_for(cast.manager_a).post(url, {**day, "notes": "Changed."})
    assert response.status_code == 200
    assert message in summary(response.content.decode())
    assert stored(supervision) == (date(2024, 5, 14), "Visit weekly.")
    assert changes_logged(supervision) == []


def test_the_manager_removes_a_supervision_recorded_in_error(cast, child, supervision, client_for):
    client = client_for(cast.manager_a)
    remove_url = f"/children/{child.pk}/supervision/{supervision.pk}/remove/"
    assert f'href="{remove_url}"' in client.get(f"/children/{child.pk}/supervision/{supervision.pk}/").content.decode()
    confirm = client.get(remove_url).content.decode()
    assert '<form method="post"' in confirm and "govuk-button--warning" in confirm
    assert stored(supervision) is not None  # asking is not removing

    response = client.post(remove_url, follow=True)
    assert response.redirect_chain == [(f"/children/{child.pk}/", 302)]
    assert not CaseSupervision.objects.exists()
    page = response.content.decode()
    assert "Case supervision removed." in page and "Supervisor: Mo Ahmed" not in page
    assert changes_logged(supervision) == [(LogEntry.Action.DELETE, cast.manager_a)]
    # The child's history still shows what was removed, and by whom.
    rows = client.get(f"/children/{child.pk}/history/").context["rows"]
    removed = [row for row in rows if row["action"] == "Deleted"]
    assert [(row["kind"], row["entry"].actor) for row in removed] == [("Case supervision", cast.manager_a)]


@everyone_but_the_teams_manager
def test_nobody_but_the_teams_manager_corrects_or_removes_a_supervision(
    cast, child, supervision, client_for, who, status
):
    client = client_for(getattr(cast, who))
    url = f"/children/{child.pk}/supervision/{supervision.pk}/"
    assert url not in client.get(f"/children/{child.pk}/").content.decode()
    for attempt in [
        lambda: client.get(url),
        lambda: client.post(url, supervision_data(date(2024, 5, 21), "Changed.")),
        lambda: client.get(f"{url}remove/"),
        lambda: client.post(f"{url}remove/"),
    ]:
        assert attempt().status_code == status
    assert stored(supervision) == (date(2024, 5, 14), "Visit weekly.")
    assert changes_logged(supervision) == []


def test_a_manager_of_another_team_cannot_correct_or_remove_the_supervision(
    cast, child, supervision, manager_b, client_for
):
    client = client_for(manager_b)
    url = f"/children/{child.pk}/supervision/{supervision.pk}/"
    assert client.post(url, supervision_data(date(2024, 5, 21), "Changed.")).status_code == 404
    assert client.post(f"{url}remove/").status_code == 404
    # Nor through a child of their own team: the supervision must be of the child in the address.
    their_child = allocate(ChildFactory(first_name="Ben"), cast.social_worker_b, date(2024, 1, 2))
    own_url = f"/children/{their_child.pk}/supervision/{supervision.pk}/"
    assert client.post(own_url, supervision_data(date(2024, 5, 21), "Changed.")).status_code == 404
    assert client.post(f"{own_url}remove/").status_code == 404
    assert stored(supervision) == (date(2024, 5, 14), "Visit weekly.")
    assert changes_logged(supervision) == []


def test_once_the_case_has_left_the_team_its_supervision_is_no_longer_theirs_to_correct(
    cast, child, supervision, client_for
):
    Allocation.objects.filter(child=child).update(ended_on=date(2024, 7, 1))  # case closed: out of the team's sight
    client = client_for(cast.manager_a)
    assert client.post(f"/children/{child.pk}/supervision/{supervision.pk}/remove/").status_code == 404
    assert stored(supervision) == (date(2024, 5, 14), "Visit weekly.")
