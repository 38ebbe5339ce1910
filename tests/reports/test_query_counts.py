"""The report pages read a fixed number of queries whatever the number of teams, workers,
figures and records: each page is measured with exactly one team (one worker), and again
with 50 teams (two workers each) and 30 workers in the viewed team, every one of them with
children, figures at every scope for every month, and records behind the authority's
figures. The two counts must be the same, and are pinned.

Each count includes the session, the user, their permissions and the navigation.
"""

import re
from datetime import date

import pytest
from django.urls import reverse

from indicators.commentary import commentary_save
from indicators.models import Snapshot, Unit
from tests.factories import (
    AllocationFactory,
    BenchmarkFactory,
    ChildFactory,
    IndicatorFactory,
    MilestoneFactory,
    MonthSignOffFactory,
    ScorecardFactory,
    ScorecardRowFactory,
    SnapshotRecordFactory,
    SocialWorkerFactory,
    TeamFactory,
    ThresholdSetFactory,
)
from workforce.models import SocialWorker, Team

from .conftest import FEBRUARY, JANUARY, MARCH, figure, rows_of, team_key, worker_key

pytestmark = pytest.mark.django_db

MONTHS = {JANUARY: "reported", FEBRUARY: "reported", MARCH: "provisional"}
TEAMS = 50
TEAM_A_WORKERS = 30


class Sized:
    """One team (team A) and its one worker, then grown: the figures of every scope."""

    def __init__(self, cast):
        self.cast = cast
        # Exactly one team: the cast's team B (and Bea Brown, its worker) go.
        SocialWorker.objects.filter(team=cast.team_b).delete()
        cast.team_b.delete()
        self.visits = IndicatorFactory(code="CP 13", title="Children on a plan visited in the last 4 weeks")
        ThresholdSetFactory(indicator=self.visits, outstanding="90+", good="80-89", adequate="70-79")
        BenchmarkFactory(indicator=self.visits, value=85)
        MilestoneFactory(indicator=self.visits, due_on=date(2025, 3, 31), target="85+")
        self.plans = IndicatorFactory(code="2.5", title="Plans over 15 months", unit=Unit.COUNT, polarity="down")
        ThresholdSetFactory(indicator=self.plans, outstanding="below 5", good="5-9", adequate="10-15")
        self.scorecard = ScorecardFactory(name="Counted", slug="counted")
        ScorecardRowFactory(scorecard=self.scorecard, position=1, row_type="section", indicator=None, text="Visits")
        ScorecardRowFactory(scorecard=self.scorecard, position=2, indicator=self.visits, theme="Quality")
        ScorecardRowFactory(scorecard=self.scorecard, position=3, row_type="comment", indicator=None, text="Note")
        ScorecardRowFactory(scorecard=self.scorecard, position=4, indicator=self.plans)
        MonthSignOffFactory(month=JANUARY, signed_off_by=cast.performance)
        MonthSignOffFactory(month=FEBRUARY, signed_off_by=cast.performance)
        for month, kind in MONTHS.items():
            figure(self.visits, month, kind=kind)
            figure(self.plans, month, numerator=3, denominator=None, kind=kind)
        for key in ("authority", team_key(cast.team_a)):
            commentary_save(indicator=self.visits, month=FEBRUARY, scope_key=key, text="Noted.", by=cast.senior)
        self.add_team_figures(cast.team_a)
        self.add_worker(cast.social_worker_a)

    def add_team_figures(self, team: Team) -> None:
        for month, kind in MONTHS.items():
            figure(self.visits, month, team_key(team), numerator=3, denominator=5, kind=kind, team=team)
            figure(self.plans, month, team_key(team), numerator=1, denominator=None, kind=kind, team=team)

    def add_worker(self, worker: SocialWorker) -> None:
        """The worker's figures for every month, and a child of theirs behind the authority's."""
        child = ChildFactory()
        AllocationFactory(child=child, worker=worker, team=worker.team, started_on=date(2024, 1, 2))
        for month, kind in MONTHS.items():
            figure(self.visits, month, worker_key(worker), numerator=1, denominator=2, kind=kind, worker=worker)
            authority = Snapshot.objects.get(indicator=self.visits, month=month, kind=kind, scope_key="authority")
            SnapshotRecordFactory(
                snapshot=authority, child_id=child.pk, team_id=worker.team_id, worker_id=worker.pk, in_numerator=False
            )

    def grow(self) -> None:
        for number in range(TEAMS - 1):
            team = TeamFactory(name=f"Extra team {number:02d}")
            self.add_team_figures(team)
            for _ in range(2):
                self.add_worker(SocialWorkerFactory(team=team))
        for number in range(TEAM_A_WORKERS - 1):
            self.add_worker(SocialWorkerFactory(team=self.cast.team_a, first_name=f"Colleague{number:02d}"))


