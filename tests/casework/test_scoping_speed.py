"""The day's pages cost the same for any number of children, and a team-bound user's children
are found through the allocations' index, never by looking at every child of the authority.

The issue measured 2 s for a caseload of 14 on the small demo: every child of the authority was
tested for an allocation in the user's team (a correlated ``EXISTS`` per child). Now the
allocations of the worker or team are read once, through their index, and the children are
fetched by id.
"""

import re

import pytest
from django.db import connection

from casework.selectors import caseload_of, children_visible_to, team_caseload_of
from tests.factories import ChildFactory

from .conftest import allocate

pytestmark = pytest.mark.django_db


def plan_of(queryset) -> str:
    return queryset.explain()


@pytest.fixture
def crowd(cast):
    """Forty children in team B, three in team A (worker A's, managed by manager A)."""
    for _ in range(40):
        allocate(ChildFactory(), cast.social_worker_b)
    return [allocate(ChildFactory(), cast.social_worker_a) for _ in range(3)]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's plan text")
@pytest.mark.parametrize(
    ("user", "select", "index"),
    [
        ("worker_a", caseload_of, "worker"),
        ("manager_a", team_caseload_of, "team"),
        ("worker_a", children_visible_to, "team"),
        ("manager_a", children_visible_to, "team"),
    ],
)
def test_a_team_bound_users_children_are_found_through_the_allocations_index(cast, crowd, user, select, index):
    plan = plan_of(select(getattr(cast, user)))
    # The children are fetched by id, not scanned; the allocations are searched by worker or team.
    assert "SEARCH casework_child USING INTEGER PRIMARY KEY" in plan
    assert not re.search(r"SCAN casework_child\b", plan)
    assert re.search(rf"SEARCH U0 USING INDEX workforce_a_{index}", plan)


def test_the_scoped_lists_hold_exactly_the_users_children(cast, crowd):
    assert set(caseload_of(cast.worker_a)) == set(crowd)
    assert set(team_caseload_of(cast.manager_a)) == set(crowd)
    assert set(children_visible_to(cast.worker_a)) == set(crowd)
    assert caseload_of(cast.worker_b).count() == 40
    assert children_visible_to(cast.senior).count() == 43


# Session, user, permissions, the user's teams (twice: scope and navigation), the rule parameters,
# one page of children carrying key facts and due dates and the number of them all (one query),
# the navigation (whether the user works in fostering, asked once), the session save. Pinned for 2 and for 30 children.
PAGES = [
    ("worker_a", "/children/mine/", 21),
    ("worker_a", "/children/due/", 22),
    ("worker_a", "/children/search/", 21),
    ("manager_a", "/children/team/", 23),
    # 4 more than the team caseload: the section of children allocated to a worker who has left.
    ("manager_a", "/children/due/", 27),
    ("manager_a", "/children/search/", 21),
]


@pytest.mark.parametrize(("user", "url", "queries"), PAGES)
@pytest.mark.parametrize("size", [2, 30])
def test_the_days_pages_run_the_same_queries_for_any_number_of_children(
    cast, client_for, django_assert_num_queries, user, url, queries, size
):
    for _ in range(size):
        allocate(ChildFactory(), cast.social_worker_a)
    client = client_for(getattr(cast, user))
    with django_assert_num_queries(queries):
        response = client.get(url, {"window": "all"} if "due" in url else {})
    assert response.status_code == 200
    # Each child is listed (up to a page of 25): a page that listed nobody would also be quick.
    page = response.content.decode()
    if "due" not in url:
        assert page.count('href="/children/') >= min(size, 25)


# --- Finding a child among all of the authority's (a senior manager's search) --------------------


def _search(words: str):
    from casework.filters import _words
    from casework.models import Child

    return _words(Child.objects.all(), words)


def test_the_search_finds_names_anywhere_and_numbers_whole(cast):
    smith = ChildFactory(first_name="Ava", last_name="Goldsmith", upn="A123456789012", nhs_number="9434765919")
    ChildFactory(first_name="Noah", last_name="Smithers", la_child_id="SMITH")
    assert {c.last_name for c in _search("smith")} == {"Goldsmith", "Smithers"}  # the ID too: Smithers' is SMITH
    assert list(_search("a123456789012")) == [smith]  # a UPN, case aside
    assert list(_search("943 476 5919")) == [smith]  # an NHS number, spaces aside
    assert not _search("A12345")  # part of a number finds nothing


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's trigram (pg_trgm) indexes")
@pytest.mark.parametrize("words", ["smith", "ava goldsmith", "NB0000071", "9434765919"])
def test_every_part_of_a_search_is_answered_from_an_index(cast, words):
    # The planner prefers reading a table of a few rows whole; forbidding that shows whether an
    # index can answer every condition (one that cannot leaves a sequential scan in the plan).
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
    plan = plan_of(_search(words))
    assert "Seq Scan" not in plan, plan
    assert "child_last_name_trgm" in plan and "child_first_name_trgm" in plan
    assert "child_la_child_id_upper" in plan and "child_upn_upper" in plan and "child_nhs_number" in plan
