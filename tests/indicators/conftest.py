import pytest

from core.calendar import ensure_calendar

from .builders import team, worker


@pytest.fixture(autouse=True)
def _calendar(db):
    """The working-day calendar the set-based rules join to (already built by migrate's
    post_migrate in a real install; rebuilt here only if a test database lacks it)."""
    from datetime import date

    ensure_calendar(date(date.today().year + 5, 12, 31))


@pytest.fixture
def teams():
    """Team X (Xena), Team Y (Yusuf) and Team Z, which has nobody's children."""
    team_x, team_y = team("Team X"), team("Team Y")
    team("Team Z")
    return {"team_x": team_x, "team_y": team_y, "xena": worker(team_x, "Xena"), "yusuf": worker(team_y, "Yusuf")}
