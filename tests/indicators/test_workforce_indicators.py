"""P 1, W 1-W 1e and 4.1-4.6 on one hand-worked workforce at 30 June 2024."""

from datetime import date

import pytest

from workforce.models import Employment, SocialWorker, Team

from .builders import allocate, child, post, team, worker
from .helpers import compute, records

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
    # Permanent, qualified 2010, started 2015, no post (the factory's defaults).
    w6 = worker(team("Leaving Care", "leaving_care"), "Six")
    w7 = worker(team("Permanence", "permanence"), "Seven")
    for holder, count in ((w1, 3), (w2, 2), (w5, 1), (w6, 2), (w7, 4)):
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
    # Case-holding: One (3), Two (2), Five (1), Six (2), Seven (4): 12 children, 5 workers. Four holds
    # no child and is not counted.
    result = compute("W 1", JUNE_2024)
    assert result["authority"] == (12, 5, 2.4)
    assert result["team:Assessment"] == (5, 2, 2.5)
    assert result["worker:One Smith"] == (3, 1, 3.0)
    assert result["worker:Four Smith"] == (0, 0, None)


# Every caseload average by its team type (or the ASYE), for the authority, each team and each
# worker: a worker's own average caseload is their caseload. Teams: Assessment (One 3, Two 2), Care
# Planning (Four 0, Five 1), Leaving Care (Six 2), Permanence (Seven 4). Nobody is in their ASYE with
# a caseload (Four's ASYE started 1 July 2023 but Four holds no child).
CASELOADS = {
    "W 1a": {
        "authority": (5, 2, 2.5),
        "team:Assessment": (5, 2, 2.5),
        "team:Care Planning": (0, 0, None),
        "worker:One Smith": (3, 1, 3.0),
        "worker:Two Smith": (2, 1, 2.0),
        "worker:Five Smith": (0, 0, None),  # a Care Planning worker: not in W 1a
    },
    "W 1b": {
        "authority": (1, 1, 1.0),
        "team:Care Planning": (1, 1, 1.0),
        "team:Assessment": (0, 0, None),
        "worker:Five Smith": (1, 1, 1.0),
        "worker:Four Smith": (0, 0, None),
        "worker:One Smith": (0, 0, None),
    },
    "W 1c": {
        "authority": (4, 1, 4.0),
        "team:Permanence": (4, 1, 4.0),
        "team:Leaving Care": (0, 0, None),
        "worker:Seven Smith": (4, 1, 4.0),
        "worker:Six Smith": (0, 0, None),
    },
    "W 1d": {
        "authority": (2, 1, 2.0),
        "team:Leaving Care": (2, 1, 2.0),
        "team:Permanence": (0, 0, None),
        "team:Assessment": (0, 0, None),
        "worker:Six Smith": (2, 1, 2.0),
        "worker:Seven Smith": (0, 0, None),
    },
    "W 1e": {
        "authority": (0, 0, None),
        "team:Care Planning": (0, 0, None),
        "worker:Four Smith": (0, 0, None),
    },
    "4.6": {
        "authority": (12, 5, 2.4),
        "team:Assessment": (5, 2, 2.5),
        "team:Permanence": (4, 1, 4.0),
        "worker:Seven Smith": (4, 1, 4.0),
        "worker:Four Smith": (0, 0, None),
    },
}


@pytest.mark.parametrize("code", CASELOADS)
def test_caseload_averages_by_team_type_and_asye_for_each_team_and_worker(workforce, code):
    result = compute(code, JUNE_2024)
    assert {scope: result[scope] for scope in CASELOADS[code]} == CASELOADS[code]
    assert "worker:Three Smith" not in result  # left on month end: no longer a worker in post
    assert "team:Unallocated" not in result  # every worker has a team


