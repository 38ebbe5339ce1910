"""End to end, in a real browser: a social worker records a child protection visit for a
child whose visit is overdue; saving it recomputes the month; the team manager sees CP 13
rise and the child leave the list of children not visited. The scorecard, indicator and
child pages pass axe-core's WCAG 2.2 AA checks (no serious or critical violations).

Time is frozen at 20 March 2025 (the server runs in this process, so it sees the same
day): CP 13 counts visits in the 28 days to month end, so a visit "today" must fall in
that window whatever day the suite runs on.
"""

from datetime import date, timedelta

import pytest
import time_machine
from django.urls import reverse

from casework.models import ChildProtectionPlan, ChildProtectionVisit
from indicators.models import ComputationRun, Indicator, Snapshot
from indicators.reference import load_catalogue, load_scorecards, load_seed_003_configuration
from indicators.services import compute_month
from tests.factories import AllocationFactory, ChildFactory

from .conftest import serious_accessibility_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = date(2025, 3, 20)
MARCH = date(2025, 3, 1)


def cp_plan_with_visit(child, last_visit: date) -> ChildProtectionPlan:
    plan = ChildProtectionPlan.objects.create(child=child, started_on=TODAY - timedelta(days=120), category="NEG")
    ChildProtectionVisit.objects.create(child=child, plan=plan, visited_on=last_visit)
    return plan


def team_cp13(page, team) -> str:
    """The team's CP 13 cell on the Team KPIs page, as text."""
    page.goto(reverse("indicators:team_kpis") + f"?team={team.pk}&month=2025-03")
    row = page.locator('[data-testid="team-table"] tr', has=page.get_by_role("link", name="CP 13", exact=True))
    return row.locator("td").nth(2).inner_text()


def not_visited(page, cp13: Indicator, team) -> list[str]:
    """The children in the team's CP 13 drill-down who are not in the numerator."""
    page.goto(reverse("indicators:records", args=[cp13.pk]) + f"?scope=team:{team.pk}&month=2025-03")
    page.get_by_label("Show").select_option("no")
    page.get_by_role("button", name="Apply filters").click()
    page.wait_for_url("**in_numerator=no**")
    rows = page.locator('[data-testid="records-table"] tbody tr')
    return [rows.nth(index).locator("td").first.inner_text() for index in range(rows.count())]


@time_machine.travel("2025-03-20 10:00 +00:00", tick=True)
def test_a_recorded_visit_raises_cp13_and_takes_the_child_off_the_not_visited_list(cast, page_for):
    load_catalogue()
    load_scorecards()
    load_seed_003_configuration()
    overdue = ChildFactory(first_name="Olly", last_name="Overdue", date_of_birth=date(2016, 4, 2))
    visited = ChildFactory(first_name="Vera", last_name="Visited", date_of_birth=date(2014, 9, 9))
    for child in (overdue, visited):
        AllocationFactory(child=child, worker=cast.social_worker_a, team=cast.team_a, started_on=date(2024, 1, 2))
    cp_plan_with_visit(overdue, last_visit=TODAY - timedelta(days=40))
    cp_plan_with_visit(visited, last_visit=TODAY - timedelta(days=3))
    compute_month(MARCH, trigger="nightly")  # the month as the nightly run left it
    cp13 = Indicator.objects.get(code="CP 13")

    manager = page_for(cast.manager_a)
    assert team_cp13(manager, cast.team_a).startswith("1 of 2 (50.0%)")
    assert not_visited(manager, cp13, cast.team_a) == ["Olly Overdue"]

    # The social worker records today's visit on Olly's record.
    worker = page_for(cast.worker_a)
    worker.goto(reverse("casework:child", kwargs={"pk": overdue.pk}))
    worker.get_by_role("link", name="Record a child protection visit").click()
    worker.locator('select[name="plan"]').select_option(index=1)
    worker.locator('input[name="visited_on_day"]').fill(str(TODAY.day))
    worker.locator('input[name="visited_on_month"]').fill(str(TODAY.month))
    worker.locator('input[name="visited_on_year"]').fill(str(TODAY.year))
    worker.get_by_role("button", name="Save").click()
    worker.wait_for_url(f"**{reverse('casework:child', kwargs={'pk': overdue.pk})}")
    assert ChildProtectionVisit.objects.filter(child=overdue, visited_on=TODAY).exists()

    # Saving the visit recomputed the month (the product's hook, not this test).
    assert ComputationRun.objects.filter(month=MARCH, status="succeeded").exclude(trigger="nightly").exists()
    team_figure = Snapshot.objects.get(
        indicator=cp13, month=MARCH, kind="provisional", scope_key=f"team:{cast.team_a.pk}"
    )
    assert (team_figure.numerator, team_figure.denominator) == (2, 2)

    assert team_cp13(manager, cast.team_a).startswith("2 of 2 (100.0%)")
    assert not_visited(manager, cp13, cast.team_a) == ["There are no records you can open behind this figure."]
    manager.get_by_label("Show").select_option("yes")
    manager.get_by_role("button", name="Apply filters").click()
    manager.wait_for_url("**in_numerator=yes**")
    olly = manager.locator('[data-testid="records-table"] tbody tr', has_text="Olly Overdue")
    assert "visited 20 March 2025" in olly.inner_text()


@time_machine.travel("2025-03-20 10:00 +00:00", tick=True)
def test_the_scorecard_indicator_and_child_pages_meet_wcag_2_2_aa(cast, page_for):
    load_catalogue()
    load_scorecards()
    load_seed_003_configuration()
    child = ChildFactory(first_name="Olly", last_name="Overdue", date_of_birth=date(2016, 4, 2))
    AllocationFactory(child=child, worker=cast.social_worker_a, team=cast.team_a, started_on=date(2024, 1, 2))
    cp_plan_with_visit(child, last_visit=TODAY - timedelta(days=40))
    compute_month(MARCH, trigger="nightly")
    cp13 = Indicator.objects.get(code="CP 13")

    senior = page_for(cast.senior)
    manager = page_for(cast.manager_a)
    worker = page_for(cast.worker_a)
    pages = [
        (senior, reverse("indicators:scorecard", args=["action-plan-2013-14"]) + "?month=2013-12"),
        (senior, reverse("indicators:scorecard", args=["improvement-kpis-2017"]) + "?month=2025-03"),
        (manager, reverse("indicators:indicator", args=[cp13.pk]) + f"?scope=team:{cast.team_a.pk}&month=2025-03"),
        (senior, reverse("indicators:indicator", args=[Indicator.objects.get(code="2.1").pk]) + "?month=2013-12"),
        (manager, reverse("indicators:records", args=[cp13.pk]) + f"?scope=team:{cast.team_a.pk}&month=2025-03"),
        (manager, reverse("indicators:team_kpis") + "?month=2025-03"),
        (worker, reverse("casework:child", kwargs={"pk": child.pk})),
    ]
    problems = {}
    for page, url in pages:
        response = page.goto(url)
        assert response.status == 200, url
        found = serious_accessibility_violations(page)
        if found:
            problems[url] = found
    assert problems == {}
