"""What is due, on hand-worked dates, through casework.timescales (the indicators' own rules).

Today is Friday 14 June 2024 throughout. Something due today is not yet overdue.
"""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casework.models import CaseSupervision
from tests.factories import (
    ChildFactory,
    ChildProtectionPlanFactory,
    ChildProtectionVisitFactory,
    LookedAfterReviewFactory,
    PeriodOfCareFactory,
    PlacementFactory,
    SocialWorkerFactory,
    StatutoryVisitFactory,
)

from .conftest import allocate

pytestmark = pytest.mark.django_db

# The manager's due list: session, user, permissions, teams, the page of children (and their count) with
# their due dates, the children allocated to a worker who has left (one query, for any number of
# them), navigation.
DUE_PAGE_QUERIES_FOR_A_MANAGER = 27

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


# --- Children allocated to a worker who has left ---------------------------------------------


def leaver(team, name: str, ended_on: date):
    return SocialWorkerFactory(team=team, first_name=name, last_name="Gone", ended_on=ended_on)


def left_section(page: str) -> str:
    start = page.find('data-testid="worker-has-left"')
    return "" if start < 0 else page[start : page.find("</section>", start)]


def test_the_managers_due_list_names_the_children_allocated_to_a_worker_who_has_left(cast, due_page):
    # Today is 14 June 2024. Lee's employment ended today and Kim's on 2 May: both have left.
    # Pat leaves tomorrow and is still in post. Bo's leaver is in team B, not the manager's.
    lee = leaver(cast.team_a, "Lee", date(2024, 6, 14))
    kim = leaver(cast.team_a, "Kim", date(2024, 5, 2))
    pat = leaver(cast.team_a, "Pat", date(2024, 6, 15))
    placed(lee, "Ann", date(2024, 6, 3))
    allocate(ChildFactory(first_name="Cy", last_name="Due"), kim)
    allocate(ChildFactory(first_name="Dot", last_name="Due"), pat)
    allocate(ChildFactory(first_name="Bo", last_name="Due"), leaver(cast.team_b, "Ivy", date(2024, 1, 1)))
    placed(cast.social_worker_a, "Eve", date(2024, 6, 3))
    section = left_section(due_page(cast.manager_a))
    assert "Allocated to a worker who has left" in section
    # Longest gone first: Kim (2 May) then Lee (today).
    body = section[section.find("<tbody") :]
    rows = [re.sub(r"<[^>]+>", " ", row).split() for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)]
    assert rows == [
        ["Cy", "Due", "Kim", "Gone", "2", "May", "2024"],
        ["Ann", "Due", "Lee", "Gone", "14", "June", "2024"],
    ]
    # Ann still has her visit due in the main list, under the worker who has left.
    assert cells(due_page(cast.manager_a), "Ann")[1] == "Lee Gone"


def test_a_social_workers_own_due_list_has_no_such_section(cast, due_page):
    allocate(ChildFactory(first_name="Cy", last_name="Due"), leaver(cast.team_a, "Kim", date(2024, 5, 2)))
    assert left_section(due_page(cast.worker_a)) == ""
    assert "Cy Due" in left_section(due_page(cast.manager_a))


def test_with_no_child_allocated_to_a_leaver_the_section_is_not_shown(cast, due_page):
    leaver(cast.team_a, "Kim", date(2024, 5, 2))  # left with no child
    placed(cast.social_worker_a, "Eve", date(2024, 6, 3))
    assert left_section(due_page(cast.manager_a)) == ""


@pytest.mark.parametrize("size", [1, 25])
def test_the_section_costs_one_query_whatever_the_number_of_children(cast, client_for, django_assert_num_queries, size):
    kim = leaver(cast.team_a, "Kim", date(2024, 5, 2))
    for number in range(size):
        allocate(ChildFactory(first_name=f"C{number:02}", last_name="Due"), kim)
    client = client_for(cast.manager_a)
    client.get("/children/due/")  # warm the compiled due dates
    with django_assert_num_queries(DUE_PAGE_QUERIES_FOR_A_MANAGER):
        page = client.get("/children/due/", {"window": "all"}).content.decode()
    section = left_section(page)
    # The section shows 20 and links to the team caseload's filter for the rest.
    assert section.count("C0") + section.count("C1") + section.count("C2") == min(size, 20)
    assert ("?allocation=worker_has_left" in section) is (size > 20)


def test_the_team_caseload_filters_the_children_allocated_to_a_worker_who_has_left(cast, client_for):
    allocate(ChildFactory(first_name="Cy", last_name="Due"), leaver(cast.team_a, "Kim", date(2024, 5, 2)))
    allocate(ChildFactory(first_name="Dot", last_name="Due"), leaver(cast.team_a, "Pat", date(2024, 6, 15)))
    allocate(ChildFactory(first_name="Eve", last_name="Due"), cast.social_worker_a)
    client = client_for(cast.manager_a)
    everyone = client.get("/children/team/").content.decode()
    assert all(f"{name} Due" in everyone for name in ("Cy", "Dot", "Eve"))
    filtered = client.get("/children/team/", {"allocation": "worker_has_left"}).content.decode()
    assert "Cy Due" in filtered
    assert "Dot Due" not in filtered
    assert "Eve Due" not in filtered


def test_the_filtered_team_caseload_costs_the_same_queries_for_1_child_and_for_25(cast, client_for):
    kim = leaver(cast.team_a, "Kim", date(2024, 5, 2))
    client = client_for(cast.manager_a)
    client.get("/children/team/")  # warm the compiled due dates

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            page = client.get("/children/team/", {"allocation": "worker_has_left"}).content.decode()
        assert "C00 Due" in page
        return len(captured.captured_queries)

    allocate(ChildFactory(first_name="C00", last_name="Due"), kim)
    one = queries()
    for number in range(1, 25):
        allocate(ChildFactory(first_name=f"C{number:02}", last_name="Due"), kim)
    assert queries() == one
