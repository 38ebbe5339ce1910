"""The child's record puts its actions before the chronology (the number of links and
fields before "Record a contact" does not grow with the chronology), and the chronology
can be filtered by the kind of event and a date range (both ends inclusive)."""

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    AllocationFactory,
    ChildFactory,
    ContactFactory,
    PlacementFactory,
    StatutoryVisitFactory,
)

from .conftest import allocate

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")
FOCUSABLE = re.compile(r"<a\s[^>]*href=|<input(?![^>]*type=\"hidden\")|<select|<button|<textarea")


def stops_before(page: str, text: str) -> int:
    """How many links, fields and buttons come before ``text`` in the page: the Tab presses
    to reach it, less the skip link's."""
    return len(FOCUSABLE.findall(page[: page.index(text)]))


def titles(page: str) -> list[str]:
    return re.findall(r'<h3 class="moj-timeline__title">([^<]*)</h3>', page)


def test_record_a_contact_is_as_near_with_forty_events_as_with_one(cast, client_for):
    short = allocate(ChildFactory(), cast.social_worker_a)
    StatutoryVisitFactory(child=short, visited_on=date(2024, 1, 8))
    long = allocate(ChildFactory(), cast.social_worker_a)
    for day in range(1, 41):
        StatutoryVisitFactory(child=long, visited_on=date(2023, 1, 1) + timedelta(days=day))
    client = client_for(cast.worker_a)
    short_page = client.get(f"/children/{short.pk}/").content.decode()
    long_page = client.get(f"/children/{long.pk}/").content.decode()
    assert long_page.count(">Correct<") == 40
    assert stops_before(long_page, "Record a contact") == stops_before(short_page, "Record a contact")
    # Before the chronology's first correction link, not after its last.
    assert long_page.index("Record a contact") < long_page.index(">Correct<")


@pytest.fixture
def busy_child(cast):
    """A looked-after child with a contact in March, a placement and visits, and allocations."""
    child = ChildFactory()
    AllocationFactory(child=child, worker=cast.social_worker_a, team=cast.team_a, started_on=date(2024, 1, 2))
    ContactFactory(child=child, received_at=datetime(2024, 3, 4, 10, 0, tzinfo=LONDON))
    PlacementFactory(
        period_of_care__child=child, period_of_care__started_on=date(2024, 4, 1), started_on=date(2024, 4, 1)
    )
    StatutoryVisitFactory(child=child, visited_on=date(2024, 4, 30))
    StatutoryVisitFactory(child=child, visited_on=date(2024, 6, 10))
    return child


def test_the_chronology_filters_by_kind_of_event(cast, client_for, busy_child):
    page = client_for(cast.worker_a).get(f"/children/{busy_child.pk}/", {"kind": "looked-after"}).content.decode()
    assert [title.split(":")[0] for title in titles(page)] == [
        "Statutory visit",
        "Statutory visit",
        "Placement U6",
        "Became looked after",
    ]
    assert "4 of 6 events shown." in page


def test_the_chronology_filters_by_dates_including_both_ends(cast, client_for, busy_child):
    data = {
        "since_day": "4",
        "since_month": "3",
        "since_year": "2024",
        "until_day": "30",
        "until_month": "4",
        "until_year": "2024",
    }
    page = client_for(cast.worker_a).get(f"/children/{busy_child.pk}/", data).content.decode()
    assert [title.split(":")[0] for title in titles(page)] == [
        "Statutory visit",
        "Placement U6",
        "Became looked after",
        "Contact received",
    ]


def test_kind_and_dates_combine_and_an_empty_result_says_so(cast, client_for, busy_child):
    data = {"kind": "front-door-and-assessment", "since_day": "1", "since_month": "4", "since_year": "2024"}
    page = client_for(cast.worker_a).get(f"/children/{busy_child.pk}/", data).content.decode()
    assert titles(page) == []
    assert "No event of this kind in these dates." in page and "0 of 6 events shown." in page


def test_allocations_are_a_kind_of_their_own(cast, client_for, busy_child):
    page = client_for(cast.worker_a).get(f"/children/{busy_child.pk}/", {"kind": "allocation-and-supervision"})
    assert titles(page.content.decode()) == ["Allocated to Alice Archer (Care Planning A)"]


def test_a_range_that_ends_before_it_starts_is_refused_and_the_whole_chronology_shows(cast, client_for, busy_child):
    data = {
        "since_day": "1",
        "since_month": "5",
        "since_year": "2024",
        "until_day": "1",
        "until_month": "4",
        "until_year": "2024",
    }
    page = client_for(cast.worker_a).get(f"/children/{busy_child.pk}/", data).content.decode()
    assert "The last date to show must be the same as or after the first" in page
    assert len(titles(page)) == 6


def test_a_date_that_is_not_real_is_named(cast, client_for, busy_child):
    data = {"since_day": "31", "since_month": "2", "since_year": "2024"}
    page = client_for(cast.worker_a).get(f"/children/{busy_child.pk}/", data).content.decode()
    assert "The first date to show must be a real date" in page
    assert len(titles(page)) == 6


def test_filtering_costs_no_query_of_its_own(cast, client_for, busy_child):
    client = client_for(cast.worker_a)
    client.get(f"/children/{busy_child.pk}/")  # the session and permissions, read once
    with CaptureQueriesContext(connection) as whole:
        client.get(f"/children/{busy_child.pk}/")
    with CaptureQueriesContext(connection) as filtered:
        client.get(
            f"/children/{busy_child.pk}/",
            {"kind": "looked-after", "since_day": "1", "since_month": "4", "since_year": "2024"},
        )
    assert len(filtered.captured_queries) == len(whole.captured_queries)


def test_the_chronology_shows_a_hundred_events_a_page_newest_first_keeping_the_filter(cast, client_for):
    from casework.models import StatutoryVisit

    child = allocate(ChildFactory(), cast.social_worker_a)  # the allocation is an event too
    first = date(2020, 1, 1)
    StatutoryVisit.objects.bulk_create(
        StatutoryVisitFactory.build(child=child, visited_on=first + timedelta(days=day)) for day in range(205)
    )
    client = client_for(cast.worker_a)
    page = client.get(f"/children/{child.pk}/").content.decode()
    assert len(titles(page)) == 100
    assert "Events 1 to 100 of 206, newest first." in page
    assert 'href="?page=2#chronology"' in page and 'rel="prev"' not in page

    # Only the visits (205), third page: the five oldest, and a link back that keeps the filter.
    last = client.get(f"/children/{child.pk}/", {"kind": "looked-after", "page": 3}).content.decode()
    assert titles(last) == ["Statutory visit"] * 5
    assert "Events 201 to 205 of 205, newest first." in last
    assert "205 of 206 events shown." in last
    assert 'href="?kind=looked-after&amp;page=2#chronology"' in last and 'rel="next"' not in last
    assert re.findall(r'<time datetime="([^"]+)"', last)[-1] == first.isoformat()
    # A page past the end shows the last one, as a page number that is not a number shows the first.
    assert titles(client.get(f"/children/{child.pk}/", {"page": 99}).content.decode()) == titles(
        client.get(f"/children/{child.pk}/", {"page": 3}).content.decode()
    )
    assert len(titles(client.get(f"/children/{child.pk}/", {"page": "x"}).content.decode())) == 100
