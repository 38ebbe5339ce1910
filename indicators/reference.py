"""Reference data: the working-day calendar and the indicator catalogue from the seeds."""

from collections.abc import Iterator

from django.utils import timezone

from .calendar import calendar_last_day, ensure_calendar


def load_reference_data() -> Iterator[str]:
    written = ensure_calendar(calendar_last_day(timezone.localdate()))
    yield f"Working-day calendar: {'rebuilt, ' + str(written) + ' days' if written else 'up to date'}"
