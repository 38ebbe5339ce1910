"""A rule's test is computed once per row (``base.test_once``), however many of the row's columns read it;
a rule's stages once per row each (``layering.layered_annotations``), however many later ones read them.

The working-day tests look the calendar up twice (working days through the start, before the
event): written as a Q in both the numerator and the reason, they were looked up four times per
row. What is pinned is the statement's text, the same on every backend: how many times each rule
reads the calendar.
"""

from datetime import date

import pytest

from indicators import services
from indicators.calculators import CALCULATORS
from indicators.calculators.base import Month

NOVEMBER = Month(date(2026, 11, 1))
CALENDAR = '"indicators_calendarday"'


def reads(code: str, table: str) -> int:
    """How many times the rule's statement reads the table."""
    calculator = CALCULATORS[code]
    services.forget_rows_sql()
    sql, _ = services.rows_sql(calculator, NOVEMBER, calculator.parameters(None))
    return sql.count(f'"{table}"')


def calendar_reads(code: str) -> int:
    return reads(code, "indicators_calendarday")


@pytest.mark.parametrize("code", ["FD 3", "2.1", "2.2"])
def test_a_working_day_test_reads_the_calendar_twice_a_row(code):
    assert calendar_reads(code) == 2


@pytest.mark.parametrize("code", ["2.3", "2.4", "CP 5"])
def test_a_deadline_and_its_test_read_the_calendar_four_times_a_row(code):
    # The deadline shown as the reason's date (two reads: the start's count, the day with that count
    # plus N) and the test (two reads).
    assert calendar_reads(code) == 4


@pytest.mark.parametrize(
    ("code", "table", "count"),
    [
        # The current placement (its start, kind and period) once, then the visits and the due date
        # read it: 52 placement reads before the stage had a layer of its own.
        ("LAC 10", "casework_placement", 12),  # was 52
        # The stages of placement stability: the current placement; the start of the same placement.
        ("LAC 20", "casework_placement", 23),  # was 60
        # The period of care's start, read by the reviews since it and the first review's deadline.
        ("LAC 11", "casework_periodofcare", 2),  # was 10
        # The plan open at month end, read by its visits and the due date.
        ("CP 13", "casework_childprotectionplan", 3),  # was 7
        # Whether a young person is a care leaver: tested once (the care history's legal statuses),
        # not again for the pathway plan's due date.
        ("CL a", "casework_legalstatus", 7),  # was 14
        # The caseload: counted once a worker, for the test and the numerator.
        ("W 1", "workforce_allocation", 1),  # was 2
        ("4.5", "workforce_allocation", 1),  # was 2
    ],
)
def test_a_rules_stage_is_read_once(code, table, count):
    assert reads(code, table) == count
