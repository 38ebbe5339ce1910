import json
import re

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from core.roles import Role
from indicators.models import IndicatorStatus, SnapshotKind
from tests.factories import IndicatorFactory

from .conftest import FEBRUARY, JANUARY, figure, rows_of, team_key, text

pytestmark = pytest.mark.django_db


def indicator_url(indicator, **query) -> str:
    url = reverse("indicators:indicator", args=[indicator.pk])
    return url + ("?" + "&".join(f"{key}={value}" for key, value in query.items()) if query else "")


def chart_data(response) -> dict:
    html = response.content.decode()
    return json.loads(re.search(r'<script id="trend-data" type="application/json">(.*?)</script>', html, re.S).group(1))


def test_it_explains_the_indicator_and_gives_the_figure_as_a_fraction(world, client_for):
    response = client_for(world.cast.senior).get(indicator_url(world.visits))

    page = text(response)
    assert "CP 13: Children on a plan visited in the last 4 weeks" in page
    assert "Children on a child protection plan at month end; visited in the 28 days to month end." in page
    assert "Unit Percentage Better is Higher is better Period At month end" in page
    assert "Thresholds Outstanding 90+; Good 80-89; Adequate 70-79" in page
    assert "Statistical neighbours 85.5 (2023-24) England 88 (2023-24)" in page
    assert "Milestones 80+ by Dec 2024; 85+ by Mar 2025; 90+ by Jun 2025" in page
    headline = re.search(r'data-testid="headline-figure"><span class="([^"]+)">([^<]+)<', response.content.decode())
    assert headline.groups() == ("app-rating app-rating--inadequate", "2 of 4 (50.0%)")
    assert "Milestone in force 80+ (by December 2024): off track" in page


def test_it_warns_when_a_percentage_rests_on_fewer_than_five_records_and_not_at_five(world, client_for):
    figure(world.visits, JANUARY.replace(year=2024), numerator=4, denominator=5, kind="reported")
    client = client_for(world.cast.senior)

    four = client.get(indicator_url(world.visits))
    five = client.get(indicator_url(world.visits, month="2024-01"))

    assert "2 of 4 (50.0%)" in text(four)
    assert 'data-testid="small-number-warning"' in four.content.decode()
    assert "This percentage rests on fewer than 5 records" in text(four)
    assert "4 of 5 (80.0%)" in text(five)
    assert 'data-testid="small-number-warning"' not in five.content.decode()


def test_it_shows_the_reported_and_restated_figures_with_the_difference(world, client_for):
    figure(world.visits, FEBRUARY, numerator=1, denominator=4, kind=SnapshotKind.RESTATED)

    response = client_for(world.cast.senior).get(indicator_url(world.visits))

    assert (
        "As reported at sign-off: 2 of 4 (50.0%) . Restated since, from records entered or corrected later: "
        "1 of 4 (25.0%) , a difference of -25.0 percentage points."
    ) in text(response)
    february = next(row for row in rows_of(response, "trend-table") if row.startswith("Feb 2025"))
    assert february.startswith("Feb 2025 2 of 4 (50.0%) Inadequate")
    assert "As reported 1 of 4 (25.0%) -25.0 percentage points 80+ Off track" in february


def test_the_chart_draws_exactly_the_figures_of_the_table_below_it(world, client_for):
    response = client_for(world.cast.senior).get(indicator_url(world.visits))

    data = chart_data(response)
    rows = rows_of(response, "trend-table")[1:]
    assert len(data["labels"]) == len(rows) == 24
    assert data["labels"][0] == "Mar 2023" and data["labels"][-1] == "Feb 2025"
    for label, value, row in zip(data["labels"], data["values"], rows, strict=True):
        assert row.startswith(label)
        if value is None:
            assert row.startswith(f"{label} no data")
        else:
            assert f"({value:.1f}%)" in row
    assert data["values"][-2:] == [50.0, 50.0]
    assert data["percentage"] is True
    # Bands as the rating rounds them (90+ covers 89.5 up), worst first.
    assert [(band["rating"], band["low"], band["high"]) for band in data["bands"]] == [
        ("Adequate", 69.5, 79.5),
        ("Good", 79.5, 89.5),
        ("Outstanding", 89.5, None),
    ]
    # The milestone in force each month: 80+ until March 2025 (the next one before any is due).
    assert set(data["targetLow"]) == {80.0} and set(data["targetText"]) == {"80+"}
    assert data["neighbours"] == {"value": 85.5, "year": "2023-24"}
    assert data["england"] == {"value": 88.0, "year": "2023-24"}
    assert data["provisional"][-1] is False
    html = response.content.decode()
    assert "chartjs/chart.umd.min.js" in html and 'role="img"' in html


