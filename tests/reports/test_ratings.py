"""The colour of every figure on the pages is its rating by ``bands.rate``: every seed 003
band, at and around each bound (including the half-way points the rounding turns on)."""

import re
from datetime import date
from decimal import Decimal

import pytest
from django.urls import reverse

from indicators.bands import Thresholds, parse_band, rate
from indicators.models import Method, SnapshotKind, Unit
from indicators.periods import add_months, format_month
from indicators.reference import SEED_003, SEED_003_VALUES
from kpi_project.templatetags.govuk import rating_class
from tests.factories import IndicatorFactory, SnapshotFactory, ThresholdSetFactory

pytestmark = pytest.mark.django_db

ENTRIES = {entry.code: entry for entry in SEED_003}
FIRST = date(2023, 1, 1)


def values_around_bounds(bands: list[str]) -> list[Decimal]:
    """Each bound, one step either side, and either side of the half step that rounding turns on."""
    values = set()
    for text in bands:
        band = parse_band(text)
        step = Decimal(1).scaleb(-band.places)
        for bound in (band.low, band.high):
            if bound is None:
                continue
            for offset in (-step, -step / 2 - step / 100, -step / 2, 0, step / 2 - step / 100, step / 2, step):
                if bound + offset >= 0:
                    values.add(bound + offset)
    return sorted(values)


def ratings_on_page(response) -> dict[str, str]:
    """{month: the rating class of its figure} from the trend table."""
    html = response.content.decode()
    table = html[html.index('data-testid="trend-table"') :]
    ratings = {}
    for month, row in re.findall(r'<tr[^>]*data-month="(\d{4}-\d{2})"[^>]*>(.*?)</tr>', table, flags=re.S):
        rating = re.search(r'class="app-rating (app-rating--[a-z-]+)"', row)
        if rating:
            ratings[month] = rating.group(1)
    return ratings


@pytest.mark.parametrize("code", [row[0] for row in SEED_003_VALUES])
def test_page_colours_match_the_rating_function_at_and_around_every_seed_band_bound(code, cast, client_for):
    _, _, adequate, good, outstanding, _, _ = next(row for row in SEED_003_VALUES if row[0] == code)
    entry = ENTRIES[code]
    indicator = IndicatorFactory(code=code, title=entry.title, unit=entry.unit, polarity=entry.polarity)
    ThresholdSetFactory(indicator=indicator, outstanding=outstanding, good=good, adequate=adequate)
    thresholds = Thresholds.parse(outstanding, good, adequate)
    values = values_around_bounds([outstanding, good, adequate])
    client = client_for(cast.senior)

    # The trend shows 24 months: spread the values over as many 24-month pages as they need.
    for start in range(0, len(values), 24):
        chunk = values[start : start + 24]
        expected = {}
        for offset, value in enumerate(chunk):
            month = add_months(FIRST, start + offset)
            snapshot = SnapshotFactory(
                indicator=indicator,
                month=month,
                kind=SnapshotKind.REPORTED,
                numerator=None,
                denominator=None,
                value=value,
                method=Method.MANUAL,
            )
            expected[format_month(month)] = rating_class(rate(value, thresholds, entry.polarity).value)
            assert snapshot.rating == rate(value, thresholds, entry.polarity).value
        last = add_months(FIRST, start + 23)
        response = client.get(reverse("indicators:indicator", args=[indicator.pk]) + f"?month={format_month(last)}")

        shown = ratings_on_page(response)
        assert {month: shown[month] for month in expected} == expected


def test_the_band_shaped_indicator_is_outside_expected_range_below_its_outstanding_band(cast, client_for):
    indicator = IndicatorFactory(code="1.2", unit=Unit.PERCENTAGE, polarity="band")
    ThresholdSetFactory(indicator=indicator, outstanding="5-9", good="10-14", adequate="15-20")
    SnapshotFactory(indicator=indicator, month=FIRST, numerator=4, denominator=100)  # 4.0%: fewer repeat plans

    response = client_for(cast.senior).get(reverse("indicators:indicator", args=[indicator.pk]) + "?month=2023-01")

    assert ratings_on_page(response) == {"2023-01": "app-rating--outside-expected-range"}
    assert "4 of 100 (4.0%)" in response.content.decode()
