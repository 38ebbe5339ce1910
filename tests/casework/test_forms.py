"""Every form: field errors from the form, cross-row errors from the service, both in the
GOV.UK error summary and beside their fields, and nothing saved."""

from datetime import date, datetime, timedelta
from html import unescape
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.utils import timezone

from casework.models import Child, ChildProtectionVisit, Contact, Placement, StatutoryVisit
from casework.records import KINDS
from tests.factories import (
    ChildProtectionPlanFactory,
    ChildProtectionVisitFactory,
    PeriodOfCareFactory,
    PlacementFactory,
)

from .conftest import date_data, datetime_data

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def record_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in apps.get_app_config("casework").get_models()}


def summary(page: str) -> str:
    """The error summary's text ('' when there is none)."""
    start = page.find('class="govuk-error-summary"')
    return page[start : page.find("</ul>", start)] if start >= 0 else ""


@pytest.mark.parametrize("kind", KINDS, ids=lambda kind: kind.slug)
def test_an_empty_form_shows_the_error_summary_and_saves_nothing(cast, children, client_for, kind):
    child = children.in_team_a
    PlacementFactory(period_of_care__child=child, started_on=date(2024, 3, 4))
    ChildProtectionPlanFactory(child=child, started_on=date(2024, 3, 25))
    before = record_counts()
    response = client_for(cast.worker_a).post(f"/children/{child.pk}/record/{kind.slug}/", {})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in summary(page)
    assert "govuk-form-group--error" in page
    assert page.count("govuk-error-message") >= 1
    assert record_counts() == before


def test_a_date_without_a_month_is_named_in_the_summary_and_beside_the_field(cast, children, client_for):
    child = children.in_team_a
    PeriodOfCareFactory(child=child, started_on=date(2024, 3, 4))
    data = {"visited_on_day": "8", "visited_on_month": "", "visited_on_year": "2024"}
    page = client_for(cast.worker_a).post(f"/children/{child.pk}/record/statutory-visit/", data).content.decode()
    assert 'href="#id_visited_on_0">The date of visit must include a month</a>' in summary(page)
    assert 'id="id_visited_on-error"' in page
    assert not StatutoryVisit.objects.exists()


def test_a_visit_before_the_plan_started_is_refused_beside_the_date(cast, children, client_for):
    child = children.in_team_a
    plan = ChildProtectionPlanFactory(child=child, started_on=date(2024, 3, 3))
    data = {"plan": plan.pk, **date_data("visited_on", date(2024, 3, 2))}
    page = client_for(cast.worker_a).post(f"/children/{child.pk}/record/cp-visit/", data).content.decode()
    message = "The visit date cannot be before the plan started (3 March 2024)."
    assert message in summary(page)
    assert f'<span class="govuk-visually-hidden">Error:</span> {message}' in page
    # What was typed is shown again, so it can be corrected.
    assert 'name="visited_on_day" type="text" inputmode="numeric" autocomplete="off" value="2"' in page
    assert not ChildProtectionVisit.objects.exists()


def test_a_contact_in_the_future_is_refused(cast, children, client_for):
    child = children.in_team_a
    soon = timezone.localtime() + timedelta(days=2)
    data = {**datetime_data("received_at", soon), "source_of_contact": "2A"}
    page = client_for(cast.worker_a).post(f"/children/{child.pk}/record/contact/", data).content.decode()
    assert "The date the contact was received cannot be in the future." in summary(page)
    assert not Contact.objects.exists()


def test_a_time_that_is_not_a_time_is_refused(cast, children, client_for):
    child = children.in_team_a
    data = {**date_data("received_at", date(2024, 3, 4)), "received_at_time": "25:99", "source_of_contact": "2A"}
    page = client_for(cast.worker_a).post(f"/children/{child.pk}/record/contact/", data).content.decode()
    assert "as hours and minutes, like 14:30" in summary(page)
    assert not Contact.objects.exists()


def test_the_plans_offered_for_a_visit_are_only_this_childs(cast, children, client_for):
    mine = ChildProtectionPlanFactory(child=children.in_team_a, started_on=date(2024, 3, 3))
    theirs = ChildProtectionPlanFactory(child=children.in_team_b, started_on=date(2024, 3, 3))
    client = client_for(cast.worker_a)
    page = client.get(f"/children/{children.in_team_a.pk}/record/cp-visit/").content.decode()
    assert f'value="{mine.pk}"' in page and f'value="{theirs.pk}"' not in page
    data = {"plan": theirs.pk, **date_data("visited_on", date(2024, 3, 5))}
    page = client.post(f"/children/{children.in_team_a.pk}/record/cp-visit/", data).content.decode()
    assert "Select a valid choice" in summary(page)
    assert not ChildProtectionVisit.objects.exists()