@pytest.fixture
def sized(cast) -> Sized:
    return Sized(cast)


def scorecard(sized, scope="") -> str:
    return reverse("indicators:scorecard", args=["counted"]) + (f"?scope={scope}" if scope else "")


def indicator(sized, scope="") -> str:
    return reverse("indicators:indicator", args=[sized.visits.pk]) + (f"?scope={scope}" if scope else "")


def records(sized, scope="authority") -> str:
    return reverse("indicators:records", args=[sized.visits.pk]) + f"?scope={scope}&month=2025-02"


def team_a(sized) -> str:
    return team_key(sized.cast.team_a)


def chooser_teams(response) -> int:
    return response.content.decode().count('">Extra team ')


def worker_columns(response) -> int:
    return len(rows_of(response, "worker-table")[0].split(" Colleague")) - 1


def records_in_all(response) -> str:
    return re.search(r'data-testid="records-counts">(\d+) in all', response.content.decode()).group(1)


# page: (user, url, pinned queries, what the page shows with one team, and with them all)
PAGES = {
    "scorecard": ("senior", scorecard, 21, chooser_teams, (0, TEAMS - 1)),
    "scorecard for team A": ("senior", lambda s: scorecard(s, team_a(s)), 22, chooser_teams, (0, TEAMS - 1)),
    "team KPIs (team manager)": (
        "manager_a",
        lambda s: reverse("indicators:team_kpis"),
        22,
        worker_columns,
        (0, TEAM_A_WORKERS - 1),
    ),
    "team KPIs (senior manager)": (
        "senior",
        lambda s: reverse("indicators:team_kpis") + f"?team={s.cast.team_a.pk}",
        19,
        worker_columns,
        (0, TEAM_A_WORKERS - 1),
    ),
    "scorecard league (teams as columns)": (
        "senior",
        lambda s: reverse("indicators:scorecard_league", args=["counted"]) + "?month=2025-02",
        19,
        lambda response: rows_of(response, "league")[0].count(" Extra team "),
        (0, TEAMS - 1),
    ),
    "indicator": ("senior", indicator, 20, chooser_teams, (0, TEAMS - 1)),
    "indicator for team A (team manager)": (
        "manager_a",
        lambda s: indicator(s, team_a(s)),
        24,
        lambda response: rows_of(response, "trend-table")[-1].startswith("Feb 2025 3 of 5 (60.0%)"),
        (True, True),
    ),
    "drill-down": ("senior", records, 17, records_in_all, ("1", str((TEAMS - 1) * 2 + TEAM_A_WORKERS))),
    "drill-down for team A (team manager)": (
        "manager_a",
        lambda s: records(s, team_a(s)),
        22,
        records_in_all,
        ("1", str(TEAM_A_WORKERS)),
    ),
}


@pytest.mark.parametrize("page", list(PAGES))
def test_the_page_costs_the_same_queries_with_1_team_and_with_50(page, sized, client_for, django_assert_num_queries):
    user, url, pinned, shown, (with_one, with_all) = PAGES[page]
    client = client_for(getattr(sized.cast, user))
    url = url(sized)
    assert Team.objects.count() == 1 and SocialWorker.objects.count() == 1

    with django_assert_num_queries(pinned):
        small = client.get(url)
    sized.grow()
    assert Team.objects.count() == TEAMS
    assert SocialWorker.objects.filter(team=sized.cast.team_a).count() == TEAM_A_WORKERS
    with django_assert_num_queries(pinned):
        large = client.get(url)

    assert small.status_code == large.status_code == 200
    # The measurement saw what grew: the teams chosen between, the workers, the records.
    assert (shown(small), shown(large)) == (with_one, with_all)
