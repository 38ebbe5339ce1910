"""Every box of the admin's tabular inlines has a name naming its column and row (a tabular
inline labels only its column headings), the blank row the script copies included."""

import pytest
from django.urls import reverse

from tests.factories import BenchmarkFactory, IndicatorFactory, ScorecardFactory, ScorecardRowFactory

pytestmark = pytest.mark.django_db


def test_each_scorecard_row_box_is_named_by_column_and_row(cast, client_for):
    card = ScorecardFactory(name="Labelled", slug="labelled")
    first, second = IndicatorFactory(code="CP 13"), IndicatorFactory(code="CP 5")
    ScorecardRowFactory(scorecard=card, position=1, indicator=first)
    ScorecardRowFactory(scorecard=card, position=2, indicator=second)

    page = client_for(cast.admin).get(reverse("admin:indicators_scorecard_change", args=[card.pk])).content.decode()

    for row in ("row 1", "row 2"):
        for column in ("Position", "Row type", "Theme", "Action plan ref", "Indicator", "Text"):
            assert page.count(f'aria-label="{column}, {row}"') == 1, (column, row)
        assert page.count(f'aria-label="Delete {row}"') == 1
    # The empty row a script copies to add one.
    assert 'aria-label="Indicator, new row"' in page
    # The indicator is a plain select (select2's box has no accessible name).
    assert "admin-autocomplete" not in page


def test_benchmark_and_milestone_rows_are_named_on_the_indicator_page(cast, client_for):
    indicator = IndicatorFactory(code="CP 13")
    BenchmarkFactory(indicator=indicator)
    page = client_for(cast.admin).get(reverse("admin:indicators_indicator_change", args=[indicator.pk]))
    html = page.content.decode()
    assert 'aria-label="Kind, row 1"' in html and 'aria-label="Year, row 1"' in html
    assert 'aria-label="Delete row 1"' in html
    assert 'aria-label="Target, new row"' in html
