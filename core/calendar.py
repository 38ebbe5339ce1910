"""The working-day calendar table that set-based indicator queries join to."""

import functools
from datetime import date, timedelta

from django.db import transaction

from core.periods import is_working_day

from .models import CalendarDay

CALENDAR_FIRST_DAY = date(2000, 1, 1)


def calendar_last_day(today: date) -> date:
    """Far enough ahead for every due date computed today (a few years of deadlines)."""
    return date(today.year + 5, 12, 31)


@transaction.atomic
def ensure_calendar(last_day: date) -> int:
    """Fill CalendarDay from 1 Jan 2000 to ``last_day``; rebuilt if holidays changed. Returns days written."""
    existing = CalendarDay.objects.order_by("-date").first()
    if existing is not None and existing.date >= last_day and _matches_library(existing.date):
        return 0
    CalendarDay.objects.all().delete()
    rows = calendar_rows(CalendarDay, last_day)
    CalendarDay.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def calendar_rows(model, last_day: date) -> list:
    """One row per day from 1 Jan 2000, with running counts of working days (also used by
    the migration that fills the table, with its historical model)."""
    rows = []
    before = 0
    day = CALENDAR_FIRST_DAY
    while day <= last_day:
        working = is_working_day(day)
        rows.append(
            model(date=day, is_working_day=working, working_days_before=before, working_days_through=before + working)
        )
        before += working
        day += timedelta(days=1)
    return rows


def _matches_library(last_day: date) -> bool:
    """The stored count of working days agrees with the holidays library (a new one-off bank holiday changes it)."""
    stored = CalendarDay.objects.get(date=last_day).working_days_through
    return stored == _working_days_through(last_day)


@functools.lru_cache(maxsize=8)
def _working_days_through(last_day: date) -> int:
    """Working days from the calendar's first day to ``last_day``, by the holidays library. The
    library does not change while a process runs, so a worker counts them once, not every month."""
    count = 0
    day = CALENDAR_FIRST_DAY
    while day <= last_day:
        count += is_working_day(day)
        day += timedelta(days=1)
    return count
