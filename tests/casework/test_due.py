"""What is due, on hand-worked dates, through casework.timescales (the indicators' own rules).

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


def row(page: str, name: str) -> str:
    """The due table's row for the child."""
    match = re.search(rf"<tr[^>]*>((?:(?!</tr>).)*{name} Due(?:(?!</tr>).)*)</tr>", page, re.S)
    assert match, f"no row for {name}"
    return match.group(1)


def cells(page: str, name: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>|\s+", " ", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row(page, name), re.S)
    ]


@pytest.fixture
def due_page(cast, client_for):
    def get(user=None, **params):
        params.setdefault("window", "all")
        return client_for(user or cast.worker_a).get("/children/due/", params).content.decode()

    return get


def test_the_first_visit_is_due_a_week_after_the_placement_and_is_overdue(cast, due_page):
    placed(cast.social_worker_a, "Ann", date(2024, 6, 3))
    # Child, statutory visit, review, CP visit, pathway plan review.
    assert cells(due_page(), "Ann")[1:] == ["Overdue: 10 June 2024", "1 July 2024", "", ""]
    assert 'class="app-overdue">Overdue: 10 June 2024' in row(due_page(), "Ann")


def test_after_a_visit_the_next_is_due_six_weeks_later(cast, due_page):
    child = placed(cast.social_worker_a, "Ben", date(2024, 6, 3))
    StatutoryVisitFactory(child=child, visited_on=date(2024, 6, 7))
    assert cells(due_page(), "Ben")[1] == "19 July 2024"


def test_a_long_term_placement_after_a_year_is_visited_three_monthly_and_reviewed_six_monthly(cast, due_page):
    child = placed(cast.social_worker_a, "Cas", date(2023, 1, 10), long_term=True)
    StatutoryVisitFactory(child=child, visited_on=date(2024, 2, 1))
    for held_on in (date(2023, 1, 20), date(2023, 4, 20), date(2023, 10, 20), date(2024, 4, 19)):
        LookedAfterReviewFactory(child=child, held_on=held_on)
    assert cells(due_page(), "Cas")[1:3] == ["Overdue: 1 May 2024", "19 October 2024"]


def test_the_first_review_counts_20_working_days_past_two_bank_holidays(cast, due_page):
    # Looked after from Wednesday 1 May 2024; 6 May and 27 May are bank holidays, so the
    # 20th working day after is Friday 31 May (29 May without them).
    child = placed(cast.social_worker_a, "Dee", date(2024, 5, 1))
    StatutoryVisitFactory(child=child, visited_on=date(2024, 5, 3))
    # The visit of 3 May makes the next due 14 June: due today, not overdue.
    assert cells(due_page(), "Dee")[1:3] == ["14 June 2024", "Overdue: 31 May 2024"]


def test_the_second_review_is_due_three_months_after_the_first(cast, due_page):
    child = placed(cast.social_worker_a, "Eli", date(2024, 2, 1))
    LookedAfterReviewFactory(child=child, held_on=date(2024, 2, 20))
    assert cells(due_page(), "Eli")[2] == "Overdue: 20 May 2024"


def test_a_child_protection_visit_is_due_within_28_days_of_the_last(cast, due_page):
    child = allocate(ChildFactory(first_name="Fay", last_name="Due"), cast.social_worker_a)
    plan = ChildProtectionPlanFactory(child=child, started_on=date(2024, 5, 20))
    ChildProtectionVisitFactory(plan=plan, visited_on=date(2024, 6, 3))
    assert cells(due_page(), "Fay")[1:] == ["", "", "30 June 2024", ""]


def test_a_care_leavers_pathway_plan_is_reviewed_six_monthly(cast, due_page):
    leaver = allocate(
        ChildFactory(first_name="Gus", last_name="Due", date_of_birth=date(2005, 5, 5)), cast.social_worker_a
    )
    PeriodOfCareFactory(child=leaver, started_on=date(2020, 1, 1), ended_on=date(2023, 5, 5), reason_ceased="E17")
    from casework.models import PathwayPlanReview

    PathwayPlanReview.objects.create(child=leaver, reviewed_on=date(2024, 1, 10))
    assert cells(due_page(), "Gus")[1:] == ["", "", "", "10 July 2024"]


def test_overdue_only_leaves_out_what_is_not_yet_due(cast, due_page):
    placed(cast.social_worker_a, "Ann", date(2024, 6, 3))
    visited = placed(cast.social_worker_a, "Ben", date(2024, 5, 1))
    StatutoryVisitFactory(child=visited, visited_on=date(2024, 6, 7))
    LookedAfterReviewFactory(child=visited, held_on=date(2024, 5, 20))
    page = due_page(window="overdue")
    assert "Ann Due" in page
    assert "Ben Due" not in page


def test_the_earliest_due_comes_first(cast, due_page):
    placed(cast.social_worker_a, "Late", date(2024, 6, 10))  # first visit due 17 June
    placed(cast.social_worker_a, "Early", date(2024, 6, 3))  # first visit due 10 June
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
    placed(cast.social_worker_a, "Ann", date(2024, 6, 3))
    page = client_for(cast.worker_a).get("/children/mine/").content.decode()
    assert 'Statutory visit<br><span class="app-overdue">Overdue: 10 June 2024</span>' in page
