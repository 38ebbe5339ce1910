"""Pure date helpers: months, calendar months, ages and working days.

Working days are Monday to Friday, excluding England and Wales bank holidays from the
``holidays`` library (which carries the one-off ones, such as 19 September 2022 and
8 May 2023). "Within N working days of D" means on or before the date N working days
after D, D itself not counted.
"""

import calendar
import re
from datetime import date, timedelta
from functools import lru_cache

import holidays
from dateutil.relativedelta import relativedelta

_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(text: str) -> date:
    """'2024-02' -> date(2024, 2, 1). Raises ValueError with a message a user can act on."""
    match = _MONTH.match((text or "").strip())
    if not match:
        raise ValueError(f"'{text}' is not a month: write it as YYYY-MM, e.g. 2024-02.")
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        raise ValueError(f"'{text}' is not a month: the month must be 01 to 12.")
    return date(year, month, 1)


def format_month(month: date) -> str:
    return f"{month.year:04d}-{month.month:02d}"


def month_start(day: date) -> date:
    return day.replace(day=1)


def month_end(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(day: date, months: int) -> date:
    """The same day N calendar months later (or earlier), clamped to the month's end."""
    return day + relativedelta(months=months)


def latest_start(on: date, months: int, *, more_than: bool = False) -> date:
    """The latest start S that has lasted ``months`` calendar months by ``on``.

    "Started N months or more before D" is counted forwards from the start, as the spec's "N
    months" is (the same day N months later, clamped to the month's end): S + N months <= D.
    With ``more_than`` it is "more than N months": S + N months < D. A start on or before the
    returned date has lasted long enough, a later one has not.

    For a month end D this is the last day of the month N months earlier: at 29 February 2024 a
    plan started on 30 or 31 August 2022 has lasted 18 months (30 August + 18 months is 29
    February, clamped), which counting backwards (29 February 2024 - 18 months = 29 August 2022)
    would miss. On other days it is D - N months, clamped.
    """
    if more_than:
        on -= timedelta(days=1)
    earlier = add_months(on, -months)
    return month_end(earlier) if on == month_end(on) else earlier


def last_day_within(day: date, months: int) -> date:
    """The last date D whose look-back window [D - N months, D] still reaches ``day``.

    "In the last 6 months" at D is on or after D minus 6 months (clamped). Something done on
    ``day`` is in time up to and including the returned date: a pathway plan reviewed on 30
    September stays "reviewed in the last 6 months" until 31 March (31 March - 6 months is 30
    September), one reviewed on 29 February 2024 until 31 August 2024. For a ``day`` that is
    not a month end this is ``day`` + N months, clamped.
    """
    if day == month_end(day):
        return month_end(add_months(day, months))
    return add_months(day, months)


def months_between(first: date, last: date) -> list[date]:
    """First days of every month from first's month to last's month, inclusive."""
    months = []
    current = month_start(first)
    while current <= last:
        months.append(current)
        current = add_months(current, 1)
    return months


def financial_year_start(day: date) -> date:
    """1 April on or before the date."""
    return date(day.year if day.month >= 4 else day.year - 1, 4, 1)


def age_on(date_of_birth: date, on: date) -> int:
    """Completed years. Someone born on 29 February turns a year older on 1 March."""
    years = on.year - date_of_birth.year
    if (on.month, on.day) < (date_of_birth.month, date_of_birth.day):
        years -= 1
    return years


def anniversary(day: date, years: int) -> date:
    """The ``years``-th anniversary: someone born on 29 February has it on 1 March in a common year."""
    shifted = day + relativedelta(years=years)
    return shifted if shifted.day == day.day else shifted + timedelta(days=1)


def born_on_or_before_for_age(age: int, on: date) -> date:
    """The latest date of birth that makes a child at least ``age`` on ``on``.

    relativedelta clamps 29 February to 28 February, and a child born on 29 February
    is not yet a year older on 28 February, so the clamped date is the right bound.
    """
    return on - relativedelta(years=age)


@lru_cache(maxsize=64)
def bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year, observed=True).keys())


def is_working_day(day: date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def add_working_days(day: date, count: int) -> date:
    """The date ``count`` working days after ``day`` (``day`` itself not counted)."""
    current = day
    remaining = count
    while remaining > 0:
        current += timedelta(days=1)
        if is_working_day(current):
            remaining -= 1
    return current


def within_working_days(start: date, event: date, count: int) -> bool:
    return event <= add_working_days(start, count)
