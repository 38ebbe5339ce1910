import django_tables2 as tables
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.html import format_html

from core.tables import BaseTable

from .models import ImportBatch, RowIssue, Severity

NO_WRAP = {"td": {"class": "app-nowrap"}}
NUMERIC = {"td": {"class": "govuk-table__cell--numeric"}, "th": {"class": "govuk-table__header--numeric"}}


class ImportBatchTable(BaseTable):
    pk = tables.Column("Import", linkify=True)
    kind = tables.Column("Return")
    collection_year = tables.Column("Year")
    status = tables.Column("Status")
    created_at = tables.DateTimeColumn(format="j M Y H:i", verbose_name="Uploaded")
    created_by = tables.Column("By", default="command line")
    rows_read = tables.Column("Rows", attrs=NUMERIC)
    rows_rejected = tables.Column("Not imported", attrs=NUMERIC)

    class Meta(BaseTable.Meta):
        model = ImportBatch
        fields = ("pk", "kind", "collection_year", "status", "created_at", "created_by", "rows_read", "rows_rejected")
        order_by = ("-created_at",)
        empty_text = "No returns have been imported yet."

    def render_rows_read(self, value) -> str:
        return intcomma(value)

    def render_rows_rejected(self, value) -> str:
        return intcomma(value)

    def render_pk(self, value) -> str:
        return f"Import {value}"

    def render_collection_year(self, record) -> str:
        return record.year_label or "-"

    def render_kind(self, record) -> str:
        return record.short_kind

    def render_created_by(self, value) -> str:
        return value.get_full_name() or value.username


class RowIssueTable(BaseTable):
    severity = tables.Column("", order_by=("severity", "file_name", "row", "pk"), attrs=NO_WRAP)
    file_name = tables.Column("File", order_by=("file_name", "row", "pk"))
    row = tables.Column("Where", order_by=("file_name", "row", "pk"), attrs=NO_WRAP)
    child = tables.Column("Child", default="")
    field = tables.Column("Field", default="")
    message = tables.Column("What is wrong", orderable=False)

    class Meta(BaseTable.Meta):
        model = RowIssue
        fields = ("severity", "file_name", "row", "child", "field", "message")
        # Rows that cannot be imported first, then the warnings; each in file order.
        order_by = ("severity", "file_name", "row")
        per_page = 50
        empty_text = "No problems match."

    def render_severity(self, record) -> str:
        if record.severity == Severity.ERROR:
            return format_html('<strong class="govuk-tag govuk-tag--red">{}</strong>', "Not imported")
        return format_html('<strong class="govuk-tag govuk-tag--yellow">{}</strong>', "Warning")

    def render_row(self, record) -> str:
        """'row 12' for a CSV table; 'line 40: CHILD 3 (A1), EPISODE 2' for XML."""
        if record.location == f"row {record.row}":
            return record.location
        if record.row is None:
            return record.location
        return f"line {record.row}: {record.location}"