def test_a_team_trend_shows_the_team_figures(world, client_for):
    response = client_for(world.cast.manager_a).get(indicator_url(world.visits, scope=team_key(world.cast.team_a)))

    assert chart_data(response)["values"][-2:] == [66.7, 66.7]
    assert "Care Planning A CP 13:" in text(response)


def test_an_indicator_to_be_confirmed_is_shown_as_such_without_a_chart(cast, client_for):
    indicator = IndicatorFactory(code="CIN", title="To be Confirmed.", status=IndicatorStatus.TO_BE_CONFIRMED)

    response = client_for(cast.senior).get(indicator_url(indicator))

    assert response.status_code == 200
    assert "To be confirmed" in text(response)
    assert 'id="trend-data"' not in response.content.decode()


def test_the_pages_never_compute_a_figure(world, client_for, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a page computed figures")

    monkeypatch.setattr("indicators.services.compute_month", refuse)
    monkeypatch.setattr("indicators.services.figures_for_month", refuse)
    monkeypatch.setattr("indicators.services._compute_indicator", refuse)
    client = client_for(world.cast.senior)

    for url in (
        reverse("indicators:scorecard", args=[world.scorecard.slug]),
        reverse("indicators:team_kpis"),
        indicator_url(world.visits),
        reverse("indicators:records", args=[world.visits.pk]),
    ):
        assert client.get(url).status_code == 200


def test_a_benchmark_not_entered_is_said_in_the_chart_key_the_table_and_the_definition(world, client_for):
    # The seeds give no England averages: take CP 13's away, keep its statistical neighbours'.
    world.visits.benchmarks.filter(kind="england").delete()

    response = client_for(world.cast.senior).get(indicator_url(world.visits))

    # A senior manager cannot add one: the page does not send them to the admin.
    note = "No England average entered"
    data = chart_data(response)
    assert data["england"] is None and data["missing"] == [note]
    html = response.content.decode()
    caption = html[html.index("<figcaption") : html.index("</figcaption>")]
    assert f'data-testid="missing-benchmark">{note}.</span>' in caption
    assert "the statistical neighbour average" in caption and "and the England average" not in caption
    assert f"Statistical neighbours 85.5 (2023-24) England {note}" in text(response)
    header, *rows = rows_of(response, "trend-table")
    assert header.endswith("Statistical neighbours England Comment")
    assert all("85.5 not entered" in row for row in rows) and len(rows) == 24


def test_with_neither_average_entered_both_are_named(world, client_for):
    world.visits.benchmarks.all().delete()

    response = client_for(world.cast.senior).get(indicator_url(world.visits))

    assert chart_data(response)["missing"] == [
        "No statistical neighbour average entered",
        "No England average entered",
    ]
    assert all("not entered not entered" in row for row in rows_of(response, "trend-table")[1:])
    assert "Benchmarks" not in text(response)


def test_only_an_administrator_is_told_where_to_add_a_missing_average(world, client_for):
    world.visits.benchmarks.all().delete()
    # An administrator who also reads the reports (administrators alone see none).
    world.cast.admin.groups.add(Group.objects.get(name=Role.PERFORMANCE_OFFICER))

    response = client_for(world.cast.admin).get(indicator_url(world.visits))

    assert chart_data(response)["missing"] == [
        "No statistical neighbour average entered: add one in Benchmarks",
        "No England average entered: add one in Benchmarks",
    ]


def test_an_entered_england_average_is_drawn_and_nothing_is_said_missing(world, client_for):
    response = client_for(world.cast.senior).get(indicator_url(world.visits))

    assert chart_data(response)["missing"] == []
    assert 'data-testid="missing-benchmark"' not in response.content.decode()
    assert all(" 85.5 88 " in f" {row} " for row in rows_of(response, "trend-table")[1:])
