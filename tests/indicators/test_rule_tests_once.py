"""A rule's test is computed once per row (``base.test_once``), however many of the row's columns read it.

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


def calendar_reads(code: str) -> int:
    calculator = CALCULATORS[code]
    services.forget_rows_sql()
    sql, _ = services.rows_sql(calculator, NOVEMBER, calculator.parameters(None))
    return sql.count(CALENDAR)


@pytest.mark.parametrize("code", ["FD 3", "2.1", "2.2"])
def test_a_working_day_test_reads_the_calendar_twice_a_row(code):
    assert calendar_reads(code) == 2


@pytest.mark.parametrize("code", ["2.3", "2.4", "CP 5"])
def test_a_deadline_and_its_test_read_the_calendar_four_times_a_row(code):
    # The deadline shown as the reason's date (two reads: the start's count, the day with that count
    # plus N) and the test (two reads).
    assert calendar_reads(code) == 4
