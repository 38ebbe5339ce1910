"""The audit trail of a child's record: every page that shows the record logs who looked, and
the administrator's audit log holds nothing about a child (their history is on the child's
history page, for those allowed to see the child)."""

from datetime import date

import pytest
from auditlog.models import LogEntry
from django.contrib.auth.models import User
from django.contrib.contenttypes.models import ContentType

from casework import services
from casework.models import Child, StatutoryVisit
from tests.factories import ChildFactory, PlacementFactory, SocialWorkerFactory, StatutoryVisitFactory

from .conftest import allocate, date_data

pytestmark = pytest.mark.django_db


def views_of(child: Child) -> list[tuple[str, str, str]]:
    """(who, what was viewed, where) for each ACCESS entry about the child, oldest first."""
    entries = LogEntry.objects.filter(action=LogEntry.Action.ACCESS, additional_data__child_id=child.pk)
    return [
        (entry.actor.username, entry.content_type.model, (entry.additional_data or {}).get("page", ""))
        for entry in entries.order_by("pk").select_related("actor", "content_type")
    ]


@pytest.fixture
def child(cast):
    child = allocate(ChildFactory(first_name="Amy", last_name="Adams", nhs_number="9434765919"), cast.social_worker_a)
    PlacementFactory(period_of_care__child=child, started_on=date(2024, 3, 4))
    return child


def test_opening_the_history_page_is_logged(cast, child, client_for):
    page = client_for(cast.manager_a).get(f"/children/{child.pk}/history/").content.decode()
    assert views_of(child) == [("manager.a", "child", "history")]
    assert "Viewed: Child (on its history)" in page


def test_opening_a_correction_page_is_logged_against_the_record_shown(cast, child, client_for):
    visit = StatutoryVisitFactory(child=child, visited_on=date(2024, 3, 8))
    client_for(cast.worker_a).get(f"/children/{child.pk}/record/statutory-visit/{visit.pk}/")
    entry = LogEntry.objects.get(action=LogEntry.Action.ACCESS)
    assert (entry.content_type.model, entry.object_id, entry.actor) == ("statutoryvisit", visit.pk, cast.worker_a)
    assert entry.additional_data == {"child_id": child.pk, "page": "correction"}


def test_opening_the_childs_details_to_correct_them_is_logged(cast, child, client_for):
    client_for(cast.worker_a).get(f"/children/{child.pk}/edit/")
    assert views_of(child) == [("worker.a", "child", "correction")]


def test_a_refused_correction_page_logs_nothing(cast, child, client_for):
    visit = StatutoryVisitFactory(child=child, visited_on=date(2024, 3, 8))
    assert client_for(cast.worker_b).get(f"/children/{child.pk}/record/statutory-visit/{visit.pk}/").status_code == 404
    assert client_for(cast.senior).get(f"/children/{child.pk}/edit/").status_code == 403
    assert not LogEntry.objects.filter(action=LogEntry.Action.ACCESS).exists()


def test_a_correction_saved_logs_the_change_not_a_view(cast, child, client_for):
    visit = StatutoryVisitFactory(child=child, visited_on=date(2024, 3, 8))
    client_for(cast.worker_a).post(
        f"/children/{child.pk}/record/statutory-visit/{visit.pk}/", date_data("visited_on", date(2024, 3, 9))
    )
    assert views_of(child) == []
    assert LogEntry.objects.filter(
        action=LogEntry.Action.UPDATE, content_type=ContentType.objects.get_for_model(StatutoryVisit)
    ).exists()


@pytest.fixture
def superuser(db) -> User:
    return User.objects.create_superuser("root", password="not-used-in-tests")


