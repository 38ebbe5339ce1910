from datetime import date

import pytest
from django.urls import reverse

from indicators.models import Method, Snapshot, SnapshotKind
from tests.factories import ChildFactory, SnapshotFactory, SnapshotRecordFactory

from .conftest import FEBRUARY, figure, rows_of, team_key, text, worker_key

pytestmark = pytest.mark.django_db


def records_url(world, scope="authority", month="2025-02", **query) -> str:
    url = reverse("indicators:records", args=[world.visits.pk]) + f"?scope={scope}&month={month}"
    return url + "".join(f"&{key}={value}" for key, value in query.items())


def child_link(child) -> str:
    return f'<a class="govuk-link" href="{reverse("casework:child", kwargs={"pk": child.pk})}">'


def test_it_lists_the_records_behind_the_figure_and_why_each_is_out(world, client_for):
    response = client_for(world.cast.senior).get(records_url(world))

    rows = rows_of(response, "records-table")
    assert rows[0].replace(" (sort)", "") == "Record Child ID Team Social worker Reference date In the numerator Why"
    # Not in the numerator first; Rae's record is restricted, so it is counted, not listed.
    assert rows[1:] == [
        f"Amy Adams {world.child_a_overdue.la_child_id} Care Planning A Alice Archer 28 Feb 2025 No "
        "visit overdue since 3 February 2025",
        f"Bob Baker {world.child_b_overdue.la_child_id} Care Planning B Bea Brown 28 Feb 2025 No "
        "visit overdue since 3 February 2025",
        f"Ann Archer {world.child_a_visited.la_child_id} Care Planning A Alice Archer 28 Feb 2025 Yes "
        "visited 3 February 2025",
    ]
    page = text(response)
    assert "Records 4 in all: 2 in the numerator, 2 not" in page
    assert "1 record about children you cannot open is counted in this figure but not listed here." in page
    assert "Rae" not in page and "Rowe" not in page


def test_each_listed_child_links_to_their_record(world, client_for):
    response = client_for(world.cast.senior).get(records_url(world))

    html = response.content.decode()
    for child in (world.child_a_overdue, world.child_b_overdue, world.child_a_visited):
        assert child_link(child) in html
    assert child_link(world.restricted_a) not in html


def test_a_team_manager_sees_their_teams_children_and_only_counts_of_the_others(world, client_for):
    manager = client_for(world.cast.manager_a)

    team = manager.get(records_url(world, scope=team_key(world.cast.team_a)))
    authority = manager.get(records_url(world))

    # The manager of the allocated team may open the restricted child's record.
    assert [row.split(" 28 Feb")[0] for row in rows_of(team, "records-table")[1:]] == [
        f"Amy Adams {world.child_a_overdue.la_child_id} Care Planning A Alice Archer",
        f"Ann Archer {world.child_a_visited.la_child_id} Care Planning A Alice Archer",
        f"Rae Rowe {world.restricted_a.la_child_id} Care Planning A Alice Archer",
    ]
    assert "Records 3 in all: 2 in the numerator, 1 not" in text(team)
    assert 'data-testid="not-listed"' not in team.content.decode()
    assert "Bob" not in text(authority)
    assert "1 record about children you cannot open is counted" in text(authority)
    assert len(rows_of(authority, "records-table")) == 4


def test_a_workers_records_are_theirs_alone(world, client_for):
    response = client_for(world.cast.manager_a).get(records_url(world, scope=worker_key(world.cast.social_worker_a)))

    assert [row.split(" ")[0] for row in rows_of(response, "records-table")[1:]] == ["Amy", "Ann", "Rae"]


def test_a_team_manager_cannot_drill_into_another_teams_children(world, client_for):
    response = client_for(world.cast.manager_a).get(records_url(world, scope=team_key(world.cast.team_b)))

    assert response.status_code == 404
    assert "Bob" not in text(response) and "Baker" not in text(response) and b"Bob Baker" not in response.content