def test_a_child_becomes_looked_after_with_a_legal_status_and_placement(cast, children, client_for):
    child = children.in_team_a
    data = {
        **date_data("started_on", date(2024, 3, 4)),
        "legal_status": "C2",
        "category_of_need": "N1",
        "placement_type": "U4",
        "carer_reference": "FC-1",
        "is_long_term": "on",
    }
    response = client_for(cast.worker_a).post(f"/children/{child.pk}/record/looked-after/", data)
    assert response.status_code == 302
    placement = Placement.objects.get()
    assert placement.period_of_care.started_on == date(2024, 3, 4)
    assert placement.period_of_care.category_of_need == "N1"
    assert placement.is_long_term
    assert placement.period_of_care.legal_statuses.get().code == "C2"


def test_a_child_becomes_looked_after_with_the_postcodes_of_home_and_placement(cast, children, client_for):
    child = children.in_team_a
    data = {
        **date_data("started_on", date(2024, 3, 4)),
        "legal_status": "C2",
        "category_of_need": "N1",
        "home_postcode": "TW9 1AB",
        "placement_type": "U4",
        "postcode": "KT1 2UW",
    }
    client = client_for(cast.worker_a)
    page = client.post(f"/children/{child.pk}/record/looked-after/", {**data, "home_postcode": "TW9"}).content.decode()
    assert "'TW9' is not a postcode: give the postcode of the child's home in full, as in TW9 1AB." in unescape(
        summary(page)
    )
    page = client.post(f"/children/{child.pk}/record/looked-after/", {**data, "postcode": "nowhere"}).content.decode()
    assert "'nowhere' is not a postcode: give the placement's postcode in full, as in TW9 1AB." in unescape(
        summary(page)
    )
    assert not Placement.objects.exists() and not child.periodofcare_set.exists()
    assert client.post(f"/children/{child.pk}/record/looked-after/", data).status_code == 302
    placement = Placement.objects.get()
    assert (placement.period_of_care.home_postcode, placement.postcode) == ("TW9 1AB", "KT1 2UW")


def test_a_correction_form_shows_what_was_recorded(cast, children, client_for):
    child = children.in_team_a
    plan = ChildProtectionPlanFactory(child=child, started_on=date(2024, 3, 3))
    visit = ChildProtectionVisitFactory(plan=plan, visited_on=date(2024, 3, 10))
    page = client_for(cast.worker_a).get(f"/children/{child.pk}/record/cp-visit/{visit.pk}/").content.decode()
    assert "Correct a child protection visit" in page
    assert 'name="visited_on_day" type="text" inputmode="numeric" autocomplete="off" value="10"' in page


def test_a_correction_that_breaks_a_rule_changes_nothing(cast, children, client_for):
    child = children.in_team_a
    plan = ChildProtectionPlanFactory(child=child, started_on=date(2024, 3, 3))
    visit = ChildProtectionVisitFactory(plan=plan, visited_on=date(2024, 3, 10))
    data = {"plan": plan.pk, **date_data("visited_on", date(2024, 3, 1))}
    page = client_for(cast.worker_a).post(f"/children/{child.pk}/record/cp-visit/{visit.pk}/", data).content.decode()
    assert "cannot be before the plan started" in summary(page)
    visit.refresh_from_db()
    assert visit.visited_on == date(2024, 3, 10)


def test_a_social_worker_records_a_new_child_who_is_allocated_to_them(cast, client_for):
    data = {
        "first_name": "Eve",
        "last_name": "Stone",
        **date_data("date_of_birth", date(2019, 6, 1)),
        **date_data("expected_date_of_birth", None),
        "sex": "F",
        "ethnicity": "WBRI",
    }
    client = client_for(cast.worker_a)
    response = client.post("/children/new/", data)
    child = Child.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/children/{child.pk}/"
    assert child.la_child_id == "NB000001"
    assert child.allocations.get().worker == cast.social_worker_a
    assert "Eve Stone" in client.get("/children/mine/").content.decode()


def test_a_manager_chooses_who_holds_a_new_child(cast, client_for):
    data = {
        "first_name": "Eve",
        "last_name": "Stone",
        **date_data("expected_date_of_birth", timezone.localdate() + timedelta(days=40)),
        "sex": "U",
        "ethnicity": "NOBT",
    }
    page = client_for(cast.manager_a).post("/children/new/", data).content.decode()
    assert "Select the social worker who will hold the case" in summary(page)
    assert not Child.objects.exists()
    response = client_for(cast.manager_a).post("/children/new/", {**data, "allocate_to": cast.social_worker_a.pk})
    assert response.status_code == 302
    assert Child.objects.get().allocations.get().worker == cast.social_worker_a


def test_a_new_child_needs_a_date_of_birth_or_an_expected_date(cast, client_for):
    data = {"first_name": "Eve", "last_name": "Stone", "sex": "F", "ethnicity": "WBRI"}
    page = client_for(cast.worker_a).post("/children/new/", data).content.decode()
    assert "Enter the date of birth, or an expected date of birth for an unborn child." in summary(page)
    assert not Child.objects.exists()