def test_opening_a_child_in_the_admin_is_logged(child, superuser, client):
    client.force_login(superuser)
    assert client.get(f"/admin/casework/child/{child.pk}/change/").status_code == 200
    visit = StatutoryVisitFactory(child=child, visited_on=date(2024, 3, 8))
    assert client.get(f"/admin/casework/statutoryvisit/{visit.pk}/change/").status_code == 200
    allocation = child.allocations.get()
    assert client.get(f"/admin/casework/allocation/{allocation.pk}/change/").status_code == 200
    assert views_of(child) == [
        ("root", "child", "admin"),
        ("root", "statutoryvisit", "admin"),
        ("root", "allocation", "admin"),
    ]


def test_the_admins_list_of_children_logs_no_view_of_any_one_child(child, superuser, client):
    client.force_login(superuser)
    assert client.get("/admin/casework/child/").status_code == 200
    assert views_of(child) == []


# --- The audit log in the admin -------------------------------------------------------------------


@pytest.fixture
def log_with_a_child_and_a_team(cast, child, client_for):
    """Entries about a restricted child, their records and allocation, and about a team."""
    child.is_restricted = True
    child.save()
    services.child_record_viewed(child=child, user=cast.worker_a)
    client_for(cast.admin).post(
        "/admin/workforce/team/add/", {"name": "Adoption South", "team_type": "adoption", "is_active": "on"}
    )
    return child


def test_the_administrators_audit_log_holds_no_entry_about_a_child(cast, log_with_a_child_and_a_team, client_for):
    client = client_for(cast.admin)
    response = client.get("/admin/auditlog/logentry/")
    assert response.status_code == 200
    shown = list(response.context["cl"].queryset)
    # The roles, the cast's logins and workers and the new team; not the child, their placement or allocation.
    assert {entry.content_type.model for entry in shown} == {"group", "user", "team", "socialworker"}
    page = response.content.decode()
    assert "Adoption South" in page
    assert "Amy" not in page and "Adams" not in page and "9434765919" not in page


def test_searching_the_administrators_audit_log_finds_no_child(cast, log_with_a_child_and_a_team, client_for):
    client = client_for(cast.admin)
    for term in ("Adams", "9434765919"):
        response = client.get("/admin/auditlog/logentry/", {"q": term})
        assert list(response.context["cl"].queryset) == [], term


def test_the_administrator_cannot_open_an_entry_about_a_child(cast, log_with_a_child_and_a_team, client_for):
    entry = LogEntry.objects.filter(content_type__app_label="casework").first()
    response = client_for(cast.admin).get(f"/admin/auditlog/logentry/{entry.pk}/change/")
    # The admin answers a record outside the user's queryset as missing, back to its index.
    assert response.status_code == 302
    assert "Adams" not in client_for(cast.admin).get(response["Location"]).content.decode()


def test_a_superuser_reads_every_entry(log_with_a_child_and_a_team, superuser, client):
    client.force_login(superuser)
    shown = client.get("/admin/auditlog/logentry/").context["cl"].queryset
    assert {"child", "team", "allocation", "placement"} <= {entry.content_type.model for entry in shown}


def test_the_childs_history_stays_with_those_who_may_see_the_child(cast, log_with_a_child_and_a_team, client_for):
    page = client_for(cast.manager_a).get(f"/children/{log_with_a_child_and_a_team.pk}/history/").content.decode()
    assert "Alice Archer" in page and 'data-action="Viewed"' in page
    # Restricted: the senior manager may not open the child, so not their history either.
    assert client_for(cast.senior).get(f"/children/{log_with_a_child_and_a_team.pk}/history/").status_code == 404


def test_the_history_shows_who_held_the_case(cast, child, client_for):
    from casework import allocations as workforce_services

    team_mate = SocialWorkerFactory(team=cast.team_a, first_name="Tom", last_name="Tate")
    workforce_services.allocation_transfer(child=child, worker=team_mate, on=date(2024, 6, 3))
    page = client_for(cast.manager_a).get(f"/children/{child.pk}/history/").content.decode()
    assert "Recorded: Allocation, Amy Adams to Tom Tate" in page
