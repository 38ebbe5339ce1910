"""A scorecard at a glance: each figure's change since last month (arrow, amount and word,
coloured by polarity), measures with no thresholds saying so and standing against an
average, and the league view with the teams as columns."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from core.roles import Role
from indicators.models import Snapshot, Unit
from tests.factories import BenchmarkFactory, IndicatorFactory, ScorecardRowFactory

from .conftest import FEBRUARY, JANUARY, MARCH, figure, rows_of, table_of, text

pytestmark = pytest.mark.django_db


def scorecard_page(world, client, month="2025-02"):
    return client.get(reverse("indicators:scorecard", args=[world.scorecard.slug]) + f"?month={month}")


def league_page(world, client, month="2025-02"):
    return client.get(reverse("indicators:scorecard_league", args=[world.scorecard.slug]) + f"?month={month}")


@pytest.fixture
def unrated(world):
    """A percentage with no thresholds, lower is better, 15.2% in February against a
    statistical neighbour average of 13.8 and an England average of 20."""
    indicator = IndicatorFactory(code="1.2", title="Second CP plans", unit=Unit.PERCENTAGE, polarity="down")
    BenchmarkFactory(indicator=indicator, value=Decimal("13.8"), year="2016-17")
    BenchmarkFactory(indicator=indicator, kind="england", value=Decimal("20"), year="2016-17")
    ScorecardRowFactory(scorecard=world.scorecard, position=5, indicator=indicator, text="Second CP plans")
    figure(indicator, JANUARY, numerator=3, denominator=20, kind="reported")  # 15.0%
    figure(indicator, FEBRUARY, numerator=38, denominator=250, kind="reported")  # 15.2%
    return indicator


def march_cell(response, code: str) -> str:
    """The markup of the March figure (the last of the four months) on the row of ``code``."""
    row = [row for row in table_of(response, "scorecard") if row.attrs.get("data-testid") == f"row-{code}"][0]
    figures = [cell for cell in row.cells if "app-scorecard__figure" in cell.classes]
    return figures[-1].html


def test_a_rise_is_green_where_higher_is_better_and_red_where_lower_is_better(world, client_for):
    # March (provisional), against February's 2 of 4 (50.0%) and 3 plans: both rise.
    Snapshot.objects.filter(indicator=world.visits, month=MARCH, scope_key="authority").update(
        numerator=3, value=Decimal("75")
    )
    Snapshot.objects.filter(indicator=world.long_plans, month=MARCH, scope_key="authority").update(
        numerator=6, value=Decimal("6")
    )
    response = scorecard_page(world, client_for(world.cast.senior), month="2025-03")

    visits, plans = march_cell(response, "CP 13"), march_cell(response, "2.5")
    # Visits (higher is better): up 25.0 points, better, in the "better" colour.
    assert 'class="app-figure__note app-change app-change--better" data-change="better"' in visits
    assert '<span class="app-change__arrow">▲</span> 25.0 better</span>' in visits
    assert '<span class="govuk-visually-hidden">Up 25.0 percentage points on February 2025: better</span>' in visits
    # Plans over 15 months (lower is better): the same arrow, up 3, is worse.
    assert 'class="app-figure__note app-change app-change--worse" data-change="worse"' in plans
    assert '<span class="app-change__arrow">▲</span> 3 worse</span>' in plans
    assert '<span class="govuk-visually-hidden">Up 3 on February 2025: worse</span>' in plans


def test_the_first_month_shown_is_compared_with_the_month_before_it(world, client_for):
    # Shown: December to March. December has no figure; January's has none before it.
    response = scorecard_page(world, client_for(world.cast.senior), month="2025-03")
    row = [row for row in table_of(response, "scorecard") if row.attrs.get("data-testid") == "row-CP 13"][0]
    figures = [cell.html for cell in row.cells if "app-scorecard__figure" in cell.classes]
    assert [("data-change" in html) for html in figures] == [False, False, True, True]


def test_a_measure_without_thresholds_says_so_and_stands_against_the_neighbours(world, unrated, client_for):
    response = scorecard_page(world, client_for(world.cast.senior))
    row = [line for line in rows_of(response, "scorecard") if line.startswith("1.2 ")][0]
    assert "No thresholds set: compared with the statistical neighbour average" in row
    # 15.2% against 13.8: above, and for a lower-is-better measure that is worse.
    assert (
        "38 of 250 (15.2%) ▲ 0.2 worse Up 0.2 percentage points on January 2025: worse "
        "Above stat neighbours (13.8): worse" in row
    )
    assert "Set thresholds" not in row  # a senior manager does not configure


def test_an_administrator_is_offered_to_set_the_thresholds(world, unrated, client_for):
    # An administrator who also reads the scorecards (administrators alone do not).
    world.cast.admin.groups.add(Group.objects.get(name=Role.PERFORMANCE_OFFICER))
    response = scorecard_page(world, client_for(world.cast.admin))
    row = [row for row in table_of(response, "scorecard") if row.attrs.get("data-testid") == "row-1.2"][0]
    cell = [cell for cell in row.cells if cell.attrs.get("data-testid") == "no-thresholds-1.2"][0]
    assert cell.colspan == 3  # across Adequate, Good and Outstanding
    assert reverse("admin:indicators_indicator_change", args=[unrated.pk]) in cell.html


def test_a_measure_with_no_thresholds_and_no_average_says_both(world, client_for):
    bare = IndicatorFactory(code="9.9", title="Bare", polarity="up")
    ScorecardRowFactory(scorecard=world.scorecard, position=6, indicator=bare)
    figure(bare, FEBRUARY, numerator=1, denominator=2, kind="reported")
    response = scorecard_page(world, client_for(world.cast.senior))
    row = [line for line in rows_of(response, "scorecard") if line.startswith("9.9 ")][0]
    assert "No thresholds set, and no average entered to compare with" in row
    assert "stat neighbours" not in row


def test_the_league_view_puts_teams_as_columns_beside_the_authority_and_neighbours(world, client_for):
    response = league_page(world, client_for(world.cast.senior))
    rows = rows_of(response, "league")
    assert rows[0] == "Measure Northbridge Council Stat neigh av Care Planning A Care Planning B"
    assert rows[1] == "Timeliness"
    # CP 13 in February: authority 2 of 4, neighbours 85.5, team A 2 of 3, team B 0 of 1.
    assert rows[2].startswith("CP 13 % children on a plan visited within 4 weeks 2 of 4 (50.0%) Inadequate")
    assert " 85.5 2 of 3 (66.7%) Inadequate ▶ no change No change on January 2025 " in rows[2]
    assert rows[2].endswith("0 of 1 (0.0%) Inadequate ▶ no change No change on January 2025 Small number: fewer than 5")
    # Plans over 15 months: team B has no figure for it ("no data"), and no average was entered.
    assert rows[3].startswith("2.5 Number of CP plans open more than 15 months 3 Outstanding")
    assert " none entered 2 Outstanding " in rows[3] and rows[3].endswith("no data")
    # The scorecard's comment rows are not figures: they are left out.
    assert "Visits: counted from CP visits." not in text(response)


def test_the_league_view_is_for_those_who_see_every_scorecard(world, client_for):
    url = reverse("indicators:scorecard_league", args=[world.scorecard.slug])
    assert client_for(world.cast.worker_a).get(url).status_code == 403
    assert client_for(world.cast.performance).get(url).status_code == 200


def test_the_scorecard_links_to_its_league_view_for_the_same_month(world, client_for):
    response = scorecard_page(world, client_for(world.cast.senior))
    league = reverse("indicators:scorecard_league", args=[world.scorecard.slug])
    assert f'href="{league}?scope=authority&amp;month=2025-02" data-testid="league-link"' in response.content.decode()
