"""Each role's home page in a real browser: what it shows, and axe-core's WCAG 2.2 AA checks with
no serious or critical violation, on a small caseload with something overdue and figures that
changed band."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from tests.casework.conftest import allocate
from tests.factories import (
    ChildFactory,
    IndicatorFactory,
    MilestoneFactory,
    PlacementFactory,
    SnapshotFactory,
    ThresholdSetFactory,
)

from .conftest import serious_accessibility_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def day_of_work(cast):
    today = timezone.localdate()
    child = allocate(ChildFactory(first_name="Ann", last_name="Home"), cast.social_worker_a, today - timedelta(days=30))
    placed = today - timedelta(days=20)  # first statutory visit overdue since 13 days ago
    PlacementFactory(period_of_care__child=child, period_of_care__started_on=placed, started_on=placed)
    indicator = IndicatorFactory(code="CP 13", title="CP visits in time")
    ThresholdSetFactory(indicator=indicator, outstanding="95+", good="85-94.9", adequate="70-84.9")
    month = date(today.year, today.month, 1) - timedelta(days=1)
    this, before = month.replace(day=1), (month.replace(day=1) - timedelta(days=1)).replace(day=1)
    SnapshotFactory(indicator=indicator, month=before, numerator=9, denominator=10)
    SnapshotFactory(indicator=indicator, month=this, numerator=8, denominator=10)
    team = {"scope_key": f"team:{cast.team_a.pk}", "team": cast.team_a}
    SnapshotFactory(indicator=indicator, month=before, numerator=9, denominator=10, **team)
    SnapshotFactory(indicator=indicator, month=this, numerator=5, denominator=10, **team)
    MilestoneFactory(indicator=indicator, due_on=before, target="95+")
    return child


@pytest.mark.parametrize(
    ("user", "shows"),
    [
        ("worker_a", "Statutory visit"),
        ("manager_a", "Overdue work by social worker"),
        ("senior", "Milestones off track"),
        ("performance", "Months waiting for sign-off"),
    ],
)
def test_each_roles_home_page_shows_its_work_and_passes_axe(cast, page_for, day_of_work, user, shows):
    page = page_for(getattr(cast, user))
    page.goto("/")
    assert shows in page.inner_text("main")
    assert serious_accessibility_violations(page) == []
