"""The colour of every figure on the pages is its rating by ``bands.rate``: every seed 003
band, at and around each bound (including the half-way points the rounding turns on)."""

import json
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from core.periods import add_months, format_month
from core.templatetags.govuk import rating_class
from indicators.bands import Rating, Thresholds, parse_band, rate
from indicators.models import Method, SnapshotKind, Unit
from indicators.reference import SEED_003, SEED_003_VALUES
from tests.factories import (
    IndicatorFactory,
    ScorecardFactory,
    ScorecardRowFactory,
    SnapshotFactory,
    SocialWorkerFactory,
    ThresholdSetFactory,
)

from .conftest import table_of

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


# --- The scorecard, team and worker tables ---------------------------------------------------

SCORECARD_MONTHS = [date(2024, 11, 1), date(2024, 12, 1), date(2025, 1, 1), date(2025, 2, 1)]
FEBRUARY = SCORECARD_MONTHS[-1]


def hand_reported(indicator, month, value, scope_key="authority", **scope):
    return SnapshotFactory(
        indicator=indicator,
        month=month,
        scope_key=scope_key,
        numerator=None,
        denominator=None,
        value=value,
        method=Method.MANUAL,
        **scope,
    )


def classes_in(rows, columns: dict[int, str]) -> dict[tuple[str, str], str]:
    """{(PI ref, column name): the rating class of the figure in it} for the given cell positions."""
    found = {}
    for row in rows:
        key = next((cell for cell in row.cells if cell.tag == "th"), row.cells[0])  # the scorecard's PI ref
        code = re.sub(r"<[^>]+>", "", key.html).strip()
        for index, name in columns.items():
            rating = re.search(r'class="app-rating (app-rating--[a-z-]+)"', row.cells[index].html)
            if rating:
                found[(code, name)] = rating.group(1)
    return found


@pytest.fixture
def spread(cast):
    """spread(code) -> the seed band's values around its bounds, four to an indicator (the
    scorecard's four months, the authority figure; team A's February figure; four workers'
    February figures), with {(PI ref, where): the class rate() gives} for each table."""

    def make(code):
        _, _, adequate, good, outstanding, _, _ = next(row for row in SEED_003_VALUES if row[0] == code)
        entry = ENTRIES[code]
        thresholds = Thresholds.parse(outstanding, good, adequate)
        values = values_around_bounds([outstanding, good, adequate])
        workers = [cast.social_worker_a] + [
            SocialWorkerFactory(team=cast.team_a, first_name=f"Worker{n}", last_name="Zed") for n in range(1, 4)
        ]
        card = ScorecardFactory(name=f"Bands of {code}", slug="bands")
        expected = {"scorecard": {}, "team": {}, "workers": {}}

        def colour(value):
            return rating_class(rate(value, thresholds, entry.polarity).value)

        for number, start in enumerate(range(0, len(values), 4), start=1):
            chunk = values[start : start + 4]
            indicator = IndicatorFactory(
                code=f"{code} ({number})", title=entry.title, unit=entry.unit, polarity=entry.polarity
            )
            ThresholdSetFactory(indicator=indicator, outstanding=outstanding, good=good, adequate=adequate)
            ScorecardRowFactory(scorecard=card, position=number, indicator=indicator)
            for month, value in zip(SCORECARD_MONTHS, chunk, strict=False):
                hand_reported(indicator, month, value)
                expected["scorecard"][(indicator.code, f"{month:%b-%y}")] = colour(value)
            authority = values[start + 3] if len(chunk) == 4 else None
            if authority is not None:
                expected["team"][(indicator.code, "authority")] = colour(authority)
            hand_reported(indicator, FEBRUARY, chunk[0], f"team:{cast.team_a.pk}", team=cast.team_a)
            expected["team"][(indicator.code, "team")] = colour(chunk[0])
            for worker, value in zip(workers, chunk, strict=False):
                hand_reported(indicator, FEBRUARY, value, f"worker:{worker.pk}", worker=worker)
                expected["workers"][(indicator.code, worker.full_name)] = colour(value)
        return expected

    return make


