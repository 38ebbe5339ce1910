"""The home page of the day's work, per role, on hand-worked dates.

Today is Friday 14 June 2024. "Due in the next 14 days" runs to Friday 28 June inclusive.
"""

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from casework.models import CaseSupervision
from tests.casework.conftest import allocate
from tests.factories import (
    AllocationFactory,
    ChildFactory,
    ChildProtectionPlanFactory,
    ChildProtectionVisitFactory,
    IndicatorFactory,
    MilestoneFactory,
    MonthSignOffFactory,
    PlacementFactory,
    ReferralFactory,
    SnapshotFactory,
    SocialWorkerFactory,
    StatutoryVisitFactory,
    ThresholdSetFactory,
)

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


@pytest.fixture(autouse=True)
def frozen_today():
    with time_machine.travel(datetime(2024, 6, 14, 12, 0, tzinfo=LONDON), tick=False):
        yield


def section(page: str, testid: str) -> str:
    start = page.find(f'data-testid="{testid}"')
    assert start != -1, f"no {testid} section"
    return page[start : page.find("</section>", start)]


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def rows(html: str) -> list[str]:
    """The body rows of the tables in the html, as text."""
    bodies = "".join(re.findall(r"<tbody[^>]*>(.*?)</tbody>", html, re.S))
    return [text(row) for row in re.findall(r"<tr[^>]*>(.*?)</tr>", bodies, re.S)]


def listing(page: str, testid: str) -> str:
    """The text of the list marked with the test id."""
    part = section(page, testid)
    return text(part[part.find(">") + 1 : part.find("</ul>")])


def home(client_for, user) -> str:
    return client_for(user).get("/").content.decode()


def looked_after(worker, name: str, placed_on: date):
    child = allocate(ChildFactory(first_name=name, last_name="Home"), worker)
    PlacementFactory(period_of_care__child=child, period_of_care__started_on=placed_on, started_on=placed_on)
    CaseSupervision.objects.create(child=child, supervised_on=date(2024, 6, 10))  # next due 7 July
    return child


@pytest.fixture
def caseload(cast):
    # Placed 3 June: first visit due 10 June (overdue); first review 20 working days on, 1 July.
    overdue = looked_after(cast.social_worker_a, "Ann", date(2024, 6, 3))
    # Placed 10 June, visited 11 June: the next visit is due 23 July (not shown); the first review
    # is due 20 working days after 10 June: Monday 8 July (not shown either).
    later = looked_after(cast.social_worker_a, "Bo", date(2024, 6, 10))
    StatutoryVisitFactory(child=later, visited_on=date(2024, 6, 11))
    # A CP plan from 17 May, visited 1 June: the next visit is due 28 June, the last day shown.
    soon = allocate(ChildFactory(first_name="Cy", last_name="Home"), cast.social_worker_a)
    CaseSupervision.objects.create(child=soon, supervised_on=date(2024, 6, 10))
    plan = ChildProtectionPlanFactory(child=soon, started_on=date(2024, 5, 17))
    ChildProtectionVisitFactory(plan=plan, visited_on=date(2024, 6, 1))
    return overdue, later, soon


def test_a_social_worker_sees_what_is_overdue_and_due_in_14_days_linked_to_child_and_form(cast, client_for, caseload):
    overdue, later, soon = caseload
    page = section(home(client_for, cast.worker_a), "my-work")
    overdue_part, soon_part = page.split("Due in the next 14 days")
    assert rows(overdue_part) == ["Ann Home Statutory visit for Ann Home Overdue: 10 June 2024"]
    assert rows(soon_part) == ["Cy Home Child protection visit for Cy Home 28 June 2024"]
    assert "Bo Home" not in page
    assert f'href="/children/{overdue.pk}/"' in overdue_part
    assert f'href="/children/{overdue.pk}/record/statutory-visit/"' in overdue_part
    assert f'href="/children/{soon.pk}/record/cp-visit/"' in soon_part
    # Case supervision is the manager's: not on the worker's list.
    assert "supervision" not in page.lower()


def test_a_worker_with_nothing_due_is_told_so(cast, client_for):
    allocate(ChildFactory(first_name="Dot", last_name="Home"), cast.social_worker_a)
    page = section(home(client_for, cast.worker_a), "my-work")
    assert "Nothing is overdue or due in the next 14 days" in page


