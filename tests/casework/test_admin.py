"""The admin saves case records under the same rules as the pages."""

from datetime import date

import pytest
from django.contrib import admin
from django.contrib.auth.models import User

from casework.admin import ScopedToChildrenAdmin
from casework.models import Adoption, ChildProtectionVisit, Contact, LegalStatus
from casework.records import FOR_MODEL
from tests.factories import ChildFactory, ChildProtectionPlanFactory, StatutoryVisitFactory

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


def test_every_kind_of_record_is_in_the_admin_listed_as_its_declaration_says():
    for kind in FOR_MODEL.values():
        listed = admin.site._registry[kind.model]
        assert isinstance(listed, ScopedToChildrenAdmin), kind.slug
        assert listed.list_display[:2] == ("child", kind.listed_by or kind.admin_columns[0]), kind.slug
        assert listed.list_filter == ("source", *kind.admin_filters), kind.slug
        assert listed.check() == [], kind.slug  # every column, filter and date is a field of the model
    # A legal status has no first date but is listed by its start; an adoption, by no single date.
    assert admin.site._registry[LegalStatus].date_hierarchy == "started_on"
    assert admin.site._registry[Contact].list_display == ("child", "received_at", "decision", "decided_at")
    assert admin.site._registry[Adoption].date_hierarchy is None


def test_each_kinds_list_in_the_admin_opens_with_its_columns(superuser_client):
    StatutoryVisitFactory(child=ChildFactory(), visited_on=date(2024, 3, 4))
    for kind in FOR_MODEL.values():
        meta = kind.model._meta
        response = superuser_client.get(f"/admin/casework/{meta.model_name}/")
        assert response.status_code == 200, kind.slug


def test_the_admin_refuses_a_visit_before_the_child_was_born(superuser_client):
    plan = ChildProtectionPlanFactory(child=ChildFactory(first_name="Cara", date_of_birth=date(2024, 3, 5)))
    plan.started_on = date(2024, 3, 3)
    plan.save()
    response = superuser_client.post("/admin/casework/childprotectionvisit/add/", visit_form(plan, date(2024, 3, 4)))
    assert response.status_code == 200
    assert "The child protection visit cannot be before Cara was born (5 March 2024)." in response.content.decode()
    assert not ChildProtectionVisit.objects.exists()
