import django_tables2 as tables
from django.utils.html import format_html

from kpi_project.tables import BaseTable

from .models import ImportBatch, RowIssue, Severity

NUMERIC = {"td": {"class": "govuk-table__cell--numeric"}, "th": {"class": "govuk-table__header--numeric"}}


class ImportBatchTable(BaseTable):
    pk = tables.Column("Import", linkify=True)
    kind = tables.Column("Return")
    collection_year = tables.Column("Year")
    status = tables.Column("Status")
    created_at = tables.DateTimeColumn(format="j M Y H:i", verbose_name="Uploaded")
    created_by = tables.Column("By", default="command line")
    rows_read = tables.Column("Rows", attrs=NUMERIC)
    rows_rejected = tables.Column("Rejected", attrs=NUMERIC)

    class Meta(BaseTable.Meta):
        model = ImportBatch
        fields = ("pk", "kind", "collection_year", "status", "created_at", "created_by", "rows_read", "rows_rejected")
        order_by = ("-created_at",)
        empty_text = "No returns have been imported yet."

    def render_pk(self, value) -> str:
        return f"Import {value}"

    def render_collection_year(self, record) -> str:
        return record.year_label or "-"

    def render_kind(self, record) -> str:
        return "SSDA903" if record.kind == "ssda903" else "CIN census"

    def render_created_by(self, value) -> str:
        return value.get_full_name() or value.username


class RowIssueTable(BaseTable):
    severity = tables.Column("")
    file_name = tables.Column("File")
    row = tables.Column("Row or line", attrs=NUMERIC, order_by=("file_name", "row", "pk"))
    location = tables.Column("Where")
    child = tables.Column("Child")
    field = tables.Column("Field")
    message = tables.Column("What is wrong", orderable=False)

    class Meta(BaseTable.Meta):
        model = RowIssue
        fields = ("severity", "file_name", "row", "location", "child", "field", "message")
        order_by = ("file_name", "row")
        per_page = 50
        empty_text = "No problems found."

    def render_severity(self, value, record) -> str:
        if record.severity == Severity.ERROR:
            return format_html('<strong class="govuk-tag govuk-tag--red">{}</strong>', value)
        return format_html('<strong class="govuk-tag govuk-tag--yellow">{}</strong>', value)