def test_a_team_manager_sees_overdue_work_by_worker_and_supervision_due(cast, client_for, caseload):
    # A colleague in team A with an overdue first visit and no supervision ever (due 2 January).
    colleague = SocialWorkerFactory(first_name="Cal", last_name="Cole", team=cast.team_a)
    never = allocate(ChildFactory(first_name="Eve", last_name="Home"), colleague)
    PlacementFactory(period_of_care__child=never, period_of_care__started_on=date(2024, 6, 1))
    page = section(home(client_for, cast.manager_a), "team-work")
    by_worker = page[: page.find("Case supervision due")]
    assert by_worker.index("Alice Archer") < by_worker.index("Cal Cole")  # by name
    assert rows(by_worker[: by_worker.find("Cal Cole")]) == [
        "Ann Home Statutory visit for Ann Home Overdue: 10 June 2024"
    ]
    assert rows(by_worker[by_worker.find("Cal Cole") :]) == [
        "Eve Home Statutory visit for Eve Home Overdue: 8 June 2024"
    ]
    supervision = page[page.find("Case supervision due") : page.find("allocated to someone who has left")]
    assert rows(supervision) == ["Eve Home Case supervision for Eve Home Overdue: 2 January 2024"]
    assert f'href="/children/{never.pk}/supervision/"' in supervision


def test_a_team_manager_sees_children_of_leavers_and_unallocated_children(cast, client_for):
    leaver = SocialWorkerFactory(
        first_name="Lea", last_name="Left", team=cast.team_a, started_on=date(2020, 1, 1), ended_on=date(2024, 6, 7)
    )
    left_behind = allocate(ChildFactory(first_name="Fin", last_name="Home"), leaver)
    # Leaves on Monday: still in post today.
    leaving = SocialWorkerFactory(team=cast.team_a, started_on=date(2020, 1, 1), ended_on=date(2024, 6, 17))
    allocate(ChildFactory(first_name="Gia", last_name="Home"), leaving)
    # Team A's allocation ended on 12 June; the referral is still open: unallocated.
    handed_on = ChildFactory(first_name="Hal", last_name="Home", la_child_id="HAL1")
    AllocationFactory(
        child=handed_on,
        worker=cast.social_worker_a,
        team=cast.team_a,
        started_on=date(2024, 1, 2),
        ended_on=date(2024, 6, 12),
    )
    ReferralFactory(child=handed_on, received_on=date(2024, 1, 1))
    # Closed case: not unallocated work.
    closed = ChildFactory(first_name="Ida", last_name="Home")
    AllocationFactory(
        child=closed,
        worker=cast.social_worker_a,
        team=cast.team_a,
        started_on=date(2024, 1, 2),
        ended_on=date(2024, 6, 12),
    )
    ReferralFactory(child=closed, received_on=date(2024, 1, 1), closed_on=date(2024, 6, 12))
    # Team B's: not this manager's.
    theirs = ChildFactory(first_name="Jo", last_name="Home")
    AllocationFactory(
        child=theirs,
        worker=cast.social_worker_b,
        team=cast.team_b,
        started_on=date(2024, 1, 2),
        ended_on=date(2024, 6, 12),
    )
    ReferralFactory(child=theirs, received_on=date(2024, 1, 1))
    page = home(client_for, cast.manager_a)
    leavers = listing(page, "leavers-children")
    assert "Fin Home : Lea Left left on 7 June 2024" in leavers
    assert "Gia Home" not in leavers
    assert f'href="/children/{left_behind.pk}/"' in section(page, "leavers-children")
    unallocated = listing(page, "unallocated")
    assert "Hal Home (HAL1): last with Alice Archer until 12 June 2024" in unallocated
    assert "Ida Home" not in unallocated and "Jo Home" not in unallocated
    # Neither section is the worker's.
    assert 'data-testid="team-work"' not in home(client_for, cast.worker_a)


