"""Threshold bands typed as the seed writes them, and the rating of every seed 003 band at
and around each bound (values are rounded half up to the precision of the band's bounds)."""

from datetime import date
from decimal import Decimal

import pytest

from indicators.bands import BandError, Rating, Thresholds, milestone_in_force, on_track, parse_band, rate
from indicators.reference import SEED_003, SEED_003_VALUES

OUTS, GOOD, ADEQ, INAD, OUTSIDE = (
    Rating.OUTSTANDING,
    Rating.GOOD,
    Rating.ADEQUATE,
    Rating.INADEQUATE,
    Rating.OUTSIDE_EXPECTED_RANGE,
)

POLARITY = {entry.code: entry.polarity for entry in SEED_003}
BANDS = {
    code: Thresholds.parse(outstanding, good, adequate)
    for code, _, adequate, good, outstanding, _, _ in SEED_003_VALUES
}

# (code, value, expected rating), worked out by hand from seed 003's bands.
CASES = [
    # 1.1, lower is better: Outstanding below 20, Good 20-24, Adequate 25-30.
    ("1.1", "0", OUTS),
    ("1.1", "19", OUTS),
    ("1.1", "19.4", OUTS),
    ("1.1", "19.5", GOOD),
    ("1.1", "20", GOOD),
    ("1.1", "24", GOOD),
    ("1.1", "24.4", GOOD),
    ("1.1", "24.5", ADEQ),
    ("1.1", "30", ADEQ),
    ("1.1", "30.4", ADEQ),
    ("1.1", "30.5", INAD),
    # 1.2, best inside a band: Outstanding 5-9, Good 10-14, Adequate 15-20; under 5 needs looking into.
    ("1.2", "4", OUTSIDE),
    ("1.2", "4.4", OUTSIDE),
    ("1.2", "4.5", OUTS),
    ("1.2", "9", OUTS),
    ("1.2", "9.5", GOOD),
    ("1.2", "14", GOOD),
    ("1.2", "14.5", ADEQ),
    ("1.2", "20", ADEQ),
    ("1.2", "20.4", ADEQ),
    ("1.2", "20.5", INAD),
    ("1.2", "15.4", ADEQ),
    # 2.1, higher is better: Adequate 75-84, Good 85-95, Outstanding 95+ (95 is in both: the better wins).
    ("2.1", "100", OUTS),
    ("2.1", "95", OUTS),
    ("2.1", "94.5", OUTS),
    ("2.1", "94.4", GOOD),
    ("2.1", "85", GOOD),
    ("2.1", "84.5", GOOD),
    ("2.1", "84.4", ADEQ),
    ("2.1", "75", ADEQ),
    ("2.1", "74.5", ADEQ),
    ("2.1", "74.4", INAD),
    ("2.1", "69", INAD),
    # 2.2: Adequate 70-79, Good 80-89, Outstanding 90+.
    ("2.2", "90", OUTS),
    ("2.2", "89.5", OUTS),
    ("2.2", "89.4", GOOD),
    ("2.2", "80", GOOD),
    ("2.2", "79.5", GOOD),
    ("2.2", "79.4", ADEQ),
    ("2.2", "70", ADEQ),
    ("2.2", "69.5", ADEQ),
    ("2.2", "69.4", INAD),
    ("2.2", "53", INAD),
    # 2.3 and 4.1: Adequate 65-70, Good 71-75, Outstanding 75+.
    ("2.3", "75", OUTS),
    ("2.3", "74.5", OUTS),
    ("2.3", "74.4", GOOD),
    ("2.3", "71", GOOD),
    ("2.3", "70.5", GOOD),
    ("2.3", "70.4", ADEQ),
    ("2.3", "65", ADEQ),
    ("2.3", "64.5", ADEQ),
    ("2.3", "64.4", INAD),
    ("4.1", "76", OUTS),
    ("4.1", "71", GOOD),
    ("4.1", "70", ADEQ),
    ("4.1", "64", INAD),
    # 2.4: Adequate 75-80, Good 81-90, Outstanding 90+.
    ("2.4", "90", OUTS),
    ("2.4", "89.5", OUTS),
    ("2.4", "89.4", GOOD),
    ("2.4", "81", GOOD),
    ("2.4", "80.5", GOOD),
    ("2.4", "80.4", ADEQ),
    ("2.4", "75", ADEQ),
    ("2.4", "74.4", INAD),
    # 2.5, a count, lower is better: Adequate 10-15, Good 5-9, Outstanding below 5.
    ("2.5", "0", OUTS),
    ("2.5", "4", OUTS),
    ("2.5", "5", GOOD),
    ("2.5", "9", GOOD),
    ("2.5", "10", ADEQ),
    ("2.5", "15", ADEQ),
    ("2.5", "16", INAD),
    # 3.1: Adequate 70-80, Good 81-90, Outstanding 90+.
    ("3.1", "90", OUTS),
    ("3.1", "81", GOOD),
    ("3.1", "80.5", GOOD),
    ("3.1", "80", ADEQ),
    ("3.1", "70", ADEQ),
    ("3.1", "69", INAD),
    # 3.2 and 3.3: Adequate 65-75, Good 76-85, Outstanding 85+.
    ("3.2", "85", OUTS),
    ("3.2", "84.5", OUTS),
    ("3.2", "84.4", GOOD),
    ("3.2", "76", GOOD),
    ("3.2", "75.5", GOOD),
    ("3.2", "75.4", ADEQ),
    ("3.2", "65", ADEQ),
    ("3.2", "64.4", INAD),
    ("3.3", "85", OUTS),
    ("3.3", "76", GOOD),
    ("3.3", "65", ADEQ),
    ("3.3", "64", INAD),
    # 4.2: Adequate 50-55, Good 56-60, Outstanding 60+.
    ("4.2", "60", OUTS),
    ("4.2", "59.5", OUTS),
    ("4.2", "59.4", GOOD),
    ("4.2", "56", GOOD),
    ("4.2", "55.5", GOOD),
    ("4.2", "55.4", ADEQ),
    ("4.2", "50", ADEQ),
    ("4.2", "49.4", INAD),
    ("4.2", "40", INAD),
    # 4.3, lower is better, a reversed range: Adequate 20-15, Good 10-14, Outstanding below 10.
    ("4.3", "9", OUTS),
    ("4.3", "9.4", OUTS),
    ("4.3", "9.5", GOOD),
    ("4.3", "14", GOOD),
    ("4.3", "14.5", ADEQ),
    ("4.3", "20", ADEQ),
    ("4.3", "20.4", ADEQ),
    ("4.3", "20.5", INAD),
    ("4.3", "27.1", INAD),
    # 4.4: Adequate 30-40, Good 41-55, Outstanding 55+.
    ("4.4", "55", OUTS),
    ("4.4", "41", GOOD),
    ("4.4", "40.5", GOOD),
    ("4.4", "40.4", ADEQ),
    ("4.4", "30", ADEQ),
    ("4.4", "29.4", INAD),
    ("4.4", "13", INAD),
    # 4.5, lower is better: Adequate 25-30, Good 24-20, Outstanding below 20.
    ("4.5", "19", OUTS),
    ("4.5", "20", GOOD),
    ("4.5", "24", GOOD),
    ("4.5", "24.5", ADEQ),
    ("4.5", "30", ADEQ),
    ("4.5", "31", INAD),
    ("4.5", "35", INAD),
    # 4.6: Adequate 28-25, Good 24-20, Outstanding below 20.
    ("4.6", "19.4", OUTS),
    ("4.6", "23", GOOD),
    ("4.6", "24.5", ADEQ),
    ("4.6", "28", ADEQ),
    ("4.6", "28.5", INAD),
]