def test_asye_caseload_counts_workers_in_their_first_year(workforce):
    planning_asye = worker(team("Planning 2"), "Newly", asye_started_on=date(2023, 7, 1), qualified_on=date(2023, 6, 1))
    allocate(child(), planning_asye, date(2024, 1, 1))
    # 30 June 2023 + 12 months = 30 June 2024, month end: the first year is over.
    finished_asye = worker(team("Planning 3"), "Second", asye_started_on=date(2023, 6, 30))
    allocate(child(), finished_asye, date(2024, 1, 1))
    result = compute("W 1e", JUNE_2024)
    assert result["authority"] == (1, 1, 1.0)
    assert result["team:Planning 2"] == (1, 1, 1.0)
    assert result["team:Planning 3"] == (0, 0, None)
    assert result["worker:Newly Smith"] == (1, 1, 1.0)
    assert result["worker:Second Smith"] == (0, 0, None)


def test_4_5_is_the_largest_single_caseload(workforce):
    # The largest of One 3, Two 2, Five 1, Six 2, Seven 4; the denominator is the 5 case-holding workers.
    result = compute("4.5", JUNE_2024)
    assert result["authority"] == (4, 5, 4.0)
    assert result["team:Care Planning"] == (1, 1, 1.0)
    assert result["team:Assessment"] == (3, 2, 3.0)
    assert result["worker:Two Smith"] == (2, 1, 2.0)


def test_4_1_to_4_3_count_workers_in_post_including_agency(workforce):
    # In post at month end (6): One, Two, Four, Five, Six, Seven (Three left on month end).
    # Qualified 2 years or more: One (2020), Two (30 June 2022, exactly 2 years), Five, Six and Seven
    # (2010); Four (June 2023) is not. Agency: Two, Five.
    result = compute("4.1", JUNE_2024)
    assert result["authority"] == (5, 6, 83.3)
    assert result["team:Assessment"] == (2, 2, 100.0)  # One, Two
    assert result["team:Care Planning"] == (1, 2, 50.0)  # Five; Four is not
    assert result["worker:Four Smith"] == (0, 1, 0.0)
    assert result["worker:Two Smith"] == (1, 1, 100.0)
    assert records("4.1", JUNE_2024)[workforce["two"].pk] == (True, "experienced", date(2022, 6, 30))
    result = compute("4.2", JUNE_2024)
    assert result["authority"] == (3, 6, 50.0)  # One, Six, Seven
    assert result["team:Assessment"] == (1, 2, 50.0)  # One; Two is agency
    assert result["team:Care Planning"] == (0, 2, 0.0)
    assert result["worker:Two Smith"] == (0, 1, 0.0)
    assert result["worker:Six Smith"] == (1, 1, 100.0)
    result = compute("4.3", JUNE_2024)
    assert result["authority"] == (2, 6, 33.3)  # Two, Five
    assert result["team:Assessment"] == (1, 2, 50.0)
    assert result["team:Care Planning"] == (1, 2, 50.0)
    assert result["team:Leaving Care"] == (0, 1, 0.0)
    assert result["worker:Five Smith"] == (1, 1, 100.0)
    assert result["worker:One Smith"] == (0, 1, 0.0)


def test_4_4_counts_agency_workers_in_full_time_posts_for_more_than_six_months(workforce):
    # Only Two covers a full-time post (Five holds none). Two started on 31 December 2023: + 6 months is
    # 30 June 2024 (clamped), month end itself: exactly 6 months, not more. From 29 December: 29 June, in.
    result = compute("4.4", JUNE_2024)
    assert result["authority"] == (0, 1, 0.0)
    assert result["team:Assessment"] == (0, 1, 0.0)
    assert result["team:Care Planning"] == (0, 0, None)
    assert result["worker:Two Smith"] == (0, 1, 0.0)
    assert result["worker:Five Smith"] == (0, 0, None)
    workforce["two"].started_on = date(2023, 12, 29)
    workforce["two"].save()
    result = compute("4.4", JUNE_2024)
    assert result["authority"] == (1, 1, 100.0)
    assert result["worker:Two Smith"] == (1, 1, 100.0)


# --- Workers who have left are not case-holding ------------------------------------------------


