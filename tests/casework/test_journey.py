"""The issue's "done means": a social worker finds a child, records a contact through to a
child protection plan and visits, and sees them in the chronology and the due list; a
worker in another team cannot open the child."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from casework.models import (
    Assessment,
    Child,
    ChildProtectionConference,
    ChildProtectionPlan,
    Contact,
    Referral,
    Section47Enquiry,
    StrategyDiscussion,
)

from .conftest import date_data, datetime_data

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


@time_machine.travel(datetime(2024, 4, 26, 16, 0, tzinfo=LONDON), tick=False)
def test_a_worker_records_a_contact_through_to_a_plan_and_visits(cast, client_for):
    worker = client_for(cast.worker_a)

    def record(child: Child, kind: str, data: dict) -> None:
        response = worker.post(f"/children/{child.pk}/record/{kind}/", data)
        assert response.status_code == 302, response.content.decode()[:3000]

    child_data = {
        "first_name": "Nia",
        "last_name": "Lowe",
        **date_data("date_of_birth", date(2017, 2, 14)),
        "sex": "F",
        "ethnicity": "WBRI",
    }
    assert worker.post("/children/new/", child_data).status_code == 302
    search = worker.get("/children/search/", {"q": "nia lowe"}).content.decode()
    child = Child.objects.get()
    assert f'href="/children/{child.pk}/"' in search

    record(
        child,
        "contact",
        {
            **datetime_data("received_at", datetime(2024, 3, 4, 9, 30)),
            "source_of_contact": "2A",
            "decision": "REF",
            **datetime_data("decided_at", datetime(2024, 3, 4, 15, 0)),
        },
    )
    record(
        child,
        "referral",
        {**date_data("received_on", date(2024, 3, 5)), "contact": Contact.objects.get().pk, "source_of_referral": "2A"},
    )
    record(
        child,
        "assessment",
        {
            **date_data("started_on", date(2024, 3, 5)),
            "referral": Referral.objects.get().pk,
            **date_data("child_seen_on", date(2024, 3, 6)),
        },
    )
    record(child, "strategy-discussion", date_data("held_on", date(2024, 3, 7)))
    record(
        child,
        "section-47",
        {
            **date_data("started_on", date(2024, 3, 7)),
            "strategy_discussion": StrategyDiscussion.objects.get().pk,
            **date_data("child_seen_on", date(2024, 3, 7)),
            "outcome": "icpc",
            **date_data("completed_on", date(2024, 3, 20)),
        },
    )
    record(
        child,
        "conference",
        {
            "kind": "initial",
            **date_data("held_on", date(2024, 3, 25)),
            "section47": Section47Enquiry.objects.get().pk,
            "outcome": "plan",
            "participation": "written",
        },
    )
    record(child, "cp-plan", {**date_data("started_on", date(2024, 3, 25)), "category": "NEG"})
    plan = ChildProtectionPlan.objects.get()
    record(child, "cp-visit", {"plan": plan.pk, **date_data("visited_on", date(2024, 4, 2)), "seen_alone": "on"})
    record(child, "cp-visit", {"plan": plan.pk, **date_data("visited_on", date(2024, 4, 22))})

    assert Assessment.objects.get().recorded_by == cast.worker_a
    assert ChildProtectionConference.objects.get().section47.strategy_discussion.held_on == date(2024, 3, 7)

    page = worker.get(f"/children/{child.pk}/").content.decode()
    order = [
        "Child protection visit",
        "Child protection plan started",
        "Initial child protection conference",
        "Section 47 enquiry completed",
        "Strategy discussion",
        "Assessment started",
        "Referral",
        "Contact received",
    ]
    positions = [page.index(f'moj-timeline__title">{title}') for title in order]
    assert positions == sorted(positions)
    # The next visit is due 27 days after 22 April: 19 May.
    assert "<strong>Child protection visit</strong><br>19 May 2024" in page

    due = worker.get("/children/due/").content.decode()
    assert "Nia Lowe" in due and "19 May 2024" in due

    assert client_for(cast.worker_b).get(f"/children/{child.pk}/").status_code == 404
    assert "Nia Lowe" not in client_for(cast.worker_b).get("/children/search/", {"q": "Nia"}).content.decode()