@pytest.mark.parametrize(("code", "value", "expected"), CASES)
def test_every_seed_003_band_at_and_around_its_bounds(code, value, expected):
    assert rate(Decimal(value), BANDS[code], POLARITY[code]) == expected


def test_every_seed_003_indicator_has_cases():
    assert {code for code, _, _ in CASES} == set(BANDS)


def test_no_value_or_no_bands_has_no_rating():
    assert rate(None, BANDS["2.1"], "up") is None
    assert rate(Decimal("50"), None, "up") is None


@pytest.mark.parametrize(
    "text", ["25-30", "20-24", "below 20", "95+", "90+", "20-15", "24-20", "28-25", "5-9", "85", "27.1"]
)
def test_the_seeds_forms_are_accepted_and_shown_back_as_written(text):
    assert str(parse_band(text)) == text


def test_a_reversed_range_is_the_same_interval():
    assert parse_band("20-15").contains(Decimal("17")) and parse_band("20-15").contains(Decimal("15"))
    assert not parse_band("20-15").contains(Decimal("14.4"))


def test_below_is_exclusive_and_plus_inclusive():
    assert not parse_band("below 20").contains(Decimal("20"))
    assert parse_band("below 20").contains(Decimal("19.4"))
    assert parse_band("95+").contains(Decimal("95"))


@pytest.mark.parametrize("text", ["", "twenty", "20-", "-5", "20 - 30 - 40", "above", "95++", "<>3"])
def test_bad_forms_get_a_clear_error(text):
    with pytest.raises(BandError, match="(Enter a band|is not a band)"):
        parse_band(text)


def milestones(code: str) -> list[tuple]:
    from indicators.reference import MILESTONE_DATES

    row = next(row for row in SEED_003_VALUES if row[0] == code)
    return [(due, parse_band(text)) for due, text in zip(MILESTONE_DATES, row[6], strict=True) if text]


def test_the_milestone_in_force_is_the_latest_due_else_the_next():
    plan = milestones("2.1")  # 85 by Dec-13, 90 by Mar-14, 95 by Jun-14
    assert str(milestone_in_force(plan, date(2013, 11, 30))[1]) == "85"
    assert str(milestone_in_force(plan, date(2013, 12, 31))[1]) == "85"
    assert str(milestone_in_force(plan, date(2014, 2, 28))[1]) == "85"
    assert str(milestone_in_force(plan, date(2014, 3, 31))[1]) == "90"
    assert str(milestone_in_force(plan, date(2015, 1, 31))[1]) == "95"


@pytest.mark.parametrize(
    ("code", "value", "on", "expected"),
    [
        ("2.1", "84", date(2013, 11, 30), False),  # a single number, higher is better: at least 85
        ("2.1", "90", date(2013, 12, 31), True),
        ("2.1", "89", date(2014, 4, 30), False),  # 90 from March
        ("4.3", "32.8", date(2013, 12, 31), False),  # lower is better: at most 20
        ("4.3", "20", date(2013, 12, 31), True),
        ("4.6", "23", date(2013, 12, 31), True),  # below 25
        ("4.6", "25", date(2013, 12, 31), False),
        ("1.2", "15.4", date(2013, 12, 31), True),  # the band 10-20
        ("1.2", "9.4", date(2013, 12, 31), False),
        ("3.3", "90", date(2013, 12, 31), None),  # no milestones
    ],
)
def test_on_track_against_the_milestone_in_force(code, value, on, expected):
    assert on_track(Decimal(value), milestones(code), on, POLARITY[code]) is expected
