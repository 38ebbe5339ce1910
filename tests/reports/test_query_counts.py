"""The report pages read a fixed number of queries whatever the number of teams, workers
and figures: the counts are pinned with 1 team and again with 50."""

import pytest
from django.urls import reverse

from indicators.models import Snapshot
from tests.factories import SocialWorkerFactory, TeamFactory

from .conftest import FEBRUARY, JANUARY, MARCH, figure, team_key, worker_key

pytestmark = pytest.mark.django_db

# Each count includes the session, the user, their permissions and the navigation.
PAGES = {
    "scorecard": ("senior", lambda world: reverse("indicators:scorecard", args=[world.scorecard.slug]), 20),
    "scorecard for team A": (
        "senior",
        lambda world: (
            reverse("indicators:scorecard", args=[world.scorecard.slug]) + f"?scope={team_key(world.cast.team_a)}"
        ),
        21,
    ),
    "team KPIs (team manager)": ("manager_a", lambda world: reverse("indicators:team_kpis"), 20),
    "team KPIs (senior manager)": (
        "senior",
        lambda world: reverse("indicators:team_kpis") + f"?team={world.cast.team_a.pk}",
        18,
    ),
    "indicator": ("senior", lambda world: reverse("indicators:indicator", args=[world.visits.pk]), 19),
    "indicator for team A (team manager)": (
        "manager_a",
        lambda world: reverse("indicators:indicator", args=[world.visits.pk]) + f"?scope={team_key(world.cast.team_a)}",
        22,
    ),
}


def add_teams(world, count: int) -> None:
    """More teams, each with a worker and their figures for every month."""
    for number in range(count):
        team = TeamFactory(name=f"Extra team {number:02d}")
        worker = SocialWorkerFactory(team=team)
        for month in (JANUARY, FEBRUARY, MARCH):
            kind = "provisional" if month == MARCH else "reported"
            figure(world.visits, month, team_key(team), numerator=3, denominator=5, kind=kind, team=team)
            figure(world.visits, month, worker_key(worker), numerator=3, denominator=5, kind=kind, worker=worker)
            figure(world.long_plans, month, team_key(team), numerator=1, denominator=None, kind=kind, team=team)


@pytest.mark.parametrize("page", list(PAGES))
def test_the_page_costs_the_same_queries_with_1_and_with_50_teams(page, world, client_for, django_assert_num_queries):
    user, url, expected = PAGES[page]
    client = client_for(getattr(world.cast, user))
    url = url(world)
    # The cast has two teams; make the first measure with one team's figures beside the authority's.
    Snapshot.objects.filter(scope_key=team_key(world.cast.team_b)).delete()

    with django_assert_num_queries(expected):
        assert client.get(url).status_code == 200

    add_teams(world, 49)
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    if page.startswith("scorecard"):
        assert response.content.decode().count("Extra team") == 49  # all in the team chooser
