"""People and roles: what each role may open, and that a refused request changes nothing."""

import pytest
from django.contrib.auth.models import Group, Permission, User
from django.urls import reverse

from core.roles import ROLE_PERMISSIONS, Role
from workforce.models import Team

pytestmark = pytest.mark.django_db


def test_every_role_is_a_group_holding_exactly_its_permissions():
    for role, codenames in ROLE_PERMISSIONS.items():
        group = Group.objects.get(name=role.value)
        assert set(group.permissions.values_list("codename", flat=True)) == set(codenames)


def test_senior_managers_read_cases_but_cannot_change_them(cast):
    assert cast.senior.has_perm("casework.view_child")
    assert not cast.senior.has_perm("casework.change_child")
    assert not cast.senior.has_perm("casework.add_statutoryvisit")
    assert cast.worker_a.has_perm("casework.add_statutoryvisit")


@pytest.mark.parametrize("url_name", ["home", "workforce:teams", "workforce:workers", "admin:index"])
def test_every_page_sends_an_anonymous_visitor_to_sign_in(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_a_user_without_a_role_is_refused_the_staff_pages(cast, client_for):
    client = client_for(cast.nobody)
    assert client.get(reverse("workforce:teams")).status_code == 403
    assert client.get(reverse("workforce:workers")).status_code == 403


def test_a_social_worker_sees_only_their_own_team(cast, client_for):
    client = client_for(cast.worker_a)
    response = client.get(reverse("workforce:teams"))
    assert [team.name for team in response.context["table"].data] == ["Care Planning A"]
    assert client.get(reverse("workforce:team", args=[cast.team_b.pk])).status_code == 404
    names = {worker.full_name for worker in client.get(reverse("workforce:workers")).context["table"].data}
    assert names == {"Alice Archer"}


def test_a_team_manager_sees_the_team_they_manage(cast, client_for):
    response = client_for(cast.manager_a).get(reverse("workforce:team", args=[cast.team_a.pk]))
    assert response.status_code == 200
    assert [worker.full_name for worker in response.context["table"].data] == ["Alice Archer"]
    assert client_for(cast.manager_a).get(reverse("workforce:team", args=[cast.team_b.pk])).status_code == 404


def test_a_senior_manager_sees_every_team(cast, client_for):
    response = client_for(cast.senior).get(reverse("workforce:teams"))
    assert {team.name for team in response.context["table"].data} == {"Care Planning A", "Care Planning B"}


def test_the_header_shows_the_user_and_their_role(cast, client_for):
    response = client_for(cast.manager_a).get(reverse("home"))
    html = response.content.decode()
    assert "Mo Ahmed" in html
    assert 'data-testid="current-role">Team manager<' in html
    labels = [item["label"] for item in response.context["navigation"]]
    assert "Administration" not in labels
    assert "Teams" in labels


def test_navigation_offers_the_administration_only_to_administrators(cast, client_for):
    admin_labels = [item["label"] for item in client_for(cast.admin).get(reverse("home")).context["navigation"]]
    assert "Administration" in admin_labels


def test_an_administrator_can_add_a_team_in_the_admin(cast, client_for):
    response = client_for(cast.admin).post(
        reverse("admin:workforce_team_add"), {"name": "Adoption South", "team_type": "adoption", "is_active": "on"}
    )
    assert response.status_code == 302
    assert Team.objects.filter(name="Adoption South").exists()


@pytest.mark.parametrize("who", ["worker_a", "manager_a", "senior", "performance"])
def test_a_refused_admin_request_changes_nothing(cast, client_for, who):
    before = Team.objects.count()
    response = client_for(getattr(cast, who)).post(
        reverse("admin:workforce_team_add"), {"name": "Sneaky", "team_type": "adoption"}
    )
    assert response.status_code in (302, 403)
    assert Team.objects.count() == before
    assert not Team.objects.filter(name="Sneaky").exists()


def test_sign_in_is_locked_after_five_wrong_passwords(cast, client):
    url = reverse("login")
    for _ in range(5):
        client.post(url, {"username": "worker.a", "password": "wrong"})
    cast.worker_a.set_password("right-password-123")
    cast.worker_a.save()
    response = client.post(url, {"username": "worker.a", "password": "right-password-123"})
    assert response.status_code == 429
    assert "Too many failed sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_in_with_the_right_password_lands_on_home(cast, client):
    cast.worker_a.set_password("right-password-123")
    cast.worker_a.save()
    response = client.post(reverse("login"), {"username": "worker.a", "password": "right-password-123"})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.session["_auth_user_id"] == str(cast.worker_a.pk)


def test_role_names_are_the_four_roles_of_the_product():
    assert {role.value for role in Role} == {
        "Social worker",
        "Team manager",
        "Senior manager",
        "Performance officer",
        "Administrator",
    }


def test_the_sign_in_page_has_labelled_username_and_password_boxes(client):
    page = client.get(reverse("login")).content.decode()
    assert '<label class="govuk-label govuk-label--s" for="id_username">' in page
    assert 'name="username"' in page and 'class="govuk-input"' in page
    assert '<label class="govuk-label govuk-label--s" for="id_password">' in page
    assert 'type="password" name="password"' in page


def test_a_wrong_password_is_summarised_at_the_top_and_signs_nobody_in(cast, client):
    response = client.post(reverse("login"), {"username": "worker.a", "password": "wrong"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert 'href="#main-form"' in page and 'id="main-form"' in page
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    "who, expected",
    [
        ("worker_a", ["My caseload", "Due and overdue", "Children", "Teams", "Social workers"]),
        (
            "manager_a",
            ["Team caseload", "Due and overdue", "Children", "Team KPIs", "Teams", "Social workers"],
        ),
        ("senior", ["Children", "Foster carers", "Team KPIs", "Scorecards", "Teams", "Social workers"]),
        (
            "performance",
            [
                "Children",
                "Foster carers",
                "Team KPIs",
                "Scorecards",
                "Sign-off",
                "Imports",
                "Returns",
                "Teams",
                "Social workers",
            ],
        ),
        ("admin", ["Teams", "Social workers", "Administration"]),
    ],
)
def test_navigation_offers_each_role_its_pages_and_each_one_opens(cast, client_for, who, expected):
    client = client_for(getattr(cast, who))
    navigation = client.get(reverse("home")).context["navigation"]
    assert [item["label"] for item in navigation] == expected
    for item in navigation:
        assert client.get(item["href"]).status_code == 200, item["label"]


@pytest.mark.parametrize(
    "who, expected",
    [
        ("worker", ["My caseload", "Due and overdue", "Children", "Foster carers", "Teams", "Social workers"]),
        (
            "manager",
            ["Team caseload", "Due and overdue", "Children", "Foster carers", "Team KPIs", "Teams", "Social workers"],
        ),
    ],
)
def test_the_fostering_team_is_offered_the_foster_carers_and_each_page_opens(fostering, client_for, who, expected):
    client = client_for(getattr(fostering, who))
    navigation = client.get(reverse("home")).context["navigation"]
    assert [item["label"] for item in navigation] == expected
    for item in navigation:
        assert client.get(item["href"]).status_code == 200, item["label"]


# --- Users in the admin: an administrator cannot make anyone, themselves included, more powerful ---


def user_form(user, **changes) -> dict:
    """The admin's change form for a user, as the browser posts it."""
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "is_staff": "on" if user.is_staff else "",
        "groups": [str(pk) for pk in user.groups.values_list("pk", flat=True)],
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2024-01-01",
        "date_joined_1": "09:00:00",
    }
    return {**{k: v for k, v in data.items() if v != ""}, **changes}


def test_an_administrator_cannot_make_a_user_a_superuser(cast, client_for):
    client = client_for(cast.admin)
    page = client.get(reverse("admin:auth_user_change", args=[cast.worker_a.pk])).content.decode()
    assert 'name="is_superuser"' not in page and 'name="user_permissions"' not in page
    permission = Permission.objects.get(codename="view_all_children")
    data = user_form(cast.worker_a, first_name="Alicia", is_superuser="on", user_permissions=[str(permission.pk)])
    response = client.post(reverse("admin:auth_user_change", args=[cast.worker_a.pk]), data)
    assert response.status_code == 302
    cast.worker_a.refresh_from_db()
    # The change they may make is saved; the rest of the post is ignored.
    assert cast.worker_a.first_name == "Alicia"
    assert not cast.worker_a.is_superuser
    assert not cast.worker_a.user_permissions.exists()


def test_an_administrator_cannot_make_themselves_a_superuser_or_change_their_own_groups(cast, client_for):
    client = client_for(cast.admin)
    senior_group = Group.objects.get(name=Role.SENIOR_MANAGER.value)
    own_groups = set(cast.admin.groups.all())
    data = user_form(cast.admin, is_superuser="on", groups=[str(group.pk) for group in [*own_groups, senior_group]])
    page = client.get(reverse("admin:auth_user_change", args=[cast.admin.pk])).content.decode()
    assert 'name="groups"' not in page
    response = client.post(reverse("admin:auth_user_change", args=[cast.admin.pk]), {**data, "first_name": "Ada"})
    assert response.status_code == 302
    cast.admin.refresh_from_db()
    assert cast.admin.first_name == "Ada"
    assert not cast.admin.is_superuser
    assert set(cast.admin.groups.all()) == own_groups


def test_an_administrator_gives_another_user_a_role(cast, client_for):
    senior_group = Group.objects.get(name=Role.SENIOR_MANAGER.value)
    data = user_form(cast.nobody, groups=[str(senior_group.pk)])
    response = client_for(cast.admin).post(reverse("admin:auth_user_change", args=[cast.nobody.pk]), data)
    assert response.status_code == 302
    assert list(cast.nobody.groups.all()) == [senior_group]


def test_an_administrator_cannot_edit_a_superuser(cast, client_for):
    root = User.objects.create_superuser("root", password="not-used-in-tests")
    client = client_for(cast.admin)
    response = client.post(reverse("admin:auth_user_change", args=[root.pk]), user_form(root, is_superuser=""))
    assert response.status_code == 403
    password = client.post(
        reverse("admin:auth_user_password_change", args=[root.pk]),
        {"password1": "Taken-over-123", "password2": "Taken-over-123"},
    )
    assert password.status_code == 403
    root.refresh_from_db()
    assert root.is_superuser and root.check_password("not-used-in-tests")


def test_an_administrator_cannot_change_what_a_role_may_do(cast, client_for):
    group = Group.objects.get(name=Role.ADMINISTRATOR.value)
    before = set(group.permissions.all())
    permission = Permission.objects.get(codename="view_all_children")
    response = client_for(cast.admin).post(
        reverse("admin:auth_group_change", args=[group.pk]), {"name": group.name, "permissions": [permission.pk]}
    )
    assert response.status_code == 403
    assert set(group.permissions.all()) == before


def test_a_superuser_still_grants_superuser_status(cast, client_for):
    root = User.objects.create_superuser("root", password="not-used-in-tests")
    data = user_form(cast.admin, is_superuser="on")
    response = client_for(root).post(reverse("admin:auth_user_change", args=[cast.admin.pk]), data)
    assert response.status_code == 302
    cast.admin.refresh_from_db()
    assert cast.admin.is_superuser


def test_giving_a_user_a_role_is_in_the_audit_log_with_who_did_it_and_no_password(cast, client_for):
    from auditlog.models import LogEntry

    senior_group = Group.objects.get(name=Role.SENIOR_MANAGER.value)
    data = user_form(cast.nobody, groups=[str(senior_group.pk)])
    client_for(cast.admin).post(reverse("admin:auth_user_change", args=[cast.nobody.pk]), data)
    entries = LogEntry.objects.get_for_object(cast.nobody).filter(actor=cast.admin)
    assert entries.exists()
    changed = [entry.changes_dict for entry in entries]
    assert any("groups" in change for change in changed)
    assert not any("password" in change or "last_login" in change for change in changed)