@pytest.fixture
def leavers(workforce):
    """The issue's example: three leavers whose 22, 16 and 9 allocations are still open at month end.
    Eight (Assessment) left on month end, Nine (Care Planning, in their ASYE) in May, Ten
    (Permanence) in January. Eleven (Assessment) leaves the day after month end: still in post."""
    assessment = Team.objects.get(name="Assessment")
    planning = Team.objects.get(name="Care Planning")
    permanence = Team.objects.get(name="Permanence")
    for name, where, ended_on, count, asye in (
        ("Eight", assessment, date(2024, 6, 30), 22, None),
        ("Nine", planning, date(2024, 5, 15), 16, date(2024, 1, 1)),
        ("Ten", permanence, date(2024, 1, 31), 9, None),
        ("Eleven", assessment, date(2024, 7, 1), 1, None),
    ):
        holder = worker(where, name, ended_on=ended_on, asye_started_on=asye, qualified_on=date(2023, 6, 1))
        for _ in range(count):
            allocate(child(), holder, date(2024, 1, 1))
    return workforce


# Counting every worker with an open allocation gave 12 + 22 + 16 + 9 + 1 = 60 children over 9
# workers. Only workers in post count: One 3, Two 2, Five 1, Six 2, Seven 4 and Eleven 1 = 13 / 6.
LEFT_OUT = {
    "W 1": {"authority": (13, 6, 2.2), "team:Assessment": (6, 3, 2.0), "team:Permanence": (4, 1, 4.0)},
    "W 1a": {"authority": (6, 3, 2.0), "team:Assessment": (6, 3, 2.0)},  # not 28 / 4 with Eight
    "W 1b": {"authority": (1, 1, 1.0), "team:Care Planning": (1, 1, 1.0)},  # not 17 / 2 with Nine
    "W 1c": {"authority": (4, 1, 4.0), "team:Permanence": (4, 1, 4.0)},  # not 13 / 2 with Ten
    "W 1d": {"authority": (2, 1, 2.0)},
    "W 1e": {"authority": (0, 0, None), "team:Care Planning": (0, 0, None)},  # Nine's ASYE ended with their job
    "4.6": {"authority": (13, 6, 2.2), "team:Care Planning": (1, 1, 1.0)},
    # The largest caseload is Seven's 4, not Eight's 22.
    "4.5": {"authority": (4, 6, 4.0), "team:Assessment": (3, 3, 3.0)},
}


@pytest.mark.parametrize("code", LEFT_OUT)
def test_workers_who_have_left_are_not_case_holding_even_with_allocations_still_open(leavers, code):
    result = compute(code, JUNE_2024)
    assert {scope: result[scope] for scope in LEFT_OUT[code]} == LEFT_OUT[code]
    assert result["worker:Eleven Smith"] == ((1, 1, 1.0) if code in ("W 1", "W 1a", "4.6", "4.5") else (0, 0, None))
    for name in ("Eight", "Nine", "Ten"):
        assert f"worker:{name} Smith" not in result
    left = set(SocialWorker.objects.filter(first_name__in=["Eight", "Nine", "Ten"]).values_list("pk", flat=True))
    assert not set(records(code, JUNE_2024)) & left


def test_case_holding_workers_are_among_the_workers_in_post_that_4_1_counts(leavers):
    # In post at month end: One, Two, Four, Five, Six, Seven and Eleven (Three and Eight left on
    # month end, Nine and Ten before).
    assert compute("4.1", JUNE_2024)["authority"][1] == 7
    compute("W 1", JUNE_2024)
    assert set(records("W 1", JUNE_2024)) <= set(records("4.1", JUNE_2024))


# --- "N months" counted forwards from the start ------------------------------------------------


