"""The indicator page's chart: a y-axis fitted to what it draws (figures, bands, targets,
averages) on round numbers, and a team's trend drawn beside the authority's."""

from decimal import Decimal

import pytest

from indicators.models import Snapshot, Unit
from indicators.report_indicator import axis_range
from tests.factories import IndicatorFactory

from .conftest import FEBRUARY, JANUARY, figure, rows_of, team_key
from .test_indicator import chart_data, indicator_url

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("drawn", "unit", "expected"),
    [
        # 15% to 25%: a tenth either side (14 to 26), on steps of 5: 10 to 30, not 0 to 100.
        ([15.0, 18.0, 25.0], Unit.PERCENTAGE, (10.0, 30.0)),
        # With repeat referrals' bands (19.5 to 30.5 as rated): the top band edge shows too.
        ([15.0, 25.0, 19.5, 24.5, 24.5, 30.5], Unit.PERCENTAGE, (10.0, 35.0)),
        # Near the top of a percentage: never above 100.
        ([92.0, 99.0], Unit.PERCENTAGE, (90.0, 100.0)),
        # Near zero: never below 0 (0 - 1 is -1); 4 on steps of 1.
        ([0.0, 3.0], Unit.COUNT, (0.0, 4.0)),
        # A flat series still has room: one unit either side, on steps of 0.5.
        ([22.0, 22.0], Unit.AVERAGE, (21.0, 23.0)),
        # Nothing drawn (no figure at all): the whole scale.
        ([None, None], Unit.PERCENTAGE, (0.0, 100.0)),
        ([], Unit.COUNT, (0.0, 10.0)),
    ],
)
def test_the_axis_is_fitted_to_what_is_drawn(drawn, unit, expected):
    axis = axis_range(drawn, unit)
    assert (axis["min"], axis["max"]) == expected


def test_the_chart_axis_covers_the_figures_bands_targets_and_averages(world, client_for):
    # CP 13: figures 50%, bands from 69.5 (Adequate 70-79) up, targets 80 to 90, averages 85.5 and 88.
    data = chart_data(client_for(world.cast.senior).get(indicator_url(world.visits)))
    # 50 to 89.5 (the top of Good), a tenth either side: 46.05 to 93.45, on steps of 10.
    assert data["axis"] == {"min": 40.0, "max": 100.0}


def test_a_low_series_without_bands_is_not_flattened_against_zero_to_a_hundred(world, client_for):
    low = IndicatorFactory(code="1.1", title="Repeat referrals", polarity="down")
    figure(low, JANUARY, numerator=15, denominator=100, kind="reported")
    figure(low, FEBRUARY, numerator=25, denominator=100, kind="reported")
    data = chart_data(client_for(world.cast.senior).get(indicator_url(low, month="2025-02")))
    assert data["values"][-2:] == [15.0, 25.0]
    assert data["axis"] == {"min": 10.0, "max": 30.0}


def test_a_team_trend_is_drawn_and_listed_beside_the_authority(world, client_for):
    # Team A: 2 of 3 (66.7%) each month; the authority: 2 of 4 (50.0%).
    Snapshot.objects.filter(indicator=world.visits, month=FEBRUARY, scope_key="authority").update(
        numerator=3, value=Decimal("75"), rating="Adequate"
    )
    response = client_for(world.cast.manager_a).get(
        indicator_url(world.visits, scope=team_key(world.cast.team_a), month="2025-02")
    )
    data = chart_data(response)
    assert data["title"] == "CP 13: Children on a plan visited in the last 4 weeks, Care Planning A"
    assert data["values"][-2:] == [66.7, 66.7]
    assert data["authority"][-2:] == [50.0, 75.0]
    assert data["authorityName"] == "Northbridge Council"
    header, *rows = rows_of(response, "trend-table")
    assert header.startswith("Month Figure Northbridge Council Rating")
    assert rows[-1].startswith(
        "Feb 2025 2 of 3 (66.7%) Inadequate Small number: fewer than 5 3 of 4 (75.0%) Adequate Small number"
    )


def test_the_authority_page_draws_no_second_series(world, client_for):
    response = client_for(world.cast.senior).get(indicator_url(world.visits))
    assert chart_data(response)["authority"] is None
    assert rows_of(response, "trend-table")[0].startswith("Month Figure Rating")
