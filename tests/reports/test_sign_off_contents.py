"""The sign-off page shows what is signed: each authority figure of the month beside last
month's with its change, the records changed since the figures were computed, and the months
still waiting for recomputation; in a fixed number of queries."""

from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from auditlog.models import LogEntry
from django.urls import reverse

from core.models import PendingMonth, RecomputeRequest
from indicators.models import Snapshot
from tests.factories import StatutoryVisitFactory

from .conftest import MARCH, rows_of, text

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
COMPUTED = datetime(2025, 4, 14, 9, 0, tzinfo=LONDON)
SIGN_OFF_QUERIES = 20


@pytest.fixture
def march(world):
    """March's authority figures computed at 09:00 on 14 April: visits up to 3 of 4 (75.0%)
    from February's 2 of 4, plans over 15 months still 3. Nothing waiting, nothing changed."""
    Snapshot.objects.filter(month=MARCH).update(computed_at=COMPUTED)
    Snapshot.objects.filter(indicator=world.visits, month=MARCH, scope_key="authority").update(
        numerator=3, value=Decimal("75"), rating="Adequate"
    )
    LogEntry.objects.all().delete()
    PendingMonth.objects.all().delete()
    RecomputeRequest.objects.all().delete()
    return world


def page(world, client_for):
    return client_for(world.cast.performance).get(reverse("indicators:sign_off_month", args=["2025-03"]))


@time_machine.travel("2025-04-15 10:00 +01:00", tick=False)
def test_each_figure_is_shown_beside_last_month_with_its_change(march, client_for):
    rows = rows_of(page(march, client_for), "sign-off-figures")
    assert rows[0] == "Indicator March 2025 February 2025"
    assert rows[1:] == [
        "CP 13 Children on a plan visited in the last 4 weeks "
        "3 of 4 (75.0%) Adequate ▲ 25.0 better Up 25.0 percentage points on February 2025: better "
        "Provisional Small number: fewer than 5 2 of 4 (50.0%) Inadequate Small number: fewer than 5",
        "2.5 Number of CP plans open more than 15 months "
        "3 Outstanding ▶ no change No change on February 2025 Provisional 3 Outstanding",
    ]


@time_machine.travel("2025-04-15 10:00 +01:00", tick=False)
def test_records_changed_since_the_figures_were_computed_are_counted_and_listed(march, client_for):
    with time_machine.travel(datetime(2025, 4, 14, 8, 0, tzinfo=LONDON), tick=False):
        StatutoryVisitFactory(child=march.child_a_visited, visited_on=date(2025, 3, 3))  # before: in the figures
    StatutoryVisitFactory(child=march.child_a_overdue, visited_on=date(2025, 3, 20))  # after: not yet
    response = page(march, client_for)
    assert (
        "1 record was created, changed or deleted after 14 April 2025 at 09:00, when the figures were computed"
        in text(response)
    )
    rows = rows_of(response, "changes-table")
    assert len(rows) == 2 and rows[1].startswith("15 Apr 2025 10:00 Statutory visit: ")
    assert rows[1].endswith(" Created An import or the system")


@time_machine.travel("2025-04-15 10:00 +01:00", tick=False)
def test_nothing_changed_and_nothing_waiting_is_said(march, client_for):
    response = page(march, client_for)
    assert "No record has been created, changed or deleted since the figures were computed" in text(response)
    assert "no month is waiting for recomputation" in text(response)


@time_machine.travel("2025-04-15 10:00 +01:00", tick=False)
def test_months_waiting_for_recomputation_are_named(march, client_for):
    waiting = datetime(2025, 4, 15, 9, 30, tzinfo=LONDON)
    for month in (date(2025, 3, 1), date(2025, 1, 1)):
        PendingMonth.objects.create(month=month, first_marked_at=waiting, last_marked_at=waiting, reason="test")
    response = page(march, client_for)
    assert "March 2025 is waiting for recomputation" in text(response)
    assert "2 months are waiting for recomputation, the oldest since 15 April 2025 at 09:30" in text(response)
    assert "March 2025, January 2025." in text(response)


@time_machine.travel("2025-04-15 10:00 +01:00", tick=False)
def test_the_page_costs_the_same_queries_with_many_changes(march, client_for, django_assert_num_queries):
    client = client_for(march.cast.performance)
    url = reverse("indicators:sign_off_month", args=["2025-03"])
    # Session, user, permissions and navigation; the sign-off lines; the queue; the catalogue and
    # the two months' figures; the count and the latest of the changes.
    with django_assert_num_queries(SIGN_OFF_QUERIES):
        client.get(url)
    for day in range(1, 26):
        StatutoryVisitFactory(child=march.child_a_overdue, visited_on=date(2025, 3, day))
    with django_assert_num_queries(SIGN_OFF_QUERIES):
        response = client.get(url)
    assert len(rows_of(response, "changes-table")) == 1 + 10  # the latest 10 of 25
