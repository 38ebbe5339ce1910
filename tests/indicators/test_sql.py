"""Date arithmetic in the database agrees with the hand-worked calendar on both backends."""

from datetime import date

import pytest
from django.db.models import Value
from django.db.models.fields import DateField

from indicators import periods
from indicators.models import CalendarDay
from indicators.sql import AddDays, AddMonths, DaysBetween, add_working_days, within_working_days

pytestmark = pytest.mark.django_db


def evaluate(expression):
    return (
        CalendarDay.objects.filter(date=date(2024, 1, 1))
        .annotate(result=expression)
        .values_list("result", flat=True)
        .get()
    )


def constant(day: date) -> Value:
    return Value(day, output_field=DateField())


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year: clamps to 29 Feb
        (date(2023, 1, 31), 1, date(2023, 2, 28)),
        (date(2024, 2, 29), -12, date(2023, 2, 28)),  # leap day minus a year
        (date(2024, 3, 31), -1, date(2024, 2, 29)),
        (date(2024, 5, 15), 3, date(2024, 8, 15)),
        (date(2024, 11, 30), 3, date(2025, 2, 28)),
        (date(2025, 2, 28), 12, date(2026, 2, 28)),
    ],
)
def test_add_months_clamps_to_the_end_of_the_month(day, months, expected):
    assert evaluate(AddMonths(constant(day), months)) == expected
    assert periods.add_months(day, months) == expected


@pytest.mark.parametrize(
    ("day", "days", "expected"),
    [
        (date(2024, 2, 28), 2, date(2024, 3, 1)),
        (date(2024, 3, 1), -1, date(2024, 2, 29)),
        (date(2023, 12, 31), 28, date(2024, 1, 28)),
    ],
)
def test_add_days_crosses_months_and_leap_days(day, days, expected):
    assert evaluate(AddDays(constant(day), days)) == expected


def test_days_between_counts_whole_days():
    assert evaluate(DaysBetween(constant(date(2024, 3, 1)), constant(date(2024, 2, 28)))) == 2
    assert evaluate(DaysBetween(constant(date(2024, 2, 28)), constant(date(2024, 3, 1)))) == -2


@pytest.mark.parametrize(
    ("start", "event", "days", "within"),
    [
        (date(2024, 3, 7), date(2024, 3, 7), 1, True),  # Thursday, same day: 0 working days
        (date(2024, 3, 7), date(2024, 3, 8), 1, True),  # Thursday -> Friday
        (date(2024, 3, 7), date(2024, 3, 9), 1, False),  # Thursday -> Saturday: the deadline was Friday
        (date(2024, 3, 9), date(2024, 3, 11), 1, True),  # received Saturday: until Monday
        (date(2024, 3, 9), date(2024, 3, 12), 1, False),
        (date(2024, 5, 3), date(2024, 5, 7), 1, True),  # Friday before the May bank holiday: until Tuesday
        (date(2024, 5, 3), date(2024, 5, 8), 1, False),
        (date(2024, 4, 29), date(2024, 5, 21), 15, True),  # 15 working days with 6 May between
        (date(2024, 4, 29), date(2024, 5, 22), 15, False),
        (date(2022, 9, 16), date(2022, 9, 20), 1, True),  # the Queen's funeral, 19 Sep 2022
        (date(2023, 5, 5), date(2023, 5, 9), 1, True),  # the coronation, Monday 8 May 2023: until Tuesday
        (date(2023, 5, 5), date(2023, 5, 10), 1, False),
    ],
)
def test_within_working_days_counts_as_the_dfe_does(start, event, days, within):
    expression = within_working_days(constant(start), constant(event), days)
    assert CalendarDay.objects.filter(expression, date=date(2024, 1, 1)).exists() is within
    assert periods.within_working_days(start, event, days) is within


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (date(2024, 5, 3), 1, date(2024, 5, 7)),
        (date(2024, 4, 29), 15, date(2024, 5, 21)),
        (date(2024, 3, 9), 1, date(2024, 3, 11)),
        (date(2024, 12, 20), 3, date(2024, 12, 27)),  # Friday: Mon, Tue, then Christmas and Boxing Day
    ],
)
def test_add_working_days_gives_the_deadline(start, days, expected):
    assert evaluate(add_working_days(constant(start), days)) == expected
    assert periods.add_working_days(start, days) == expected


def test_one_off_bank_holidays_are_not_working_days():
    for day in (date(2022, 9, 19), date(2023, 5, 8), date(2022, 6, 3), date(2024, 12, 26)):
        assert CalendarDay.objects.get(date=day).is_working_day is False
        assert not periods.is_working_day(day)
