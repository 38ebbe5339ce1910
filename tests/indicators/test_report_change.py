"""The change since last month and the standing against an average, judged by polarity:
an improvement is "better" whichever way it points, and the comparison is of the values
as the pages show them (rounded half up)."""

from datetime import date
from decimal import Decimal

import pytest

from indicators.models import Benchmark, Polarity, Unit
from indicators.report_change import change_between, compare_with_average

NOVEMBER = date(2013, 11, 1)


def change(value, previous, polarity=Polarity.HIGHER_IS_BETTER, unit=Unit.PERCENTAGE, **ratings):
    return change_between(
        None if value is None else Decimal(value),
        None if previous is None else Decimal(previous),
        unit=unit,
        polarity=polarity,
        previous_month=NOVEMBER,
        **ratings,
    )


@pytest.mark.parametrize(
    ("value", "previous", "polarity", "judgement", "arrow", "shown"),
    [
        ("84", "80", Polarity.HIGHER_IS_BETTER, "better", "▲", "4.0 better"),
        ("76", "80", Polarity.HIGHER_IS_BETTER, "worse", "▼", "4.0 worse"),
        # Repeat referrals: fewer is better, so the arrow points down and is green.
        ("9", "13", Polarity.LOWER_IS_BETTER, "better", "▼", "4.0 better"),
        ("13", "9", Polarity.LOWER_IS_BETTER, "worse", "▲", "4.0 worse"),
        # Best inside a band, no ratings to go by: a direction, no judgement.
        ("13", "9", Polarity.BAND, "neutral", "▲", "4.0"),
        # 80.04 and 79.96 both show as 80.0%: no change, whatever the polarity.
        ("80.04", "79.96", Polarity.HIGHER_IS_BETTER, "same", "▶", "no change"),
        ("80.04", "79.96", Polarity.LOWER_IS_BETTER, "same", "▶", "no change"),
    ],
)
def test_a_change_is_judged_by_polarity(value, previous, polarity, judgement, arrow, shown):
    found = change(value, previous, polarity)
    assert (found.judgement, found.arrow) == (judgement, arrow)
    assert " ".join(part for part in (found.amount_text, found.word) if part) == shown


def test_a_band_indicator_is_judged_by_its_ratings_when_they_differ():
    assert change("17", "22", Polarity.BAND, rating="Good", previous_rating="Adequate").judgement == "better"
    assert change("22", "17", Polarity.BAND, rating="Adequate", previous_rating="Good").judgement == "worse"
    assert change("18", "17", Polarity.BAND, rating="Good", previous_rating="Good").judgement == "neutral"


def test_a_count_moves_by_whole_numbers_and_reads_in_words():
    found = change("38", "35", Polarity.LOWER_IS_BETTER, unit=Unit.COUNT)
    assert (found.amount, found.amount_text) == (Decimal("3"), "3")
    assert found.description == "Up 3 on November 2013: worse"


def test_the_words_for_screen_readers_name_the_unit_and_the_month():
    assert change("84", "80").description == "Up 4.0 percentage points on November 2013: better"
    assert change("80", "80").description == "No change on November 2013"
    days = change("30.5", "31.5", Polarity.LOWER_IS_BETTER, unit=Unit.DAYS)
    assert days.description == "Down 1.0 days on November 2013: better"


def test_no_change_is_given_without_both_figures():
    assert change(None, "80") is None
    assert change("80", None) is None


def benchmarks(**values):
    kinds = {"neighbours": Benchmark.Kind.STATISTICAL_NEIGHBOURS, "england": Benchmark.Kind.ENGLAND}
    return {kinds[name]: Benchmark(kind=kinds[name], year="2016-17", value=Decimal(v)) for name, v in values.items()}


def test_a_figure_is_compared_with_the_neighbours_before_england():
    found = compare_with_average(
        Decimal("15.2"),
        benchmarks(neighbours="13.8", england="20"),
        unit=Unit.PERCENTAGE,
        polarity=Polarity.LOWER_IS_BETTER,
    )
    assert (found.position, found.judgement, found.text) == ("above", "worse", "Above stat neighbours (13.8): worse")


def test_england_is_the_comparison_where_no_neighbour_average_was_entered():
    found = compare_with_average(
        Decimal("25"), benchmarks(england="20"), unit=Unit.PERCENTAGE, polarity=Polarity.HIGHER_IS_BETTER
    )
    assert found.text == "Above England (20): better"


def test_a_figure_level_with_the_average_as_shown_is_level():
    found = compare_with_average(Decimal("13.76"), benchmarks(neighbours="13.8"), unit="percentage", polarity="up")
    assert (found.position, found.judgement, found.text) == ("level", "same", "Level with stat neighbours (13.8)")


def test_no_comparison_without_an_average_or_a_figure():
    assert compare_with_average(Decimal("10"), {}, unit="percentage", polarity="up") is None
    assert compare_with_average(None, benchmarks(england="20"), unit="percentage", polarity="up") is None
