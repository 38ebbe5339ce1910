"""Scorecards at a glance in a real browser: both seeded scorecards fit a 1,366 px screen
with no sideways scroll (every column, the milestones and "Against milestone" included),
and the page has no serious accessibility violation."""

import pytest
from django.urls import reverse

from .conftest import serious_accessibility_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = """() => {
  const wrapper = document.querySelector('.app-table-wrapper');
  const last = document.querySelector('[data-testid="scorecard"] thead tr:last-child th:last-child');
  return {
    page: document.documentElement.scrollWidth,
    window: window.innerWidth,
    table: wrapper.scrollWidth,
    wrapper: wrapper.clientWidth,
    lastRight: last.getBoundingClientRect().right,
  };
}"""


@pytest.fixture
def seeded():
    from indicators.reference import load_catalogue, load_scorecards, load_seed_003_configuration

    load_catalogue()
    load_scorecards()
    load_seed_003_configuration()


@pytest.mark.parametrize("slug", ["action-plan-2013-14", "improvement-kpis-2017"])
def test_a_seeded_scorecard_fits_a_1366_pixel_screen(cast, page_for, seeded, slug):
    page = page_for(cast.senior)
    page.set_viewport_size({"width": 1366, "height": 768})

    page.goto(reverse("indicators:scorecard", args=[slug]) + "?month=2013-12")
    widths = page.evaluate(WIDTHS)

    assert widths["page"] <= widths["window"], widths
    assert widths["table"] <= widths["wrapper"], widths
    assert widths["lastRight"] <= widths["window"], widths
    assert serious_accessibility_violations(page) == []


def test_the_league_view_has_no_serious_accessibility_violation(cast, page_for, seeded):
    page = page_for(cast.senior)
    page.set_viewport_size({"width": 1366, "height": 768})

    page.goto(reverse("indicators:scorecard_league", args=["action-plan-2013-14"]) + "?month=2013-12")

    assert page.locator("[data-testid=league] tbody tr").count() > 10
    assert serious_accessibility_violations(page) == []


def test_printed_on_a4_landscape_every_column_is_on_the_page(cast, page_for, seeded):
    """A4 landscape less the 10 mm margins is 277 mm wide: 1,047 CSS pixels at 96 per inch."""
    page = page_for(cast.senior)
    page.set_viewport_size({"width": 1047, "height": 740})
    page.emulate_media(media="print")

    page.goto(reverse("indicators:scorecard", args=["action-plan-2013-14"]) + "?month=2013-12")
    widths = page.evaluate(WIDTHS)

    assert widths["table"] <= widths["wrapper"] and widths["lastRight"] <= 1047, widths
    assert page.locator("form.app-filters").is_hidden()
