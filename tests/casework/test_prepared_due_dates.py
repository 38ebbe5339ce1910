"""The due dates' statement is prepared on PostgreSQL and planned once per connection
(core/prepared.py): the same rows as Django's own execution, on the same connection and in the
same transaction, with no other statement prepared."""

import pytest
from django.db import connection

from casework.selectors import caseload_of, team_caseload_of, with_case_status, with_next_due
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


@on_postgresql
def test_the_due_dates_are_prepared_once_and_give_the_same_rows_as_unprepared(cast, monkeypatch):
    children = [allocate(ChildFactory(), cast.social_worker_a) for _ in range(3)]
    before = {statement for statement, _ in prepared_statements()}
    first, second = due_rows(cast.manager_a), due_rows(cast.manager_a)
    prepared = [(statement, plans) for statement, plans in prepared_statements() if statement not in before]
    assert len(prepared) == 1
    statement, generic_plans = prepared[0]
    assert is_prepared(statement)
    assert generic_plans >= 1  # plan_cache_mode = force_generic_plan (settings)
    assert first == second
    assert {row[0] for row in first} == {child.pk for child in children}
    # Django's own execution of the same statement gives the same rows.
    monkeypatch.setattr("core.prepared.is_prepared", lambda sql: False)
    assert due_rows(cast.manager_a) == first


@on_postgresql
def test_no_other_statement_is_prepared(cast, client_for):
    allocate(ChildFactory(), cast.social_worker_a)
    client = client_for(cast.worker_a)
    before = {statement for statement, _ in prepared_statements()}
    for _ in range(6):  # more than psycopg's default threshold of five
        assert client.get("/children/search/").status_code == 200
        list(caseload_of(cast.worker_a))
    assert not [statement for statement, _ in prepared_statements() if statement not in before]
