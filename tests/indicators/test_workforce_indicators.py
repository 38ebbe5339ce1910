"""P 1, W 1-W 1e and 4.1-4.6 on one hand-worked workforce at 30 June 2024."""

from datetime import date

import pytest

from workforce.models import Employment

from .builders import allocate, child, post, team, worker
from .helpers import compute

pytestmark = pytest.mark.django_db

JUNE_2024 = date(2024, 6, 1)  # month end 30 June 2024; six months before is 30 Dec 2023


@pytest.fixture
def workforce():
    assessment = team("Assessment", "assessment")
    planning = team("Care Planning", "care_planning")
    a1, a2 = post(assessment, "A1"), post(assessment, "A2")
    a3 = post(assessment, "A3", fte="0.50")
    cp1 = post(planning, "CP1")
    post(planning, "CP2", end=date(2024, 6, 30))  # funding ends on month end: not funded at month end
    w1 = worker(assessment, "One", post=a1, qualified_on=date(2020, 1, 1), started_on=date(2020, 2, 1))
    w2 = worker(
        assessment,
        "Two",
        post=a2,
        employment=Employment.AGENCY,
        qualified_on=date(2022, 6, 30),  # exactly two years before month end: experienced
        started_on=date(2023, 12, 31),  # six months and a day: not "more than 6 months"
    )
    worker(assessment, "Three", post=a3, started_on=date(2019, 1, 1), ended_on=date(2024, 6, 30))  # left on month end
    worker(planning, "Four", post=cp1, qualified_on=date(2023, 6, 1), asye_started_on=date(2023, 7, 1))
    w5 = worker(
        planning, "Five", employment=Employment.AGENCY, qualified_on=date(2010, 1, 1), started_on=date(2023, 1, 1)
    )
    for holder, count in ((w1, 3), (w2, 2), (w5, 1)):
        for _ in range(count):
            allocate(child(), holder, date(2024, 1, 1))
    allocate(child(), w1, date(2024, 1, 1), date(2024, 6, 30))  # handed on at month end: not counted
    return {"one": w1, "two": w2}


def test_p1_counts_posts_without_a_permanent_worker_as_vacant_by_fte(workforce):
    # Funded at month end: A1, A2, A3 (0.5) and CP1 = 3.5 FTE. Vacant: A2 (agency cover) and A3 (holder left) = 1.5.
    result = compute("P 1", JUNE_2024)
    assert result["authority"] == (1.5, 3.5, 42.9)
    assert result["team:Assessment"] == (1.5, 2.5, 60.0)
    assert result["team:Care Planning"] == (0, 1, 0.0)
    assert not any(scope.startswith("worker:") for scope in result)


def test_w1_is_children_over_case_holding_workers(workforce):
    # Case-holding: One (3), Two (2), Five (1); Four holds no child and is not counted.
    result = compute("W 1", JUNE_2024)
    assert result["authority"] == (6, 3, 2.0)
    assert result["team:Assessment"] == (5, 2, 2.5)
    assert result["worker:One Smith"] == (3, 1, 3.0)
    assert result["worker:Four Smith"] == (0, 0, None)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("W 1a", (5, 2, 2.5)),
        ("W 1b", (1, 1, 1.0)),
        ("W 1c", (0, 0, None)),
        ("W 1e", (0, 0, None)),
        ("4.6", (6, 3, 2.0)),
    ],
)
def test_caseload_averages_by_team_type_and_asye(workforce, code, expected):
    assert compute(code, JUNE_2024)["authority"] == expected


def test_asye_caseload_counts_workers_in_their_first_year(workforce):
    planning_asye = worker(team("Planning 2"), "Newly", asye_started_on=date(2023, 7, 1), qualified_on=date(2023, 6, 1))
    allocate(child(), planning_asye, date(2024, 1, 1))
    finished_asye = worker(team("Planning 3"), "Second", asye_started_on=date(2023, 6, 30))  # a year ago on month end
    allocate(child(), finished_asye, date(2024, 1, 1))
    assert compute("W 1e", JUNE_2024)["authority"] == (1, 1, 1.0)


def test_4_5_is_the_largest_single_caseload(workforce):
    result = compute("4.5", JUNE_2024)
    assert result["authority"] == (3, 3, 3.0)
    assert result["team:Care Planning"] == (1, 1, 1.0)


def test_4_1_to_4_3_count_workers_in_post_including_agency(workforce):
    # In post at month end: One, Two, Four, Five (Three left on month end).
    assert compute("4.1", JUNE_2024)["authority"] == (3, 4, 75.0)  # One, Two (exactly 2 years), Five
    assert compute("4.2", JUNE_2024)["authority"] == (1, 4, 25.0)  # One
    assert compute("4.3", JUNE_2024)["authority"] == (2, 4, 50.0)  # Two, Five


def test_4_4_counts_agency_workers_in_full_time_posts_for_more_than_six_months(workforce):
    # Only Two covers a full-time post (Five holds none); Two started six months and a day before: not yet.
    assert compute("4.4", JUNE_2024)["authority"] == (0, 1, 0.0)
    workforce["two"].started_on = date(2023, 12, 29)
    workforce["two"].save()
    assert compute("4.4", JUNE_2024)["authority"] == (1, 1, 100.0)
