"""Exports of tables as CSV and Excel, safe and audited.

Every text cell that a spreadsheet could take for a formula (starting with =, +, -, @, a tab or
a carriage return) is prefixed with a single quote, in CSV and in Excel alike, and every export is
written to the audit log (who, what, when, how many rows) before the file is sent.
"""

import django_tables2 as tables
from auditlog.cid import get_cid
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django_tables2.export import TableExport
from tablib import Dataset

EXPORT_FORMATS = ("csv", "xlsx")
EXPORT_PARAMETER = "_export"
# What a spreadsheet reads as the start of a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """Text a spreadsheet would run as a formula, made inert with a leading quote. Numbers
    and dates are left as they are: they are data we produced, not text anyone typed."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


class SafeTableExport(TableExport):
    """django-tables2's export with every cell (headers included) passed through safe_cell."""

    def table_to_dataset(self, table, exclude_columns, dataset_kwargs=None):
        dataset = Dataset(**{"title": "Export", **(dataset_kwargs or {})})
        for index, row in enumerate(table.as_values(exclude_columns=exclude_columns)):
            cells = [safe_cell(cell) for cell in row]
            if index == 0:
                dataset.headers = cells
            else:
                dataset.append(cells)
        return dataset


def requested_export(request: HttpRequest) -> str | None:
    """The export format asked for (?_export=csv or xlsx), None for the page; 404 for others."""
    export_format = request.GET.get(EXPORT_PARAMETER)
    if not export_format:
        return None
    if export_format not in EXPORT_FORMATS:
        raise Http404("Exports are CSV or Excel (xlsx).")
    return export_format


def record_export(*, user, subject, export_format: str, name: str, rows: int, details: dict) -> LogEntry:
    """An audit entry for an export: who took which figures (or which children) away, when.

    ``subject`` is what was exported (a scorecard, an indicator, a team) or, for a list of
    records of one kind (the months' sign-offs), their model."""
    entry = {
        "action": LogEntry.Action.ACCESS,
        "actor": user,
        "changes_text": f"Exported {name} as {export_format.upper()} ({rows} rows)",
        "additional_data": {"export": export_format, "table": name, "rows": rows, **details},
    }
    if isinstance(subject, type):
        return LogEntry.objects.create(
            content_type=ContentType.objects.get_for_model(subject),
            object_pk="",
            object_repr=str(subject._meta.verbose_name_plural).capitalize(),
            cid=get_cid(),
            **entry,
        )
    return LogEntry.objects.log_create(subject, force_log=True, **entry)


def export_response(
    request: HttpRequest, table: tables.Table, *, export_format: str, name: str, title: str, subject, details: dict
) -> HttpResponse:
    """The table as a CSV or Excel download, audited."""
    exporter = SafeTableExport(export_format, table, dataset_kwargs={"title": title[:31]})
    with transaction.atomic():
        record_export(
            user=request.user,
            subject=subject,
            export_format=export_format,
            name=name,
            rows=len(exporter.dataset),
            details={"path": request.get_full_path(), **details},
        )
    response = exporter.response(filename=f"{name}.{export_format}")
    # Figures about children: never kept in a shared cache.
    response["Cache-Control"] = "no-store"
    return response