@pytest.mark.parametrize("code", [row[0] for row in SEED_003_VALUES])
def test_scorecard_colours_match_the_rating_function_in_every_cell(code, spread, cast, client_for):
    expected = spread(code)["scorecard"]

    response = client_for(cast.senior).get(reverse("indicators:scorecard", args=["bands"]) + "?month=2025-02")

    rows = table_of(response, "scorecard")
    header = [re.sub(r"<[^>]+>", "", cell.html).split()[0] for cell in rows[1].cells]
    shown = {f"{month:%b-%y}" for month in SCORECARD_MONTHS}
    months = {index: name for index, name in enumerate(header) if name in shown}
    assert len(months) == 4
    assert classes_in([row for row in rows if row.attrs.get("data-testid", "").startswith("row-")], months) == expected


@pytest.mark.parametrize("code", [row[0] for row in SEED_003_VALUES])
def test_team_and_worker_table_colours_match_the_rating_function_in_every_cell(code, spread, cast, client_for):
    expected = spread(code)

    response = client_for(cast.manager_a).get(reverse("indicators:team_kpis") + "?month=2025-02")

    team = table_of(response, "team-table")
    assert [re.sub(r"<[^>]+>", "", cell.html).strip() for cell in team[0].cells] == [
        "Indicator",
        "Title",
        "Care Planning A",
        "Northbridge Council",
    ]
    assert classes_in(team[1:], {2: "team", 3: "authority"}) == expected["team"]
    workers = table_of(response, "worker-table")
    names = [re.sub(r"<[^>]+>", "", cell.html).strip() for cell in workers[0].cells]
    assert sorted(names[2:]) == ["Alice Archer", "Worker1 Zed", "Worker2 Zed", "Worker3 Zed"]
    assert classes_in(workers[1:], dict(enumerate(names))) == expected["workers"]


# --- One palette for the figures and the chart -------------------------------------------------

SCSS = Path(settings.BASE_DIR) / "assets" / "scss"
PALETTE_ENTRY = re.compile(r'^\s*"([a-z-]+)": \((#[0-9a-f]{6}), (#[0-9a-f]{6})\),$', re.M)


def test_every_rating_has_its_colour_in_the_palette_and_nowhere_else():
    palette = (SCSS / "_palette.scss").read_text()

    names = [name for name, _, _ in PALETTE_ENTRY.findall(palette)]
    assert names == [rating_class(rating.value).removeprefix("app-rating--") for rating in Rating]
    for stylesheet in SCSS.glob("*.scss"):
        if stylesheet.name != "_palette.scss":
            # Only "not rated" (no colour) is styled outside the palette.
            assert not re.findall(r"\.app-rating--(?!none\b)[a-z-]+\s*\{", stylesheet.read_text()), stylesheet.name


def test_the_chart_bands_name_the_palette_colours_of_their_ratings(cast, client_for):
    indicator = IndicatorFactory(code="CP 13", unit=Unit.PERCENTAGE, polarity="up")
    ThresholdSetFactory(indicator=indicator, outstanding="90+", good="80-89", adequate="70-79")
    SnapshotFactory(indicator=indicator, month=FIRST, numerator=9, denominator=10)
    palette = dict((name, colour) for name, colour, _ in PALETTE_ENTRY.findall((SCSS / "_palette.scss").read_text()))

    response = client_for(cast.senior).get(reverse("indicators:indicator", args=[indicator.pk]) + "?month=2023-01")

    html = response.content.decode()
    data = json.loads(re.search(r'<script id="trend-data" type="application/json">(.*?)</script>', html, re.S).group(1))
    assert [(band["rating"], band["colourProperty"]) for band in data["bands"]] == [
        ("Adequate", "--app-rating-adequate"),
        ("Good", "--app-rating-good"),
        ("Outstanding", "--app-rating-outstanding"),
    ]
    assert {band["colourProperty"].removeprefix("--app-rating-") for band in data["bands"]} <= set(palette)
    assert "colour" not in data["bands"][0]  # no colour of its own: the chart reads the stylesheet's
