"""A provisional team or worker figure with no data is not stored (indicators/scope_rows.py): the
pages read it back from the computation's run and show it as they showed the stored figure."""

from datetime import date

import pytest

from indicators.models import Indicator, Snapshot
from indicators.services import compute_month
from tests.indicators.builders import allocate, child, cp_plan, cp_visit, team, worker
from tests.indicators.helpers import ensure_catalogue

from .conftest import text

pytestmark = pytest.mark.django_db

MARCH = date(2024, 3, 1)


@pytest.fixture
def quiet():
    """Hana (Planning) holds a child on a plan, visited in March; Quentin (Quiet) holds no one."""
    ensure_catalogue()
    hana = worker(team("Planning"), "Hana")
    visited = child()
    cp_visit(cp_plan(visited, date(2024, 1, 1)), date(2024, 3, 20))
    allocate(visited, hana, date(2024, 1, 1))
    quentin = worker(team("Quiet"), "Quentin")
    compute_month(MARCH, trigger="test", codes=["CP 13"])
    cp13 = Indicator.objects.get(code="CP 13")
    assert not Snapshot.objects.filter(indicator=cp13, worker=quentin).exists(), "not stored"
    return cp13, quentin


def test_the_indicator_page_shows_a_workers_figure_with_no_data_as_provisional_no_data(quiet, cast, client_for):
    cp13, quentin = quiet
    page = text(
        client_for(cast.senior).get(f"/performance/indicators/{cp13.pk}/?scope=worker:{quentin.pk}&month=2024-03")
    )

    assert "no data (none in the denominator)" in page
    assert "Provisional, computed" in page
    assert "There is no figure for March 2024" not in page


def test_the_drill_down_of_a_figure_with_no_data_lists_no_records(quiet, cast, client_for):
    cp13, quentin = quiet
    url = f"/performance/indicators/{cp13.pk}/records/?scope=worker:{quentin.pk}&month=2024-03"
    page = text(client_for(cast.senior).get(url))

    assert "0 in all: 0 in the numerator, 0 not" in page
    assert "There is no figure" not in page


def test_the_team_page_shows_the_quiet_teams_figure_as_provisional_no_data(quiet, cast, client_for):
    cp13, quentin = quiet
    page = text(client_for(cast.senior).get(f"/performance/team/?team={quentin.team_id}&month=2024-03"))

    # The CP 13 row: the team's figure, then the authority's beside it.
    row = page[page.index("CP 13") :]
    assert row.index("no data (none in the denominator) Provisional") < row.index("1 of 1 (100.0%) Provisional")