def test_a_missing_episode_with_its_return_home_interview(cast, children, client_for):
    child = children.in_team_a
    data = {
        "kind": "M",
        **datetime_data("started_at", datetime(2024, 5, 1, 22, 0)),
        **datetime_data("ended_at", datetime(2024, 5, 2, 9, 15)),
        **datetime_data("interview_completed_at", datetime(2024, 5, 3, 16, 0)),
    }
    response = client_for(cast.worker_a).post(f"/children/{child.pk}/record/missing/", data)
    assert response.status_code == 302
    episode = child.missingepisode_set.get()
    assert episode.ended_at == datetime(2024, 5, 2, 9, 15, tzinfo=LONDON)


# --- Each rule through its page: the message in the summary, nothing saved ---------------------------


def posted(client, child, slug: str, data: dict) -> str:
    response = client.post(f"/children/{child.pk}/record/{slug}/", data)
    assert response.status_code == 200, "the form was accepted"
    return summary(response.content.decode())


def tomorrow() -> date:
    return timezone.localdate() + timedelta(days=1)


@pytest.mark.parametrize(
    ("slug", "data", "message"),
    [
        (
            "advocacy",
            {**date_data("started_on", date(2024, 4, 1)), **date_data("ended_on", date(2024, 3, 31))},
            "Advocacy cannot end before it starts (1 April 2024).",
        ),
        ("advocacy", date_data("started_on", tomorrow()), "The start date cannot be in the future."),
        (
            "missing",
            {
                "kind": "M",
                **datetime_data("started_at", datetime(2024, 5, 1, 22, 0)),
                **datetime_data("ended_at", datetime(2024, 5, 2, 9, 0)),
                **datetime_data("interview_offered_at", datetime(2024, 5, 3, 10, 0)),
                **datetime_data("interview_completed_at", datetime(2024, 5, 3, 9, 0)),
            },
            "The return home interview cannot be completed before it was offered (3 May 2024 at 10:00).",
        ),
        ("adoption", {}, "Enter the date of at least one step: the decision, the placement order, the match"),
        (
            "period-of-care",
            {
                **date_data("started_on", date(2024, 3, 4)),
                **date_data("ended_on", date(2024, 3, 3)),
                "reason_ceased": "E4A",
            },
            "A period of care cannot end before it starts (4 March 2024).",
        ),
        (
            "cin-plan",
            {**date_data("started_on", date(2024, 3, 25)), **date_data("ended_on", date(2024, 3, 24))},
            "A plan cannot end before it starts (25 March 2024).",
        ),
        (
            "strategy-discussion",
            date_data("held_on", tomorrow()),
            "The date of the strategy discussion cannot be in the future.",
        ),
        (
            "conference",
            {"kind": "initial", **date_data("held_on", tomorrow())},
            "The date of the conference cannot be in the future.",
        ),
    ],
    ids=[
        "advocacy-ends-first",
        "advocacy-future",
        "rhi-before-offer",
        "adoption-no-step",
        "care-ends-first",
        "cin-ends-first",
        "discussion-future",
        "conference-future",
    ],
)
def test_a_rule_broken_on_the_page_is_shown_and_nothing_is_saved(cast, children, client_for, slug, data, message):
    before = record_counts()
    assert message in posted(client_for(cast.worker_a), children.in_team_a, slug, data)
    assert record_counts() == before


def test_advocacy_for_an_unborn_child_is_refused_on_the_page(cast, client_for):
    from tests.factories import ChildFactory

    from .conftest import allocate

    unborn = allocate(
        ChildFactory(first_name="Baby", date_of_birth=None, expected_date_of_birth=timezone.localdate()),
        cast.social_worker_a,
    )
    before = record_counts()
    message = "Baby is recorded as unborn: record the date of birth before the start of advocacy."
    assert message in posted(client_for(cast.worker_a), unborn, "advocacy", date_data("started_on", date(2024, 4, 1)))
    assert record_counts() == before


def test_a_legal_status_not_in_the_list_is_refused_on_the_page(cast, children, client_for):
    child = children.in_team_a
    period = PeriodOfCareFactory(child=child, started_on=date(2024, 3, 4))
    before = record_counts()
    data = {"period_of_care": period.pk, **date_data("started_on", date(2024, 3, 4)), "code": "Z9"}
    assert "Select a valid choice. Z9 is not one of the available choices." in posted(
        client_for(cast.worker_a), child, "legal-status", data
    )
    assert record_counts() == before


def test_an_initial_conference_is_linked_to_the_enquiry_before_it_on_the_page(cast, children, client_for):
    from tests.factories import Section47EnquiryFactory

    child = children.in_team_a
    enquiry = Section47EnquiryFactory(child=child, started_on=date(2024, 3, 7))
    client = client_for(cast.worker_a)
    before = record_counts()
    data = {"kind": "initial", **date_data("held_on", date(2024, 3, 25)), "outcome": "plan"}
    message = "Amy had a section 47 enquiry from 7 March 2024: choose it as the enquiry that led to this initial"
    assert message in posted(client, child, "conference", data)
    assert record_counts() == before
    response = client.post(f"/children/{child.pk}/record/conference/", {**data, "section47": enquiry.pk})
    assert response.status_code == 302
    assert child.childprotectionconference_set.get().section47 == enquiry