def test_a_reported_month_lists_the_records_as_they_were_reported(world, client_for):
    # After sign-off Amy's late visit was recorded: the restated list has her in the numerator.
    restated = figure(world.visits, FEBRUARY, numerator=3, denominator=4, kind=SnapshotKind.RESTATED)
    SnapshotRecordFactory(
        snapshot=restated,
        child_id=world.child_a_overdue.pk,
        team_id=world.cast.team_a.pk,
        worker_id=world.cast.social_worker_a.pk,
        in_numerator=True,
        detail_date=date(2025, 2, 20),
    )
    client = client_for(world.cast.senior)

    reported = client.get(records_url(world))
    restated_page = client.get(records_url(world, kind="restated"))

    assert "As reported: the list as it was when performance signed off February 2025" in text(reported)
    assert rows_of(reported, "records-table")[1].endswith("No visit overdue since 3 February 2025")
    assert "Restated" in text(restated_page)
    assert rows_of(restated_page, "records-table")[1:] == [
        f"Amy Adams {world.child_a_overdue.la_child_id} Care Planning A Alice Archer 31 Jan 2025 Yes "
        "visited 20 February 2025"
    ]


def test_the_filter_shows_the_records_not_in_the_numerator(world, client_for):
    response = client_for(world.cast.senior).get(records_url(world, in_numerator="no"))

    assert [row.split(" ")[0] for row in rows_of(response, "records-table")[1:]] == ["Amy", "Bob"]


def test_a_hand_reported_figure_says_there_is_no_list_behind_it(world, client_for):
    SnapshotFactory(
        indicator=world.visits,
        month=date(2013, 12, 1),
        kind="reported",
        numerator=None,
        denominator=None,
        value=90,
        method=Method.MANUAL,
    )

    response = client_for(world.cast.senior).get(records_url(world, month="2013-12"))

    assert "This figure, 90.0% , was reported by hand before the system held the records" in text(response)


def test_a_provisional_month_without_records_says_so(world, client_for):
    response = client_for(world.cast.senior).get(records_url(world, month="2025-03"))

    assert "Provisional: recomputed every night until the month is signed off" in text(response)
    assert rows_of(response, "records-table")[1] == "There are no records you can open behind this figure."


def test_the_list_costs_the_same_queries_for_few_and_many_records(world, client_for):
    client = client_for(world.cast.senior)
    client.get(records_url(world))  # warm the session and permission caches
    snapshot = Snapshot.objects.get(indicator=world.visits, month=FEBRUARY, kind="reported", scope_key="authority")

    def count() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            assert client.get(records_url(world)).status_code == 200
        return len(queries)

    few = count()
    for _ in range(60):
        child = ChildFactory()
        SnapshotRecordFactory(snapshot=snapshot, child_id=child.pk, team_id=world.cast.team_a.pk, in_numerator=False)
    many = count()

    assert few == many


def test_a_month_without_a_figure_says_so(world, client_for):
    response = client_for(world.cast.senior).get(records_url(world, month="2024-06"))

    assert response.status_code == 200
    assert "There is no figure for June 2024." in text(response)


@pytest.mark.parametrize(
    ("query", "listed", "pages"),
    [
        ({}, 33, 2),
        ({"in_numerator": "yes"}, 21, 1),
        ({"in_numerator": "no"}, 12, 1),
        ({"in_numerator": "maybe"}, 33, 2),
    ],
)
def test_the_pages_of_the_list_count_the_records_it_shows(world, client_for, query, listed, pages):
    # The list's pages take their count from the figure's counts, filter by filter; an
    # unknown filter lists every record, as the filter does, and the list counts them.
    snapshot = Snapshot.objects.get(indicator=world.visits, month=FEBRUARY, kind="reported", scope_key="authority")
    for number in range(30):
        SnapshotRecordFactory(
            snapshot=snapshot, child_id=ChildFactory().pk, team_id=world.cast.team_a.pk, in_numerator=number < 20
        )
    client = client_for(world.cast.senior)

    response = client.get(records_url(world, **query))
    last = client.get(records_url(world, page=pages, **query))

    assert "Records 34 in all: 22 in the numerator, 12 not" in text(response)
    shown = len(rows_of(response, "records-table")) - 1 + (len(rows_of(last, "records-table")) - 1 if pages > 1 else 0)
    assert shown == listed
    if pages > 1:
        assert f"Showing 1 to 25 of {listed}" in text(response)
        assert f"Showing 26 to {listed} of {listed}" in text(last)
    else:
        assert "Showing" not in text(response)
