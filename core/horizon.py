"""The figures horizon: the authority's first month of figures.

By default ten years before today, or the earliest month of imported history (returns,
hand-reported figures) if that is earlier; an administrator may set it in the admin. No
month before it is computed, queued or offered in a month menu, so nothing a user types
can queue more than the months from the horizon to today.
"""

from datetime import date

from django.utils import timezone

from .models import FiguresHorizon
from .periods import add_months, month_start

DEFAULT_YEARS = 10
EARLIEST_EVENT = date(1990, 1, 1)


def default_horizon(today: date, earliest_history: date | None) -> date:
    """Ten years before today's month, or the earliest month of history if that is earlier."""
    ten_years = add_months(month_start(today), -12 * DEFAULT_YEARS)
    if earliest_history is not None and earliest_history < ten_years:
        return max(month_start(earliest_history), EARLIEST_EVENT)
    return ten_years


def figures_horizon(today: date | None = None) -> date:
    """The first month of figures (one query)."""
    today = today or timezone.localdate()
    row = FiguresHorizon.objects.filter(pk=1).first()
    if row is not None and row.first_month is not None:
        return month_start(row.first_month)
    return default_horizon(today, row.earliest_history_month if row is not None else None)


def note_history(first_day: date | None) -> None:
    """History reaching back to ``first_day`` has come into the product (an import, reported
    figures): the default horizon reaches back to its month (never before 1990)."""
    if first_day is None:
        return
    month = max(month_start(first_day), EARLIEST_EVENT)
    row, _ = FiguresHorizon.objects.get_or_create(pk=1)
    if row.earliest_history_month is None or month < row.earliest_history_month:
        FiguresHorizon.objects.filter(pk=1).update(earliest_history_month=month)
