"""March's looked-after and CP figures from the records (the scorecard's) beside the same figures
from the returns the product would send, with every difference by child and its reason.

The scenario, collection year 2026 (31 March 2026); CP 10 counts plans started on or before
31 March 2024 (24 months by 31 March 2026), CP 10a on or before 30 September 2024 (18 months):

- LA1: in care since 1 June 2025, still: looked after on both sides.
- LA2: in care from 31 March 2026, the last day: looked after on both sides (an episode begun on
  31 March with no end).
- LA3: in care until 31 March 2026: on neither side (care that ends on 31 March is not open then;
  the return gives the episode DEC 31/03/2026).
- D: a plan from 31 March 2024 (exactly 24 months), its referral open: CP 10 and CP 10a, both sides.
- E: a plan from 1 April 2024, its referral open: CP 10a only, both sides.
- G: a plan from 10 January 2024 still open, but its referral's case closed on 1 February 2025,
  before the year: the census holds only episodes of need open in the year, so the plan is not in
  it. The scorecard counts G in CP 10 and CP 10a; the return does not.
- H: a plan from 1 February 2024 and no referral at all: not in the census; counted by the
  scorecard in CP 10 and CP 10a.

So: looked after 2 and 2; CP 10 scorecard 3 (D, G, H), return 1 (D); CP 10a scorecard 4 (D, E,
G, H), return 2 (D, E).
"""

import io
from datetime import date

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from returns.reconciliation import reconcile
from tests.factories import (
    ChildFactory,
    ChildProtectionPlanFactory,
    PeriodOfCareFactory,
    PlacementFactory,
    ReferralFactory,
)

URL = reverse("returns:reconciliation")


def in_care(la_child_id: str, started: date, ended: date | None = None) -> None:
    child = ChildFactory(la_child_id=la_child_id)
    period = PeriodOfCareFactory(child=child, started_on=started, ended_on=ended, reason_ceased="E4A" if ended else "")
    PlacementFactory(period_of_care=period, started_on=started, ended_on=ended)


def on_plan(la_child_id: str, started: date, *, referral: tuple[date, date | None] | None) -> None:
    child = ChildFactory(la_child_id=la_child_id)
    if referral is not None:
        ReferralFactory(child=child, received_on=referral[0], closed_on=referral[1])
    ChildProtectionPlanFactory(child=child, started_on=started)


@pytest.fixture
def scenario(db):
    in_care("LA1", date(2025, 6, 1))
    in_care("LA2", date(2026, 3, 31))
    in_care("LA3", date(2025, 6, 1), date(2026, 3, 31))
    on_plan("D", date(2024, 3, 31), referral=(date(2024, 3, 1), None))
    on_plan("E", date(2024, 4, 1), referral=(date(2024, 3, 20), None))
    on_plan("G", date(2024, 1, 10), referral=(date(2024, 1, 1), date(2025, 2, 1)))
    on_plan("H", date(2024, 2, 1), referral=None)


def test_the_march_figures_sit_beside_those_of_the_return_with_each_difference_explained(scenario):
    lines = {line.code: line for line in reconcile(2026)}
    looked_after, two_years, eighteen_months = lines["LAC 10"], lines["CP 10"], lines["CP 10a"]
    assert (looked_after.scorecard, looked_after.from_return, looked_after.differences) == (2, 2, [])
    assert (two_years.scorecard, two_years.from_return) == (3, 1)
    assert (eighteen_months.scorecard, eighteen_months.from_return) == (4, 2)
    for line in (two_years, eighteen_months):
        reasons = {d.la_child_id: (d.counted_by, d.reason) for d in line.differences}
        assert set(reasons) == {"G", "H"}
        assert reasons["G"] == (
            "scorecard",
            "The plan from 10/01/2024 is open at 31 March but its referral's case closed on 01/02/2025, before "
            "the year: the census holds only the episodes of need open in the year.",
        )
        assert reasons["H"][0] == "scorecard"
        assert reasons["H"][1].startswith("The plan from 01/02/2024 is not in the census: no referral was open")


def test_the_page_shows_the_figures_and_the_children_to_performance_officers(scenario, cast, client_for):
    response = client_for(cast.performance).get(URL, {"year": "2026"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "the same children on both sides" in html  # looked after agrees
    assert 'id="differences-cp-10"' in html and 'id="differences-cp-10a"' in html
    assert "before the year: the census holds only the episodes of need open in the year." in html


@pytest.mark.parametrize("who", ["worker_a", "manager_a", "senior", "nobody"])
def test_only_performance_officers_see_it(cast, client_for, who):
    assert client_for(getattr(cast, who)).get(URL, {"year": "2026"}).status_code == 403


@pytest.mark.parametrize(
    ("year", "message"),
    [("2020", "Both returns are written for the years 2021 to 2026."), ("20x6", "Enter the collection year")],
)
def test_a_year_neither_return_is_written_for_is_refused(cast, client_for, year, message, db):
    response = client_for(cast.performance).get(URL, {"year": year})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_queries_do_not_grow_with_the_children(scenario, cast, client_for):
    client = client_for(cast.performance)
    client.get(URL, {"year": "2026"})  # the session and the catalogue, once
    with CaptureQueriesContext(connection) as few:
        client.get(URL, {"year": "2026"})
    for number in range(6):
        in_care(f"MORE{number}", date(2025, 9, 1))
        on_plan(f"MORECP{number}", date(2023, 1, 1), referral=None)
    with CaptureQueriesContext(connection) as many:
        client.get(URL, {"year": "2026"})
    assert len(many) == len(few), [q["sql"][:120] for q in many.captured_queries]
    assert len(few) <= 40


def test_on_the_demo_authority_the_scorecard_and_the_returns_count_the_same_children(db):
    with transaction.atomic():
        call_command("seed_demo", "--size", "small", "--seed", "1", "--today", "2026-11-23", stdout=io.StringIO())
    lines = {line.code: line for line in reconcile(2026)}
    # 139 looked after, 2 and 6 on long plans at 31 March 2026 when this was written.
    assert lines["LAC 10"].scorecard > 100 and lines["CP 10a"].scorecard > 0
    assert {code: line.differences for code, line in lines.items()} == {code: [] for code in lines}
    assert all(line.scorecard == line.from_return for line in lines.values())
