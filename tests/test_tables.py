"""The one table template every list uses."""

from html.parser import HTMLParser

import django_tables2 as tables
from django.test import RequestFactory

from core.tables import BaseTable


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