@pytest.fixture
def figures(cast):
    """May 2024 beside April 2024: CP 13 fell from Good to Adequate for the authority, QA 1 rose
    for team A; LAC 10 misses its milestone (90+ from March 2024)."""
    cp13 = IndicatorFactory(code="CP 13", title="CP visits in time")
    qa1 = IndicatorFactory(code="QA 1", title="Case supervision")
    lac10 = IndicatorFactory(code="LAC 10", title="Statutory visits in time")
    for indicator in (cp13, qa1, lac10):
        ThresholdSetFactory(indicator=indicator, outstanding="95+", good="85-94.9", adequate="70-84.9")
    SnapshotFactory(indicator=cp13, month=date(2024, 4, 1), numerator=9, denominator=10)  # 90%: Good
    SnapshotFactory(indicator=cp13, month=date(2024, 5, 1), numerator=8, denominator=10)  # 80%: Adequate
    SnapshotFactory(indicator=qa1, month=date(2024, 4, 1), numerator=8, denominator=10)  # unchanged
    SnapshotFactory(indicator=qa1, month=date(2024, 5, 1), numerator=8, denominator=10)
    team = {"scope_key": f"team:{cast.team_a.pk}", "team": cast.team_a}
    SnapshotFactory(indicator=qa1, month=date(2024, 4, 1), numerator=6, denominator=10, **team)  # Inadequate
    SnapshotFactory(indicator=qa1, month=date(2024, 5, 1), numerator=19, denominator=20, **team)  # Outstanding
    SnapshotFactory(indicator=lac10, month=date(2024, 5, 1), numerator=17, denominator=20)  # 85%
    MilestoneFactory(indicator=lac10, due_on=date(2024, 3, 31), target="90+")
    MilestoneFactory(indicator=cp13, due_on=date(2024, 3, 31), target="75+")  # 80%: on track
    MonthSignOffFactory(month=date(2024, 4, 1))  # April signed off; May waits


def test_a_senior_manager_sees_band_changes_milestones_off_track_and_months_to_sign_off(cast, client_for, figures):
    for user in (cast.senior, cast.performance):
        page = section(home(client_for, user), "authority")
        changes = listing(page, "band-changes")
        assert "CP 13 CP visits in time" in changes and "Good to Adequate (worse), 8 of 10 (80.0%)" in changes
        assert "QA 1" not in changes  # the authority's QA 1 stayed Adequate
        assert listing(page, "off-track") == (
            "LAC 10 Statutory visits in time : 17 of 20 (85.0%), milestone 90+ (from March 2024)"
        )
        # May is over, computed and not signed off; April is signed off.
        assert listing(page, "waiting-sign-off") == "May 2024 : 3 provisional figures"


def test_a_team_manager_sees_the_teams_band_changes(cast, client_for, figures):
    page = section(home(client_for, cast.manager_a), "team-work")
    changes = listing(page, "band-changes")
    assert "QA 1 Case supervision (Care Planning A): Inadequate to Outstanding (better)" in changes
    assert "CP 13" not in changes  # the authority's figure, not the team's
    assert 'data-testid="authority"' not in home(client_for, cast.manager_a)


# Session, user, permissions, teams and worker; the caseload with its due dates (one query, with
# the rules' parameters), navigation, session save. The same for 3 and for 30 children.
WORKER_HOME_QUERIES = 20
# And the team's due work, the leavers' children, the unallocated children, the latest month, the
# indicators and the team's figures of two months.
MANAGER_HOME_QUERIES = 31
# The latest month; band changes (indicators, figures); milestones off track (indicators,
# milestones, figures); months waiting for sign-off (horizon, sign-offs, figures).
SENIOR_HOME_QUERIES = 23


@pytest.mark.parametrize("size", [3, 30])
def test_the_home_page_runs_the_same_queries_for_any_number_of_children(
    cast, client_for, django_assert_num_queries, figures, size
):
    for index in range(size):
        looked_after(cast.social_worker_a, f"N{index}", date(2024, 6, 3))
    for user, queries in ((cast.worker_a, WORKER_HOME_QUERIES), (cast.manager_a, MANAGER_HOME_QUERIES)):
        client = client_for(user)
        with django_assert_num_queries(queries):
            page = client.get("/").content.decode()
        assert page.count("/record/statutory-visit/") == size
    client = client_for(cast.senior)
    with django_assert_num_queries(SENIOR_HOME_QUERIES):
        client.get("/")
