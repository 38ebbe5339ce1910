import pytest
from django.urls import reverse

from tests.factories import IndicatorFactory, SocialWorkerFactory, TeamFactory

from .conftest import FEBRUARY, figure, rows_of, team_key, text, worker_key

pytestmark = pytest.mark.django_db


def test_a_team_manager_sees_their_team_beside_the_authority_with_each_workers_figures(world, client_for):
    cast = world.cast
    colleague = SocialWorkerFactory(team=cast.team_a, first_name="Carl", last_name="Cole")
    figure(world.visits, FEBRUARY, worker_key(colleague), numerator=0, denominator=0, kind="reported", worker=colleague)

    response = client_for(cast.manager_a).get(reverse("indicators:team_kpis"))

    assert response.status_code == 200
    assert "Care Planning A Figures for February 2025" in text(response)
    team_rows = rows_of(response, "team-table")
    assert team_rows[0] == "Indicator Title Care Planning A Northbridge Council"
    assert team_rows[1] == (
        "CP 13 Children on a plan visited in the last 4 weeks "
        "2 of 3 (66.7%) Inadequate Small number: fewer than 5 2 of 4 (50.0%) Inadequate Small number: fewer than 5"
    )
    assert team_rows[2] == "2.5 Number of CP plans open more than 15 months 2 Outstanding 3 Outstanding"
    worker_rows = rows_of(response, "worker-table")
    # Team A's workers only (Bea Brown works in team B); 2.5 has no worker figures.
    assert worker_rows[0] == "Indicator Title Alice Archer Carl Cole"
    assert worker_rows[1] == (
        "CP 13 Children on a plan visited in the last 4 weeks "
        "2 of 3 (66.7%) Inadequate Small number: fewer than 5 no data (none in the denominator)"
    )
    assert len(worker_rows) == 2
    assert "Bea Brown" not in text(response)


def test_each_team_figure_links_to_its_records_and_its_trend(world, client_for):
    response = client_for(world.cast.manager_a).get(reverse("indicators:team_kpis"))

    html = response.content.decode()
    scope = team_key(world.cast.team_a).replace(":", "%3A")
    records = reverse("indicators:records", args=[world.visits.pk])
    assert f'href="{records}?scope={scope}&amp;month=2025-02&amp;kind=reported"' in html
    trend = reverse("indicators:indicator", args=[world.visits.pk])
    assert f'href="{trend}?scope={scope}&amp;month=2025-02"' in html
    worker = worker_key(world.cast.social_worker_a).replace(":", "%3A")
    assert f'href="{records}?scope={worker}&amp;month=2025-02&amp;kind=reported"' in html


def test_a_senior_manager_may_open_any_team(world, client_for):
    response = client_for(world.cast.senior).get(reverse("indicators:team_kpis") + f"?team={world.cast.team_b.pk}")

    assert response.status_code == 200
    team_rows = rows_of(response, "team-table")
    assert team_rows[0] == "Indicator Title Care Planning B Northbridge Council"
    assert team_rows[1].startswith("CP 13 Children on a plan visited in the last 4 weeks 0 of 1 (0.0%) Inadequate")
    assert rows_of(response, "worker-table")[0] == "Indicator Title Bea Brown"


def test_a_manager_of_two_teams_chooses_between_them_and_only_them(world, client_for):
    third = TeamFactory(name="Care Planning C")
    third.managers.add(world.cast.manager_a)

    response = client_for(world.cast.manager_a).get(reverse("indicators:team_kpis") + f"?team={third.pk}")

    html = response.content.decode()
    assert response.status_code == 200
    assert f'<option value="{world.cast.team_a.pk}">Care Planning A</option>' in html
    assert f'<option value="{third.pk}" selected>Care Planning C</option>' in html
    assert "Care Planning B" not in html
    assert "No social workers were in post in this team in February 2025." in text(response)


def test_an_indicator_without_team_figures_says_so_beside_the_authority_figure(world, client_for):
    reviews = IndicatorFactory(code="F 3", title="Foster carer reviews on time", has_team_scope=False)
    figure(reviews, FEBRUARY, numerator=3, denominator=4, kind="reported")

    response = client_for(world.cast.manager_a).get(reverse("indicators:team_kpis"))

    row = next(row for row in rows_of(response, "team-table") if row.startswith("F 3"))
    assert row.startswith("F 3 Foster carer reviews on time not computed at this level 3 of 4 (75.0%)")
