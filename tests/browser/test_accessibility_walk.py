"""Every page each role opens, in a real browser, checked with axe-core: no serious or
critical WCAG 2.2 AA violation. One small world (tests/reports/conftest.py's: two teams,
three months of figures, a scorecard, children with records) and the seeded scorecards."""

from datetime import date

import pytest
from django.urls import reverse

from tests.factories import StatutoryVisitFactory
from tests.reports.conftest import world  # noqa: F401 - the fixture

from .conftest import serious_accessibility_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def pages_by_role(world) -> dict[str, list[str]]:  # noqa: F811
    child = world.child_a_overdue
    StatutoryVisitFactory(child=child, visited_on=date(2025, 2, 3))
    visits = world.visits.pk
    team_a = f"team:{world.cast.team_a.pk}"
    return {
        "worker_a": [
            reverse("home"),
            reverse("casework:my_caseload"),
            reverse("casework:due"),
            reverse("casework:child_search") + "?q=Adams",
            reverse("casework:child", args=[child.pk]),
            reverse("casework:child", args=[child.pk]) + "?kind=looked-after&since_day=1&since_month=1&since_year=2025",
            reverse("casework:record_create", args=[child.pk, "contact"]),
        ],
        "manager_a": [
            reverse("home"),
            reverse("casework:team_caseload"),
            reverse("indicators:team_kpis") + "?month=2025-02",
            reverse("indicators:indicator", args=[visits]) + f"?scope={team_a}&month=2025-02",
            reverse("indicators:records", args=[visits]) + f"?scope={team_a}&month=2025-02",
            reverse("workforce:teams"),
        ],
        "senior": [
            reverse("home"),
            reverse("indicators:scorecards"),
            reverse("indicators:scorecard", args=[world.scorecard.slug]) + "?month=2025-03",
            reverse("indicators:scorecard_league", args=[world.scorecard.slug]) + "?month=2025-02",
            reverse("indicators:indicator", args=[visits]) + "?month=2025-02",
            reverse("indicators:records", args=[visits]) + "?month=2025-02",
            reverse("indicators:sign_off"),
            reverse("workforce:workers"),
            reverse("fostering:households"),
        ],
        "performance": [
            reverse("home"),
            reverse("indicators:sign_off_month", args=["2025-03"]),
            reverse("imports:list"),
        ],
    }


def test_no_page_of_any_role_has_a_serious_accessibility_violation(world, page_for):  # noqa: F811
    problems = {}
    for role, urls in pages_by_role(world).items():
        page = page_for(getattr(world.cast, role))
        page.set_viewport_size({"width": 1366, "height": 768})
        for url in urls:
            response = page.goto(url)
            assert response.status == 200, (role, url, response.status)
            violations = serious_accessibility_violations(page)
            if violations:
                problems[f"{role} {url}"] = violations[:4]
    for where, violations in problems.items():
        print(where)
        for violation in violations:
            print("   ", violation[:400])
    assert problems == {}


def test_a_form_showing_its_errors_has_no_serious_accessibility_violation(world, page_for):  # noqa: F811
    page = page_for(world.cast.worker_a)
    page.goto(reverse("casework:record_create", args=[world.child_a_overdue.pk, "contact"]))
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_selector(".govuk-error-summary")

    assert "Enter the date the contact was received" in page.locator(".govuk-error-summary").inner_text()
    assert serious_accessibility_violations(page) == []
