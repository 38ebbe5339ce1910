"""The admin saves case records under the same rules as the pages."""

from datetime import date

import pytest
from django.contrib.auth.models import User

from casework.models import ChildProtectionVisit
from tests.factories import ChildFactory, ChildProtectionPlanFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def superuser_client(client):
    client.force_login(User.objects.create_superuser("root", password="not-used-in-tests"))
    return client


def visit_form(plan, day: date) -> dict:
    return {"child": plan.child.pk, "plan": plan.pk, "visited_on": day.isoformat(), "seen_alone": "on"}


def test_the_admin_refuses_a_visit_before_its_plan_and_saves_nothing(superuser_client):
    plan = ChildProtectionPlanFactory(child=ChildFactory(), started_on=date(2024, 3, 3))
    response = superuser_client.post("/admin/casework/childprotectionvisit/add/", visit_form(plan, date(2024, 3, 2)))
    assert response.status_code == 200
    assert "The visit date cannot be before the plan started (3 March 2024)." in response.content.decode()
    assert not ChildProtectionVisit.objects.exists()


def test_the_admin_saves_a_valid_visit_with_who_recorded_it(superuser_client):
    plan = ChildProtectionPlanFactory(child=ChildFactory(), started_on=date(2024, 3, 3))
    response = superuser_client.post("/admin/casework/childprotectionvisit/add/", visit_form(plan, date(2024, 3, 4)))
    assert response.status_code == 302
    assert ChildProtectionVisit.objects.get().recorded_by.username == "root"
