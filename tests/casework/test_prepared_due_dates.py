"""The due dates' statement is prepared on PostgreSQL and planned once per connection
(core/prepared.py): the same rows as Django's own execution, on the same connection and in the
same transaction, with no other statement prepared."""

import pytest
from django.db import connection

from casework.selectors import team_caseload_of, with_case_status, with_next_due
from core.prepared import is_prepared
from tests.factories import ChildFactory

from .conftest import allocate

pytestmark = pytest.mark.django_db

on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's prepared statements")


def prepared_statements() -> list[tuple[str, int]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement, generic_plans FROM pg_prepared_statements")
        return cursor.fetchall()


def due_rows(user):
    return sorted(
        (child.pk, child.next_due, child.statutory_visit_due, child.legal_status)
        for child in with_next_due(with_case_status(team_caseload_of(user)))
    )


def generic_plans_of_the_due_dates() -> dict[str, int]:
    return {statement: plans for statement, plans in prepared_statements() if is_prepared(statement)}


@on_postgresql
def test_the_due_dates_are_prepared_once_and_give_the_same_rows_as_unprepared(cast, monkeypatch):
    children = [allocate(ChildFactory(), cast.social_worker_a) for _ in range(3)]
    # The connection may hold the statement from an earlier test: its text names no child or team.
    before = generic_plans_of_the_due_dates()
    first, second = due_rows(cast.manager_a), due_rows(cast.manager_a)
    after = generic_plans_of_the_due_dates()
    grown = {statement: plans - before.get(statement, 0) for statement, plans in after.items()}
    # One statement, run twice on its generic plan (plan_cache_mode = force_generic_plan, settings).
    assert sorted(grown.values()) == [0] * (len(grown) - 1) + [2]
    assert first == second
    assert {row[0] for row in first} == {child.pk for child in children}
    # Django's own execution of the same statement gives the same rows.
    monkeypatch.setattr("core.prepared.is_prepared", lambda sql: False)
    assert due_rows(cast.manager_a) == first
    assert generic_plans_of_the_due_dates() == after


@on_postgresql
def test_no_other_statement_is_prepared(cast, client_for):
    allocate(ChildFactory(), cast.social_worker_a)
    client = client_for(cast.worker_a)
    for _ in range(6):  # more than psycopg's default threshold of five
        assert client.get("/children/search/").status_code == 200
        assert client.get("/children/mine/").status_code == 200
    statements = [statement for statement, _ in prepared_statements()]
    assert statements
    assert all(is_prepared(statement) for statement in statements)
