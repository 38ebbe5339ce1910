"""The one table template every list uses."""

from html.parser import HTMLParser

import django_tables2 as tables
import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django_tables2 import RequestConfig

from core.tables import BaseTable, OneQueryPaginator
from tests.factories import ChildFactory


class _Rows(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[tuple[str, str | None]]] = []

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append(attrs)


class MonthTable(BaseTable):
    month = tables.Column()

    class Meta(BaseTable.Meta):
        row_attrs = {"data-month": lambda record: record["month"], "class": lambda record: "app-row--late"}


def test_a_row_with_its_own_attributes_keeps_one_class_attribute_with_every_class():
    table = MonthTable([{"month": "2025-03"}, {"month": "2025-04"}])
    parser = _Rows()
    parser.feed(table.as_html(RequestFactory().get("/")))
    body = parser.rows[1:]  # after the header row
    assert len(body) == 2
    for row in body:
        names = [name for name, _ in row]
        assert names.count("class") == 1, row
        classes = dict(row)["class"].split()
        assert "govuk-table__row" in classes and "app-row--late" in classes
    assert [dict(row)["data-month"] for row in body] == ["2025-03", "2025-04"]


# --- A page and its count in one query (core.tables.OneQueryPaginator) -------------------------


class ChildNames(BaseTable):
    last_name = tables.Column()

    class Meta(BaseTable.Meta):
        per_page = 3
        order_by = ("last_name",)


def _page(number, orphans=0):
    from casework.models import Child

    table = ChildNames(Child.objects.all())
    with CaptureQueriesContext(connection) as captured:
        RequestConfig(
            RequestFactory().get("/", {"page": number}),
            paginate={"paginator_class": OneQueryPaginator, "orphans": orphans},
        ).configure(table)
        names = [row.record.last_name for row in table.page.object_list]
    return table, names, len(captured.captured_queries)


@pytest.fixture
def seven_children(db):
    for name in "ABCDEFG":
        ChildFactory(last_name=name)


def test_each_page_and_the_count_are_read_in_one_query(seven_children):
    table, names, queries = _page(1)
    assert (names, table.paginator.count, table.paginator.num_pages, queries) == (["A", "B", "C"], 7, 3, 1)
    table, names, queries = _page(3)
    assert (names, table.paginator.count, queries) == (["G"], 7, 1)
    assert (table.page.start_index(), table.page.end_index()) == (7, 7)


def test_a_page_past_the_end_shows_the_last_and_one_that_is_not_a_number_the_first(seven_children):
    table, names, queries = _page(9)
    assert (table.page.number, names) == (3, ["G"])
    assert queries == 3  # the empty page, the count, the last page: as Django's own paginator
    table, names, _ = _page("x")
    assert (table.page.number, names) == (1, ["A", "B", "C"])


def test_orphans_join_the_page_before_as_with_djangos_paginator(seven_children):
    table, names, _ = _page(2, orphans=1)
    assert (table.paginator.num_pages, names) == (2, ["D", "E", "F", "G"])
    table, names, _ = _page(3, orphans=1)
    assert (table.page.number, names) == (2, ["D", "E", "F", "G"])


def test_an_empty_list_has_one_empty_page(db):
    table, names, queries = _page(1)
    assert (names, table.paginator.count, table.paginator.num_pages) == ([], 0, 1)