@pytest.mark.parametrize(
    ("month", "qualified", "experienced"),
    [
        (date(2026, 2, 1), date(2024, 2, 29), True),  # + 24 months = 28 Feb 2026 (clamped), month end
        (date(2026, 2, 1), date(2024, 3, 1), False),  # + 24 months = 1 Mar 2026
        (date(2024, 3, 1), date(2022, 3, 31), True),  # + 24 months = 31 Mar 2024
        (date(2024, 4, 1), date(2022, 4, 30), True),  # + 24 months = 30 Apr 2024
        (date(2024, 4, 1), date(2022, 5, 1), False),
    ],
)
def test_4_1_counts_two_years_qualified_forwards_from_the_qualification_date(month, qualified, experienced):
    holder = worker(team("Team X"), "Quinn", qualified_on=qualified, started_on=date(2022, 1, 1))
    expected = (1, 1, 100.0) if experienced else (0, 1, 0.0)
    assert compute("4.1", month)["authority"] == expected
    assert records("4.1", month)[holder.pk][1] == ("experienced" if experienced else "inexperienced")


@pytest.mark.parametrize(
    ("month", "started", "long_stay"),
    [
        (date(2024, 3, 1), date(2023, 9, 30), True),  # + 6 months = 30 Mar 2024, before 31 March
        (date(2024, 3, 1), date(2023, 10, 1), False),  # + 6 months = 1 Apr 2024
        (date(2024, 8, 1), date(2024, 2, 29), True),  # + 6 months = 29 Aug 2024, before 31 August
        (date(2024, 8, 1), date(2024, 3, 1), False),
        (date(2024, 1, 1), date(2023, 7, 31), False),  # + 6 months = 31 Jan 2024: exactly 6, not more
        (date(2024, 1, 1), date(2023, 7, 30), True),  # + 6 months = 30 Jan 2024
        (date(2024, 2, 1), date(2023, 8, 29), False),  # + 6 months = 29 Feb 2024: exactly 6
        (date(2024, 2, 1), date(2023, 8, 28), True),
    ],
)
def test_4_4_counts_more_than_six_months_in_post_forwards_from_the_start(month, started, long_stay):
    covered = team("Team X")
    worker(covered, "Ada", employment=Employment.AGENCY, started_on=started, post=post(covered, "X1"))
    assert compute("4.4", month)["authority"] == ((1, 1, 100.0) if long_stay else (0, 1, 0.0))


@pytest.mark.parametrize(
    ("month", "asye_started", "in_asye"),
    [
        (date(2025, 2, 1), date(2024, 2, 29), False),  # + 12 months = 28 Feb 2025 (clamped): year done
        (date(2025, 2, 1), date(2024, 3, 1), True),  # + 12 months = 1 Mar 2025
        (date(2024, 3, 1), date(2023, 3, 31), False),  # + 12 months = 31 Mar 2024: year done
        (date(2024, 3, 1), date(2023, 4, 1), True),
        (date(2024, 3, 1), date(2024, 3, 31), True),  # started on month end
        (date(2024, 3, 1), date(2024, 4, 1), False),  # not started yet
    ],
)
def test_w1e_counts_the_asye_year_forwards_from_its_start(month, asye_started, in_asye):
    newly = worker(team("Team X"), "Newly", asye_started_on=asye_started, started_on=date(2023, 1, 1))
    allocate(child(), newly, date(2023, 1, 1))
    assert compute("W 1e", month)["authority"] == ((1, 1, 1.0) if in_asye else (0, 0, None))


# --- Empty denominators ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "code", ["P 1", "W 1", "W 1a", "W 1b", "W 1c", "W 1d", "W 1e", "4.1", "4.2", "4.3", "4.4", "4.6"]
)
def test_with_no_workers_or_posts_a_workforce_share_or_average_has_no_value(code):
    team("Quiet")
    result = compute(code, JUNE_2024)
    assert result["authority"] == (0, 0, None)
    assert result["team:Quiet"] == (0, 0, None)


def test_with_no_case_holding_workers_the_largest_caseload_has_no_value():
    idle = worker(team("Quiet"), "Idle")
    result = compute("4.5", JUNE_2024)
    assert result["authority"] == (None, 0, None)
    assert result["team:Quiet"] == (None, 0, None)
    assert result[f"worker:{idle.full_name}"] == (None, 0, None)
