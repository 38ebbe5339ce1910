"""The small-number warning: every figure divided by fewer than 5 records (a percentage, an
average, average days), on every page that shows figures; never a count, never a figure
divided by 5 or more."""

import pytest
from django.urls import reverse

from indicators.formatting import is_small_number
from indicators.models import Unit
from tests.factories import IndicatorFactory, ScorecardFactory, ScorecardRowFactory

from .conftest import FEBRUARY, figure, rows_of, team_key, text, worker_key

pytestmark = pytest.mark.django_db

NOTE = "Small number: fewer than 5"

# code, unit, numerator, denominator, the figure as shown (worked out by hand), flagged
FIGURES = [
    # W 1e: 30 cases held by 2 ASYE workers: 30 / 2 = 15.0 on 2 records.
    ("W 1e", Unit.AVERAGE, 30, 2, "15.0 (30 over 2)", True),
    # AD 7: 1,200 days over 3 adoptions: 1200 / 3 = 400.0 on 3 records.
    ("AD 7", Unit.DAYS, 1200, 3, "400.0 (1200 over 3)", True),
    # CP 13: 2 of 4 children visited: 50.0% on 4 records.
    ("CP 13", Unit.PERCENTAGE, 2, 4, "2 of 4 (50.0%)", True),
    # W 1: 100 cases over 5 workers: 20.0 on 5 records, not fewer than 5.
    ("W 1", Unit.AVERAGE, 100, 5, "20.0 (100 over 5)", False),
    # FD 3: 4 of 5 contacts: 80.0% on 5 records.
    ("FD 3", Unit.PERCENTAGE, 4, 5, "4 of 5 (80.0%)", False),
    # 2.5: a count of 3 plans: no denominator, never flagged.
    ("2.5", Unit.COUNT, 3, None, "3", False),
]


@pytest.fixture
def figures(cast):
    """Each figure above for February 2025 (provisional), for the authority, team A and
    Alice Archer (team A's worker), on one scorecard."""
    card = ScorecardFactory(name="Small numbers", slug="small-numbers")
    indicators = {}
    for position, (code, unit, numerator, denominator, _, _) in enumerate(FIGURES, start=1):
        indicator = IndicatorFactory(code=code, title=f"Title of {code}", unit=unit)
        indicators[code] = indicator
        ScorecardRowFactory(scorecard=card, position=position, indicator=indicator)
        worker = cast.social_worker_a
        for key, scope in (("authority", {}), (team_key(cast.team_a), {"team": cast.team_a})):
            figure(indicator, FEBRUARY, key, numerator=numerator, denominator=denominator, **scope)
        figure(indicator, FEBRUARY, worker_key(worker), numerator=numerator, denominator=denominator, worker=worker)
    return indicators


def flagged_codes(rows: list[str]) -> set[str]:
    return {row.split(" Title of")[0] for row in rows if NOTE in row}


def test_the_one_rule_flags_ratios_under_five_and_never_a_count():
    assert [is_small_number(denominator, unit) for _, unit, _, denominator, _, _ in FIGURES] == [
        flagged for *_, flagged in FIGURES
    ]
    assert not is_small_number(0, Unit.AVERAGE)  # nothing to divide: "no data", not a small number
    assert not is_small_number(3, Unit.COUNT)  # 4.5, the largest caseload of 3 workers, is not an average


def test_the_scorecard_marks_every_small_number_and_only_those(figures, cast, client_for):
    response = client_for(cast.senior).get(reverse("indicators:scorecard", args=["small-numbers"]) + "?month=2025-02")

    rows = [row for row in rows_of(response, "scorecard") if "Title of" in row]
    assert flagged_codes(rows) == {"W 1e", "AD 7", "CP 13"}
    for (code, _, _, _, shown, _), row in zip(FIGURES, rows, strict=True):
        assert row.startswith(f"{code} Title of {code}") and shown in row


def test_the_team_and_worker_tables_mark_every_small_number(figures, cast, client_for):
    response = client_for(cast.manager_a).get(reverse("indicators:team_kpis") + "?month=2025-02")

    team_rows = rows_of(response, "team-table")[1:]
    worker_rows = rows_of(response, "worker-table")[1:]
    assert flagged_codes(team_rows) == flagged_codes(worker_rows) == {"W 1e", "AD 7", "CP 13"}
    # Team and authority figures are the same here: each flagged row carries the note twice.
    assert [row.count(NOTE) for row in team_rows] == [2 if flagged else 0 for *_, flagged in FIGURES]


@pytest.mark.parametrize(("code", "unit", "numerator", "denominator", "shown", "flagged"), FIGURES)
def test_the_indicator_page_warns_in_words_and_in_the_trend_table(
    code, unit, numerator, denominator, shown, flagged, figures, cast, client_for
):
    response = client_for(cast.senior).get(reverse("indicators:indicator", args=[figures[code].pk]) + "?month=2025-02")

    page = text(response)
    february = next(row for row in rows_of(response, "trend-table") if row.startswith("Feb 2025"))
    assert shown in february
    assert (NOTE in february) is flagged
    assert ('data-testid="small-number-warning"' in response.content.decode()) is flagged
    if unit == Unit.PERCENTAGE and flagged:
        assert "This percentage rests on fewer than 5 records: one child changes it by 20 points or more." in page
    elif unit == Unit.DAYS and flagged:
        assert "This average number of days rests on fewer than 5 records: one record can change it a lot." in page
    elif flagged:
        assert "This average rests on fewer than 5 records: one record can change it a lot." in page
    else:
        assert "rests on fewer than 5 records" not in page


@pytest.mark.parametrize(("code", "flagged"), [(code, flagged) for code, *_, flagged in FIGURES])
def test_the_records_page_warns_above_the_list(code, flagged, figures, cast, client_for):
    url = reverse("indicators:records", args=[figures[code].pk]) + f"?scope={team_key(cast.team_a)}&month=2025-02"

    response = client_for(cast.manager_a).get(url)

    assert ('data-testid="small-number-warning"' in response.content.decode()) is flagged
    assert ("rests on fewer than 5 records" in text(response)) is flagged
