"""The trend chart in a real browser: its threshold bands are shaded in the colours the
stylesheet gives the ratings (one palette, assets/scss/_palette.scss), and a benchmark no
one has entered is named in its key."""

from datetime import date

import pytest
from django.urls import reverse

from tests.factories import IndicatorFactory, SnapshotFactory, ThresholdSetFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHART = "() => window.Chart && Chart.getChart('trend-chart')"

# For each band: the colour the chart read, the colour the rating class has, and the pixel the
# canvas holds in the middle of the band (between grid lines, away from the figure's line).
SAMPLE = """() => {
  const chart = Chart.getChart('trend-chart');
  const options = chart.options.plugins.thresholdBands;
  const x = (chart.scales.x.getPixelForValue(0) + chart.scales.x.getPixelForValue(1)) / 2;
  const ratio = window.devicePixelRatio || 1;
  return options.bands.map((band) => {
    const probe = document.createElement('span');
    probe.className = 'app-rating app-rating--' + band.rating.toLowerCase().split(' ').join('-');
    document.body.append(probe);
    const stylesheet = getComputedStyle(probe).backgroundColor;
    probe.remove();
    const middle = band.high === null ? (band.low + 100) / 2 : (band.low + band.high) / 2;
    const y = chart.scales.y.getPixelForValue(middle);
    const pixel = Array.from(chart.ctx.getImageData(Math.round(x * ratio), Math.round(y * ratio), 1, 1).data);
    return {rating: band.rating, read: band.colour, stylesheet: stylesheet, pixel: pixel, opacity: options.opacity};
  });
}"""


def rgb(hex_colour: str) -> str:
    red, green, blue = (int(hex_colour[index : index + 2], 16) for index in (1, 3, 5))
    return f"rgb({red}, {green}, {blue})"


def test_the_chart_shades_each_band_in_the_stylesheet_colour_of_its_rating(cast, page_for):
    indicator = IndicatorFactory(code="CP 13", title="Children visited")
    # Bands 90+, 80-89 and 70-79 (edges 89.5, 79.5, 69.5); the figure, 20%, is drawn well below them.
    ThresholdSetFactory(indicator=indicator, outstanding="90+", good="80-89", adequate="70-79")
    SnapshotFactory(indicator=indicator, month=date(2025, 2, 1), numerator=2, denominator=10)
    page = page_for(cast.senior)

    page.goto(reverse("indicators:indicator", args=[indicator.pk]) + "?month=2025-02")
    page.wait_for_function(CHART)
    bands = page.evaluate(SAMPLE)

    assert [band["rating"] for band in bands] == ["Adequate", "Good", "Outstanding"]
    for band in bands:
        assert rgb(band["read"]) == band["stylesheet"], band
        # The canvas holds the colour at the chart's opacity (half: 128 of 255), unpremultiplied.
        red, green, blue, alpha = band["pixel"]
        expected = [int(part) for part in band["stylesheet"][4:-1].split(", ")]
        assert abs(alpha - round(255 * band["opacity"])) <= 1, band
        assert all(abs(drawn - wanted) <= 2 for drawn, wanted in zip((red, green, blue), expected, strict=True)), band


def test_the_chart_key_names_the_england_average_no_one_has_entered(cast, page_for):
    indicator = IndicatorFactory(code="CP 13", title="Children visited")
    SnapshotFactory(indicator=indicator, month=date(2025, 2, 1), numerator=2, denominator=10)
    page = page_for(cast.senior)

    page.goto(reverse("indicators:indicator", args=[indicator.pk]) + "?month=2025-02")
    page.wait_for_function(CHART)
    legend = page.evaluate("() => Chart.getChart('trend-chart').legend.legendItems.map((item) => item.text)")

    assert "No England average entered" in legend
    assert "No statistical neighbour average entered" in legend


def test_the_y_axis_is_fitted_to_a_low_series_and_a_team_is_drawn_beside_the_authority(cast, page_for):
    indicator = IndicatorFactory(code="1.1", title="Repeat referrals", polarity="down")
    team = f"team:{cast.team_a.pk}"
    for month, authority, mine in ((date(2025, 1, 1), 15, 18), (date(2025, 2, 1), 25, 22)):
        SnapshotFactory(indicator=indicator, month=month, numerator=authority, denominator=100)
        SnapshotFactory(
            indicator=indicator, month=month, scope_key=team, team=cast.team_a, numerator=mine, denominator=100
        )
    page = page_for(cast.manager_a)

    page.goto(reverse("indicators:indicator", args=[indicator.pk]) + f"?month=2025-02&scope={team}")
    page.wait_for_function(CHART)
    scale = page.evaluate("() => { const y = Chart.getChart('trend-chart').scales.y; return [y.min, y.max]; }")
    labels = page.evaluate("() => Chart.getChart('trend-chart').data.datasets.map((set) => set.label)")

    # 15% to 25%, a tenth either side, on steps of 5: 10% to 30%, not 0% to 100%.
    assert scale == [10, 30]
    assert labels[:2] == ["1.1: Repeat referrals, Care Planning A", "Northbridge Council"]
