"""What is due, on hand-worked dates, through indicators.rules (the indicators' own rules).

Today is Friday 14 June 2024 throughout. Something due today is not yet overdue.
"""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.factories import (
    ChildFactory,
    ChildProtectionPlanFactory,
    ChildProtectionVisitFactory,
    LookedAfterReviewFactory,
    PeriodOfCareFactory,
    PlacementFactory,
    StatutoryVisitFactory,
)
from workforce.models import CaseSupervision

from .conftest import allocate

pytestmark = pytest.mark.django_db

TODAY = datetime(2024, 6, 14, 12, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(TODAY, tick=False):
        yield


def placed(worker, name: str, start: date, long_term: bool = False, **child):
    looked_after = allocate(ChildFactory(first_name=name, last_name="Due", **child), worker)
    PlacementFactory(
        period_of_care__child=looked_after,
        period_of_care__started_on=start,
        started_on=start,
        is_long_term=long_term,
    )
    return looked_after


def supervised(child, on: date):
    """A manager's case supervision: the next is due 27 days later (QA 1, 28 days)."""
    CaseSupervision.objects.create(child=child, supervised_on=on)
    return child


def row(page: str, name: str) -> str:
    """The due table's row for the child."""
    match = re.search(rf"<tr[^>]*>((?:(?!</tr>).)*{name} Due(?:(?!</tr>).)*)</tr>", page, re.S)
    assert match, f"no row for {name}"
    return match.group(1)


def cells(page: str, name: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>|\s+", " ", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row(page, name), re.S)
    ]


def due_of(page: str, name: str, supervision: bool = False) -> dict[str, str]:
    """What the due list shows for the child, by what is due: "Overdue: 10 June 2024" or a date.
    Case supervision (due from the day of allocation until a manager records one) is left out
    unless asked for."""
    items = re.findall(r"<li>(.*?)</li>", row(page, name), re.S)
    shown = {}
    for item in items:
        label, _, when = re.sub(r"<[^>]+>|\s+", " ", item).strip().partition(": ")
        shown[label.strip()] = when.strip()
    if not supervision:
        shown.pop("Case supervision", None)
    return shown


@pytest.fixture
def due_page(cast, client_for):
    def get(user=None, **params):
        params.setdefault("window", "all")
        return client_for(user or cast.worker_a).get("/children/due/", params).content.decode()

    return get


def test_the_first_visit_is_due_a_week_after_the_placement_and_is_overdue(cast, due_page):
    placed(cast.social_worker_a, "Ann", date(2024, 6, 3))
    assert due_of(due_page(), "Ann") == {
        "Statutory visit": "Overdue: 10 June 2024",
        "Looked-after review": "1 July 2024",
    }
    assert 'class="app-overdue">Overdue: 10 June 2024' in row(due_page(), "Ann")


def test_after_a_visit_the_next_is_due_six_weeks_later(cast, due_page):
    child = placed(cast.social_worker_a, "Ben", date(2024, 6, 3))
    StatutoryVisitFactory(child=child, visited_on=date(2024, 6, 7))
    assert due_of(due_page(), "Ben")["Statutory visit"] == "19 July 2024"


def test_a_long_term_placement_after_a_year_is_visited_three_monthly_and_reviewed_six_monthly(cast, due_page):
    child = placed(cast.social_worker_a, "Cas", date(2023, 1, 10), long_term=True)
    StatutoryVisitFactory(child=child, visited_on=date(2024, 2, 1))
    for held_on in (date(2023, 1, 20), date(2023, 4, 20), date(2023, 10, 20), date(2024, 4, 19)):
        LookedAfterReviewFactory(child=child, held_on=held_on)
    assert due_of(due_page(), "Cas") == {
        "Statutory visit": "Overdue: 1 May 2024",
        "Looked-after review": "19 October 2024",
    }


def test_the_first_review_counts_20_working_days_past_two_bank_holidays(cast, due_page):
    # Looked after from Wednesday 1 May 2024; 6 May and 27 May are bank holidays, so the
    # 20th working day after is Friday 31 May (29 May without them).
    child = placed(cast.social_worker_a, "Dee", date(2024, 5, 1))
    StatutoryVisitFactory(child=child, visited_on=date(2024, 5, 3))
    # The visit of 3 May makes the next due 14 June: due today, not overdue.
    assert due_of(due_page(), "Dee") == {
        "Statutory visit": "14 June 2024",
        "Looked-after review": "Overdue: 31 May 2024",
    }


def test_the_second_review_is_due_three_months_after_the_first(cast, due_page):
    child = placed(cast.social_worker_a, "Eli", date(2024, 2, 1))
    LookedAfterReviewFactory(child=child, held_on=date(2024, 2, 20))
    assert due_of(due_page(), "Eli")["Looked-after review"] == "Overdue: 20 May 2024"


def test_a_child_protection_visit_is_due_within_28_days_of_the_last(cast, due_page):
    child = allocate(ChildFactory(first_name="Fay", last_name="Due"), cast.social_worker_a)
    plan = ChildProtectionPlanFactory(child=child, started_on=date(2024, 5, 20))
    ChildProtectionVisitFactory(plan=plan, visited_on=date(2024, 6, 3))
    # And the first review conference three months after the plan started.
    assert due_of(due_page(), "Fay") == {
        "Child protection visit": "30 June 2024",
        "Review child protection conference": "20 August 2024",
    }


def test_a_care_leavers_pathway_plan_is_reviewed_six_monthly(cast, due_page):
    leaver = allocate(
        ChildFactory(first_name="Gus", last_name="Due", date_of_birth=date(2005, 5, 5)), cast.social_worker_a
    )
    PeriodOfCareFactory(child=leaver, started_on=date(2020, 1, 1), ended_on=date(2023, 5, 5), reason_ceased="E17")
    from casework.models import PathwayPlanReview

    PathwayPlanReview.objects.create(child=leaver, reviewed_on=date(2024, 1, 10))
    assert due_of(due_page(), "Gus") == {"Pathway plan review": "10 July 2024"}


def test_overdue_only_leaves_out_what_is_not_yet_due(cast, due_page):
    placed(cast.social_worker_a, "Ann", date(2024, 6, 3))
    visited = placed(cast.social_worker_a, "Ben", date(2024, 5, 1))
    StatutoryVisitFactory(child=visited, visited_on=date(2024, 6, 7))
    LookedAfterReviewFactory(child=visited, held_on=date(2024, 5, 20))
    supervised(visited, date(2024, 6, 1))  # next due 28 June
    page = due_page(window="overdue")
    assert "Ann Due" in page
    assert "Ben Due" not in page


def test_the_earliest_due_comes_first(cast, due_page):
    # Supervised on 1 June: the next is due 28 June, after both visits.
    supervised(placed(cast.social_worker_a, "Late", date(2024, 6, 10)), date(2024, 6, 1))  # first visit due 17 June
    supervised(placed(cast.social_worker_a, "Early", date(2024, 6, 3)), date(2024, 6, 1))  # first visit due 10 June
    page = due_page()
    assert page.index("Early Due") < page.index("Late Due")


def test_the_manager_sees_the_teams_due_list_and_another_team_sees_none_of_it(cast, due_page):
    placed(cast.social_worker_a, "Ann", date(2024, 6, 3))
    manager_page = due_page(cast.manager_a)
    assert cells(manager_page, "Ann")[1] == "Alice Archer"
    assert "Ann Due" not in due_page(cast.worker_b)


def test_the_record_page_shows_what_is_due_with_overdue_marked(cast, client_for):
    child = placed(cast.social_worker_a, "Dee", date(2024, 5, 1))
    StatutoryVisitFactory(child=child, visited_on=date(2024, 5, 3))
    page = client_for(cast.worker_a).get(f"/children/{child.pk}/").content.decode()
    panel = page[page.find('data-testid="due"') : page.find("</ul>", page.find('data-testid="due"'))]
    assert "<strong>Statutory visit</strong><br>14 June 2024" in panel
    assert '<strong>Looked-after review</strong><br><span class="app-overdue">Overdue: 31 May 2024</span>' in panel


def test_the_caseload_shows_the_next_thing_due(cast, client_for):
    supervised(placed(cast.social_worker_a, "Ann", date(2024, 6, 3)), date(2024, 6, 1))
    page = client_for(cast.worker_a).get("/children/mine/").content.decode()
    assert 'Statutory visit<br><span class="app-overdue">Overdue: 10 June 2024</span>' in page
