"""Who sees and records what: every role against children in and out of their scope,
including restricted children. A child outside a user's scope is a 404."""

from datetime import date

import pytest

from casework.models import StatutoryVisit
from core.roles import Role
from tests.factories import PeriodOfCareFactory, SocialWorkerFactory, user_with_role

from .conftest import date_data

pytestmark = pytest.mark.django_db


def opens(client, child) -> bool:
    """True when the child's record page shows the child; False on a 404."""
    response = client.get(f"/children/{child.pk}/")
    assert response.status_code in (200, 404), response.status_code
    if response.status_code == 404:
        assert child.last_name not in response.content.decode()
        return False
    assert child.full_name in response.content.decode()
    return True


@pytest.mark.parametrize(
    ("role", "sees_a", "sees_b", "sees_restricted"),
    [
        ("worker_a", True, False, True),
        ("manager_a", True, False, True),
        ("worker_b", False, True, False),
        ("senior", True, True, False),
        ("performance", True, True, False),
    ],
)
def test_each_role_opens_exactly_the_children_in_its_scope(
    cast, children, client_for, role, sees_a, sees_b, sees_restricted
):
    client = client_for(getattr(cast, role))
    assert opens(client, children.in_team_a) is sees_a
    assert opens(client, children.in_team_b) is sees_b
    assert opens(client, children.restricted_a) is sees_restricted


def test_a_team_mate_who_is_not_allocated_cannot_open_a_restricted_child(cast, children, client_for):
    team_mate = user_with_role("worker.a2", Role.SOCIAL_WORKER)
    SocialWorkerFactory(user=team_mate, team=cast.team_a)
    client = client_for(team_mate)
    assert opens(client, children.in_team_a)
    assert not opens(client, children.restricted_a)


@pytest.mark.parametrize("role", ["admin", "nobody"])
def test_people_without_casework_permissions_are_refused(cast, children, client_for, role):
    client = client_for(getattr(cast, role))
    assert client.get(f"/children/{children.in_team_a.pk}/").status_code == 403
    assert client.get("/children/search/").status_code == 403


def test_my_caseload_lists_only_the_children_allocated_to_me(cast, children, client_for):
    page = client_for(cast.worker_a).get("/children/mine/").content.decode()
    assert "Amy Adams" in page and "Rae Rowe" in page
    assert "Bob Baker" not in page


def test_the_team_caseload_lists_the_managers_team(cast, children, client_for):
    page = client_for(cast.manager_a).get("/children/team/").content.decode()
    assert "Amy Adams" in page and "Rae Rowe" in page
    assert "Bob Baker" not in page


def test_a_social_worker_has_no_team_caseload(cast, children, client_for):
    assert client_for(cast.worker_a).get("/children/team/").status_code == 403


def test_a_senior_manager_finds_any_child_except_restricted_ones(cast, children, client_for):
    page = client_for(cast.senior).get("/children/search/").content.decode()
    assert "Amy Adams" in page and "Bob Baker" in page
    assert "Rae Rowe" not in page


def test_search_by_name_in_another_team_finds_nothing(cast, children, client_for):
    page = client_for(cast.worker_b).get("/children/search/", {"q": "Amy"}).content.decode()
    assert "Amy Adams" not in page
    assert "No children match." in page


def visit_post(day: date = date(2024, 3, 8)) -> dict:
    return {**date_data("visited_on", day), "seen_alone": "on"}


@pytest.mark.parametrize("role", ["senior", "performance"])
def test_readers_see_no_record_actions_and_their_posts_are_refused(cast, children, client_for, role):
    PeriodOfCareFactory(child=children.in_team_a, started_on=date(2024, 3, 4))
    client = client_for(getattr(cast, role))
    page = client.get(f"/children/{children.in_team_a.pk}/").content.decode()
    assert "Record a statutory visit" not in page
    assert "/record/" not in page
    response = client.post(f"/children/{children.in_team_a.pk}/record/statutory-visit/", visit_post())
    assert response.status_code == 403
    assert not StatutoryVisit.objects.exists()


def test_a_worker_in_another_team_cannot_record_on_the_child(cast, children, client_for):
    PeriodOfCareFactory(child=children.in_team_a, started_on=date(2024, 3, 4))
    response = client_for(cast.worker_b).post(
        f"/children/{children.in_team_a.pk}/record/statutory-visit/", visit_post()
    )
    assert response.status_code == 404
    assert not StatutoryVisit.objects.exists()


def test_the_allocated_worker_records_a_visit(cast, children, client_for):
    PeriodOfCareFactory(child=children.in_team_a, started_on=date(2024, 3, 4))
    response = client_for(cast.worker_a).post(
        f"/children/{children.in_team_a.pk}/record/statutory-visit/", visit_post()
    )
    assert response.status_code == 302
    visit = StatutoryVisit.objects.get()
    assert (visit.child, visit.visited_on, visit.seen_alone, visit.recorded_by) == (
        children.in_team_a,
        date(2024, 3, 8),
        True,
        cast.worker_a,
    )


def test_a_correction_of_another_childs_record_through_this_child_is_a_404(cast, children, client_for):
    PeriodOfCareFactory(child=children.in_team_b, started_on=date(2024, 3, 4))
    visit = StatutoryVisit.objects.create(child=children.in_team_b, visited_on=date(2024, 3, 8))
    response = client_for(cast.worker_a).post(
        f"/children/{children.in_team_a.pk}/record/statutory-visit/{visit.pk}/", visit_post(date(2024, 3, 9))
    )
    assert response.status_code == 404
    visit.refresh_from_db()
    assert visit.visited_on == date(2024, 3, 8)


def test_the_admin_shows_a_staff_manager_only_their_teams_children(cast, children, client_for):
    cast.manager_a.is_staff = True
    cast.manager_a.save()
    page = client_for(cast.manager_a).get("/admin/casework/child/").content.decode()
    assert children.in_team_a.la_child_id in page
    assert children.in_team_b.la_child_id not in page


def test_the_admin_scopes_a_childs_records_too(cast, children, client_for):
    cast.manager_a.is_staff = True
    cast.manager_a.save()
    PeriodOfCareFactory(child=children.in_team_a, started_on=date(2024, 3, 4))
    PeriodOfCareFactory(child=children.in_team_b, started_on=date(2024, 3, 5))
    page = client_for(cast.manager_a).get("/admin/casework/periodofcare/").content.decode()
    assert "Amy Adams" in page
    assert "Bob Baker" not in page
