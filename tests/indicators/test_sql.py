"""Date arithmetic in the database agrees with the hand-worked calendar on both backends."""

from datetime import date, timedelta

import pytest
from django.db.models import Value
from django.db.models.fields import DateField

from core import periods
from core.models import CalendarDay
from core.sql import AddDays, AddMonths, DaysBetween, add_working_days, last_day_within, within_working_days

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


# --- "N months" counted forwards, and look-back windows ----------------------------------------


@pytest.mark.parametrize(
    ("on", "months", "more_than", "expected"),
    [
        # Month ends: the last day of the month N months earlier. 30 and 31 August 2022 + 18 months
        # are 29 February 2024 (clamped), so both have lasted 18 months by then.
        (date(2024, 2, 29), 18, False, date(2022, 8, 31)),
        (date(2024, 2, 29), 24, False, date(2022, 2, 28)),
        (date(2022, 2, 28), 24, False, date(2020, 2, 29)),  # 29 Feb 2020 + 24 months = 28 Feb 2022
        (date(2025, 2, 28), 12, False, date(2024, 2, 29)),  # 29 Feb 2024 + 12 months = 28 Feb 2025
        (date(2024, 4, 30), 18, False, date(2022, 10, 31)),  # 31 Oct 2022 + 18 months = 30 Apr 2024
        (date(2024, 2, 29), 30, False, date(2021, 8, 31)),
        # "More than": S + N months strictly before D. At 31 July 2024, 30 April 2023 + 15 months
        # is 30 July (in) and 1 May 2023 + 15 months is 1 August (out). At 31 March 2024, 30
        # September 2023 + 6 months is 30 March (in). At 30 April 2024, 30 October 2023 + 6 months
        # is 30 April itself (out), 29 October is the last start in.
        (date(2024, 7, 31), 15, True, date(2023, 4, 30)),
        (date(2024, 3, 31), 6, True, date(2023, 9, 30)),
        (date(2024, 4, 30), 6, True, date(2023, 10, 29)),
        (date(2024, 2, 29), 15, True, date(2022, 11, 28)),
        (date(2024, 8, 31), 6, True, date(2024, 2, 29)),  # 29 Feb + 6 months = 29 Aug < 31 Aug
        # Not a month end: D minus N months, clamped.
        (date(2024, 3, 30), 1, False, date(2024, 2, 29)),
        (date(2024, 3, 15), 12, False, date(2023, 3, 15)),
    ],
)
def test_latest_start_counts_n_months_forwards_from_the_start(on, months, more_than, expected):
    assert periods.latest_start(on, months, more_than=more_than) == expected
    lasted = periods.add_months(expected, months)
    assert lasted < on if more_than else lasted <= on
    later = periods.add_months(expected + timedelta(days=1), months)
    assert later >= on if more_than else later > on


def test_latest_start_is_the_definition_on_every_day_of_three_years():
    # Brute force: the latest S with S + N months <= D (or < D), searched day by day.
    day = date(2023, 1, 1)
    while day <= date(2025, 12, 31):
        for months in (6, 12, 15, 18, 24, 30):
            for more_than in (False, True):
                start = periods.latest_start(day, months, more_than=more_than)
                ends = periods.add_months(start, months)
                assert (ends < day) if more_than else (ends <= day), (day, months)
                after = periods.add_months(start + timedelta(days=1), months)
                assert not ((after < day) if more_than else (after <= day)), (day, months)
        day += timedelta(days=1)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2023, 9, 30), 6, date(2024, 3, 31)),  # 31 March - 6 months = 30 September: still in
        (date(2024, 2, 29), 6, date(2024, 8, 31)),  # 31 August 2024 - 6 months = 29 February
        (date(2023, 8, 31), 6, date(2024, 2, 29)),
        (date(2024, 8, 30), 6, date(2025, 2, 28)),  # not a month end: + 6 months, clamped
        (date(2024, 3, 15), 6, date(2024, 9, 15)),
        (date(2024, 7, 30), 7, date(2025, 2, 28)),
    ],
)
def test_last_day_within_a_look_back_window_agrees_in_python_and_the_database(day, months, expected):
    assert periods.last_day_within(day, months) == expected
    assert evaluate(last_day_within(constant(day), months)) == expected
    # By the definition: the window [D - N months, D] reaches the day at D, not the day after.
    assert periods.add_months(expected, -months) <= day < periods.add_months(expected + timedelta(days=1), -months)
