import pytest

from core.calendar import ensure_calendar


@pytest.fixture(autouse=True)
def _calendar(db):
    """The working-day calendar the set-based rules join to (already built by migrate's
    post_migrate in a real install; rebuilt here only if a test database lacks it)."""
    from datetime import date

    ensure_calendar(date(date.today().year + 5, 12, 31))
