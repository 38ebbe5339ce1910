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
# one count and one page of children carrying key facts and due dates, the navigation (whether the
# user works in fostering, asked once), the session save. Pinned for 2 and for 30 children.
PAGES = [
    ("worker_a", "/children/mine/", 22),
    ("worker_a", "/children/due/", 23),
    ("worker_a", "/children/search/", 21),
    ("manager_a", "/children/team/", 24),
    # 4 more than the team caseload: the section of children allocated to a worker who has left.
    ("manager_a", "/children/due/", 28),
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
